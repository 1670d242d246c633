"""HR's lists: ``GET /interviews`` over a run of local days or for one candidate (email or phone), with
filters, and ``GET /interviews.csv``; always through the indexes, never a Scan, and bad input named."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from chalicelib import aws, deps
from chalicelib.models import InterviewListQuery
from chalicelib.services.common.candidate_keys import phone_key
from chalicelib.services.common.clock import localize
from chalicelib.services.common.records import Interview
from chalicelib.services.lists.search import FILTERS
from chalicelib.services.lists.spreadsheet import COLUMNS, safe_cell
from chalicelib.settings import Settings
from chalicelib.store.interviews import BY_PHONE
from tests.support.api import Api, assert_validation_error, body_of, create_position, interview_body
from tests.support.aws import dynamodb_calls, nothing_written
from tests.support.builders import candidate
from tests.support.builders import interview as booked

Resources = dict[str, str]
PHONE = "+8613800138000"


def held(interview_id: str, local: str, zone: str = "Asia/Shanghai", **overrides: Any) -> Interview:
    """An interview stored as the service stores it, starting at ``local`` wall-clock time in ``zone``."""
    start = localize(datetime.fromisoformat(local), zone)
    interview = booked(
        interview_id=interview_id,
        starts_at=local,
        timezone=zone,
        starts_at_utc=start.utc_iso,
        local_date=start.local_date,
        **overrides,
    )
    return deps.interviews().add(interview)


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.body
    return [interview["interview_id"] for interview in body_of(response)["interviews"]]


def reads(calls: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The Queries and Scans among the app's DynamoDB calls (the token check is a GetItem)."""
    return [call for call in calls if call[0] in ("Query", "Scan")]


def schedule(api: Api, position_id: str, **overrides: Any) -> dict[str, Any]:
    response = api.post("/interviews", interview_body(position_id, **overrides))
    assert response.status_code == 201, response.body
    return dict(body_of(response))


def rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.body
    text = response.body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


# A run of local days


def test_a_range_lists_every_local_day_from_from_to_to_by_day_then_start(api: Api) -> None:
    held("int_before", "2026-11-30T23:59")
    held("int_first_day", "2026-12-01T00:00")
    held("int_third_late", "2026-12-03T16:00")
    held("int_third_early", "2026-12-03T09:00")
    held("int_last_day", "2026-12-07T23:59")
    held("int_after", "2026-12-08T00:00")

    response = api.get("/interviews?from=2026-12-01&to=2026-12-07")

    assert ids(response) == ["int_first_day", "int_third_early", "int_third_late", "int_last_day"]
    assert set(body_of(response)) == {"from", "to", "interviews"}
    assert (body_of(response)["from"], body_of(response)["to"]) == ("2026-12-01", "2026-12-07")


def test_a_range_takes_each_interviews_day_in_its_own_time_zone_not_in_utc(api: Api) -> None:
    # 23:30 on 3 December in New York is 4 December in UTC; 00:30 on 4 December in Tokyo is 3 December in UTC.
    held("int_new_york_late", "2026-12-03T23:30", "America/New_York")
    held("int_tokyo_early", "2026-12-04T00:30", "Asia/Tokyo")

    assert ids(api.get("/interviews?from=2026-12-01&to=2026-12-03")) == ["int_new_york_late"]
    assert ids(api.get("/interviews?from=2026-12-04&to=2026-12-05")) == ["int_tokyo_early"]


def test_a_range_of_one_day_lists_that_day(api: Api) -> None:
    held("int_1", "2026-12-03T14:30")

    assert ids(api.get("/interviews?from=2026-12-03&to=2026-12-03")) == ["int_1"]


def test_a_range_reads_one_query_a_day_on_the_date_index_and_never_scans(api: Api, settings: Settings) -> None:
    held("int_1", "2026-12-03T14:30")
    # A warm container: it read the no-show model in force a moment ago (once every few minutes).
    deps.risk_model()

    with dynamodb_calls(settings) as calls:
        response = api.get("/interviews?from=2026-12-01&to=2026-12-07&status=scheduled")

    assert ids(response) == ["int_1"]
    assert reads(calls) == [("Query", "by_local_date")] * 7


