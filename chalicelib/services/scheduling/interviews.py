"""Scheduling interviews: create, cancel, reschedule, and release held notices.

Checks (match, weather, position completeness) plug in as callables that return warnings;
a warning HR has not accepted holds the notice. A write that asks for a notice says so on the
interview (notice status ``queued``, its kind and sequence) and writes nothing else: the table's
stream puts the message on the outbox (``scheduling.queued``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from chalicelib.errors import Conflict, NotFound, invalid
from chalicelib.models import (
    CandidateIn,
    InterviewIn,
    InterviewStatus,
    NoticeStatus,
    RescheduleIn,
    WarningCode,
)
from chalicelib.services.common.candidate_keys import candidate_key
from chalicelib.services.common.clock import LocalTime, NonexistentLocalTime, iso_utc, localize
from chalicelib.services.common.ids import new_id
from chalicelib.services.common.records import Candidate, Interview, NoticeState, Position, Warning
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.scheduling import modes, updates
from chalicelib.services.scheduling.positions import contact_of
from chalicelib.store.codec import plain
from chalicelib.store.interviews import InterviewKeepsChanging, InterviewRepository, StaleInterview
from chalicelib.store.positions import PositionRepository
from chalicelib.store.slots import SlotRepository

__all__ = ["Check", "InterviewService", "Warning", "future_start", "hold_or_queue", "open_position"]

FINISHED = frozenset({InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})
# Nobody books an interview years ahead; a far date is a typo (2062 for 2026).
FURTHEST_AHEAD = timedelta(days=366)

# A check looks at the position, the request and its start, and returns warnings.
Check = Callable[[Position, InterviewIn, LocalTime, datetime], Sequence[Warning]]


class InterviewService:
    def __init__(
        self,
        *,
        positions: PositionRepository,
        interviews: InterviewRepository,
        checks: Sequence[Check] = (),
        retention_days: int = 180,
        slots: SlotRepository | None = None,
    ) -> None:
        self._slots = slots
        self._positions = positions
        self._interviews = interviews
        self._checks = checks
        self._retention = timedelta(days=retention_days)

    def schedule(
        self,
        request: InterviewIn,
        *,
        now: datetime,
        interview_id: str | None = None,
        imported: str | None = None,
        notice_after: str | None = None,
    ) -> Interview:
        """Create an interview and queue its notice unless a warning holds it. An import names the id
        (and ``imported``, ``notice_after``): a second try of that row is refused (``InterviewExists``)."""
        position = open_position(self._positions.get(request.position_id))
        if request.choose_slot:
            # Shown until the candidate books: the earliest time they can pick. The checks run on
            # the time they book (weather, above all, belongs to a day), and hold that notice.
            start, duration = self._earliest_slot(position, now)
            warnings: tuple[Warning, ...] = ()
        else:
            assert request.starts_at is not None and request.timezone is not None  # the model requires them
            start, duration = future_start(request.starts_at, request.timezone, now), request.duration_minutes
            warnings = tuple(w for check in self._checks for w in check(position, request, start, now))
        decision = modes.decide(request.mode, position)
        asked = request.candidate
        interview = hold_or_queue(
            Interview(
                interview_id=interview_id or new_id("int"),
                imported=imported,
                notice_after=notice_after,
                position_id=request.position_id,
                candidate=candidate_of(asked),
                duration_minutes=duration,
                address=request.address,
                city=request.city,
                latitude=request.latitude,
                longitude=request.longitude,
                transit=request.transit,
                what_to_bring=request.what_to_bring,
                contact=contact_of(request.contact) or position.contact,
                channels=tuple(request.channels),
                # Finds the candidate's interviews when they ask to be erased (index by_candidate).
                candidate_key=candidate_key(asked.email),
                position_title=position.title,
                company=position.company,
                position_revision=position.revision,
                status=InterviewStatus.CHOOSING if request.choose_slot else InterviewStatus.SCHEDULED,
                mode=decision.mode,
                mode_reason=decision.reason,
                warnings=warnings,
                accepted_warnings=tuple(request.accept_warnings),
                notice=NoticeState(
                    status=NoticeStatus.QUEUED,
                    kind=(NoticeKind.CHOOSE if request.choose_slot else NoticeKind.NOTICE).value,
                ),
                created_at=iso_utc(now),
                notes=request.notes,
                **self._when(start),
            )
        )
        return self._interviews.add(interview)

    def _earliest_slot(self, position: Position, now: datetime) -> tuple[LocalTime, int]:
        """The start and length of the position's earliest slot a candidate could book now."""
        found = next(iter(self._slots.bookable(position.position_id, after=now)), None) if self._slots else None
        if found is None:
            raise Conflict(reason="no_open_slot", title=position.title).at("choose_slot", "needs_open_slot")
        return localize(datetime.fromisoformat(found.starts_at), found.timezone), found.duration_minutes

    def get(self, interview_id: str) -> Interview:
        interview = self._interviews.get(interview_id)
        if interview is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        return interview

    def on_date(self, local_date: str, status: str | None = None) -> list[Interview]:
        found = self._interviews.on_local_date(local_date)
        return [i for i in found if status is None or i.status == status]

    def cancel(self, interview_id: str, *, now: datetime) -> Interview:
        """Cancel; the candidate is told and older links stop working. Repeating is harmless."""
        interview = self.get(interview_id)
        if interview.status == InterviewStatus.CANCELLED:
            return interview
        if interview.status in FINISHED:
            raise Conflict(reason="has_outcome", status=interview.status)
        updated = dataclasses.replace(
            interview, status=InterviewStatus.CANCELLED, version=interview.version + 1
        ).touched(now)
        # A candidate who never got a notice needs no cancellation either; the raised version
        # keeps a notice still on the queue from going out.
        told = _ever_sent(interview)
        if told:
            updated = updated.with_notice(status=NoticeStatus.QUEUED, kind=NoticeKind.CANCEL.value)
        return self._save(updated, interview)

    def reschedule(self, interview_id: str, request: RescheduleIn, *, now: datetime) -> Interview:
        """Move the interview; a new notice goes out and older links stop working."""
        return self.move(interview_id, request, now=now)[0]

    def move(self, interview_id: str, request: RescheduleIn, *, now: datetime) -> tuple[Interview, bool]:
        """Reschedule, and say whether the interview moved: to the start, length and time zone it already
        has, nothing is written and nothing is sent (its links keep working)."""
        interview = self.get(interview_id)
        if interview.status == InterviewStatus.CANCELLED or interview.status in FINISHED:
            raise Conflict(reason="cannot_reschedule", status=interview.status)
        start = future_start(request.starts_at, request.timezone, now)
        duration = request.duration_minutes or interview.duration_minutes
        when = self._when(start)
        if _same_time(interview, when, duration):
            return interview, False
        updated = dataclasses.replace(
            self.retimed(interview, request, now=now),
            status=InterviewStatus.SCHEDULED,
            version=interview.version + 1,
        )
        # "Your interview has moved" only to a candidate who was told the first time.
        kind = NoticeKind.UPDATE if _ever_sent(interview) else NoticeKind.NOTICE
        # An update of other facts still on its way goes out as part of this one.
        changed = updates.moved(interview.notice) if kind is NoticeKind.UPDATE else None
        updated = hold_or_queue(
            updated.with_notice(sequence=interview.notice.sequence + 1, kind=kind.value, changed=changed)
        )
        return self._save(updated, interview), True

    def retimed(self, interview: Interview, request: RescheduleIn, *, now: datetime) -> Interview:
        """The interview at the time ``request`` gives, with the checks run again for it (not stored)."""
        start = future_start(request.starts_at, request.timezone, now)
        duration = request.duration_minutes or interview.duration_minutes
        position = self._positions.get(interview.position_id)
        # The new day has its own weather (and everything else checked at booking): check again.
        moved = _as_request(interview, request, duration)
        warnings = tuple(w for check in self._checks for w in check(position, moved, start, now)) if position else ()
        return dataclasses.replace(
            interview, **self._when(start), duration_minutes=duration, warnings=warnings
        ).touched(now)

    def release_notice(self, interview_id: str, accept: Sequence[WarningCode], *, now: datetime) -> Interview:
        """Send a held notice once HR accepted its warnings, or resend a notice already sent."""
        interview = self.get(interview_id)
        if interview.status == InterviewStatus.CANCELLED or interview.status in FINISHED:
            raise Conflict(reason="cannot_send", status=interview.status)
        accepted = tuple(dict.fromkeys([*interview.accepted_warnings, *accept]))
        updated = dataclasses.replace(interview, accepted_warnings=accepted).touched(now)
        sequence = interview.notice.sequence + 1
        updated = hold_or_queue(updated.with_notice(sequence=sequence, kind=NoticeKind.NOTICE.value))
        if updated.notice.status == NoticeStatus.HELD:
            held = updated.notice.held_for
            raise Conflict(reason="notice_held", held=held).at("accept_warnings", "accept_held", held=held)
        return self._save(updated, interview)

    def _when(self, start: LocalTime) -> dict[str, Any]:
        """The interview's fields that follow from its start."""
        return {
            "starts_at": start.local.strftime("%Y-%m-%dT%H:%M"),
            "timezone": start.timezone,
            "starts_at_utc": start.utc_iso,
            "local_date": start.local_date,
            # Personal data is kept for the retention period after the interview, then expires.
            "expires_at": int((start.utc + self._retention).timestamp()),
        }

    def _save(self, updated: Interview, original: Interview) -> Interview:
        try:
            return self._interviews.replace(updated, expected_revision=original.revision, before=original)
        except StaleInterview:
            # HR decided on what they read; someone changed it since: they reload and decide again.
            raise InterviewKeepsChanging(original.interview_id) from None


