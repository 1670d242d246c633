"""Erasing a candidate's personal data on request, while the statistics keep counting their interviews.

A candidate's interviews are found through the ``by_candidate`` index on ``candidate_key`` (the SHA-256
of the lower-cased address, ``common.candidate_keys``), never a Scan. Each one is rewritten through
``InterviewRepository.update``, so optimistic locking and the statistics counters apply as to any other
write. What identifies or describes the person goes; what the statistics count stays (status, outcome
and reason, dates, notice status, warning codes). Both index keys go with the data: ``candidate_key``
here, the phone's (which the store derives from the number on every write) with the number. The
address is suppressed in the ledger first, so no mail reaches it again, even from a notice already on
its way.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from chalicelib.errors import Conflict
from chalicelib.services.common.candidate_keys import candidate_key as candidate_key
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import Interview
from chalicelib.store.interviews import InterviewKeepsChanging, InterviewRepository
from chalicelib.store.ledger import Ledger

log = logging.getLogger("showup.erasure")

REDACTED = "[erased]"
# Suppressions do not expire: an erased candidate asked not to be contacted again.
SUPPRESSION_SECONDS = 100 * 365 * 24 * 3600


class CandidateInterviews(Protocol):
    """The ids of a candidate's interviews, by ``candidate_key`` (``store.interviews.CandidateIndex``)."""

    def interview_ids(self, key: str) -> Iterator[str]: ...


def erased(interview: Interview, *, now: datetime) -> Interview:
    """``interview`` without the candidate's personal data; everything the statistics count is kept.

    The version stays: it counts reschedules in the statistics."""
    # The candidate's name and address are required in every interview, so they are overwritten (the HR
    # page still shows that someone was invited); the optional facts are dropped, which everything reading
    # them takes as "not given": no text goes to an erased phone number, no match is scored on erased skills.
    candidate = dataclasses.replace(
        interview.candidate, name=REDACTED, email=REDACTED, phone=None, expected_salary=None, skills=None
    )
    response = interview.candidate_response
    if response and response.reason:
        response = dataclasses.replace(response, reason=REDACTED)
    calls = tuple(dataclasses.replace(call, notes=REDACTED) if call.notes else call for call in interview.calls)
    # The match check and its warnings quote the expected salary and the skills.
    match = interview.match
    if match:
        match = dataclasses.replace(match, salary_gap=None, reasons=(REDACTED,) if match.reasons else ())
    warnings = tuple(dataclasses.replace(warning, message=REDACTED, params=None) for warning in interview.warnings)
    # HR's notes on resolved inbox items may say anything about the person.
    resolutions = tuple(dataclasses.replace(r, notes=REDACTED) if r.notes else r for r in interview.resolutions)
    texted = interview.candidate_text
    if texted is not None:
        texted = dataclasses.replace(texted, text=REDACTED)
    at = iso_utc(now)
    return dataclasses.replace(
        interview,
        candidate=candidate,
        candidate_response=response,
        calls=calls,
        # HR's notes are about the person.
        notes=REDACTED if interview.notes else None,
        match=match,
        warnings=warnings,
        resolutions=resolutions,
        candidate_text=texted,
        # Without its key the interview leaves the index: nothing can link it to the address any more.
        candidate_key=None,
        erased_at=at,
        updated_at=at,
    )


class CandidateErasure:
    """Erases one candidate at a time, found by address; repeating an erasure finds nothing more to do."""

    def __init__(self, *, interviews: InterviewRepository, index: CandidateInterviews, ledger: Ledger) -> None:
        self._interviews = interviews
        self._index = index
        self._ledger = ledger

    def erase(self, email: str, *, now: datetime) -> int:
        """Erase the personal data of the candidate at ``email``; returns how many interviews held it."""
        # The outbox consumer's module (notices, templates) loads only when someone is erased, not on cold start.
        from chalicelib.services.notices.delivery import suppression_key

        self._ledger.claim(suppression_key(email), now_epoch=int(now.timestamp()), ttl_seconds=SUPPRESSION_SECONDS)
        key = candidate_key(email)
        count = sum(self._erase_one(interview_id, key, now) for interview_id in list(self._index.interview_ids(key)))
        log.info("erased candidate data from %d interview(s)", count)
        return count

    def _erase_one(self, interview_id: str, key: str, now: datetime) -> bool:
        def erase(interview: Interview) -> Interview | None:
            # The index is eventually consistent: it may still list an interview already erased.
            return erased(interview, now=now) if interview.candidate_key == key else None

        # The timeline's copies go first, while the index still leads a retry here, and again after:
        # an event written meanwhile (a call note) is caught too.
        self._interviews.erase_timeline(interview_id)
        try:
            _, written = self._interviews.update(interview_id, erase)
        except InterviewKeepsChanging:
            raise Conflict(reason="erasure_busy") from None
        self._interviews.erase_timeline(interview_id)
        return written
