"""HR's calls to candidates: the script to read, and the log of each call with what HR heard.

HR does not quiz candidates about their intent; they listen to the tone and record it as
high, medium or low. A low intent, or a candidate who did not pick up twice in a row, puts
the interview on the "confirm attendance directly" list (``at_risk``). Beside it HR records, with
one tap each, what the candidate said: whether they will come (``attendance``) and the answers to
the commitment questions the script asked or the candidate volunteered (``commitments``); what
was not asked stays unrecorded, and the no-show probability works without it.

Fields this module keeps on an interview record:
``calls`` (the latest ``MAX_CALLS`` of ``{at, reached, intent?, attendance?, commitments?, notes?,
by?}``, commitments holding only the questions answered), ``intent``
(from the last call that reached the candidate), ``at_risk`` with ``at_risk_prompt``, and
``match`` (the match check's score and reasons, filled in on the first call when missing).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from chalicelib.errors import Conflict, FieldError, NotFound
from chalicelib.models import InterviewStatus, Lines
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import CallLog, Commitments, Interview, Position
from chalicelib.services.preparation import callscript
from chalicelib.services.preparation.matching import match
from chalicelib.services.risk.factors import UNREACHED_IN_A_ROW, unreached_in_a_row
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.positions import PositionRepository
from chalicelib.text import words
from chalicelib.vocabulary import Attendance, Commitment, CommitmentAnswer, Intent

# The log is for the next caller, not an archive: older calls add nothing to the item but size.
MAX_CALLS = 20
NOTES_MAX_CHARS = 500
CLOSED = frozenset({InterviewStatus.CANCELLED, InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})


class CommitmentsIn(BaseModel):
    """The answers to the commitment questions (``vocabulary.Commitment``); a missing one was not asked."""

    model_config = ConfigDict(extra="forbid")

    time_off: CommitmentAnswer = CommitmentAnswer.NOT_ASKED
    no_clash: CommitmentAnswer = CommitmentAnswer.NOT_ASKED
    call_before: CommitmentAnswer = CommitmentAnswer.NOT_ASKED
    alt_number: CommitmentAnswer = CommitmentAnswer.NOT_ASKED
    prepared: CommitmentAnswer = CommitmentAnswer.NOT_ASKED
    venue_clear: CommitmentAnswer = CommitmentAnswer.NOT_ASKED
    notice_received: CommitmentAnswer = CommitmentAnswer.NOT_ASKED

    def record(self) -> Commitments | None:
        """The answers as kept on the call: only the questions asked, None when none was."""
        asked = {
            question.value: answer
            for question in Commitment
            if (answer := getattr(self, question.value)) != CommitmentAnswer.NOT_ASKED
        }
        return Commitments(**asked) if asked else None


class CallIn(BaseModel):
    """``POST /interviews/{id}/call``. Intent is required when the candidate was reached; what the
    candidate said (attendance, commitments) only counts when they were."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reached: StrictBool
    intent: Intent | None = None
    attendance: Attendance | None = None
    commitments: CommitmentsIn | None = None
    notes: Annotated[Lines, Field(max_length=NOTES_MAX_CHARS)] | None = None

    @model_validator(mode="after")
    def _intent_when_reached(self) -> CallIn:
        if self.reached and self.intent is None:
            raise FieldError("intent", code="intent_required")
        return self

    @model_validator(mode="after")
    def _answers_only_when_reached(self) -> CallIn:
        if self.reached:
            return self
        if self.attendance is not None:
            raise FieldError("attendance", code="only_when_reached")
        if self.commitments is not None and self.commitments.record() is not None:
            raise FieldError("commitments", code="only_when_reached")
        return self


def at_risk_prompt(interview: Interview, language: str = "en") -> str | None:
    """What HR should do next when the calls suggest the candidate may not come, else None; stored in
    English, and said again in the reader's language when shown."""
    t = words(language)
    if interview.intent == Intent.LOW:
        return t("prompt.low_intent")
    missed = unreached_in_a_row(interview.calls)
    if missed >= UNREACHED_IN_A_ROW:
        return t("prompt.unreached", missed=missed)
    return None


class CallService:
    def __init__(
        self, *, interviews: InterviewRepository, positions: PositionRepository, default_language: str
    ) -> None:
        self._interviews = interviews
        self._positions = positions
        self._default_language = default_language

    def script(self, interview_id: str) -> dict[str, Any]:
        """The call script for an interview (API.md ``GET /interviews/{id}/call-script``)."""
        interview = self._interview(interview_id)
        if interview.status == InterviewStatus.CANCELLED:
            raise Conflict(reason="call_script_cancelled")
        return callscript.script(interview, self._position(interview), default_language=self._default_language)

    def record(self, interview_id: str, call: CallIn, *, now: datetime, by: str | None = None) -> Interview:
        """Log a call, update intent and the at-risk flag; returns the interview as stored."""
        entry = CallLog(
            at=iso_utc(now),
            reached=call.reached,
            intent=call.intent,
            attendance=call.attendance,
            commitments=call.commitments.record() if call.commitments else None,
            notes=call.notes or None,
            by=by or None,
        )

        # The entry depends only on the request, so after a concurrent write (a delivery report,
        # a confirmation) it is applied again to the fresh record rather than refused.
        def log_call(interview: Interview) -> Interview:
            if interview.status in CLOSED:
                raise Conflict(reason="no_call_when", status=interview.status)
            return self._with_call(interview, entry)

        updated, _ = self._interviews.update(interview_id, log_call)
        if updated is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        return updated

    def _with_call(self, interview: Interview, entry: CallLog) -> Interview:
        updated = dataclasses.replace(interview, calls=(*interview.calls, entry)[-MAX_CALLS:], updated_at=entry.at)
        # Only a call that reached the candidate tells HR anything about their intent.
        if entry.reached and entry.intent is not None:
            updated = dataclasses.replace(updated, intent=entry.intent)
        if updated.match is None:
            position = self._positions.get(interview.position_id)
            if position is not None:
                updated = dataclasses.replace(updated, match=match(position, interview.candidate).record())
        prompt = at_risk_prompt(updated)
        return dataclasses.replace(updated, at_risk=prompt is not None, at_risk_prompt=prompt)

    def _interview(self, interview_id: str) -> Interview:
        interview = self._interviews.get(interview_id)
        if interview is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        return interview

    def _position(self, interview: Interview) -> Position:
        position = self._positions.get(interview.position_id)
        if position is None:
            raise NotFound(reason="no_position", position_id=interview.position_id)
        return position
