"""Slots in the HR API: publish, list with their seats, close; and interviews whose candidate chooses the time."""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest

from chalicelib.settings import Settings
from tests.support.api import Api, assert_validation_error, body_of, create_position, interview_body
from tests.support.aws import nothing_written, sent_mail, sent_sms
from tests.support.slots import choosing, publish, sent_kinds, slot_body


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api)


def test_a_slot_is_published_with_its_seats_all_free(api: Api, position: dict[str, Any]) -> None:
    slot = publish(api, position["position_id"], address="1 Lujiazui Ring Road", room="Room 301")

    assert slot["slot_id"].startswith("slot_")
    assert (slot["starts_at"], slot["timezone"], slot["starts_at_utc"]) == (
        "2026-12-03T10:00",
        "Asia/Shanghai",
        "2026-12-03T02:00:00Z",
    )
    assert (slot["seats"], slot["seats_taken"], slot["seats_free"], slot["open"]) == (3, 0, 3, True)
    assert (slot["duration_minutes"], slot["address"], slot["room"]) == (60, "1 Lujiazui Ring Road", "Room 301")


def test_slots_are_listed_in_start_order_and_a_closed_one_says_so(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    late = publish(api, pid, starts_at="2026-12-04T15:00")
    early = publish(api, pid, starts_at="2026-12-02T09:30", seats=1)

    closed = api.post(f"/positions/{pid}/slots/{late['slot_id']}/close")
    listed = body_of(api.get(f"/positions/{pid}/slots"))["slots"]

    assert closed.status_code == 200 and body_of(closed)["open"] is False
    assert [slot["slot_id"] for slot in listed] == [early["slot_id"], late["slot_id"]]
    assert [slot["open"] for slot in listed] == [True, False]
    again = api.post(f"/positions/{pid}/slots/{late['slot_id']}/close")
    assert again.status_code == 200 and body_of(again)["closed_at"] == body_of(closed)["closed_at"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"seats": 0}, "seats"),
        ({"seats": "3"}, "seats"),
        ({"starts_at": "2026-11-20T10:00"}, "starts_at"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"starts_at": "2026-12-03T10:00+08:00"}, "starts_at"),
        ({"hall": "B"}, "hall"),
    ],
)
def test_a_bad_slot_is_refused_naming_the_field_and_nothing_is_written(
    api: Api,
    position: dict[str, Any],
    settings: Settings,
    resources: dict[str, str],
    change: dict[str, Any],
    field: str,
) -> None:
    with nothing_written(settings, resources):
        assert_validation_error(api.post(f"/positions/{position['position_id']}/slots", slot_body(**change)), field)


def test_slots_of_an_unknown_position_or_an_unknown_slot_are_404(api: Api, position: dict[str, Any]) -> None:
    assert api.post("/positions/pos_0000000000000000/slots", slot_body()).status_code == 404
    assert api.get("/positions/pos_0000000000000000/slots").status_code == 404
    assert api.post(f"/positions/{position['position_id']}/slots/slot_nope/close").status_code == 404


def test_a_choose_your_time_interview_waits_for_the_candidate_and_sends_a_choose_email(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    pid = position["position_id"]
    publish(api, pid, starts_at="2026-12-04T15:00")
    publish(api, pid, starts_at="2026-12-02T09:30")

    interview = choosing(api, pid, ("email", "sms"), phone="+86 138 0013 8000")
    drained = sent_kinds(resources)

    assert interview["status"] == "choosing"
    # The time shown until the candidate books: the earliest they could pick.
    assert interview["starts_at"] == "2026-12-02T09:30"
    assert "slot_id" not in interview
    assert drained == ["choose"]
    (mail,) = sent_mail()
    parsed = email.message_from_string(mail.raw_data, policy=email.policy.default)
    assert str(parsed["Subject"]).startswith("请选择面试时间")
    text = parsed.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "选择面试时间：https://showup.test/api/c/" in text
    assert not any(part.get_content_type() == "text/calendar" for part in parsed.walk())
    ((_, sms),) = sent_sms().values()
    assert "请选择面试时间" in sms and "https://showup.test/api/s/" in sms


def test_the_choose_email_speaks_english_to_an_english_candidate(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    publish(api, position["position_id"])
    choosing(api, position["position_id"], language="en")
    sent_kinds(resources)

    parsed = email.message_from_string(sent_mail()[0].raw_data, policy=email.policy.default)
    assert str(parsed["Subject"]).startswith("Choose your interview time")


def test_choose_slot_with_a_time_or_without_any_open_slot_is_refused_and_writes_nothing(
    api: Api, position: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    pid = position["position_id"]
    with nothing_written(settings, resources):
        assert_validation_error(api.post("/interviews", interview_body(pid, choose_slot=True)), "starts_at")
        body = interview_body(pid, choose_slot=True)
        del body["starts_at"], body["timezone"]
        refused = api.post("/interviews", body)
        assert refused.status_code == 409 and "choose_slot" in body_of(refused)["fields"]
        without = interview_body(pid)
        del without["starts_at"]
        assert_validation_error(api.post("/interviews", without), "starts_at")
