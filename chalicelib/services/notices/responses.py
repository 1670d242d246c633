"""What candidates do with their link: confirm, decline, or ask to reschedule.

Opening the page changes nothing (mail scanners prefetch links). Each action changes the
status once; repeating it is harmless. Links of an older version are refused.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from chalicelib.errors import Conflict
from chalicelib.models import InterviewStatus
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.notices.links import BadLink, LinkSigner, LinkTarget
from chalicelib.store.interviews import InterviewRepository


class Action(StrEnum):
    CONFIRM = "confirm"
    DECLINE = "decline"
    RESCHEDULE = "reschedule"


RESULTING_STATUS = {
    Action.CONFIRM: InterviewStatus.CONFIRMED,
    Action.DECLINE: InterviewStatus.DECLINED,
    Action.RESCHEDULE: InterviewStatus.RESCHEDULE_REQUESTED,
}
_CLOSED = {InterviewStatus.CANCELLED, InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW}


class InterviewClosed(Conflict):
    """The interview is cancelled or over: the candidate gets the 409 page, not a broken link."""

    def __init__(self, interview: dict[str, Any]) -> None:
        super().__init__(f"The interview is {interview['status']}")
        self.interview = interview


class CandidateResponses:
    def __init__(self, *, interviews: InterviewRepository, links: LinkSigner) -> None:
        self._interviews = interviews
        self._links = links

    def open(self, token: str, *, now: datetime) -> dict[str, Any]:
        """The interview behind a link, or :class:`BadLink` (tampered, expired, superseded)."""
        target = self._links.verify(token, now=now)
        return _linked(self._interviews.get(target.interview_id), target)

    def respond(self, token: str, action: Action, *, now: datetime, reason: str = "") -> tuple[dict[str, Any], bool]:
        """Apply the candidate's answer; returns the interview and whether anything changed."""
        target = self._links.verify(token, now=now)
        status = RESULTING_STATUS[action]
        reason = reason[:500]

        def answer(interview: dict[str, Any]) -> dict[str, Any] | None:
            _linked(interview, target)
            previous = interview.get("candidate_response") or {}
            if interview["status"] == status and previous.get("reason", "") == reason:
                return None
            return {
                **interview,
                "status": status.value,
                "candidate_response": {"action": action.value, "reason": reason, "at": iso_utc(now)},
                "updated_at": iso_utc(now),
            }

        interview, changed = self._interviews.update(target.interview_id, answer)
        return _linked(interview, target), changed


def _linked(interview: dict[str, Any] | None, target: LinkTarget) -> dict[str, Any]:
    """The interview a link leads to, if the link still leads anywhere."""
    if interview is None:
        raise BadLink("gone")
    if interview.get("erased_at"):
        # The candidate asked to be forgotten: their link shows nothing and changes nothing.
        raise BadLink("erased")
    if interview["status"] in _CLOSED:
        # A link from before the cancellation still reaches "this interview is cancelled".
        raise InterviewClosed(interview)
    if interview["version"] != target.version:
        raise BadLink("superseded")
    return interview
