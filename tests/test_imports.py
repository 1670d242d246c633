"""Mass import through the HR API: files in every encoding read, every row checked before anything is
written, then booked in chunks from the imports queue, each row once."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib import aws
from chalicelib import settings as settings_module
from chalicelib.localdev import invoke
from chalicelib.settings import Settings
from tests.support import Override
from tests.support.api import Api, create_position, interview_body
from tests.support.aws import nothing_written
from tests.support.clock import NOW
from tests.support.faults import Killed, killed_at_write
from tests.support.stream import drain_stream

CSV_TYPE = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ZH = ["姓名", "手机", "邮箱", "期望薪资", "面试时间", "城市"]


def people(count: int, *, first_day: int = 3) -> list[list[str]]:
    """``count`` candidates, each with their own email and phone, over five days of December 2026."""
    return [
        [
            f"张伟{n}",
            f"138{n:08d}",
            f"zhang.wei{n}@example.com",
            "15000",
            f"2026-12-{first_day + n % 5:02d} {9 + n % 8:02d}:00",
            "上海",
        ]
        for n in range(count)
    ]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER_ZH, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode(encoding)


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api)


def upload(
    api: Api, position_id: str, body: bytes, content_type: str = CSV_TYPE, lang: str = "zh-CN", **more: str
) -> Any:
    query = "&".join(f"{k}={v}" for k, v in {"position_id": position_id, "timezone": "Asia/Shanghai", **more}.items())
    headers = {**api.headers(), "Content-Type": content_type, "Accept-Language": lang}
    return api.client.http.post(f"/imports?{query}", body=body, headers=headers)


def body(response: Any) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(response.body)
    return found


def chunk_messages(resources: dict[str, str]) -> Iterator[dict[str, Any]]:
    sqs = aws.client("sqs")
    while batch := sqs.receive_message(QueueUrl=resources["imports_url"], MaxNumberOfMessages=10).get("Messages"):
        for message in batch:
            sqs.delete_message(QueueUrl=resources["imports_url"], ReceiptHandle=message["ReceiptHandle"])
            yield message


def run_chunk(message: dict[str, Any]) -> Any:
    from app import app

    arn = "arn:aws:sqs:us-east-1:123456789012:showup-imports"
    return invoke.handle(app, "import_rows", invoke.sqs_event([message], queue_arn=arn))


def run_all(resources: dict[str, str]) -> int:
    messages = list(chunk_messages(resources))
    for message in messages:
        run_chunk(message)
    return len(messages)


def interviews_of(settings: Settings) -> list[dict[str, Any]]:
    return list(aws.table(settings.interviews_table).scan()["Items"])


def test_a_gbk_file_from_excel_on_chinese_windows_is_read_as_gb18030(api: Api, position: dict[str, Any]) -> None:
    answer = upload(api, position["position_id"], csv_bytes(people(2), encoding="gbk"))
    assert answer.status_code == 202, answer.body
    found = body(answer)
    assert found["encoding"] == "gb18030"
    assert found["columns"]["手机"] == "phone"
    assert (found["rows"], found["valid"], found["invalid"], found["errors"]) == (2, 2, 0, [])
    assert found["status"] == "checked"


@pytest.mark.parametrize(("encoding", "named"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")])
def test_utf8_with_or_without_a_bom_is_read(api: Api, position: dict[str, Any], encoding: str, named: str) -> None:
    found = body(upload(api, position["position_id"], csv_bytes(people(3), encoding=encoding)))
    assert (found["encoding"], found["valid"], next(iter(found["columns"]))) == (named, 3, "姓名")


def test_an_xlsx_file_is_read_with_its_dates_and_numbers(api: Api, position: dict[str, Any]) -> None:
    from datetime import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Mobile", "E-mail", "Expected Salary (CNY)", "Interview time", "City"])
    sheet.append(["Zhang Wei", 13800138000, "zhang.wei@example.com", 15000, datetime(2026, 12, 3, 14, 30), "Shanghai"])
    out = io.BytesIO()
    book.save(out)
    found = body(upload(api, position["position_id"], out.getvalue(), XLSX))
    assert found["encoding"] == "xlsx"
    assert found["columns"] == {
        "Name": "name",
        "Mobile": "phone",
        "E-mail": "email",
        "Expected Salary (CNY)": "expected_salary",
        "Interview time": "start",
        "City": "city",
    }
    assert (found["valid"], found["errors"]) == (1, [])


def test_alias_headers_in_both_languages_are_matched(api: Api, position: dict[str, Any]) -> None:
    header = ["候选人", "电话", "电子邮箱", "期望月薪", "面试时间", "town"]
    found = body(upload(api, position["position_id"], csv_bytes(people(1), header)))
    assert sorted(found["columns"].values()) == ["city", "email", "expected_salary", "name", "phone", "start"]
    assert found["valid"] == 1


def test_multipart_upload_carries_the_file_as_the_browser_sends_it(api: Api, position: dict[str, Any]) -> None:
    content = csv_bytes(people(2), encoding="gbk")
    multipart = (
        b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="candidates.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n--XyZ--\r\n"
    )
    found = body(upload(api, position["position_id"], multipart, "multipart/form-data; boundary=XyZ"))
    assert (found["encoding"], found["valid"]) == ("gb18030", 2)


def test_three_bad_rows_of_fifty_are_reported_exactly_and_valid_only_books_47(
    api: Api, position: dict[str, Any], resources: dict[str, str], settings: Settings
) -> None:
    rows = people(50)
    rows[4][2] = "not-an-email"  # spreadsheet row 6
    rows[19][4] = "2026-11-20 10:00"  # row 21: in the past
    rows[36] = [rows[10][0], rows[10][1], rows[10][2], "15000", rows[10][4], "上海"]  # row 38: row 12 again
    found = body(upload(api, position["position_id"], csv_bytes(rows), lang="en"))
    assert (found["rows"], found["valid"], found["invalid"]) == (50, 47, 3)
    assert [(e["row"], e["column"], e["value"], e["code"]) for e in found["errors"]] == [
        (6, "邮箱", "not-an-email", "invalid_email"),
        (21, "面试时间", "2026-11-20 10:00", "in_the_past"),
        (38, "邮箱", rows[10][2], "import_duplicate_in_file"),
    ]
    assert (
        found["errors"][2]["message"] == "The same candidate on the same day as row 12: it will not be created twice."
    )
    assert interviews_of(settings) == []

    refused = api.post(f"/imports/{found['import_id']}/start", {"rows": "all"})
    assert refused.status_code == 409
    assert run_all(resources) == 0
    assert interviews_of(settings) == []

    started = api.post(f"/imports/{found['import_id']}/start", {"rows": "valid"})
    assert started.status_code == 202, started.body
    assert run_all(resources) == 1
    assert len(interviews_of(settings)) == 47
    progress = body(api.get(f"/imports/{found['import_id']}"))
    assert progress["status"] == "done"
    assert progress["progress"] == {
        "checked": 50,
        "created": 47,
        "notices_queued": 47,
        "notices_held": 0,
        "failed": 0,
        "chunks_done": 1,
    }


def test_the_same_file_imported_twice_creates_nothing_the_second_time(
    api: Api, position: dict[str, Any], resources: dict[str, str], settings: Settings
) -> None:
    content = csv_bytes(people(5))
    first = body(upload(api, position["position_id"], content))
    api.post(f"/imports/{first['import_id']}/start", {"rows": "valid"})
    run_all(resources)
    again = body(upload(api, position["position_id"], content))
    assert (again["import_id"], again["repeated"], again["status"]) == (first["import_id"], True, "done")
    assert api.post(f"/imports/{first['import_id']}/start", {"rows": "valid"}).status_code == 409
    assert run_all(resources) == 0
    assert len(interviews_of(settings)) == 5
    # The file's rows and report hold personal data: every item of the import expires 30 days on.
    kept = aws.table(settings.imports_table).scan()["Items"]
    assert {int(item["expires_at"]) for item in kept} == {int(NOW.timestamp()) + 30 * 86400}


def test_a_crash_after_chunk_two_of_five_then_a_retry_books_every_row_once(
    api: Api, position: dict[str, Any], resources: dict[str, str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORT_CHUNK_ROWS", "10")
    settings_module.reset()
    found = body(upload(api, position["position_id"], csv_bytes(people(50))))
    assert found["chunks"] == 5
    api.post(f"/imports/{found['import_id']}/start", {"rows": "valid"})
    messages = sorted(chunk_messages(resources), key=lambda m: json.loads(m["Body"])["chunk"])
    with killed_at_write(aws.table(settings.interviews_table), at=25), pytest.raises(Killed):
        for message in messages:
            run_chunk(message)
    assert len(interviews_of(settings)) == 24
    assert body(api.get(f"/imports/{found['import_id']}"))["progress"]["chunks_done"] == 2
    # SQS hands the unfinished chunks over again; a chunk delivered twice changes nothing.
    for message in [*messages[2:], messages[0]]:
        run_chunk(message)
    booked = interviews_of(settings)
    assert len(booked) == 50
    assert sorted(item["imported"].split("#")[1] for item in booked) == sorted(str(n) for n in range(2, 52))
    progress = body(api.get(f"/imports/{found['import_id']}"))
    assert (progress["status"], progress["progress"]["created"], progress["progress"]["chunks_done"]) == ("done", 50, 5)


def test_report_csv_defuses_formulas_and_opens_in_excel(api: Api, position: dict[str, Any]) -> None:
    rows = people(3)
    rows[0][0] = '=HYPERLINK("http://evil.example","click")'
    rows[1][2] = "@SUM(1+1)"
    rows[2][2] = "-2+3"
    found = body(upload(api, position["position_id"], csv_bytes(rows)))
    report = api.get(f"/imports/{found['import_id']}/report.csv", headers={**api.headers(), "Accept-Language": "en"})
    assert report.status_code == 200
    text = report.body.decode("utf-8") if isinstance(report.body, bytes) else report.body
    assert text.startswith("\ufeffrow,column,value,message,code")
    cells = [cell for line in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in line]
    assert "'@SUM(1+1)" in cells and "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_a_file_of_5001_rows_is_refused_with_the_limit_named(
    api: Api, position: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    rows = [[f"n{n}", "", f"n{n}@example.com", "", "", ""] for n in range(5001)]
    with nothing_written(settings, resources):
        answer = upload(api, position["position_id"], csv_bytes(rows), lang="en")
    assert answer.status_code == 400
    assert body(answer)["fields"]["file"] == (
        "The file has 5001 rows; one import takes at most 5000. Split it into several files."
    )


@pytest.mark.parametrize("content", [b"PK\x03\x04\x14\x00\x00\x00binary zip", b"\x00\x01\x02\x03 not text"])
def test_a_file_named_csv_that_is_not_csv_is_refused(
    api: Api, position: dict[str, Any], settings: Settings, resources: dict[str, str], content: bytes
) -> None:
    with nothing_written(settings, resources):
        answer = upload(api, position["position_id"], content, lang="en")
    assert answer.status_code == 400
    assert body(answer)["codes"]["file"] == "import_not_csv"


def test_bytes_that_are_neither_utf8_nor_gb18030_are_refused(api: Api, position: dict[str, Any]) -> None:
    answer = upload(api, position["position_id"], "姓名,邮箱\n".encode() + b"\xff\xfe\xff,x@example.com\n")
    assert body(answer)["codes"]["file"] == "import_encoding"


@pytest.mark.parametrize(("lang", "kind"), [("zh-CN", "csv"), ("en", "csv"), ("zh-CN", "xlsx")])
def test_the_template_downloads_and_imports_as_it_is(api: Api, position: dict[str, Any], lang: str, kind: str) -> None:
    headers = {**api.headers(), "Accept": "*/*"}
    template = api.get(f"/imports/template?lang={lang}&format={kind}", headers=headers)
    assert template.status_code == 200, template.body
    content = template.body if isinstance(template.body, bytes) else template.body.encode()
    found = body(upload(api, position["position_id"], content, XLSX if kind == "xlsx" else CSV_TYPE))
    assert (found["rows"], found["valid"], found["errors"]) == (1, 1, [])


class RecordedOutbox:
    """The outbox, keeping each notice with the delay it was put with."""

    def __init__(self) -> None:
        self.put: list[tuple[str, int]] = []

    def put_message(self, message: dict[str, Any], *, delay_seconds: int = 0) -> None:
        self.put.append((message["interview_id"], delay_seconds))


def test_import_notices_go_at_their_share_of_the_ses_rate_and_a_single_booking_goes_at_once(
    api: Api, position: dict[str, Any], resources: dict[str, str], override: Override
) -> None:
    outbox = RecordedOutbox()
    override(outbox=lambda: type("Put", (), {"put": staticmethod(outbox.put_message)})())
    found = body(upload(api, position["position_id"], csv_bytes(people(30))))
    api.post(f"/imports/{found['import_id']}/start", {"rows": "valid"})
    run_all(resources)
    single = json.loads(api.post("/interviews", interview_body(position["position_id"])).body)
    drain_stream()
    delays = dict(outbox.put)
    assert delays.pop(single["interview_id"]) == 0
    # SES 14/s, the import's share 0.5: seven of the import's notices a second, row k after k // 7 s.
    assert sorted(delays.values()) == [k // 7 for k in range(30)]


def test_a_chunk_moves_each_counter_item_once_not_once_per_row(
    api: Api, position: dict[str, Any], resources: dict[str, str], settings: Settings
) -> None:
    found = body(upload(api, position["position_id"], csv_bytes(people(50))))
    api.post(f"/imports/{found['import_id']}/start", {"rows": "valid"})
    run_all(resources)
    stats_writes: list[int] = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name == "TransactWriteItems":
            items = [next(iter(item.values())) for item in params["TransactItems"]]
            stats_writes.append(sum(1 for item in items if item["TableName"] == settings.stats_table))

    events = aws.table(settings.stats_table).meta.client.meta.events
    events.register("provide-client-params.dynamodb", record)
    try:
        drain_stream()
    finally:
        events.unregister("provide-client-params.dynamodb", record)
    counters = aws.table(settings.stats_table).scan()["Items"]
    # 50 interviews over 5 days: one update per counter item (each day, week and month, overall and per
    # position), all in the stream batch's one transaction, never one per row.
    assert sum(stats_writes) == len(counters) < 50
    days = [item for item in counters if item["period_key"].startswith("day#") and item["scope"] == "all"]
    assert sorted(int(item["scheduled"]) for item in days) == [10, 10, 10, 10, 10]