def test_a_31_day_range_is_listed_and_a_32_day_range_is_refused_naming_to(api: Api, settings: Settings) -> None:
    held("int_1", "2026-12-31T10:00")

    assert ids(api.get("/interviews?from=2026-12-01&to=2026-12-31")) == ["int_1"]
    body = assert_validation_error(api.get("/interviews?from=2026-12-01&to=2027-01-01"), "to")
    assert "31" in body["fields"]["to"]


def test_status_and_position_filters_narrow_the_range_and_combine(api: Api) -> None:
    held("int_scheduled", "2026-12-01T10:00")
    held("int_confirmed", "2026-12-02T10:00", status="confirmed")
    held("int_other_position", "2026-12-03T10:00", position_id="pos_2", status="confirmed")

    days = "from=2026-12-01&to=2026-12-07"
    assert ids(api.get(f"/interviews?{days}&status=confirmed")) == ["int_confirmed", "int_other_position"]
    assert ids(api.get(f"/interviews?{days}&position_id=pos_1")) == ["int_scheduled", "int_confirmed"]
    assert ids(api.get(f"/interviews?{days}&status=confirmed&position_id=pos_2")) == ["int_other_position"]
    assert ids(api.get(f"/interviews?{days}&status=cancelled")) == []


def test_the_one_day_form_answers_as_it_always_did_and_takes_the_position_filter_too(api: Api) -> None:
    held("int_1", "2026-12-03T10:00")
    held("int_2", "2026-12-03T11:00", position_id="pos_2")

    response = api.get("/interviews?date=2026-12-03")
    filtered = api.get("/interviews?date=2026-12-03&position_id=pos_2")

    assert set(body_of(response)) == {"date", "interviews"}
    assert body_of(response)["date"] == "2026-12-03"
    assert ids(response) == ["int_1", "int_2"]
    assert ids(filtered) == ["int_2"]


def test_each_listed_interview_is_shown_as_everywhere_else_with_its_risk(api: Api) -> None:
    position = create_position(api)
    created = schedule(api, position["position_id"])

    (listed,) = body_of(api.get("/interviews?from=2026-12-01&to=2026-12-07"))["interviews"]

    assert listed == body_of(api.get(f"/interviews/{created['interview_id']}"))
    assert {"risk", "candidate", "status", "notice"} <= set(listed)
    assert "phone_key" not in listed and "candidate_key" not in listed


def test_declined_cancelled_and_past_interviews_are_listed_with_no_risk_and_why(api: Api) -> None:
    # Confirmed by link, ahead, nothing else against it: a low risk.
    held("int_ahead", "2026-12-03T10:00", status="confirmed")
    held("int_declined", "2026-12-03T10:00", status="declined")
    held("int_cancelled", "2026-12-03T11:00", status="cancelled")
    # The test clock reads 27 November: an interview on the 26th has started.
    held("int_past", "2026-11-26T10:00", status="confirmed")

    listed = body_of(api.get("/interviews?from=2026-11-26&to=2026-12-03"))["interviews"]
    header, *lines = rows(api.get("/interviews.csv?from=2026-11-26&to=2026-12-03"))

    shown = {i["interview_id"]: i["risk"] for i in listed}
    assert shown["int_ahead"]["applies"] is True and shown["int_ahead"]["band"] == "low"
    assert {k: v for k, v in shown.items() if k != "int_ahead"} == {
        "int_declined": {"applies": False, "reason": "declined"},
        "int_cancelled": {"applies": False, "reason": "cancelled"},
        "int_past": {"applies": False, "reason": "past"},
    }
    in_csv = {line[-1]: dict(zip(header, line, strict=True)) for line in lines}
    declined = in_csv["int_declined"]
    assert declined["爽约风险 / No-show risk"] == "候选人已拒绝，无需评估 / Declined: no risk to assess"
    assert declined["风险分 / Risk score"] == ""
    assert in_csv["int_ahead"]["爽约风险 / No-show risk"] == "低风险 / Low risk"


