"""What happened at the interview, as HR records it: attended, no-show (and why), cancelled, rescheduled.

The outcome is written onto the interview (``outcome: {outcome, reason, at, answer}``) with the
matching status; the statistics counters move in the same write (``statistics.counting``), so a
corrected outcome (attended, then no-show) moves its counts from the old outcome to the new one.

- ``attended`` / ``no_show`` only once the interview has started; ``no_show`` needs a reason.
- ``cancelled`` before the start goes through the normal cancellation, so the candidate is told
  and their links stop working; after the start it is recorded as history only.
- ``rescheduled``: the candidate asked to move it; the status becomes ``reschedule_requested`` and
  HR moves it with ``POST /interviews/{id}/reschedule``.
- A cancelled interview takes no other outcome (409); repeating an outcome changes nothing.

The no-show risk band is stored with the first attended / no-show outcome (``risk_at_outcome``):
risk depends on the moment it is computed, so the band HR saw before the interview is the one
checked against what happened (``risk_bands`` in the statistics). With it go the no-show probability
as the interview stood at its start, by the model in force, and that model's version
(``probability_at_outcome``, ``model_at_outcome``): the calibration counters read them. A corrected
outcome keeps the first probability: it was the prediction, and a model promoted in between must
not rewrite it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from datetime import datetime

from pydantic import BaseModel, ConfigDict, model_validator

from chalicelib.errors import Conflict, FieldError, NotFound
from chalicelib.models import InterviewStatus, NoShowReason, Outcome
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview, RecordedOutcome
from chalicelib.services.preparation.risk import CUTOFFS, Cutoffs, risk
from chalicelib.services.risk.model import Model
from chalicelib.services.risk.prior import PRIOR
from chalicelib.services.statistics.counting import answer
from chalicelib.store.interviews import InterviewRepository

STATUS_AFTER = {
    Outcome.ATTENDED: InterviewStatus.ATTENDED,
    Outcome.NO_SHOW: InterviewStatus.NO_SHOW,
    Outcome.CANCELLED: InterviewStatus.CANCELLED,
    Outcome.RESCHEDULED: InterviewStatus.RESCHEDULE_REQUESTED,
}
_HELD = frozenset({Outcome.ATTENDED, Outcome.NO_SHOW})
_FINISHED = frozenset({InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})
_CLOSED = _FINISHED | {InterviewStatus.CANCELLED}

# cancel(interview_id, now) -> the cancelled interview (InterviewService.cancel: tells the candidate).
Cancel = Callable[[str, datetime], Interview]


class OutcomeIn(BaseModel):
    """``POST /interviews/{id}/outcome``: ``{outcome, reason?}``; a reason only for a no-show."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outcome: Outcome
    reason: NoShowReason | None = None

    @model_validator(mode="after")
    def _reason_for_no_show(self) -> OutcomeIn:
        if self.outcome == Outcome.NO_SHOW and self.reason is None:
            raise FieldError("reason", code="reason_required")
        if self.outcome != Outcome.NO_SHOW and self.reason is not None:
            raise FieldError("reason", code="reason_only_for_no_show")
        return self


class OutcomeService:
    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        cancel: Cancel | None = None,
        risk_model: Model = PRIOR,
        risk_cutoffs: Cutoffs = CUTOFFS,
    ) -> None:
        self._interviews = interviews
        self._cancel = cancel
        # The band stored with an outcome is the one HR saw: the same model and cut-offs.
        self._assess = functools.partial(risk, model=risk_model, cutoffs=risk_cutoffs)

    def record(self, interview_id: str, request: OutcomeIn, *, now: datetime) -> Interview:
        """Record (or correct) the outcome; returns the interview as stored."""
        if self._cancel is not None and self._needs_cancellation(interview_id, request, now):
            self._cancel(interview_id, now)

        def apply(interview: Interview) -> Interview | None:
            _check(interview, request, now)
            return None if _already(interview, request) else self._with_outcome(interview, request, now)

        stored, _ = self._interviews.update(interview_id, apply)
        if stored is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        return stored

    def _with_outcome(self, interview: Interview, request: OutcomeIn, now: datetime) -> Interview:
        previous = interview.outcome
        # Keep the candidate's answer, which the new status overwrites; correcting a closed interview's
        # outcome keeps the answer recorded with the first one.
        if interview.status in _CLOSED and previous is not None and previous.answer is not None:
            said = previous.answer
        else:
            said = answer(dataclasses.replace(interview, outcome=None)) or ""
        outcome = RecordedOutcome(outcome=request.outcome, at=iso_utc(now), reason=request.reason, answer=said)
        updated = dataclasses.replace(interview, status=STATUS_AFTER[request.outcome], outcome=outcome).touched(now)
        if request.outcome in _HELD and not interview.risk_at_outcome:
            updated = dataclasses.replace(updated, risk_at_outcome=self._assess(interview, now=now)["band"])
        if request.outcome in _HELD and interview.probability_at_outcome is None:
            # As the interview stood at its start, as the nightly learning reads it.
            at_start = self._assess(interview, now=parse_utc(interview.starts_at_utc))
            updated = dataclasses.replace(
                updated, probability_at_outcome=at_start["probability"], model_at_outcome=at_start["model"]
            )
        return updated

    def _needs_cancellation(self, interview_id: str, request: OutcomeIn, now: datetime) -> bool:
        # Before the start the candidate still expects to come: cancel properly, so they are told.
        if request.outcome != Outcome.CANCELLED:
            return False
        interview = self._interviews.get(interview_id)
        if interview is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        return (
            interview.status != InterviewStatus.CANCELLED
            and interview.status not in _FINISHED
            and now < parse_utc(interview.starts_at_utc)
        )


def _check(interview: Interview, request: OutcomeIn, now: datetime) -> None:
    if interview.status == InterviewStatus.CANCELLED and request.outcome != Outcome.CANCELLED:
        raise Conflict(reason="outcome_cancelled").at("outcome", "outcome_cancelled")
    if request.outcome in _HELD and now < parse_utc(interview.starts_at_utc):
        raise Conflict(reason="not_started").at("outcome", "not_started")


def _already(interview: Interview, request: OutcomeIn) -> bool:
    recorded = interview.outcome
    return (
        interview.status == STATUS_AFTER[request.outcome]
        and recorded is not None
        and recorded.outcome == request.outcome
        and recorded.reason == request.reason
    )
