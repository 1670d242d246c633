"""No-show risk as HR sees it: a probability with its level, factors and model, or why there is none."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.services.common.records import CallLog
from chalicelib.services.preparation.risk import Cutoffs, bands_observed, risk, shown_risk
from chalicelib.services.risk.factors import features, unreached_in_a_row
from chalicelib.services.risk.model import Model, logit
from chalicelib.services.risk.prior import PRIOR
from tests.support.builders import interview
from tests.support.clock import NOW

BEFORE_THE_INTERVIEW = NOW
AFTER_THE_START = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)

# The builder's interview is noticed on Friday 27 November and held on Thursday 3 December at 14:30:
# 6.2 days of lead time, 3.2 of them beyond the first three.


def call(reached: bool) -> CallLog:
    return CallLog(at="2026-11-28T02:00:00Z", reached=reached)


def forecast(level: str) -> dict[str, Any]:
    return {"risk": level, "date": "2026-12-03", "checked_at": "2026-11-26T23:00:00Z"}


def test_a_plain_scheduled_interview_nobody_has_reached_is_a_probability_to_call_about_fully_explained() -> None:
    result = risk(interview(), now=NOW)
    assert result == {
        "applies": True,
        "probability": 0.699,
        "level": "call",
        "factors": [{"name": "not_reached", "effect": 1.233}, {"name": "lead_days", "effect": 0.162}],
        "model": "prior-2026-12",
        "score": 70,
        "band": "high",
    }


def test_factors_come_largest_effect_first_and_add_up_to_the_probability() -> None:
    record = interview(status="confirmed", channels=["email", "sms"], weather=forecast("severe"))
    result = risk(record, now=NOW)
    effects = [f["effect"] for f in result["factors"]]
    assert effects == sorted(effects, key=abs, reverse=True)
    assert result["probability"] == pytest.approx(PRIOR.probability(features(record, now=NOW)), abs=0.001)


@pytest.mark.parametrize(
    ("probability", "level", "band"),
    [
        (0.01, "low", "low"),
        (0.29, "low", "low"),
        (0.31, "watch", "medium"),
        (0.49, "watch", "medium"),
        (0.51, "call", "high"),
    ],
)
def test_levels_come_from_the_cutoffs_and_each_level_keeps_its_band(probability: float, level: str, band: str) -> None:
    fixed = Model(version="fixed", intercept=logit(probability), weights={})
    result = risk(interview(), now=NOW, model=fixed)
    assert (result["probability"], result["level"], result["band"]) == (probability, level, band)
    assert result["score"] == round(probability * 100)


def test_the_cutoffs_themselves_are_watch_and_call() -> None:
    assert [Cutoffs().level(p).value for p in (0.30, 0.50)] == ["watch", "call"]


def test_cutoffs_are_configurable() -> None:
    strict = Cutoffs(watch_at=0.1, call_at=0.2)
    assert risk(interview(status="confirmed"), now=NOW, cutoffs=strict)["level"] == "call"
    assert risk(interview(status="confirmed"), now=NOW)["level"] == "low"


def test_the_model_is_an_argument_and_the_prior_the_default() -> None:
    promoted = Model(version="fit-2027-01-05", intercept=-2.0, weights={"not_reached": 0.5}, outcomes=400)
    result = shown_risk(interview(), now=NOW, model=promoted)
    assert result["applies"] is True
    assert result["model"] == "fit-2027-01-05"
    assert result["factors"] == [{"name": "not_reached", "effect": 0.5}]
    assert shown_risk(interview(), now=NOW)["model"] == "prior-2026-12"  # type: ignore[typeddict-item]


def test_what_happened_after_now_does_not_count() -> None:
    later_call = {"at": "2026-11-30T02:00:00Z", "reached": True, "intent": "low", "attendance": "no"}
    record = interview(calls=[later_call])
    assert "attendance_no" not in features(record, now=NOW)
    assert "not_reached" in features(record, now=NOW)
    assert "attendance_no" in features(record, now=datetime(2026, 12, 1, tzinfo=UTC))


def test_the_latest_answer_to_each_commitment_counts_and_earlier_ones_stay_known() -> None:
    calls = [
        {"at": "2026-11-25T02:00:00Z", "reached": True, "intent": "medium", "commitments": {"venue_clear": "no"}},
        {"at": "2026-11-26T02:00:00Z", "reached": True, "intent": "high", "commitments": {"call_before": "yes"}},
        {"at": "2026-11-26T04:00:00Z", "reached": True, "intent": "high", "commitments": {"venue_clear": "yes"}},
    ]
    found = features(interview(calls=calls), now=NOW)
    assert {"venue_clear_yes", "call_before_yes", "intent_high"} <= set(found)
    assert "venue_clear_no" not in found


def test_a_closed_interview_keeps_the_candidates_answer_for_learning() -> None:
    no_show = {"outcome": "no_show", "at": "2026-12-03T08:00:00Z", "reason": "personal", "answer": "confirmed"}
    assert "confirmed" in features(interview(status="no_show", outcome=no_show), now=AFTER_THE_START)


def test_an_unknown_forecast_moves_nothing() -> None:
    unknown = forecast("unknown") | {"unknown_reason": "out_of_range"}
    assert features(interview(weather=unknown), now=NOW) == features(interview(), now=NOW)


def test_a_decline_is_all_but_certain_no_show() -> None:
    result = risk(interview(status="declined", intent="high"), now=NOW)
    assert result["probability"] >= 0.98
    assert (result["level"], result["band"]) == ("call", "high")


def test_unanswered_calls_in_a_row_reset_when_one_reaches_them() -> None:
    assert unreached_in_a_row([call(False), call(False)]) == 2
    assert unreached_in_a_row([call(False), call(False), call(True)]) == 0
    assert unreached_in_a_row([call(True), call(False)]) == 1


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
    promoted = Model(version="fit", intercept=0.0, weights={})
    assert shown_risk(interview(**overrides), now=now, model=promoted) == {"applies": False, "reason": reason}


@pytest.mark.parametrize("status", ["scheduled", "confirmed", "reschedule_requested"])
def test_an_interview_still_ahead_carries_its_risk(status: str) -> None:
    shown = shown_risk(interview(status=status), now=BEFORE_THE_INTERVIEW)
    assert shown == risk(interview(status=status), now=BEFORE_THE_INTERVIEW)
    assert shown["applies"] is True


def test_bands_observed_reports_the_no_show_rate_per_band() -> None:
    pairs = [("low", False), ("low", False), ("low", True), ("low", False), ("high", True), ("high", False)]
    assert bands_observed(pairs) == {
        "low": {"interviews": 4, "no_shows": 1, "rate": 0.25},
        "medium": {"interviews": 0, "no_shows": 0, "rate": None},
        "high": {"interviews": 2, "no_shows": 1, "rate": 0.5},
    }
