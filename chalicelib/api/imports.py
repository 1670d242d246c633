"""Mass import in the HR API: upload a spreadsheet, read its report, start it, follow it.

The HR Import screen uses these routes in this order:

1. ``GET /imports/template?lang=zh-CN|en&format=csv|xlsx``: the template to fill.
2. ``POST /imports?position_id=…&timezone=Asia/Shanghai[&mode=…&city=…&address=…]`` with the file as the
   body: ``text/csv`` (UTF-8, for API clients), the XLSX type, ``application/octet-stream`` or
   ``multipart/form-data`` with one file part (what a browser sends; the only way a GBK CSV reaches the
   app unchanged through API Gateway, which passes ``text/csv`` bodies as UTF-8 text). Nothing is booked.
   Answers 202 and the import (below); the same file for the same position answers the first import,
   with ``"repeated": true``.
3. ``GET /imports/{id}/report.csv``: the problems as a spreadsheet (UTF-8 with BOM, formulas defused).
4. ``POST /imports/{id}/start`` ``{"rows": "valid" | "all"}``: books the rows in the background
   (``all`` is refused with 409, booking nothing, while any row is invalid).
5. ``GET /imports/{id}`` until ``status`` is ``done``.

The import, as every one of these routes answers it::

    {"import_id", "status": "checked|running|done", "position_id", "timezone",
     "encoding": "utf-8|utf-8-sig|gb18030|xlsx", "columns": {"<header as in the file>": "<field>"},
     "rows", "valid", "invalid", "chunks", "created_at", "started_at"?, "started_rows"?: "valid|all",
     "expires_at": epoch seconds (the file's rows and report are deleted 30 days after the upload),
     "progress": {"checked", "created", "notices_queued", "notices_held", "failed", "chunks_done"},
     "errors": [{"row", "column", "value", "code", "message"}],   # row as the spreadsheet numbers it
     "failures": [{"row", "code", "message"}]}                     # rows refused when they were booked

Messages are in the language ``Accept-Language`` asks for (zh-CN or en; the company's otherwise).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import CSV, JSON, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.services.common.clock import today_in
from chalicelib.services.imports.decoding import MULTIPART, OCTETS, XLSX_TYPE
from chalicelib.text import asked
from chalicelib.vocabulary import Role

imports = Routes(__name__)

UPLOAD_TYPES = ["text/csv", XLSX_TYPE, MULTIPART, OCTETS]
# API Gateway hands these over base64-encoded, byte for byte (``app.api.binary_types``).
BINARY_TYPES = (XLSX_TYPE, MULTIPART)
_PROGRESS = ("created", "notices_queued", "notices_held", "failed", "chunks_done")


def _params() -> dict[str, list[str]]:
    request = imports.current_request
    params = request.query_params if request is not None else None
    return {name: params.getlist(name) for name in params} if params else {}


def _language() -> str:
    request = imports.current_request
    header = request.headers.get("accept-language") if request is not None else None
    return asked(header) or deps.settings().default_language


def shown(summary: dict[str, Any], *, errors: bool = True) -> dict[str, Any]:
    """The import as the API shows it (module docstring): progress grouped, messages in HR's language."""
    from chalicelib.services.imports.report import said

    service = deps.import_service()
    body = {k: v for k, v in summary.items() if k not in _PROGRESS and not k.startswith(("done_", "part"))}
    body["progress"] = {"checked": summary.get("rows", 0), **{name: summary.get(name, 0) for name in _PROGRESS}}
    if errors:
        body["errors"] = said(service.problems(summary["import_id"]), _language())
    body["failures"] = service.failures(summary)
    return body


@imports.route("/imports", methods=["POST"], authorizer=hr_token, content_types=UPLOAD_TYPES)
@requires(Role.RECRUITER)
@accepts(query="chalicelib.models.ImportQuery")
@answers(202, errors=(409, 415))
def upload_import() -> Response:
    """Read and check every row of the file; book nothing yet. 202 with the import and its report."""
    from chalicelib.models import ImportQuery
    from chalicelib.validation import parse_query

    query = parse_query(ImportQuery, _params())
    request = imports.current_request
    assert request is not None
    raw = request.raw_body
    body = raw if isinstance(raw, bytes) else raw.encode("utf-8")
    content_type = request.headers.get("content-type", "")
    summary = deps.import_service().check(body, content_type, query.model_dump(mode="json"), now=deps.now())
    return Response(body=shown(summary), status_code=202)


@imports.route("/imports/template", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query="chalicelib.models.TemplateQuery")
@answers(media=(CSV, XLSX_TYPE))
def import_template() -> Response:
    """The file to fill: the headers ShowUp reads, in Chinese or English, and one example row."""
    from chalicelib.models import TemplateQuery
    from chalicelib.services.imports.columns import template_headers
    from chalicelib.services.imports.report import template
    from chalicelib.validation import parse_query

    query = parse_query(TemplateQuery, _params())
    chinese = query.lang == "zh-CN"
    # A week from today at 14:30 in the company's zone: the example row imports as it is.
    day = today_in(deps.settings().company_timezone, deps.now()) + timedelta(days=7)
    example = [
        "张伟" if chinese else "Zhang Wei",
        "zhang.wei@example.com",
        "138 0013 8000",
        # Left blank: an example figure copied down every row would be checked against the position's pay.
        "",
        f"{day.isoformat()} 14:30",
        "",
        "60",
        "",
        "上海" if chinese else "Shanghai",
        "中文" if chinese else "Chinese",
        "",
    ]
    content = template(query.format, example, template_headers(query.lang))
    media = XLSX_TYPE if query.format == "xlsx" else "text/csv; charset=utf-8"
    name = f"showup-import-template-{query.lang}.{query.format}"
    return Response(
        body=content,
        headers={"Content-Type": media, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@imports.route("/imports/{import_id}", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def get_import(import_id: str) -> dict[str, Any]:
    """The import with its progress: rows checked, created, notices queued or held, failed."""
    return shown(deps.import_service().get(import_id))


@imports.route("/imports/{import_id}/report.csv", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
@answers(media=(CSV,))
def import_report(import_id: str) -> Response:
    """The import's problems as CSV for Excel: row, column, value, message, code."""
    from chalicelib.services.imports.report import as_csv, said

    language = _language()
    found = said(deps.import_service().problems(import_id), language)
    return Response(
        body=as_csv(found, language),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="showup-import-{import_id}-report.csv"',
        },
    )


@imports.route("/imports/{import_id}/start", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.ImportStartIn")
@answers(202, media=(JSON,), errors=(409,))
def start_import(import_id: str) -> Response:
    """Book the valid rows, or all rows (refused while any is invalid), in chunks in the background."""
    from chalicelib.models import ImportStartIn
    from chalicelib.validation import parse

    request = imports.current_request
    started = parse(ImportStartIn, request.raw_body if request is not None else None)
    summary = deps.import_service().start(import_id, started.rows, now=deps.now())
    return Response(body=shown(summary, errors=False), status_code=202)