# One candidate, by email or by phone


@pytest.fixture
def qiao(api: Api) -> list[dict[str, Any]]:
    """Qiao's two interviews (booked with her phone written for people), and someone else's."""
    position_id = create_position(api)["position_id"]
    person = {"name": "Qiao Lanfang", "email": "Qiao.Lanfang@example.net", "phone": "+86 138 0013 8000"}
    later = schedule(api, position_id, candidate=person, starts_at="2026-12-09T10:00")
    sooner = schedule(api, position_id, candidate=person, starts_at="2026-12-03T15:00")
    schedule(
        api, position_id, candidate={"name": "Zhang San", "email": "zhang.san@example.com", "phone": "13912345678"}
    )
    return [sooner, later]


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("qiao.lanfang@example.net", id="email-lower-case"),
        pytest.param("QIAO.LANFANG@EXAMPLE.NET", id="email-upper-case"),
        pytest.param("138 0013 8000", id="phone-national-with-spaces"),
        pytest.param("13800138000", id="phone-national"),
        pytest.param("%2B86%20138-0013-8000", id="phone-international-with-dashes"),
        pytest.param("+8613800138000", id="phone-plus-left-unencoded"),
    ],
)
def test_a_candidate_is_found_by_email_or_phone_however_it_is_written(
    api: Api, qiao: list[dict[str, Any]], written: str
) -> None:
    response = api.get(f"/interviews?candidate={written}")

    assert ids(response) == [qiao[0]["interview_id"], qiao[1]["interview_id"]]
    assert set(body_of(response)) == {"candidate", "interviews"}


def test_the_phone_found_is_answered_in_e164(api: Api, qiao: list[dict[str, Any]]) -> None:
    assert body_of(api.get("/interviews?candidate=138%200013%208000"))["candidate"] == PHONE


def test_a_candidate_lookup_reads_the_candidate_indexes_and_never_scans(
    api: Api, qiao: list[dict[str, Any]], settings: Settings
) -> None:
    with dynamodb_calls(settings) as by_email:
        api.get("/interviews?candidate=qiao.lanfang@example.net")
    with dynamodb_calls(settings) as by_phone:
        api.get("/interviews?candidate=13800138000")

    # One Query of the index, then each of her two interviews read fresh (the token is checked before).
    for calls, index in ((by_email, "by_candidate"), (by_phone, "by_phone")):
        assert reads(calls) == [("Query", index)]
        assert calls[calls.index(("Query", index)) :] == [("Query", index), ("GetItem", None), ("GetItem", None)]


def test_filters_apply_to_a_candidates_interviews(api: Api, qiao: list[dict[str, Any]]) -> None:
    api.post(f"/interviews/{qiao[1]['interview_id']}/cancel")

    assert ids(api.get("/interviews?candidate=13800138000&status=cancelled")) == [qiao[1]["interview_id"]]
    assert ids(api.get("/interviews?candidate=13800138000&position_id=pos_nope")) == []


def test_an_unknown_candidate_has_no_interviews(api: Api, qiao: list[dict[str, Any]]) -> None:
    assert ids(api.get("/interviews?candidate=nobody@example.org")) == []
    assert ids(api.get("/interviews?candidate=13911112222")) == []


def test_a_candidate_corrected_by_hr_is_found_by_the_new_email_and_number_and_not_the_old(
    api: Api, qiao: list[dict[str, Any]]
) -> None:
    interview_id, other = qiao[0]["interview_id"], qiao[1]["interview_id"]
    revision = body_of(api.get(f"/interviews/{interview_id}"))["revision"]

    fixed = {"email": "qiao.l@example.org", "phone": "139 1111 2222"}
    response = api.patch(f"/interviews/{interview_id}", {"revision": revision, "candidate": fixed})

    assert response.status_code == 200, response.body
    assert ids(api.get("/interviews?candidate=13911112222")) == [interview_id]
    assert ids(api.get("/interviews?candidate=qiao.l@example.org")) == [interview_id]
    assert ids(api.get("/interviews?candidate=13800138000")) == [other]
    assert ids(api.get("/interviews?candidate=qiao.lanfang@example.net")) == [other]


