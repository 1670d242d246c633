"""The no-show model end to end: outcomes recorded through the API, learned at night, calibrated, shown."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.localdev import invoke
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.risk.prior import PRIOR
from tests.support import Override
from tests.support.api import Api, body_of, create_position, schedule
from tests.support.clock import at
from tests.support.stream import drain_stream

FIRST_DAY = date(2026, 12, 1)
PER_DAY = 5
# Evening of Friday 11 December: every interview of the history has been held.
RECORDED = at("2026-12-11T20:00")
# 03:00 on Saturday 12 December in Shanghai, after the learning hour (02:00).
LEARNING = at("2026-12-12T03:00")
CANDIDATE = {"name": "Li Si", "email": "li.si@example.com", "language": "zh-CN"}


def book_history(api: Api, count: int) -> list[str]:
    """``count`` interviews, five a day from 1 December at 09:00, 10:00, ..., booked through the API."""
    position_id = create_position(api)["position_id"]
    booked = []
    for n in range(count):
        day = FIRST_DAY + timedelta(days=n // PER_DAY)
        candidate = {"name": f"Candidate {n}", "email": f"candidate.{n}@example.com", "language": "zh-CN"}
        created = schedule(api, position_id, starts_at=f"{day}T{9 + n % PER_DAY:02d}:00", candidate=candidate)
        booked.append(created["interview_id"])
    return booked


def record(api: Api, interview_id: str, no_show: bool) -> dict[str, Any]:
    body = {"outcome": "no_show", "reason": "personal"} if no_show else {"outcome": "attended"}
    response = api.post(f"/interviews/{interview_id}/outcome", body)
    assert response.status_code == 200, response.body
    recorded: dict[str, Any] = body_of(response)
    return recorded


def learn_at_night(api: Api) -> dict[str, Any]:
    """The learning job, run as EventBridge runs it at the learning hour."""
    event = api.client.events.generate_cw_event(
        source="aws.events",
        detail_type="Scheduled Event",
        detail={},
        resources=[f"arn:aws:events:{invoke.region()}:{invoke.ACCOUNT_ID}:rule/learn_no_show_model"],
        region=invoke.region(),
    )
    event["time"] = iso_utc(LEARNING)
    summary: dict[str, Any] = api.client.lambda_.invoke("learn_no_show_model", event).payload
    return summary


def moved_to(override: Override, moment: datetime) -> None:
    override(now=lambda: moment)


def test_fifty_outcomes_are_calibrated_learned_and_the_promoted_model_gives_the_risk(
    api: Api, override: Override
) -> None:
    history = book_history(api, 50)
    later = create_position(api)["position_id"]
    upcoming = schedule(api, later, starts_at="2026-12-15T10:00")["interview_id"]
    held_after = schedule(api, later, starts_at="2026-12-12T10:00", candidate=CANDIDATE)["interview_id"]
    moved_to(override, RECORDED)
    # One no-show in ten, none in the last two days: far fewer than the prior foresees.
    recorded = [record(api, interview_id, no_show=n in (2, 13, 24, 35, 36)) for n, interview_id in enumerate(history)]
    drain_stream()

    calibration = body_of(api.get("/stats/calibration?date=2026-12-11&lang=en"))
    moved_to(override, LEARNING)
    summary = learn_at_night(api)
    risk = body_of(api.get(f"/interviews/{upcoming}"))["risk"]
    after = body_of(api.get("/stats/calibration?date=2026-12-11&lang=en"))
    moved_to(override, at("2026-12-12T12:00"))
    held = record(api, held_after, no_show=False)

    assert {r["model_at_outcome"] for r in recorded} == {PRIOR.version}
    assert all(0 < r["probability_at_outcome"] < 1 for r in recorded)
    assert (calibration["outcomes"], calibration["no_shows"]) == (50, 5)
    assert 0 < calibration["brier"] < 1
    assert sum(d["count"] for d in calibration["deciles"]) == 50
    assert calibration["promoted_model"] is None
    assert (summary["outcomes"], summary["promoted"], summary["model"]) == (50, True, "fit-2026-12-12-50")
    assert summary["brier"] <= summary["prior_brier"]
    assert risk["model"] == "fit-2026-12-12-50"
    assert after["promoted_model"]["version"] == "fit-2026-12-12-50"
    assert held["model_at_outcome"] == "fit-2026-12-12-50"


def test_with_few_outcomes_the_prior_stays_and_the_night_says_why(api: Api, override: Override) -> None:
    history = book_history(api, 5)
    upcoming = schedule(api, create_position(api)["position_id"], starts_at="2026-12-15T10:00")["interview_id"]
    moved_to(override, RECORDED)
    for n, interview_id in enumerate(history):
        record(api, interview_id, no_show=n == 0)
    drain_stream()

    moved_to(override, LEARNING)
    summary = learn_at_night(api)
    risk = body_of(api.get(f"/interviews/{upcoming}"))["risk"]
    calibration = body_of(api.get("/stats/calibration?date=2026-12-11&lang=en"))

    assert (summary["outcomes"], summary["promoted"], summary["reason"]) == (5, False, "too_few_outcomes")
    assert summary["model"] == PRIOR.version
    assert risk["model"] == PRIOR.version
    assert (calibration["outcomes"], calibration["no_shows"], calibration["promoted_model"]) == (5, 1, None)
    assert calibration["brier"] is not None and calibration["deciles"]
