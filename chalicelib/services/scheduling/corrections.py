"""Correcting an interview's candidate details: name, email, phone, language, channels and HR's notes.

A correction is made on the revision HR read; if the interview changed since, nothing is written (409).
A corrected address (or a channel added) gets the current notice once if an earlier one already went
out: the write leaves the notice queued, its sequence raised, for the new address alone, and the table's
stream queues it (``scheduling.queued``). The bounce and complaint flags were about the old address and
go with it. A closed interview (cancelled, or with an outcome) keeps its history: who it was with can
still be corrected, how the candidate is reached cannot, and nothing is sent.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from chalicelib.errors import Conflict, NotFound, invalid
from chalicelib.models import InterviewPatch
from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.privacy.erasure import candidate_key
from chalicelib.store.interviews import InterviewRepository
from chalicelib.vocabulary import Channel, InterviewStatus, NoticeStatus

CLOSED = frozenset({InterviewStatus.CANCELLED, InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})
# The notice left ShowUp (its last send may have bounced): a new address has not got it.
_LEFT = frozenset({NoticeStatus.SENT, NoticeStatus.DELIVERED, NoticeStatus.BOUNCED})
# The candidate fields a patch may correct, and those that say how the candidate is reached.
_CANDIDATE_FIELDS = ("name", "email", "phone", "language")
_REACH = ("candidate.language", "channels")


@dataclass(frozen=True)
class Correction:
    """What a correction did: the interview as stored, the fields it changed (``candidate.email``,
    ``channels``, ``notes``...), the channels the notice goes by again, and what HR should know."""

    interview: Interview
    changed: tuple[str, ...]
    resent_by: tuple[Channel, ...]
    message: str


class InterviewCorrections:
    """Corrects one interview at a time through ``InterviewRepository.update``."""

    def __init__(self, *, interviews: InterviewRepository) -> None:
        self._interviews = interviews

    def correct(self, interview_id: str, patch: InterviewPatch, *, now: datetime) -> Correction:
        """Apply ``patch`` to the interview if it is still at ``patch.revision``; Conflict if not."""
        read: list[Interview] = []

        def change(current: Interview) -> Interview | None:
            read.append(current)
            return corrected(current, patch, now=now)

        stored, _ = self._interviews.update(interview_id, change)
        if stored is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        before = read[-1]
        changed = differences(before, stored)
        resent = _resent_by(before, stored)
        return Correction(stored, changed, resent, _told(before, stored, changed, resent, now))


def corrected(current: Interview, patch: InterviewPatch, *, now: datetime) -> Interview | None:
    """``current`` with ``patch`` applied and, for a new address, its notice queued again; None when the
    patch changes nothing. Refuses a stale revision, an erased candidate and, once the interview is
    closed, a change to how the candidate is reached."""
    if current.revision != patch.revision:
        raise Conflict(reason="revision_changed").at(
            "revision", "stale_revision", given=patch.revision, now=current.revision
        )
    if current.erased_at:
        raise Conflict(reason="candidate_erased")
    given = patch.candidate.model_fields_set if patch.candidate else set()
    candidate = dataclasses.replace(
        current.candidate, **{name: getattr(patch.candidate, name) for name in _CANDIDATE_FIELDS if name in given}
    )
    fields = patch.model_fields_set
    channels = current.channels if patch.channels is None else tuple(patch.channels)
    if Channel.SMS in channels and not candidate.phone:
        raise invalid("candidate.phone", code="sms_needs_phone")
    updated = dataclasses.replace(
        current,
        candidate=candidate,
        channels=channels,
        notes=patch.notes if "notes" in fields else current.notes,
        # The candidate index follows the address, so an erasure request from the new one finds this interview.
        candidate_key=candidate_key(candidate.email),
    )
    if updated == current:
        return None
    if current.status in CLOSED:
        _refuse_reach(current, differences(current, updated))
        return updated.touched(now)
    return _readdressed(current, updated, now).touched(now)


def differences(before: Interview, after: Interview) -> tuple[str, ...]:
    """The correctable fields that differ, as the patch names them."""
    old, new = before.candidate, after.candidate
    found = [f"candidate.{name}" for name in _CANDIDATE_FIELDS if getattr(old, name) != getattr(new, name)]
    found += [name for name in ("channels", "notes") if getattr(before, name) != getattr(after, name)]
    return tuple(found)


def new_addresses(before: Interview, after: Interview) -> tuple[Channel, ...]:
    """The channels of ``after`` that reach the candidate somewhere ``before`` did not: a different email
    (not just its capitals), a different phone for texts, or texts newly added."""
    found = []
    if before.candidate.email.strip().lower() != after.candidate.email.strip().lower():
        found.append(Channel.EMAIL)
    texted = Channel.SMS in before.channels and before.candidate.phone == after.candidate.phone
    if Channel.SMS in after.channels and not texted:
        found.append(Channel.SMS)
    return tuple(found)


def _refuse_reach(current: Interview, changed: tuple[str, ...]) -> None:
    refused = [name for name in _REACH if name in changed]
    if refused:
        error = Conflict(reason="closed_reach", status=current.status)
        for name in refused:
            error.at(name, "closed_reach")
        raise error


def _sendable(interview: Interview, now: datetime) -> bool:
    """Whether the candidate may still be sent the notice: not declined, not started."""
    return interview.status != InterviewStatus.DECLINED and parse_utc(interview.starts_at_utc) > now


def _readdressed(current: Interview, updated: Interview, now: datetime) -> Interview:
    """``updated``, whose addresses may differ from ``current``'s, with its notice queued to the new ones
    if the old ones already had it, and the old address's flags dropped once the notice is on its way."""
    new = new_addresses(current, updated)
    if not new or not _sendable(updated, now):
        return updated
    notice = current.notice
    if notice.status in _LEFT:
        # Everything the candidate needs at the current time: the new address has had nothing from us.
        every = set(new) == set(updated.channels)
        updated = updated.with_notice(
            status=NoticeStatus.QUEUED,
            kind=NoticeKind.NOTICE.value,
            sequence=notice.sequence + 1,
            to=None if every else new,
            transient_bounces=None,
        )
    elif notice.status == NoticeStatus.FAILED:
        # Nobody knows which address failed: the same notice goes again by every channel.
        updated = updated.with_notice(status=NoticeStatus.QUEUED, sequence=notice.sequence + 1)
    # Otherwise it is queued or held, and goes to the new address when it goes out.
    if Channel.EMAIL in new:
        updated = dataclasses.replace(updated, email_bounced=False, email_complained=False)
    return updated


