"""Correcting, closing and reopening a position, and what a correction means for its upcoming interviews.

HR edits with the revision they read (optimistic locking: a stale one changes nothing). A corrected
fact that candidates read (company, role, duties, pay, work location, website, contact) reaches every
upcoming interview of the position: the facts the interview copied at booking are corrected, and a
candidate who already has their notice gets one update that says what changed. Facts candidates never
read (HR's note, skills, resumes on hand, what an invitation says to sell the role) send nothing. The
warnings that follow from the position are found again, so a fixed position stops holding notices.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Protocol

from chalicelib.errors import Conflict, NotFound
from chalicelib.models import PositionIn
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.scheduling import updates
from chalicelib.services.scheduling.interviews import FINISHED
from chalicelib.services.scheduling.positions import facts_of
from chalicelib.store.codec import plain
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.positions import PositionRepository, StalePosition
from chalicelib.validation import validate
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


class PositionInterviews(Protocol):
    """The ids of a position's interviews that start after a moment (``store.interviews.PositionIndex``)."""

    def starting_after(self, position_id: str, moment: datetime) -> Iterator[str]: ...


class OutdatedRevision(Conflict):
    """HR changed a position from an older read than the stored one: nothing is written, they reload."""

    def __init__(self, sent: int, current: int) -> None:
        super().__init__(
            f"The position changed since you read it (you sent revision {sent}, it is now at {current}); "
            "reload it and make your change again",
            {"revision": f"is not the current revision ({current}): reload the position"},
        )
        self.current = current

    def body(self) -> dict[str, Any]:
        return {**super().body(), "revision": self.current}


class PositionEdits:
    def __init__(
        self,
        *,
        positions: PositionRepository,
        interviews: InterviewRepository,
        upcoming: PositionInterviews,
        recheck: Recheck,
    ) -> None:
        self._positions = positions
        self._interviews = interviews
        self._upcoming = upcoming
        self._recheck = recheck

    def edit(self, position_id: str, revision: int, changes: dict[str, Any], *, now: datetime) -> Position:
        """Apply ``changes`` (``PositionIn`` fields as JSON) to the position HR read at ``revision``, checked
        as a new position would be; then bring its upcoming interviews up to date."""
        current = self._get(position_id)
        stored = plain(current)
        request = validate(PositionIn, {**{k: stored[k] for k in PositionIn.model_fields if k in stored}, **changes})
        if revision != current.revision:
            raise OutdatedRevision(revision, current.revision)
        corrected = dataclasses.replace(current, **facts_of(request))
        if corrected == current:
            return current
        try:
            saved = self._positions.replace(
                dataclasses.replace(corrected, updated_at=iso_utc(now)), expected_revision=current.revision
            )
        except StalePosition:
            raise OutdatedRevision(revision, self._get(position_id).revision) from None
        self._follow(current, saved, now)
        return saved

    def close(self, position_id: str, *, now: datetime) -> Position:
        """Close the position: it takes no new interviews and leaves the lists. Repeating is harmless."""
        return self._update(position_id, lambda p: None if p.closed_at else _touched(p, now, closed_at=iso_utc(now)))

    def reopen(self, position_id: str, *, now: datetime) -> Position:
        """Open a closed position again. Repeating is harmless."""
        return self._update(position_id, lambda p: _touched(p, now, closed_at=None) if p.closed_at else None)

    def _get(self, position_id: str) -> Position:
        position = self._positions.get(position_id)
        if position is None:
            raise NotFound(f"No position {position_id}")
        return position

    def _update(self, position_id: str, change: Callable[[Position], Position | None]) -> Position:
        position = self._positions.update(position_id, change)
        if position is None:
            raise NotFound(f"No position {position_id}")
        return position

    def _follow(self, before: Position, after: Position, now: datetime) -> None:
        for interview_id in self._upcoming.starting_after(after.position_id, now):
            self._interviews.update(interview_id, lambda i: followed(i, before, after, now=now, recheck=self._recheck))


def followed(
    interview: Interview, before: Position, after: Position, *, now: datetime, recheck: Recheck
) -> Interview | None:
    """``interview`` brought up to date with its corrected position, or None when it keeps its history
    (cancelled, over, past or erased) or nothing about it changes."""
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
    if updated == interview:
        return None
    return updated.touched(now)


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


def _touched(position: Position, now: datetime, **changes: Any) -> Position:
    return dataclasses.replace(position, updated_at=iso_utc(now), **changes)
