"""`make run`'s demo data: four weeks of history replayed through the services and counted exactly."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.common.records import Interview
from chalicelib.services.statistics import counting, figures, periods
from chalicelib.settings import Settings
from devtools import seed
from devtools.seed_slots import SeededSlots
from devtools.seed_waitlist import WaitlistSeeded
from tests.support.api import Api
from tests.support.aws import drain_outbox, sent_mail, stored_counters, stored_interviews

# tests/conftest.py's NOW: Friday 27 November 2026, 09:00 in Shanghai.
TODAY = date(2026, 11, 27)


@pytest.fixture
def seeded(resources: dict[str, str], now: datetime) -> seed.Seeded:
    return seed.seed(now, positions=deps.position_service(), interviews=deps.interview_service())


def recount(interviews: list[Interview], first: str, last: str) -> dict[str, Any]:
    """What a period's statistics must say, counted straight from the interviews held in it."""
    held = [i for i in interviews if first <= i.local_date <= last]
    status = Counter(i.status for i in held)
    reasons = Counter(i.outcome.reason for i in held if i.status == "no_show" and i.outcome)
    return {
        "scheduled": len(held),
        "attended": status["attended"],
        "no_show": status["no_show"],
        "cancelled": status["cancelled"],
        "reasons": {reason: reasons[reason] for reason in counting.REASONS},
    }


def test_the_history_is_the_same_every_run_and_tells_every_kind_of_story() -> None:
    stories = seed.past_stories(TODAY)

    assert stories == seed.past_stories(TODAY)
    assert len(stories) == 40
    assert all(TODAY - timedelta(days=28) <= s.day < TODAY and s.day.weekday() < 5 for s in stories)
    assert len({s.candidate["email"] for s in stories}) == len({s.candidate["name"] for s in stories}) == 40
    outcomes = Counter(s.outcome for s in stories)
    assert outcomes == {"attended": 25, "no_show": 9, "cancelled": 4, None: 2}
    # Only the last day is left for HR to record.
    assert {s.day for s in stories if s.outcome is None} == {stories[-1].day}
    reasons = Counter(s.reason for s in stories if s.outcome == "no_show")
    assert None not in reasons and len(reasons) >= 6
    assert {s.role for s in stories} == {"junior", "senior"}
    assert {s.sms for s in stories} == {True, False}
    assert {s.answer for s in stories} == {"confirm", "decline", None}
    assert {s.notice for s in stories} == {"delivered", "sent", "bounced", "failed"}
    assert any(s.moved for s in stories)


def test_seeding_stores_the_history_with_statistics_that_agree_with_a_recount(
    seeded: seed.Seeded, settings: Settings, api: Api
) -> None:
    interviews = stored_interviews(settings)

    # Seven booked by HR, two who chose the group session, one still choosing, and the waitlist's
    # four: one holding the full slot's seat, three waiting for it.
    assert len(seeded.interviews) == 14 and len(seeded.history) == 40
    assert len(interviews) == 54
    history = [i for i in interviews if i.local_date < TODAY.isoformat()]
    assert Counter(i.status for i in history) == {
        "attended": 25,
        "no_show": 9,
        "cancelled": 4,
        "confirmed": 1,
        "scheduled": 1,
    }
    assert {i.mode for i in history} == {"notification", "invitation"}
    assert {counting.channel_of(i) for i in history} == {"email", "email+sms"}
    # Every counter equals what the stored interviews add up to.
    assert stored_counters(settings) == counting.total(interviews)

    for period, day in (("month", "2026-11-10"), ("month", "2026-10-30"), ("week", "2026-11-18")):
        response = api.get(f"/stats?period={period}&date={day}")
        assert response.status_code == 200
        shown = json.loads(response.body)
        expected = recount(interviews, shown["start"], shown["end"])
        assert {key: shown[key] for key in expected} == expected, (period, day)
        held = [i for i in interviews if shown["start"] <= i.local_date <= shown["end"]]
        counted = counting.total(held).get((periods.period_key(period, date.fromisoformat(day)), "all"), {})
        assert {key: shown[key] for key in figures.MAIN_COUNTERS} == {
            key: figures.summary(counted)[key] for key in figures.MAIN_COUNTERS
        }
    november = json.loads(api.get("/stats?period=month&date=2026-11-10").body)
    assert november["no_show"] >= 8 and sum(november["reasons"].values()) == november["no_show"]


