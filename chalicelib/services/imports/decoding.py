"""An import file's bytes to a table of text cells: CSV in UTF-8 (with or without BOM) or GB18030/GBK,
XLSX, or either inside multipart/form-data.

The encoding is found by strict decoding in a fixed order, never guessed: a UTF-8 BOM says UTF-8; else
bytes that are valid UTF-8 are UTF-8 (GBK text is almost never valid UTF-8); else bytes valid as
GB18030 (a superset of GBK, what Excel on Chinese Windows saves) are GB18030; else the file is refused.
Bytes that are a zip, a PDF, an image or hold NULs are not a CSV, whatever the file is called.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time

from chalicelib.errors import invalid

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"})
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MULTIPART = "multipart/form-data"
OCTETS = "application/octet-stream"
MAX_ROWS = 5000
# What other files start with: a CSV never does (an XLSX is a zip).
_NOT_TEXT = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Table:
    """A file's header and its non-blank rows, each with its row number as the spreadsheet shows it."""

    encoding: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def read(body: bytes, content_type: str) -> Table:
    """The table in ``body`` sent as ``content_type``; a 400 naming what is wrong with the file."""
    media = content_type.split(";")[0].strip().lower()
    if media == MULTIPART:
        body, media = _file_part(body, content_type)
    if media == OCTETS:
        # No type said: an XLSX is a zip, anything else is read as CSV (and refused if it is not one).
        media = XLSX_TYPE if body.startswith(b"PK\x03\x04") else "text/csv"
    if not body:
        raise invalid("file", code="import_empty")
    if media == XLSX_TYPE:
        table = _xlsx(body)
    elif media in CSV_TYPES:
        table = _csv(body)
    else:
        raise invalid("file", code="import_file_type")
    if not table.headers:
        raise invalid("file", code="import_empty")
    if len(table.rows) > MAX_ROWS:
        raise invalid("file", code="import_too_many_rows", rows=len(table.rows), limit=MAX_ROWS)
    return table


def decode(body: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in (``utf-8-sig``, ``utf-8`` or ``gb18030``)."""
    if body.startswith(_NOT_TEXT) or b"\x00" in body[:65536]:
        raise invalid("file", code="import_not_csv")
    for encoding in ("utf-8-sig", "utf-8", "gb18030") if body.startswith(_UTF8_BOM) else ("utf-8", "gb18030"):
        try:
            return body.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise invalid("file", code="import_encoding")


def _csv(body: bytes) -> Table:
    text, encoding = decode(body)
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text[:65536]):
        raise invalid("file", code="import_not_csv")
    first = text.split("\n", 1)[0]
    # Excel writes commas, or semicolons where the decimal mark is a comma; "Unicode text" is tab-separated.
    delimiter = max(",;\t", key=first.count)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise invalid("file", code="import_not_csv") from None
    return _table(encoding, lines)


def _table(encoding: str, lines: list[list[str]]) -> Table:
    numbered = [(number, [cell.strip() for cell in line]) for number, line in enumerate(lines, start=1)]
    filled = [(number, cells) for number, cells in numbered if any(cells)]
    if not filled:
        return Table(encoding, [], [])
    (_, headers), *rows = filled
    return Table(encoding, headers, rows)


def _xlsx(body: bytes) -> Table:
    # Loaded when an XLSX arrives, not on every cold start.
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError):
        raise invalid("file", code="import_not_xlsx") from None
    try:
        sheet = book.worksheets[0]
        lines: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            lines.append([_cell(value) for value in values])
            if len(lines) > MAX_ROWS + 1 and any(lines[-1]):
                # Enough to refuse it: the count is named as "more than the limit".
                break
    finally:
        book.close()
    return _table("xlsx", lines)


def _cell(value: object) -> str:
    """A spreadsheet cell as the text HR typed: a date-time as ``2026-12-03T14:30``, 15000.0 as 15000."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _file_part(body: bytes, content_type: str) -> tuple[bytes, str]:
    """The one file of a multipart/form-data body, and its type (from its name when the browser sent none)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    files = [part for part in message.iter_parts() if part.get_filename()] if message.is_multipart() else []
    if len(files) != 1:
        raise invalid("file", code="import_one_file" if files else "import_empty")
    part = files[0]
    name = (part.get_filename() or "").lower()
    media = part.get_content_type()
    if name.endswith(".xlsx"):
        media = XLSX_TYPE
    elif name.endswith((".csv", ".txt")):
        media = "text/csv"
    payload = part.get_payload(decode=True)
    return (payload if isinstance(payload, bytes) else b""), media