def test_an_interview_without_a_phone_stays_out_of_the_phone_index(api: Api, settings: Settings) -> None:
    held("int_no_phone", "2026-12-03T10:00")
    held("int_phone", "2026-12-03T11:00", candidate=candidate(phone=PHONE))

    table = aws.table(settings.interviews_table)
    items = {i: table.get_item(Key={"interview_id": i})["Item"] for i in ("int_no_phone", "int_phone")}

    assert "phone_key" not in items["int_no_phone"]
    assert items["int_phone"]["phone_key"] == phone_key(PHONE) != PHONE


def test_erasure_takes_the_candidate_out_of_both_indexes(
    api: Api, qiao: list[dict[str, Any]], settings: Settings
) -> None:
    erased = api.client.http.delete("/candidates/qiao.lanfang@example.net", headers=api.headers())
    assert erased.status_code == 200, erased.body

    table = aws.table(settings.interviews_table)
    by_phone = table.query(IndexName=BY_PHONE, KeyConditionExpression=Key("phone_key").eq(phone_key(PHONE)))
    assert by_phone["Items"] == []
    for interview in qiao:
        assert "phone_key" not in table.get_item(Key={"interview_id": interview["interview_id"]})["Item"]
    assert ids(api.get("/interviews?candidate=13800138000")) == []
    assert ids(api.get("/interviews?candidate=qiao.lanfang@example.net")) == []


# The spreadsheet


def test_the_csv_opens_in_excel_with_headers_in_chinese_then_english_and_labels_not_values(
    api: Api, qiao: list[dict[str, Any]]
) -> None:
    api.post(f"/interviews/{qiao[1]['interview_id']}/cancel")

    response = api.get("/interviews.csv?candidate=13800138000")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="showup-interviews-candidate.csv"'
    assert response.body.startswith(b"\xef\xbb\xbf")
    header, sooner, later = rows(response)
    assert header[:3] == ["日期 / Date", "开始时间 / Start", "时区 / Time zone"]
    shown = dict(zip(header, sooner, strict=True))
    assert shown["候选人 / Candidate"] == "Qiao Lanfang"
    assert shown["电话 / Phone"] == "'" + PHONE
    assert shown["状态 / Status"] == "未确认 / Not confirmed"
    assert shown["通知 / Notice"] == "等待发送 / Queued"
    assert shown["面试编号 / Interview ID"] == qiao[0]["interview_id"]
    assert (shown["日期 / Date"], shown["开始时间 / Start"]) == ("2026-12-03", "15:00")
    assert dict(zip(header, later, strict=True))["状态 / Status"] == "已取消 / Cancelled"
    assert "scheduled" not in response.body.decode("utf-8")


def test_the_csv_lists_what_the_json_lists_with_the_same_filters(api: Api) -> None:
    held(
        "int_1",
        "2026-12-01T10:00",
        status="no_show",
        outcome={"outcome": "no_show", "reason": "found_job", "at": "2026-12-01T08:00:00Z"},
    )
    held("int_2", "2026-12-02T10:00", status="confirmed")
    query = "from=2026-12-01&to=2026-12-07&status=no_show"

    response = api.get(f"/interviews.csv?{query}")

    header, *lines = rows(response)
    assert [line[-1] for line in lines] == ids(api.get(f"/interviews?{query}")) == ["int_1"]
    assert dict(zip(header, lines[0], strict=True))["未到场原因 / No-show reason"] == "已找到工作 / Already found a job"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="showup-interviews-2026-12-01-to-2026-12-07.csv"'
    one_day = api.get("/interviews.csv?date=2026-12-02")
    assert one_day.headers["Content-Disposition"] == 'attachment; filename="showup-interviews-2026-12-02.csv"'
    assert [line[-1] for line in rows(one_day)[1:]] == ["int_2"]


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://evil.example","CV")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"],
)
def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(api: Api, name: str) -> None:
    held("int_1", "2026-12-03T10:00", candidate=candidate(name=name))

    header, line = rows(api.get("/interviews.csv?date=2026-12-03"))

    assert dict(zip(header, line, strict=True))["候选人 / Candidate"] == "'" + name


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_cell_that_starts_like_a_formula_gets_an_apostrophe(start: str) -> None:
    assert safe_cell(start + "1") == "'" + start + "1"


