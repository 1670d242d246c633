"""Full slots' waitlists: seats given back once, offered to the first in line, held, accepted, expired."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.services.common.records import Slot
from chalicelib.services.followup.waitlist import Waitlist, offer_until
from chalicelib.store.slots import SlotRepository
from tests.support import Override
from tests.support.api import Api, body_of, create_position
from tests.support.aws import drain_outbox
from tests.support.clock import NOW
from tests.support.events import fire
from tests.support.slots import choosing, kinds, page_of, post, publish, seats, sent_kinds
from tests.support.stream import drain_stream, hand_over, stream_batch


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api)


def waitlist(api: Api, position_id: str) -> dict[str, int]:
    listed = body_of(api.get(f"/positions/{position_id}/slots"))["slots"]
    return {slot["slot_id"]: slot["waitlist"] for slot in listed}


def interview(api: Api, interview_id: str) -> dict[str, Any]:
    return dict(body_of(api.get(f"/interviews/{interview_id}")))


def full_slot_with_waitlist(api: Api, pid: str, waiting: int, seats: int = 1) -> tuple[dict[str, Any], list, list]:
    """A slot whose ``seats`` are booked, and ``waiting`` candidates (texts too) on its waitlist in order."""
    slot = publish(api, pid, seats=seats)
    queue = [
        choosing(api, pid, ("email", "sms"), email=f"waiting{n}@example.com", phone=f"+8613800138{n:03d}")
        for n in range(waiting)
    ]
    booked = []
    for n in range(seats):
        held = choosing(api, pid, email=f"booked{n}@example.com")
        assert post(api, page_of(held) + "/book", slot_id=slot["slot_id"]).status_code == 200
        booked.append(held)
    for n, waiter in enumerate(queue):
        join(api, waiter, slot, n)
    drain_stream()
    return slot, booked, queue


def join(api: Api, waiter: dict[str, Any], slot: dict[str, Any], n: int) -> None:
    """``waiter`` joins the slot's waitlist ``n`` milliseconds after NOW: first come, first offered."""
    with deps.override(now=lambda: NOW + timedelta(milliseconds=n)):
        assert post(api, page_of(waiter) + "/waitlist", slot_id=slot["slot_id"]).status_code == 200


def decline(api: Api, held: dict[str, Any]) -> None:
    assert post(api, page_of(held) + "/decline", sure="yes", reason="").status_code == 200


def test_a_candidate_joins_a_full_slots_waitlist_from_the_page_once_and_hr_sees_the_count(
    api: Api, position: dict[str, Any]
) -> None:
    pid = position["position_id"]
    slot, _, (waiter,) = full_slot_with_waitlist(api, pid, waiting=1)

    again = post(api, page_of(waiter) + "/waitlist", slot_id=slot["slot_id"])
    page = api.client.http.get(page_of(waiter)).body.decode()

    assert again.status_code == 200 and "已加入候补名单" in again.body.decode()
    assert 'data-testid="waiting"' in page and 'id="waitlist"' not in page, "a slot is waited for once"
    assert waitlist(api, pid) == {slot["slot_id"]: 1}
    assert interview(api, waiter["interview_id"])["waitlist"] == [slot["slot_id"]]
    assert kinds(api, waiter["interview_id"]).count("waitlist_joined") == 1


