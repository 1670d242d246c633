"""Candidates book a slot from their page, race for the last seat, and move their booking within the rules."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.common.records import Slot
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.slots import MoveRules, SlotBookings, SlotTaken
from chalicelib.store.slots import SlotRepository
from tests.support import Override
from tests.support.api import Api, body_of, create_position
from tests.support.clock import NOW
from tests.support.slots import choosing, kinds, page_of, post, publish, seats, sent_kinds
from tests.support.stream import drain_stream


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api)


def test_the_page_lists_open_slots_in_the_candidates_language_and_zone(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    publish(api, pid, starts_at="2026-12-03T10:00")
    full = publish(api, pid, starts_at="2026-12-04T10:00", seats=1)
    closed = publish(api, pid, starts_at="2026-12-05T10:00")
    api.post(f"/positions/{pid}/slots/{closed['slot_id']}/close")
    other = choosing(api, pid, email="li.si@example.com")
    assert post(api, page_of(other) + "/book", slot_id=full["slot_id"]).status_code == 200

    zh = api.client.http.get(page_of(choosing(api, pid))).body.decode()
    en = api.client.http.get(page_of(choosing(api, pid, language="en", email="amy@example.com"))).body.decode()

    assert "2026年12月3日 星期四" in zh and "10:00–11:00 北京时间" in zh and "预约这个时间" in zh
    assert "Thursday 3 December 2026" in en and "China Standard Time" in en and "Book this time" in en
    # Full slots are offered only to wait for; closed ones not at all.
    assert "加入候补名单" in zh and "Join the waitlist" in en
    for html in (zh, en):
        book, waitlist = html.split('id="book"')[1].split("</form>")[0], html.split('id="waitlist"')[1]
        assert book.count('name="slot_id"') == 1 and full["slot_id"] not in book
        assert waitlist.count('name="slot_id"') == 1 and full["slot_id"] in waitlist
        assert closed["slot_id"] not in html


def test_booking_from_the_page_sets_the_time_and_the_normal_notice_follows(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    pid = position["position_id"]
    publish(api, pid, starts_at="2026-12-02T09:00")
    slot = publish(api, pid, starts_at="2026-12-03T15:00", address="1 Lujiazui Ring Road", room="Room 301")
    interview = choosing(api, pid)
    assert sent_kinds(resources) == ["choose"]

    answer = post(api, page_of(interview) + "/book", slot_id=slot["slot_id"])
    booked = body_of(api.get(f"/interviews/{interview['interview_id']}"))

    assert answer.status_code == 200 and "预约成功" in answer.body.decode()
    assert (booked["status"], booked["starts_at"], booked["slot_id"]) == (
        "scheduled",
        "2026-12-03T15:00",
        slot["slot_id"],
    )
    assert booked["address"] == "1 Lujiazui Ring Road, Room 301"
    assert booked["version"] == 1, "the link in the choose email keeps working"
    assert sent_kinds(resources) == ["notice"]
    assert seats(api, pid)[slot["slot_id"]] == (1, 2)
    events = kinds(api, interview["interview_id"])
    assert "slot_booked" in events and "rescheduled" not in events


def test_a_booked_day_with_a_weather_warning_holds_the_notice_as_any_interview(
    api: Api, position: dict[str, Any], resources: dict[str, str], override: Override
) -> None:
    from chalicelib.models import WarningCode
    from chalicelib.services.common.records import Warning

    def stormy(*_: Any) -> list[Warning]:
        return [Warning(WarningCode.WEATHER_RISK, "Typhoon expected")]

    slot = publish(api, position["position_id"])
    interview = choosing(api, position["position_id"])
    override(
        interview_service=lambda: InterviewService(
            positions=deps.positions(), interviews=deps.interviews(), checks=[stormy], slots=deps.slots()
        )
    )
    sent_kinds(resources)

    post(api, page_of(interview) + "/book", slot_id=slot["slot_id"])
    booked = body_of(api.get(f"/interviews/{interview['interview_id']}"))

    assert booked["notice"]["status"] == "held" and booked["notice"]["held_for"] == ["weather_risk"]
    assert sent_kinds(resources) == []


def test_booking_without_choosing_a_slot_is_refused_on_the_page(api: Api, position: dict[str, Any]) -> None:
    publish(api, position["position_id"])
    interview = choosing(api, position["position_id"])

    answer = post(api, page_of(interview) + "/book")

    assert answer.status_code == 400 and 'data-field="slot_id"' in answer.body.decode()
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["status"] == "choosing"


def test_a_slot_taken_meanwhile_answers_taken_and_shows_the_remaining_slots(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    last = publish(api, pid, seats=1)
    remaining = publish(api, pid, starts_at="2026-12-04T10:00")
    first, second = choosing(api, pid), choosing(api, pid, email="li.si@example.com")
    post(api, page_of(first) + "/book", slot_id=last["slot_id"])

    answer = post(api, page_of(second) + "/book", slot_id=last["slot_id"])

    html = answer.body.decode()
    assert answer.status_code == 409 and "这个时间刚刚被约满了" in html
    book = html.split('id="book"')[1].split("</form>")[0]
    assert remaining["slot_id"] in book and last["slot_id"] not in book
    assert last["slot_id"] in html.split('id="waitlist"')[1], "the full slot may be waited for"
    assert seats(api, pid)[last["slot_id"]] == (1, 0)


class Meeting(SlotRepository):
    """Slots whose first seat-taking in each thread waits until both threads read the slot as free: the
    two bookings then write at the same moment, as two candidates pressing "book" together."""

    def __init__(self, *, table: Any, barrier: threading.Barrier) -> None:
        super().__init__(table=table)
        self._barrier = barrier
        self._met = threading.local()

    def take_seat(self, slot: Slot) -> dict[str, Any]:
        if not getattr(self._met, "done", False):
            self._met.done = True
            self._barrier.wait(timeout=10)
        return super().take_seat(slot)


def test_two_candidates_booking_the_last_seat_at_once_one_books_and_one_is_told_taken(
    api: Api, position: dict[str, Any]
) -> None:
    import boto3

    pid = position["position_id"]
    last = publish(api, pid, seats=1)
    ids = [choosing(api, pid, email=f"c{n}@example.com")["interview_id"] for n in range(2)]
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def book(interview_id: str) -> None:
        # Each thread its own boto3 resources, as each Lambda invocation has.
        dynamodb = boto3.session.Session().resource("dynamodb", region_name="us-east-1")
        interviews = type(deps.interviews())(table=dynamodb.Table(deps.settings().interviews_table))
        slots = Meeting(table=dynamodb.Table(deps.settings().slots_table), barrier=barrier)
        scheduling = InterviewService(positions=deps.positions(), interviews=interviews, slots=slots)
        bookings = SlotBookings(interviews=interviews, slots=slots, scheduling=scheduling, rules=MoveRules())
        try:
            bookings.book(interview_id, last["slot_id"], now=NOW)
            results[interview_id] = "booked"
        except SlotTaken:
            results[interview_id] = "taken"

    threads = [threading.Thread(target=book, args=(interview_id,)) for interview_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == ["booked", "taken"]
    assert seats(api, pid)[last["slot_id"]] == (1, 0)
    statuses = sorted(body_of(api.get(f"/interviews/{i}"))["status"] for i in ids)
    assert statuses == ["choosing", "scheduled"]


def booked_at(api: Api, pid: str, slot: dict[str, Any], **candidate: Any) -> dict[str, Any]:
    interview = choosing(api, pid, **candidate)
    assert post(api, page_of(interview) + "/book", slot_id=slot["slot_id"]).status_code == 200
    return dict(body_of(api.get(f"/interviews/{interview['interview_id']}")))


def test_a_candidate_moves_to_another_slot_within_the_rules_and_the_old_seat_is_freed(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    pid = position["position_id"]
    first, second = publish(api, pid), publish(api, pid, starts_at="2026-12-04T16:00")
    interview = booked_at(api, pid, first)
    send = sent_kinds(resources)
    assert send == ["choose", "notice"]
    page = api.client.http.get(page_of(interview)).body.decode()
    assert "换一个时间" in page and "时间冲突" in page and second["slot_id"] in page

    answer = post(api, page_of(interview) + "/move", slot_id=second["slot_id"], move_reason="clash", note="要上课")
    moved = body_of(api.get(f"/interviews/{interview['interview_id']}"))

    assert answer.status_code == 200 and "已为您改到新的时间" in answer.body.decode()
    assert (moved["starts_at"], moved["slot_id"], moved["version"]) == ("2026-12-04T16:00", second["slot_id"], 2)
    assert moved["slot_moves"][0]["reason"] == "clash" and moved["slot_moves"][0]["note"] == "要上课"
    assert seats(api, pid) == {first["slot_id"]: (0, 3), second["slot_id"]: (1, 2)}
    assert sent_kinds(resources) == ["update"]
    # The page answered under the new link: its forms post there, and the old link is retired.
    new_token = deps.link_signer().sign(interview["interview_id"], 2, now=NOW)
    assert f"../{new_token}/move" in answer.body.decode()
    assert api.client.http.get(page_of(interview)).status_code == 403
    assert "slot_moved" in kinds(api, interview["interview_id"])
    drain_stream()
    day = body_of(api.get("/stats?period=day&date=2026-12-04"))
    assert day["self_moved"] == 1 and day["move_reasons"]["clash"] == 1


def test_a_move_too_close_to_the_start_becomes_a_request_to_hr(
    api: Api, position: dict[str, Any], override: Override
) -> None:
    pid = position["position_id"]
    first, second = publish(api, pid), publish(api, pid, starts_at="2026-12-04T16:00")
    interview = booked_at(api, pid, first)
    # Eight hours before the 10:00 start in Shanghai: inside RESCHEDULE_MIN_HOURS (12).
    override(now=lambda: NOW + timedelta(days=5, hours=17))

    assert "换一个时间" not in api.client.http.get(page_of(interview)).body.decode()
    answer = post(api, page_of(interview) + "/move", slot_id=second["slot_id"], move_reason="work")
    after = body_of(api.get(f"/interviews/{interview['interview_id']}"))

    assert answer.status_code == 200
    assert after["status"] == "reschedule_requested" and after["slot_id"] == first["slot_id"]
    assert after["candidate_response"]["reason"] == "工作安排"
    assert seats(api, pid) == {first["slot_id"]: (1, 2), second["slot_id"]: (0, 3)}


def test_a_third_move_becomes_a_request_to_hr_and_the_seats_stay_exact(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    a, b = publish(api, pid), publish(api, pid, starts_at="2026-12-04T16:00")
    interview = booked_at(api, pid, a)
    version = 1
    for target in (b, a):
        answer = post(api, page_of(interview, version) + "/move", slot_id=target["slot_id"], move_reason="travel")
        assert answer.status_code == 200
        version += 1

    answer = post(api, page_of(interview, version) + "/move", slot_id=b["slot_id"], move_reason="travel")
    after = body_of(api.get(f"/interviews/{interview['interview_id']}"))

    assert after["status"] == "reschedule_requested" and len(after["slot_moves"]) == 2
    assert after["slot_id"] == a["slot_id"]
    assert seats(api, pid) == {a["slot_id"]: (1, 2), b["slot_id"]: (0, 3)}


def test_a_move_without_a_known_reason_is_refused_and_changes_nothing(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    first, second = publish(api, pid), publish(api, pid, starts_at="2026-12-04T16:00")
    interview = booked_at(api, pid, first)

    answer = post(api, page_of(interview) + "/move", slot_id=second["slot_id"], move_reason="bored")

    assert answer.status_code == 400 and 'data-field="move_reason"' in answer.body.decode()
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["slot_id"] == first["slot_id"]
    assert seats(api, pid)[second["slot_id"]] == (0, 3)