def test_only_the_upcoming_interviews_notices_wait_in_the_outbox(
    seeded: seed.Seeded, resources: dict[str, str]
) -> None:
    queued = drain_outbox(resources)

    # All but the one held for its position's missing facts (the bounced one was sent already, and
    # its message on the outbox finds it sent: once-only).
    held = [i.interview_id for i in seeded.interviews if i.notice.status == "held"]
    assert len(held) == 1
    expected = sorted(
        i.interview_id for i in seeded.interviews if i.interview_id not in held and i.status != "choosing"
    )
    assert sorted(m["interview_id"] for m in queued if m["kind"] == "notice") == expected
    # The candidates asked to choose got that notice yesterday: its queued copy sends nothing again.
    chose = [m for m in queued if m["kind"] == "choose"]
    told = {i.interview_id for i in (*seeded_slots(seeded).booked, seeded_slots(seeded).choosing)}
    # The waitlist's candidates were asked to choose today: theirs wait to be sent.
    asked = {i.interview_id for i in seeded_waitlist(seeded).interviews}
    assert {m["interview_id"] for m in chose} == told | asked
    sent_before = len(sent_mail())
    again = [m for m in chose if m["interview_id"] in told]
    assert {deps.notice_delivery().deliver(m, now=deps.now()) for m in again} <= {"duplicate", "stale"}
    assert len(sent_mail()) == sent_before
    assert {m["kind"] for m in queued} == {"notice", "choose"}
    # The history's notices went out weeks ago in the story: none waits to be sent.
    assert {i.notice.status for i in seeded.history} <= {"delivered", "sent", "bounced", "failed"}


def seeded_slots(seeded: seed.Seeded) -> SeededSlots:
    assert seeded.slots is not None
    return seeded.slots


def seeded_waitlist(seeded: seed.Seeded) -> WaitlistSeeded:
    assert seeded.waitlist is not None
    return seeded.waitlist


def test_the_demo_has_open_slots_a_full_group_session_and_a_candidate_still_choosing(
    seeded: seed.Seeded, api: Api
) -> None:
    made = seeded_slots(seeded)
    listed = {
        role: json.loads(api.get(f"/positions/{seeded.positions[role].position_id}/slots").body)["slots"]
        for role in ("junior", "senior")
    }

    assert len(made.slots) == 5 and sum(s.seats_taken for s in made.slots) == 2
    # Open times on both roles over the coming days, each with a seat free.
    for role, slots in listed.items():
        assert [s for s in slots if s["open"] and s["seats_free"] > 0], role
        assert all(TODAY < date.fromisoformat(s["starts_at"][:10]) <= TODAY + timedelta(days=7) for s in slots)
    # The group session's seats were taken by the candidates who booked it, through the booking itself.
    [full] = [s for s in listed["junior"] if s["slot_id"] == made.full.slot_id]
    assert (full["slot_id"], full["seats"], full["seats_taken"], full["open"]) == (made.full.slot_id, 2, 2, True)
    for booked in made.booked:
        stored = json.loads(api.get(f"/interviews/{booked.interview_id}").body)
        assert (stored["status"], stored["slot_id"], stored["starts_at"]) == (
            "scheduled",
            full["slot_id"],
            full["starts_at"],
        )
        assert stored["address"] == f"{full['address']}, {full['room']}"
    # One candidate has not chosen yet, with open times left to choose from.
    choosing = json.loads(api.get(f"/interviews/{made.choosing.interview_id}").body)
    assert choosing["status"] == "choosing" and choosing["notice"]["status"] == "sent"
    assert deps.slot_bookings().open_slots(made.choosing, now=deps.now())