def _resent_by(before: Interview, after: Interview) -> tuple[Channel, ...]:
    """The channels a notice queued by this correction goes by (none when it queued none)."""
    if after.notice.sequence == before.notice.sequence or after.notice.status != NoticeStatus.QUEUED:
        return ()
    return after.notice.to or after.channels


def _told(
    before: Interview, after: Interview, changed: tuple[str, ...], resent: tuple[Channel, ...], now: datetime
) -> str:
    """What happens to the candidate's notice, in words for HR."""
    if not changed:
        return "Nothing to correct: the interview already says this"
    if resent:
        return "Saved. The notice goes to the corrected address now; the old one gets nothing more"
    if not new_addresses(before, after):
        return "Saved. Nothing is sent to the candidate"
    if before.status in CLOSED:
        return f"Saved. The interview is closed ({before.status.label('en')}): nothing is sent to the candidate"
    if before.status == InterviewStatus.DECLINED:
        return "Saved. The candidate declined: nothing is sent; a reschedule sends the notice to the new address"
    if not _sendable(before, now):
        return "Saved. The interview has started: nothing is sent to the candidate"
    if before.notice.status == NoticeStatus.HELD:
        return "Saved. The notice is held: once you send it, it goes to the new address"
    return "Saved. The notice has not gone out yet: it goes to the new address"
