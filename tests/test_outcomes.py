"""Recording what happened at an interview: attended, no-show and why, cancelled, rescheduled, and corrections."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest

from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.services.common.records import Interview
from chalicelib.services.statistics import counting, figures
from chalicelib.services.statistics.outcomes import OutcomeIn, OutcomeService
from chalicelib.settings import Settings
from chalicelib.store.codec import plain
from chalicelib.store.interviews import InterviewRepository, StaleInterview
from chalicelib.validation import parse
from tests.support.aws import drain_outbox, send_outbox
from tests.support.clock import at
from tests.support.statistics import Desk, counted, desk, reader

__all__ = ["counted", "desk"]


def outbox_kinds(resources: dict[str, str]) -> list[str]:
    return [message["kind"] for message in drain_outbox(resources)]


@pytest.fixture
def booked(desk: Desk) -> str:
    """An interview on Tuesday 1 December 2026, 10:00 in Shanghai."""
    return desk.book(desk.position(), "2026-12-01T10:00")


def stored(desk: Desk, interview_id: str) -> dict[str, Any]:
    """The interview as stored, in the shape of its item."""
    found = desk.repository.get(interview_id)
    assert found is not None
    return dict(plain(found))


# ---------- The request ----------


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"outcome": "no_show"}, "reason", "reason_required"),
        ({"outcome": "attended", "reason": "personal"}, "reason", "reason_only_for_no_show"),
        ({"outcome": "cancelled", "reason": "unknown"}, "reason", "reason_only_for_no_show"),
        ({"outcome": "no_show", "reason": "overslept"}, "reason", "invalid_choice"),
        ({"outcome": "vanished"}, "outcome", "invalid_choice"),
        ({}, "outcome", "required"),
        ({"outcome": "attended", "note": "late"}, "note", "unknown_field"),
        ({"outcome": 1}, "outcome", "invalid_choice"),
    ],
)
def test_a_bad_outcome_request_names_the_field(body: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(BadRequest) as refused:
        parse(OutcomeIn, json.dumps(body))
    assert refused.value.body()["codes"] == {field: code}
    assert refused.value.fields[field][:1].isupper()


def test_a_no_show_reason_must_be_one_hr_knows() -> None:
    request = parse(OutcomeIn, json.dumps({"outcome": "no_show", "reason": "weather_or_traffic"}))
    assert (request.outcome, request.reason) == ("no_show", "weather_or_traffic")


# ---------- Recording ----------


def test_a_no_show_records_status_reason_time_answer_and_risk_band(desk: Desk, booked: str) -> None:
    recorded = desk.outcome(booked, "no_show", "2026-12-01T10:30", "better_offer")

    assert recorded["status"] == "no_show"
    assert recorded["outcome"] == {
        "outcome": "no_show",
        "reason": "better_offer",
        "at": "2026-12-01T02:30:00Z",
        "answer": "",
    }
    assert recorded["risk_at_outcome"] in counting.BANDS
    assert stored(desk, booked)["outcome"] == recorded["outcome"]


def test_attended_or_no_show_before_the_start_is_a_conflict_and_writes_nothing(
    desk: Desk, booked: str, settings: Settings
) -> None:
    before = stored(desk, booked)
    for outcome, reason in (("attended", None), ("no_show", "personal")):
        with pytest.raises(Conflict) as refused:
            desk.outcome(booked, outcome, "2026-12-01T09:59", reason)
        assert refused.value.fields == {"outcome": "The interview has not started yet."}
    assert stored(desk, booked) == before
    assert figures.read("day", date(2026, 12, 1), stats=reader(settings))["attended"] == 0


def test_a_cancelled_interview_takes_no_other_outcome(desk: Desk, booked: str) -> None:
    desk.cancel(booked, "2026-11-28T10:00")
    for outcome, reason in (("attended", None), ("no_show", "unknown"), ("rescheduled", None)):
        with pytest.raises(Conflict, match="cancelled"):
            desk.outcome(booked, outcome, "2026-12-01T11:00", reason)
    assert stored(desk, booked)["status"] == "cancelled"


def test_recording_cancelled_for_a_cancelled_interview_is_harmless_and_written_once(desk: Desk, booked: str) -> None:
    desk.cancel(booked, "2026-11-28T10:00")
    first = desk.outcome(booked, "cancelled", "2026-11-28T11:00")
    again = desk.outcome(booked, "cancelled", "2026-11-28T12:00")

    assert first["outcome"]["outcome"] == "cancelled"
    assert again["revision"] == first["revision"]
    assert stored(desk, booked)["outcome"]["at"] == "2026-11-28T03:00:00Z"


def test_cancelled_before_the_start_cancels_properly_so_the_candidate_is_told(
    desk: Desk, booked: str, resources: dict[str, str]
) -> None:
    send_outbox(resources)  # the notice went out when it was booked

    recorded = desk.outcome(booked, "cancelled", "2026-11-30T09:00")

    assert recorded["status"] == "cancelled"
    assert recorded["version"] == 2  # older candidate links stop working
    assert recorded["outcome"]["outcome"] == "cancelled"
    assert outbox_kinds(resources) == ["cancel"]


def test_cancelled_after_the_start_is_history_and_tells_nobody(
    desk: Desk, booked: str, resources: dict[str, str]
) -> None:
    outbox_kinds(resources)

    recorded = desk.outcome(booked, "cancelled", "2026-12-01T12:00")

    assert (recorded["status"], recorded["version"]) == ("cancelled", 1)
    assert outbox_kinds(resources) == []


def test_repeating_an_outcome_writes_nothing(desk: Desk, booked: str) -> None:
    first = desk.outcome(booked, "no_show", "2026-12-01T11:00", "personal")
    again = desk.outcome(booked, "no_show", "2026-12-01T12:00", "personal")
    assert again["revision"] == first["revision"]
    assert again["outcome"]["at"] == first["outcome"]["at"]


def test_a_corrected_reason_replaces_the_old_one(desk: Desk, booked: str, settings: Settings) -> None:
    desk.outcome(booked, "no_show", "2026-12-01T11:00", "personal")
    desk.outcome(booked, "no_show", "2026-12-01T12:00", "found_job")

    reasons = figures.read("day", date(2026, 12, 1), stats=reader(settings))["reasons"]
    assert (reasons["personal"], reasons["found_job"]) == (0, 1)


def test_a_correction_keeps_the_risk_band_and_answer_recorded_first(desk: Desk, booked: str) -> None:
    from chalicelib.services.notices.responses import Action

    desk.answer(booked, Action.CONFIRM, "2026-11-30T10:00")
    attended = desk.outcome(booked, "attended", "2026-12-01T11:00")
    # Something that would move the risk now (a bounce) must not rewrite what was predicted before.
    desk.bounced(booked, "2026-12-01T11:30")

    corrected = desk.outcome(booked, "no_show", "2026-12-01T12:00", "personal")

    assert attended["outcome"]["answer"] == "confirmed"
    assert corrected["outcome"]["answer"] == "confirmed"
    assert corrected["risk_at_outcome"] == attended["risk_at_outcome"]


def test_a_held_outcome_keeps_the_probability_as_of_the_start_and_the_model_that_gave_it(
    desk: Desk, booked: str
) -> None:
    from chalicelib.services.preparation.risk import risk
    from chalicelib.services.risk.prior import PRIOR

    start = at("2026-12-01T10:00")
    foreseen = risk(desk.repository.get(booked) or pytest.fail(booked), now=start)["probability"]
    # A bounce after the start is not what anyone could have foreseen: it stays out.
    desk.repository.update(
        booked, lambda i: dataclasses.replace(i, email_bounced=True, email_bounced_at="2026-12-01T02:30:00Z")
    )

    recorded = desk.outcome(booked, "no_show", "2026-12-01T11:00", "personal")

    bounced = risk(desk.repository.get(booked) or pytest.fail(booked), now=at("2026-12-01T11:00"))["probability"]
    assert (recorded["probability_at_outcome"], recorded["model_at_outcome"]) == (foreseen, PRIOR.version)
    assert bounced > foreseen


def test_a_corrected_outcome_keeps_the_probability_recorded_first(desk: Desk, booked: str, settings: Settings) -> None:
    from chalicelib.services.risk.model import Model
    from chalicelib.services.statistics import calibration

    attended = desk.outcome(booked, "attended", "2026-12-01T11:00")
    # A model promoted in between must not rewrite what was predicted.
    promoted = Model("fit-2026-12-01-400", -2.0, {}, 400)
    desk.outcomes = OutcomeService(interviews=desk.repository, risk_model=promoted)

    corrected = desk.outcome(booked, "no_show", "2026-12-01T12:00", "personal")

    assert attended["model_at_outcome"] != promoted.version
    assert (corrected["probability_at_outcome"], corrected["model_at_outcome"]) == (
        attended["probability_at_outcome"],
        attended["model_at_outcome"],
    )
    # The calibration counts the interview once, as the no-show it turned out to be.
    found = calibration.read(date(2026, 12, 1), stats=reader(settings))
    assert (found["outcomes"], found["no_shows"]) == (1, 1)


def test_rescheduled_means_the_candidate_asked_to_move_it(desk: Desk, booked: str, settings: Settings) -> None:
    recorded = desk.outcome(booked, "rescheduled", "2026-11-30T18:00")

    assert recorded["status"] == "reschedule_requested"
    day = figures.read("day", date(2026, 12, 1), stats=reader(settings))
    assert (day["rescheduled"], day["attended"], day["no_show"]) == (1, 0, 0)
    # HR then moves it as usual.
    desk.reschedule(booked, "2026-12-08T10:00", "2026-11-30T18:05")
    moved = stored(desk, booked)
    assert (moved["status"], moved["local_date"]) == ("scheduled", "2026-12-08")


def test_an_unknown_interview_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFound):
        desk.outcome("int_missing", "attended", "2026-12-01T11:00")


class Busy(InterviewRepository):
    """An interview repository where someone else writes just before each of our first ``times`` writes."""

    def __init__(self, inner: InterviewRepository, times: int) -> None:
        self._inner = inner
        self.times = times

    def get(self, interview_id: str) -> Interview | None:
        return self._inner.get(interview_id)

    def replace(self, interview: Interview, *, expected_revision: int, before: Interview | None = None) -> Interview:
        if self.times:
            self.times -= 1
            current = self._inner.get(interview.interview_id)
            assert current is not None
            other = dataclasses.replace(current, updated_at="someone else")
            self._inner.replace(other, expected_revision=current.revision)
        return self._inner.replace(interview, expected_revision=expected_revision, before=before)


def test_a_concurrent_write_is_retried_on_a_fresh_copy(desk: Desk, booked: str) -> None:
    service = OutcomeService(interviews=Busy(desk.repository, times=1))
    recorded = service.record(booked, OutcomeIn(outcome="attended"), now=at("2026-12-01T11:00"))  # type: ignore[arg-type]
    assert stored(desk, booked)["status"] == recorded.status == "attended"


def test_an_interview_that_keeps_changing_is_a_conflict(desk: Desk, booked: str) -> None:
    service = OutcomeService(interviews=Busy(desk.repository, times=5))
    with pytest.raises(Conflict, match="changed meanwhile"):
        service.record(booked, OutcomeIn(outcome="attended"), now=at("2026-12-01T11:00"))  # type: ignore[arg-type]
    assert stored(desk, booked)["status"] == "scheduled"


def test_stale_interview_is_what_the_repository_raises_for_a_lost_race(desk: Desk, booked: str) -> None:
    # The retry above relies on this: a write on an old revision is refused, not applied.
    current = desk.repository.get(booked)
    assert current is not None
    desk.repository.replace(dataclasses.replace(current, updated_at="first"), expected_revision=current.revision)
    with pytest.raises(StaleInterview):
        desk.repository.replace(dataclasses.replace(current, updated_at="second"), expected_revision=current.revision)
