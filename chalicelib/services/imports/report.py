"""An import's report for people: each problem's message in HR's language, as JSON and as a CSV that
Excel opens safely.

Cells come from the uploaded file, so a cell that starts like a formula (``=`` ``+`` ``-`` ``@``, a tab or
a carriage return) is written with a leading ``'``: Excel shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from chalicelib.errors import say

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def said(problems: Iterable[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Each stored problem (``row, column, value, code, params``) with its message in ``language``."""
    return [
        {
            "row": problem["row"],
            "column": problem["column"],
            "value": problem["value"],
            "code": problem["code"],
            "message": say(problem["code"], problem.get("params") or {}, language),
        }
        for problem in problems
    ]


def as_csv(errors: Iterable[dict[str, Any]], language: str) -> str:
    """The report as CSV text with a BOM (Excel then reads it as UTF-8), one line per problem.
    Text, not bytes: ``text/csv`` is not one of the API's binary types."""
    from chalicelib.text import words

    t = words(language)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t(f"import.report.{name}") for name in ("row", "column", "value", "message", "code")])
    for error in errors:
        row = [error["row"], error["column"], error["value"], error["message"], error["code"]]
        writer.writerow([safe(str(cell)) for cell in row])
    return "\ufeff" + out.getvalue()


def safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: one that starts like a formula is quoted with ``'``."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def template(kind: str, example: list[str], headers: list[str]) -> bytes | str:
    """The import template: the headers and one example row, as XLSX (bytes) or CSV text with a BOM."""
    if kind == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(headers)
        sheet.append(example)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([headers, example])
    return "\ufeff" + text.getvalue()
