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
from tests.support.api import Api
from tests.support.aws import drain_outbox, stored_counters, stored_interviews

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

    assert len(seeded.interviews) == 7 and len(seeded.history) == 40
    assert len(interviews) == 47
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
    expected = sorted(i.interview_id for i in seeded.interviews if i.interview_id not in held)
    assert sorted(m["interview_id"] for m in queued) == expected
    assert {m["kind"] for m in queued} == {"notice"}
    # The history's notices went out weeks ago in the story: none waits to be sent.
    assert {i.notice.status for i in seeded.history} <= {"delivered", "sent", "bounced", "failed"}
