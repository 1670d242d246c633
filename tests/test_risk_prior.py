"""The prior: it reproduces the published rates, and each factor moves the probability the documented way."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.services.common.records import Interview
from chalicelib.services.risk.factors import features
from chalicelib.services.risk.model import logit, sigmoid
from chalicelib.services.risk.prior import PRIOR, WEIGHTS
from chalicelib.vocabulary import Commitment, RiskFactor
from tests.support.builders import candidate, interview
from tests.support.clock import NOW

UP, DOWN = 1, -1


def called(**call: Any) -> Interview:
    """The builder's interview after one call that reached the candidate, who sounded polite but unsure."""
    return interview(calls=[{"at": "2026-11-26T02:00:00Z", "reached": True, "intent": "medium", **call}])


def unreached() -> dict[str, Any]:
    return {"at": "2026-11-26T03:00:00Z", "reached": False}


def noticed_two_days_ahead() -> Interview:
    return interview(created_at="2026-12-01T06:30:00Z")


@pytest.mark.parametrize(("answer", "published"), [("yes", 0.26), ("unsure", 0.50), ("no", 0.99)])
def test_the_prior_alone_gives_the_published_no_show_rate_for_each_answer_on_the_call(
    answer: str, published: float
) -> None:
    assert PRIOR.probability({f"attendance_{answer}": 1.0}) == pytest.approx(published, abs=0.02)
    # Said on a real call (heard as polite but unsure), noticed two days ahead, by email: nothing else moves it.
    record = interview(
        created_at="2026-12-01T06:30:00Z",
        calls=[{"at": "2026-11-26T02:00:00Z", "reached": True, "intent": "medium", "attendance": answer}],
    )
    assert PRIOR.probability(features(record, now=NOW)) == pytest.approx(published, abs=0.02)


def test_the_prior_starts_from_the_studys_overall_rate_and_its_sources_shifts() -> None:
    assert PRIOR.probability({}) == pytest.approx(0.365, abs=0.02)
    assert PRIOR.version == "prior-2026-12"
    assert PRIOR.outcomes == 0
    # Cochrane 2013: SMS reminders take no-shows from 32 % to 21 %.
    assert sigmoid(logit(0.32) + PRIOR.weights["sms"]) == pytest.approx(0.21, abs=0.02)
    # gencat: a call cuts non-attendance by 39-51 %; nobody has heard from the candidate yet.
    uncalled = PRIOR.probability({"not_reached": 1.0})
    assert 1 - 0.51 <= 0.365 / uncalled <= 1 - 0.39


def test_every_factor_has_a_weight_and_a_label_and_nothing_else_does() -> None:
    assert set(PRIOR.weights) == {factor.value for factor in RiskFactor}
    assert set(WEIGHTS) == set(RiskFactor)


def _cases() -> list[Any]:
    commitments = [
        pytest.param(called(), called(commitments={q.value: a}), f"{q.value}_{a}", d, id=f"{q.value}_{a}")
        for q in Commitment
        for a, d in (("yes", DOWN), ("no", UP))
    ]
    severe, caution = (
        {"risk": level, "date": "2026-12-03", "checked_at": "2026-11-26T23:00:00Z"} for level in ("severe", "caution")
    )
    asked_to_move = {"action": "reschedule", "reason": "", "at": "2026-11-26T05:00:00Z"}
    matched = {"score": 100}
    return [
        pytest.param(called(), called(intent="high"), "intent_high", DOWN, id="intent_high"),
        pytest.param(called(), called(intent="low"), "intent_low", UP, id="intent_low"),
        pytest.param(called(), interview(), "not_reached", UP, id="not_reached"),
        pytest.param(
            called(),
            interview(calls=[*called().calls, unreached(), unreached()]),
            "unreached_calls",
            UP,
            id="unreached_calls",
        ),
        pytest.param(called(), called(attendance="yes"), "attendance_yes", DOWN, id="attendance_yes"),
        pytest.param(called(), called(attendance="unsure"), "attendance_unsure", UP, id="attendance_unsure"),
        pytest.param(called(), called(attendance="no"), "attendance_no", UP, id="attendance_no"),
        *commitments,
        pytest.param(interview(), interview(status="confirmed"), "confirmed", DOWN, id="confirmed"),
        pytest.param(interview(), interview(status="declined"), "declined", UP, id="declined"),
        pytest.param(
            interview(),
            interview(status="reschedule_requested", candidate_response=asked_to_move),
            "reschedule_asked",
            UP,
            id="reschedule_asked",
        ),
        pytest.param(interview(), interview(version=2), "moves", UP, id="moves"),
        pytest.param(interview(), interview(email_bounced=True), "email_bounced", UP, id="email_bounced"),
        pytest.param(
            noticed_two_days_ahead(), interview(created_at="2026-11-13T01:00:00Z"), "lead_days", UP, id="lead_days"
        ),
        pytest.param(interview(), interview(weather=caution), "weather_caution", UP, id="weather_caution"),
        pytest.param(interview(), interview(weather=severe), "weather_severe", UP, id="weather_severe"),
        pytest.param(interview(match=matched), interview(match={"score": 40}), "match_shortfall", UP, id="match"),
        pytest.param(
            interview(match=matched),
            interview(match={**matched, "salary_gap": 6000}, candidate=candidate(expected_salary=30000)),
            "salary_gap",
            UP,
            id="salary_gap",
        ),
        pytest.param(interview(), interview(mode="invitation"), "invitation", UP, id="invitation"),
        pytest.param(interview(), interview(channels=["email", "sms"]), "sms", DOWN, id="sms"),
        pytest.param(interview(), interview(starts_at="2026-12-03T09:00"), "early_start", UP, id="early_start"),
        pytest.param(interview(), interview(starts_at="2026-12-03T18:00"), "late_start", UP, id="late_start"),
    ]


@pytest.mark.parametrize(("before", "after", "factor", "direction"), _cases())
def test_each_factor_moves_the_probability_in_its_documented_direction(
    before: Interview, after: Interview, factor: str, direction: int
) -> None:
    was, now = features(before, now=NOW), features(after, now=NOW)
    assert factor not in was and factor in now
    moved = PRIOR.probability(now) - PRIOR.probability(was)
    assert moved * direction > 0
    assert PRIOR.weights[factor] * direction > 0


def test_every_factor_the_cases_cover_is_every_factor_there_is() -> None:
    assert {case.values[2] for case in _cases()} | {"intent_medium"} == {factor.value for factor in RiskFactor}


def test_heard_as_polite_but_unsure_is_the_neutral_intent() -> None:
    assert PRIOR.weights["intent_medium"] == 0.0