@pytest.mark.parametrize("value", ["Zhang San", "a=b", "2026-12-03", "", "'quoted", 42])
def test_other_cells_are_written_as_they_are(value: str | int) -> None:
    assert safe_cell(value) == value


def test_every_column_is_headed_in_chinese_then_english() -> None:
    assert all(not zh.isascii() and en.isascii() and en for zh, en, _ in COLUMNS)


# Bad input: a 400 naming the parameter, and nothing written

BAD = [
    pytest.param("date=2026-13-01", "date", id="date-not-a-day"),
    pytest.param("date=20261203", "date", id="date-not-yyyy-mm-dd"),
    pytest.param("from=2026-12-1&to=2026-12-07", "from", id="from-malformed"),
    pytest.param("from=2026-12-01&to=next-week", "to", id="to-malformed"),
    pytest.param("from=&to=2026-12-07", "from", id="from-blank"),
    pytest.param("from=2026-12-01", "to", id="from-without-to"),
    pytest.param("to=2026-12-07", "from", id="to-without-from"),
    pytest.param("from=2026-12-07&to=2026-12-01", "to", id="to-before-from"),
    pytest.param("from=2026-12-01&to=2027-01-01", "to", id="32-days"),
    pytest.param("from=1999-12-31&to=2000-01-02", "from", id="from-before-2000"),
    pytest.param("date=2026-12-03&from=2026-12-01&to=2026-12-07", "date", id="date-and-range"),
    pytest.param("candidate=someone", "candidate", id="candidate-neither-email-nor-phone"),
    pytest.param("candidate=a@b", "candidate", id="candidate-bad-email"),
    pytest.param("candidate=12", "candidate", id="candidate-bad-phone"),
    pytest.param("candidate=", "candidate", id="candidate-blank"),
    pytest.param("candidate=13800138000&date=2026-12-03", "candidate", id="candidate-and-date"),
    pytest.param("status=SCHEDULED", "status", id="status-unknown"),
    pytest.param("status=", "status", id="status-blank"),
    pytest.param("position_id=", "position_id", id="position-blank"),
    pytest.param("date=2026-12-03&sort=start", "sort", id="unknown-parameter"),
    pytest.param("date=2026-12-03&attention=yes", "attention", id="attention-neither-true-nor-false"),
    pytest.param("status=scheduled&status=confirmed", "status", id="repeated-parameter"),
]


@pytest.mark.parametrize("path", ["/interviews", "/interviews.csv"])
@pytest.mark.parametrize(("query", "field"), BAD)
def test_bad_input_is_refused_naming_the_parameter_and_nothing_is_written(
    api: Api, settings: Settings, resources: Resources, path: str, query: str, field: str
) -> None:
    held("int_1", "2026-12-03T10:00")

    with nothing_written(settings, resources):
        response = api.get(f"{path}?{query}")

    assert_validation_error(response, field)


def test_an_unknown_parameter_is_named_as_one(api: Api) -> None:
    body = assert_validation_error(api.get("/interviews?from=2026-12-01&to=2026-12-07&sort=start"), "sort")

    assert body["codes"]["sort"] == "unknown_parameter"
    assert body["fields"]["sort"] == "ShowUp does not know this query parameter. Check its spelling."


def test_every_filter_of_the_list_service_is_a_query_field_and_every_query_field_is_used() -> None:
    chosen = {"date", "from_", "to", "candidate"}

    assert set(InterviewListQuery.model_fields) - chosen == set(FILTERS)
