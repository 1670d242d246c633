"""A corrected position reaching its upcoming interviews, applied from the positions table's stream.

HR's correction writes the position alone (``position_edits``). The stream hands each position write
over (the item before and after it) at least once, in order per position; for each, every upcoming
interview of the position is brought up to date through the interview repository (its timeline events
in the same transaction): the facts it copied at booking are corrected, the warnings that follow from
the position found again, and a candidate who already has their notice gets one update that says what
changed. Facts candidates never read (HR's note, skills, resumes on hand) send nothing.

Each interview keeps the position revision whose facts it was last given (``position_revision``), and
a change it already has is passed over: a batch handed over again, or a consumer that died half-way,
tells each candidate once. An update still on its way is folded into the next (``updates.told_of``),
so two quick corrections still make one email.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.scheduling import updates
from chalicelib.services.scheduling.interviews import FINISHED
from chalicelib.store.interviews import InterviewRepository
from chalicelib.vocabulary import InterviewStatus, NoticeFact, NoticeStatus

# The position's fields each candidate-facing fact is stated from (the contact is handled apart: an
# interview may name its own).
STATED_FROM: dict[NoticeFact, tuple[str, ...]] = {
    NoticeFact.COMPANY: ("company",),
    NoticeFact.TITLE: ("title",),
    NoticeFact.WORK_LOCATION: ("work_location",),
    NoticeFact.DUTIES: ("responsibilities",),
    NoticeFact.SALARY: ("salary_min", "salary_max", "salary_currency"),
    NoticeFact.WEBSITE: ("company_website",),
}
# A bounced address gets nothing more; once HR corrects it, the notice sent again states the facts as
# they are. A held notice states them when HR sends it.
_NOT_TOLD_NOW = frozenset({NoticeStatus.HELD, NoticeStatus.BOUNCED})

# recheck(position, interview) -> the interview with the warnings that follow from the position found again.
Recheck = Callable[[Position, Interview], Interview]
# acting_as(name): whose doing the writes inside the block are (``store.actor.acting_as``).
ActingAs = Callable[[str | None], AbstractContextManager[None]]


class PositionInterviews(Protocol):
    """The ids of a position's interviews that start after a moment (``store.interviews.PositionIndex``)."""

    def starting_after(self, position_id: str, moment: datetime) -> Iterator[str]: ...


@dataclass(frozen=True)
class PositionWritten:
    """One position write as the stream tells it: the item before (None: created) and after it (None:
    deleted). Only a correction, both present, reaches interviews."""

    before: Position | None
    after: Position | None


class PositionFanOut:
    """Brings the upcoming interviews of each corrected position in a batch up to date, once each."""

    def __init__(
        self, *, interviews: InterviewRepository, upcoming: PositionInterviews, recheck: Recheck, acting_as: ActingAs
    ) -> None:
        self._interviews = interviews
        self._upcoming = upcoming
        self._recheck = recheck
        self._acting_as = acting_as

    def apply(self, batch: Sequence[PositionWritten], *, now: datetime) -> dict[str, int]:
        """Follow every correction in ``batch``; returns ``{writes, corrections, interviews}`` (interviews
        written just now: a repeat of a correction writes none)."""
        corrections = [(w.before, w.after) for w in batch if w.before and w.after and corrected(w.before, w.after)]
        written = 0
        for before, after in corrections:
            # The interviews change because the HR person who corrected the position did: theirs on the timeline.
            with self._acting_as(after.updated_by):
                for interview_id in self._upcoming.starting_after(after.position_id, now):
                    _, wrote = self._interviews.update(interview_id, _following(before, after, now, self._recheck))
                    written += wrote
        return {"writes": len(batch), "corrections": len(corrections), "interviews": written}


def corrected(before: Position, after: Position) -> bool:
    """Whether a write changed the job itself (anything an interview copies, states or is checked
    against), not only who wrote it, when, or whether the position takes new interviews."""
    return _job(before) != _job(after)


def _job(position: Position) -> Position:
    return dataclasses.replace(position, revision=1, updated_at=None, updated_by=None, closed_at=None)


def _following(
    before: Position, after: Position, now: datetime, recheck: Recheck
) -> Callable[[Interview], Interview | None]:
    return lambda interview: followed(interview, before, after, now=now, recheck=recheck)


def followed(
    interview: Interview, before: Position, after: Position, *, now: datetime, recheck: Recheck
) -> Interview | None:
    """``interview`` brought up to date with its corrected position, or None when it keeps its history
    (cancelled, over, past or erased), already has this correction, or nothing about it changes."""
    if interview.position_revision is not None and interview.position_revision >= after.revision:
        return None
    if interview.status == InterviewStatus.CANCELLED or interview.status in FINISHED or interview.erased_at:
        return None
    if parse_utc(interview.starts_at_utc) <= now:
        return None
    facts = [fact for fact, names in STATED_FROM.items() if _differ(before, after, names)]
    updated = dataclasses.replace(interview, company=after.company, position_title=after.title)
    # An interview that took the position's contact at booking follows it; one with its own keeps it.
    if interview.contact == before.contact and before.contact != after.contact:
        updated = dataclasses.replace(updated, contact=after.contact)
        facts.append(NoticeFact.CONTACT)
    updated = recheck(after, updated)
    if updated.notice.status == NoticeStatus.HELD:
        accepted = set(updated.accepted_warnings)
        held_for = tuple(w.code for w in updated.warnings if w.code not in accepted)
        # Still held, with what holds it now: HR sends it (one click when nothing holds it any more).
        updated = updated.with_notice(held_for=held_for)
    elif facts and _told(interview):
        updated = updates.told_of(updated, facts)
    # A fact candidates read changed: the interview records that it has this revision's facts even when
    # it is not told now (its coming notice states them), or a repeat sent after that notice would tell.
    if updated == interview and not facts:
        return None
    return dataclasses.replace(updated, position_revision=after.revision).touched(now)


def _told(interview: Interview) -> bool:
    """Whether the candidate has a notice whose facts are now out of date, and no notice on its way
    that states the corrected ones anyway."""
    notice = interview.notice
    if not notice.sent_at or notice.status in _NOT_TOLD_NOW:
        return False
    # A full notice still on its way states every fact as it now is.
    return not (notice.status == NoticeStatus.QUEUED and notice.kind != NoticeKind.UPDATE)


def _differ(before: Position, after: Position, names: tuple[str, ...]) -> bool:
    return any(getattr(before, name) != getattr(after, name) for name in names)