def candidate_of(request: CandidateIn) -> Candidate:
    """A request's candidate as a record."""
    return Candidate(
        name=request.name,
        email=request.email,
        phone=request.phone,
        expected_salary=request.expected_salary,
        skills=tuple(request.skills),
        language=request.language,
    )


def _ever_sent(interview: Interview) -> bool:
    """Whether any notice of this interview reached the outbox consumer and went out."""
    return bool(interview.notice.sent_at)


def _same_time(interview: Interview, when: dict[str, Any], duration: int) -> bool:
    """Whether ``when`` (``InterviewService._when``) and ``duration`` are the interview's own: the same
    wall-clock start in the same zone, hence the same instant, and the same length."""
    same_start = all(getattr(interview, name) == when[name] for name in ("starts_at", "timezone", "starts_at_utc"))
    return same_start and interview.duration_minutes == duration


def _as_request(interview: Interview, moved: RescheduleIn, duration: int) -> InterviewIn:
    """The stored interview as a booking request at its new time, for the checks to look at."""
    stored = plain(interview)
    fields = {name: stored[name] for name in InterviewIn.model_fields if name in stored}
    fields.update(
        starts_at=moved.starts_at,
        timezone=moved.timezone,
        duration_minutes=duration,
        accept_warnings=stored.get("accepted_warnings", []),
        mode=stored.get("mode", "auto"),
    )
    return InterviewIn.model_validate(fields)


def open_position(position: Position | None) -> Position:
    """The position an interview is booked for, refused when unknown or closed."""
    if position is None:
        raise invalid("position_id", code="unknown_position")
    if position.closed_at:
        raise Conflict(reason="position_closed", title=position.title).at("position_id", "closed_position")
    return position


def future_start(local: datetime, timezone: str, now: datetime) -> LocalTime:
    try:
        start = localize(local, timezone)
    except NonexistentLocalTime:
        raise invalid("starts_at", code="not_on_the_clock", zone=timezone) from None
    except OverflowError:
        # Beyond the calendar's first or last day once in UTC: the far past or the far future.
        raise invalid("starts_at", code="in_the_past" if local.year == 1 else "too_far_ahead") from None
    if start.utc <= now:
        raise invalid("starts_at", code="in_the_past")
    if start.utc > now + FURTHEST_AHEAD:
        raise invalid("starts_at", code="too_far_ahead")
    return start


def hold_or_queue(interview: Interview) -> Interview:
    accepted = set(interview.accepted_warnings)
    held_for = tuple(w.code for w in interview.warnings if w.code not in accepted)
    status = NoticeStatus.HELD if held_for else NoticeStatus.QUEUED
    return interview.with_notice(status=status, held_for=held_for)