def test_a_slot_with_a_seat_free_cannot_be_waited_for(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    slot = publish(api, pid)
    waiter = choosing(api, pid)

    answer = post(api, page_of(waiter) + "/waitlist", slot_id=slot["slot_id"])

    assert answer.status_code == 409 and "这个时间现在有空位" in answer.body.decode()
    assert waitlist(api, pid) == {slot["slot_id"]: 0}


def test_a_declined_booking_gives_its_seat_back_once_when_the_stream_hands_the_write_over_twice(
    api: Api, position: dict[str, Any]
) -> None:
    pid = position["position_id"]
    slot, (held, _), _ = full_slot_with_waitlist(api, pid, waiting=0, seats=2)
    assert seats(api, pid)[slot["slot_id"]] == (2, 0)

    decline(api, held)
    batch = stream_batch()
    hand_over(batch)
    hand_over(batch)

    assert seats(api, pid)[slot["slot_id"]] == (1, 1)


def test_a_cancelled_booking_and_an_erased_candidate_give_their_seats_back(api: Api, position: dict[str, Any]) -> None:
    pid = position["position_id"]
    slot, (first, _), _ = full_slot_with_waitlist(api, pid, waiting=0, seats=2)

    assert api.post(f"/interviews/{first['interview_id']}/cancel").status_code == 200
    drain_stream()
    assert seats(api, pid)[slot["slot_id"]] == (1, 1)
    assert api.delete("/candidates/booked1@example.com").status_code == 200
    drain_stream()
    assert seats(api, pid)[slot["slot_id"]] == (0, 2)
    # Never below zero: the same writes read again give nothing more back.
    drain_stream()
    assert seats(api, pid)[slot["slot_id"]] == (0, 2)


def test_a_freed_seat_is_offered_to_the_first_in_line_by_email_and_text_and_held_for_them(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    pid = position["position_id"]
    slot, (held,), (first, second) = full_slot_with_waitlist(api, pid, waiting=2)
    sent_kinds(resources)

    decline(api, held)
    drain_stream()

    offered = interview(api, first["interview_id"])
    assert offered["offer"]["slot_id"] == slot["slot_id"] and "ended" not in offered["offer"]
    # Four hours from the decline (NOW), well before the slot's start.
    assert offered["offer"]["until"] == "2026-11-27T05:00:00Z"
    assert "offer" not in interview(api, second["interview_id"])
    assert seats(api, pid)[slot["slot_id"]] == (1, 0), "the held seat counts as taken"
    assert waitlist(api, pid) == {slot["slot_id"]: 1}
    assert sent_kinds(resources) == ["offer"]
    assert "offer_made" in kinds(api, first["interview_id"])
    page = api.client.http.get(page_of(first)).body.decode()
    assert "为您保留了一个名额" in page and "接受这个时间" in page


def test_the_offer_message_says_what_when_until_when_and_how_to_accept_in_both_languages(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    from tests.support.aws import sent_mail, sent_sms

    pid = position["position_id"]
    slot = publish(api, pid, seats=1)
    held = choosing(api, pid, email="held@example.com")
    zh = choosing(api, pid, ("email", "sms"), email="zh@example.com", phone="+8613800138001")
    en = choosing(api, pid, ("email", "sms"), email="en@example.com", phone="+8613800138002", language="en")
    post(api, page_of(held) + "/book", slot_id=slot["slot_id"])
    for n, waiter in enumerate((zh, en)):
        join(api, waiter, slot, n)
    drain_stream()
    sent_kinds(resources)
    before = len(sent_mail())

    decline(api, held)
    drain_stream()
    sent_kinds(resources)
    assert post(api, page_of(zh) + "/offer/decline").status_code == 200
    drain_stream()
    sent_kinds(resources)

    mails = sent_mail()[before:]
    texts = " ".join(text for _, text in sent_sms().values())
    bodies = " ".join(text_of(mail.raw_data) for mail in mails)
    assert "为您保留" in bodies and "11月27日" in bodies and "12月3日" in bodies
    assert "holding it for you until" in bodies and "Accept this time" in bodies
    assert "为您保留到" in texts and "Held for you until" in texts


def text_of(raw: str) -> str:
    """A sent mail's subject and text parts, decoded."""
    import email
    from email.header import decode_header, make_header

    message = email.message_from_string(raw)
    parts = [str(make_header(decode_header(message["Subject"])))]
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            parts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
    return " ".join(parts)


def test_accepting_the_offer_books_the_held_seat_and_the_notice_follows(
    api: Api, position: dict[str, Any], resources: dict[str, str]
) -> None:
    pid = position["position_id"]
    slot, (held,), (first,) = full_slot_with_waitlist(api, pid, waiting=1)
    decline(api, held)
    drain_stream()
    sent_kinds(resources)

    answer = post(api, page_of(first) + "/offer/accept")
    drain_stream()

    booked = interview(api, first["interview_id"])
    assert answer.status_code == 200 and "预约成功" in answer.body.decode()
    assert (booked["status"], booked["slot_id"], booked["offer"]["ended"]) == ("scheduled", slot["slot_id"], "accepted")
    assert "waitlist" not in booked
    assert seats(api, pid)[slot["slot_id"]] == (1, 0) and waitlist(api, pid) == {slot["slot_id"]: 0}
    assert sent_kinds(resources) == ["notice"]
    events = kinds(api, first["interview_id"])
    assert events.index("offer_made") < events.index("offer_accepted") and "slot_booked" in events


def test_an_offer_accepted_after_its_time_ran_out_is_refused_and_the_page_shows_what_is_open(
    api: Api, position: dict[str, Any], override: Override
) -> None:
    pid = position["position_id"]
    slot, (held,), (first,) = full_slot_with_waitlist(api, pid, waiting=1)
    still_open = publish(api, pid, starts_at="2026-12-04T10:00")
    assert still_open
    decline(api, held)
    drain_stream()
    override(now=lambda: NOW + timedelta(hours=4, minutes=1))

    answer = post(api, page_of(first) + "/offer/accept")

    html = answer.body.decode()
    assert answer.status_code == 409 and "为您保留的名额已过期" in html
    assert still_open["slot_id"] in html.split('id="book"')[1]
    assert 'data-testid="offer"' not in html
    assert interview(api, first["interview_id"])["status"] == "choosing"
    assert seats(api, pid)[slot["slot_id"]] == (1, 0), "held until the job ends it"


def test_an_expired_offer_goes_to_the_next_in_line_once_across_two_job_runs(
    api: Api, position: dict[str, Any], resources: dict[str, str], client: Client
) -> None:
    pid = position["position_id"]
    slot, (held,), (first, second) = full_slot_with_waitlist(api, pid, waiting=2)
    decline(api, held)
    drain_stream()
    sent_kinds(resources)
    later = NOW + timedelta(hours=4, minutes=15)

    runs = [fire(client, "expire_offers", later), fire(client, "expire_offers", later)]
    drain_stream()

    assert runs == [{"expired": 1, "offered": 1}, {"expired": 0, "offered": 0}]
    assert interview(api, first["interview_id"])["offer"]["ended"] == "expired"
    assert "waitlist" not in interview(api, first["interview_id"])
    assert interview(api, second["interview_id"])["offer"]["until"] == "2026-11-27T09:15:00Z"
    assert seats(api, pid)[slot["slot_id"]] == (1, 0) and waitlist(api, pid) == {slot["slot_id"]: 0}
    assert [message["interview_id"] for message in drain_outbox(resources)] == [second["interview_id"]]
    assert "offer_expired" in kinds(api, first["interview_id"])


def test_letting_the_offer_go_passes_it_to_the_next_and_booking_elsewhere_leaves_the_waitlists(
    api: Api, position: dict[str, Any]
) -> None:
    pid = position["position_id"]
    slot, (held,), (first, second) = full_slot_with_waitlist(api, pid, waiting=2)
    elsewhere = publish(api, pid, starts_at="2026-12-04T10:00")
    decline(api, held)
    drain_stream()

    assert post(api, page_of(first) + "/offer/decline").status_code == 200
    drain_stream()
    assert interview(api, second["interview_id"])["offer"]["slot_id"] == slot["slot_id"]
    assert post(api, page_of(second) + "/book", slot_id=elsewhere["slot_id"]).status_code == 200
    drain_stream()

    assert interview(api, second["interview_id"])["offer"]["ended"] == "withdrawn"
    assert seats(api, pid) == {slot["slot_id"]: (0, 1), elsewhere["slot_id"]: (1, 2)}
    assert waitlist(api, pid) == {slot["slot_id"]: 0, elsewhere["slot_id"]: 0}
    assert "offer_declined" in kinds(api, first["interview_id"])


class Together(SlotRepository):
    """Slots whose first hold in each thread waits until both threads read the slot: two offers at once."""

    def __init__(self, *, table: Any, barrier: threading.Barrier) -> None:
        super().__init__(table=table)
        self._barrier = barrier
        self._met = threading.local()

    def hold(self, slot: Slot, interview_id: str, *, until: datetime) -> list[dict[str, Any]]:
        if not getattr(self._met, "done", False):
            self._met.done = True
            self._barrier.wait(timeout=10)
        return super().hold(slot, interview_id, until=until)


class GivesBackOnly(Waitlist):
    """The stream's follow-up that gives seats back but offers none (the test offers them itself)."""

    def offer(self, position_id: str, slot_id: str, *, now: datetime) -> int:
        return 0


def test_two_seats_freed_at_once_go_to_two_different_people_and_never_two_holders(
    api: Api, position: dict[str, Any], override: Override
) -> None:
    import boto3

    pid = position["position_id"]
    slot, booked, queue = full_slot_with_waitlist(api, pid, waiting=3, seats=2)
    # The seats are given back from the stream but not yet offered: both offers then race.
    override(
        waitlist=lambda: GivesBackOnly(
            interviews=deps.interviews(), slots=deps.slots(), ledger=deps.ledger(), outbox=deps.outbox()
        )
    )
    for held in booked:
        assert api.post(f"/interviews/{held['interview_id']}/cancel").status_code == 200
    drain_stream()
    assert seats(api, pid)[slot["slot_id"]] == (0, 2)
    barrier = threading.Barrier(2)
    made: list[int] = []

    def offer() -> None:
        dynamodb = boto3.session.Session().resource("dynamodb", region_name="us-east-1")
        settings = deps.settings()
        slots = Together(table=dynamodb.Table(settings.slots_table), barrier=barrier)
        interviews = type(deps.interviews())(table=dynamodb.Table(settings.interviews_table))
        waitlist_of = Waitlist(interviews=interviews, slots=slots, ledger=deps.ledger(), outbox=deps.outbox())
        made.append(waitlist_of.offer(pid, slot["slot_id"], now=NOW))

    threads = [threading.Thread(target=offer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    holders = [w["interview_id"] for w in queue if "offer" in interview(api, w["interview_id"])]
    assert sum(made) == 2 and holders == [queue[0]["interview_id"], queue[1]["interview_id"]]
    assert seats(api, pid)[slot["slot_id"]] == (2, 0)
    assert waitlist(api, pid) == {slot["slot_id"]: 1}


def test_a_seat_is_held_at_most_until_two_hours_before_the_start_and_not_offered_without_time() -> None:
    slot = Slot(
        position_id="p",
        slot_id="s",
        starts_at="2026-11-27T15:00",
        timezone="Asia/Shanghai",
        starts_at_utc="2026-11-27T07:00:00Z",
        duration_minutes=60,
        seats=1,
        created_at="2026-11-20T00:00:00Z",
    )
    assert offer_until(slot, datetime(2026, 11, 26, 23, 0, tzinfo=UTC), 4) == datetime(2026, 11, 27, 3, tzinfo=UTC)
    assert offer_until(slot, datetime(2026, 11, 27, 2, 0, tzinfo=UTC), 4) == datetime(2026, 11, 27, 5, tzinfo=UTC)
    assert offer_until(slot, datetime(2026, 11, 27, 5, 0, tzinfo=UTC), 4) is None
