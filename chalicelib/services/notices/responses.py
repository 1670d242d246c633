"""What candidates do with their link: confirm, decline, or ask to reschedule.

Opening the page changes nothing (mail scanners prefetch links). Each action changes the
status once; repeating it is harmless. Links of an older version are refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from chalicelib.errors import Conflict, NotFound
from chalicelib.models import Channel, InterviewStatus
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import CandidateResponse, Interview
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

    def __init__(self, interview: Interview) -> None:
        super().__init__(f"The interview is {interview.status}")
        self.interview = interview


class CandidateResponses:
    def __init__(self, *, interviews: InterviewRepository, links: LinkSigner) -> None:
        self._interviews = interviews
        self._links = links

    def open(self, token: str, *, now: datetime) -> Interview:
        """The interview behind a link, or :class:`BadLink` (tampered, expired, superseded)."""
        target = self._links.verify(token, now=now)
        return _linked(self._interviews.get(target.interview_id), target)

    def respond(self, token: str, action: Action, *, now: datetime, reason: str = "") -> tuple[Interview, bool]:
        """Apply the candidate's answer; returns the interview and whether anything changed."""
        target = self._links.verify(token, now=now)
        interview, changed = self._interviews.update(
            target.interview_id, _answered(action, reason, now, check=lambda found: _linked(found, target))
        )
        return _linked(interview, target), changed

    def answer(
        self, interview_id: str, action: Action, *, now: datetime, reason: str = "", channel: Channel
    ) -> tuple[Interview, bool]:
        """Apply an answer that came by ``channel`` (a text reply) to the interview as it is now;
        :class:`InterviewClosed` when it is cancelled or over."""
        interview, changed = self._interviews.update(
            interview_id, _answered(action, reason, now, check=_open, channel=channel)
        )
        return _open(interview), changed


def _answered(
    action: Action,
    reason: str,
    now: datetime,
    *,
    check: Callable[[Interview | None], Interview],
    channel: Channel | None = None,
) -> Callable[[Interview], Interview | None]:
    """The change that records the answer once: repeating it (same status, same message) writes nothing."""
    status = RESULTING_STATUS[action]
    reason = reason[:500]

    def answer(interview: Interview) -> Interview | None:
        check(interview)
        previous = interview.candidate_response
        if interview.status == status and (previous.reason if previous else "") == reason:
            return None
        response = CandidateResponse(action=action.value, reason=reason, at=iso_utc(now), channel=channel)
        return dataclasses.replace(interview, status=status, candidate_response=response).touched(now)

    return answer


def _open(interview: Interview | None) -> Interview:
    if interview is None or interview.erased_at:
        raise NotFound(reason="interview_gone")
    if interview.status in _CLOSED:
        raise InterviewClosed(interview)
    return interview


def _linked(interview: Interview | None, target: LinkTarget) -> Interview:
    """The interview a link leads to, if the link still leads anywhere."""
    if interview is None:
        raise BadLink("gone")
    if interview.erased_at:
        # The candidate asked to be forgotten: their link shows nothing and changes nothing.
        raise BadLink("erased")
    if interview.status in _CLOSED:
        # A link from before the cancellation still reaches "this interview is cancelled".
        raise InterviewClosed(interview)
    if interview.version != target.version:
        raise BadLink("superseded")
    return interview
