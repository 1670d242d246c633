"""No-show risk: each factor's points, the bands, and observed no-show rates per band."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.services.common.records import CallLog, Interview
from chalicelib.services.preparation.risk import band, bands_observed, risk, shown_risk, unreached_in_a_row
from tests.support.builders import interview
from tests.support.clock import NOW

BEFORE_THE_INTERVIEW = NOW
AFTER_THE_START = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)

# The builder's interview is noticed on Friday 27 November and held on Thursday 3 December:
# 6.2 days of lead time.


def call(reached: bool) -> CallLog:
    return CallLog(at="2026-11-28T02:00:00Z", reached=reached)


def forecast(level: str) -> dict[str, Any]:
    return {"risk": level, "date": "2026-12-03", "checked_at": "2026-12-01T23:00:00Z"}


def points(record: Interview, factor: str) -> int:
    return next(f["points"] for f in risk(record, now=NOW)["factors"] if f["factor"] == factor)


def score(record: Interview) -> int:
    return risk(record, now=NOW)["score"]


def test_a_plain_scheduled_interview_is_low_risk_and_fully_explained() -> None:
    result = risk(interview(), now=NOW)
    assert result == {
        "applies": True,
        "score": 25,
        "band": "low",
        "factors": [
            {"factor": "base", "points": 10, "why": "some candidates miss any interview"},
            {"factor": "match", "points": 0, "why": "no match score on record"},
            {"factor": "intent", "points": 5, "why": "not reached on the phone yet"},
            {"factor": "unreached_calls", "points": 0, "why": "0 unanswered call(s) in a row"},
            {"factor": "lead_time", "points": 10, "why": "6.2 days from notice to interview"},
            {"factor": "confirmation", "points": 0, "why": "not confirmed yet"},
            {"factor": "weather", "points": 0, "why": "no weather warning"},
            {"factor": "email_bounced", "points": 0, "why": "no bounce reported"},
        ],
    }


def test_a_poor_match_adds_up_to_thirty_points() -> None:
    assert points(interview(match={"score": 40}), "match") == 18
    assert points(interview(match={"score": 100}), "match") == 0
    assert points(interview(match={"score": 0}), "match") == 30


@pytest.mark.parametrize(("intent", "expected"), [("high", -10), ("medium", 10), ("low", 30)])
def test_intent_heard_on_the_call(intent: str, expected: int) -> None:
    assert points(interview(intent=intent), "intent") == expected


def test_low_intent_makes_a_plain_interview_medium_risk() -> None:
    assert risk(interview(intent="low"), now=NOW)["band"] == "medium"


def test_two_unanswered_calls_in_a_row_add_points_and_an_answer_resets_them() -> None:
    missed = [call(False), call(False)]
    assert points(interview(calls=missed), "unreached_calls") == 15
    assert points(interview(calls=[*missed, call(True)]), "unreached_calls") == 0
    assert unreached_in_a_row([call(True), call(False)]) == 1


@pytest.mark.parametrize(
    ("created_at", "expected"),
    [("2026-12-01T06:30:00Z", 0), ("2026-11-27T01:00:00Z", 10), ("2026-11-20T01:00:00Z", 20)],
    ids=["two days", "six days", "thirteen days"],
)
def test_a_long_lead_time_raises_the_risk(created_at: str, expected: int) -> None:
    assert points(interview(created_at=created_at), "lead_time") == expected


def test_lead_time_counts_from_when_a_held_notice_was_sent() -> None:
    record = interview(created_at="2026-11-20T01:00:00Z", notice={"status": "sent", "sent_at": "2026-12-01T01:00:00Z"})
    assert points(record, "lead_time") == 0


def test_confirmation_lowers_the_risk_a_lot() -> None:
    assert score(interview(status="confirmed", intent="low")) == score(interview(intent="low")) - 30


def test_a_decline_is_certain_no_show() -> None:
    result = risk(interview(status="declined", intent="high"), now=NOW)
    assert result["score"] == 100
    assert result["band"] == "high"


@pytest.mark.parametrize(
    ("overrides", "now", "reason"),
    [
        ({"status": "declined", "intent": "low"}, BEFORE_THE_INTERVIEW, "declined"),
        ({"status": "cancelled"}, BEFORE_THE_INTERVIEW, "cancelled"),
        ({}, AFTER_THE_START, "past"),
        ({"status": "confirmed"}, AFTER_THE_START, "past"),
        (
            {"status": "attended", "outcome": {"outcome": "attended", "at": "2026-12-03T08:00:00Z"}},
            AFTER_THE_START,
            "past",
        ),
        # An outcome recorded early (HR knows already) closes the interview before its start.
        (
            {"status": "no_show", "outcome": {"outcome": "no_show", "at": "2026-11-26T08:00:00Z"}},
            BEFORE_THE_INTERVIEW,
            "past",
        ),
    ],
    ids=["declined", "cancelled", "started", "confirmed and started", "attended", "outcome before the start"],
)
def test_declined_cancelled_and_past_interviews_carry_no_risk(
    overrides: dict[str, Any], now: datetime, reason: str
) -> None:
    assert shown_risk(interview(**overrides), now=now) == {"applies": False, "reason": reason}


@pytest.mark.parametrize("status", ["scheduled", "confirmed", "reschedule_requested"])
def test_an_interview_still_ahead_carries_its_risk(status: str) -> None:
    shown = shown_risk(interview(status=status), now=BEFORE_THE_INTERVIEW)
    assert shown == risk(interview(status=status), now=BEFORE_THE_INTERVIEW)
    assert shown["applies"] is True


def test_an_unknown_forecast_reads_as_unknown_with_its_reason_not_as_calm() -> None:
    unknown = forecast("unknown") | {"unknown_reason": "out_of_range"}
    assert next(f for f in risk(interview(weather=unknown), now=NOW)["factors"] if f["factor"] == "weather") == {
        "factor": "weather",
        "points": 0,
        "why": "weather unknown: beyond the 16-day forecast",
    }
    older = forecast("unknown")
    assert "weather unknown: the weather service was unavailable" in [
        f["why"] for f in risk(interview(weather=older), now=NOW)["factors"]
    ]


def test_reschedule_request_adds_some_risk() -> None:
    assert points(interview(status="reschedule_requested"), "confirmation") == 10


@pytest.mark.parametrize(("level", "expected"), [("severe", 25), ("caution", 10), ("clear", 0)])
def test_weather_risk(level: str, expected: int) -> None:
    assert points(interview(weather=forecast(level)), "weather") == expected


def test_a_bounced_email_adds_points() -> None:
    assert points(interview(email_bounced=True), "email_bounced") == 25


def test_score_stays_within_0_and_100() -> None:
    worst = interview(
        match={"score": 0},
        intent="low",
        calls=[call(False)] * 2,
        created_at="2026-11-01T00:00:00Z",
        weather=forecast("severe"),
        email_bounced=True,
    )
    assert score(worst) == 100
    assert score(interview(status="confirmed", intent="high", created_at="2026-12-02T00:00:00Z")) == 0


@pytest.mark.parametrize(("value", "expected"), [(0, "low"), (29, "low"), (30, "medium"), (59, "medium"), (60, "high")])
def test_bands(value: int, expected: str) -> None:
    assert band(value) == expected


def test_bands_observed_reports_the_no_show_rate_per_band() -> None:
    pairs = [("low", False), ("low", False), ("low", True), ("low", False), ("high", True), ("high", False)]
    assert bands_observed(pairs) == {
        "low": {"interviews": 4, "no_shows": 1, "rate": 0.25},
        "medium": {"interviews": 0, "no_shows": 0, "rate": None},
        "high": {"interviews": 2, "no_shows": 1, "rate": 0.5},
    }
