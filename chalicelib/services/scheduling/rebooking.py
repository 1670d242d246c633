"""Booking again after a no-show: the candidate takes the "sorry we missed you" link (``followup.missed``)
and books one of the position's open slots as a new interview, linked to the one they missed.

The booking is one write: the new interview (``rebooked_from`` naming the missed one) with its seat, in
one transaction. Its id is the missed one's with ``_r``, so a second booking from the same link (a double
tap, two tabs) is refused by the table and shows the interview the first booked. The missed interview
learns of it from the table's stream (``rebooked_as``: its timeline says "rebooked as …"). The new
interview's notice follows as any booking's, held by the same checks (weather on the booked day, match).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from chalicelib.errors import Conflict, NotFound, invalid
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview, NoticeState, Position, Slot
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.scheduling.interviews import InterviewService, hold_or_queue
from chalicelib.services.scheduling.slots import BOOKING_ATTEMPTS, SlotTaken, at_slot
from chalicelib.store.interviews import AlsoRefused, InterviewKeepsChanging, InterviewRepository
from chalicelib.store.positions import PositionRepository
from chalicelib.store.slots import SlotRepository
from chalicelib.vocabulary import InterviewStatus, NoticeStatus, WarningCode

# What HR accepted for the missed interview holds for the candidate; a forecast belongs to its own day.
_DAY_BOUND = frozenset({WarningCode.WEATHER_RISK})


def rebooked_id(interview_id: str) -> str:
    """The id of the interview booked in place of ``interview_id``: one per missed interview."""
    return f"{interview_id}_r"


class RebookingClosed(Conflict):
    """The missed interview may not be booked again (its position does not ask for it, or is closed)."""

    def __init__(self, interview: Interview) -> None:
        super().__init__(f"The interview {interview.interview_id} cannot be booked again")
        self.interview = interview


class Rebooking:
    """The candidate's side: which missed interviews may be booked again, and booking one."""

    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        positions: PositionRepository,
        slots: SlotRepository,
        scheduling: InterviewService,
    ) -> None:
        self._interviews = interviews
        self._positions = positions
        self._slots = slots
        self._scheduling = scheduling

    def offered(self, interview: Interview) -> Position | None:
        """The position to book with again when ``interview`` is a no-show whose position invites the
        candidate back; None otherwise."""
        if interview.status != InterviewStatus.NO_SHOW or interview.erased_at:
            return None
        position = self._positions.get(interview.position_id)
        if position is None or not position.rebook_after_no_show or position.closed_at:
            return None
        return position

    def rebooked(self, interview: Interview) -> Interview | None:
        """The interview booked in place of ``interview``, if the candidate booked one (the stream may
        not have marked the missed one yet)."""
        return self._interviews.get(interview.rebooked_as or rebooked_id(interview.interview_id))

    def open_slots(self, interview: Interview, *, now: datetime) -> list[Slot]:
        """The position's slots the candidate may book now, earliest first."""
        return self._slots.bookable(interview.position_id, after=now)

    def book(self, interview_id: str, slot_id: str, *, now: datetime) -> Interview:
        """Book ``slot_id`` as a new interview in place of the missed ``interview_id``; returns it (the one
        booked before, when the candidate had booked already). :class:`SlotTaken` when the slot filled."""
        for _ in range(BOOKING_ATTEMPTS):
            missed = self._interviews.get(interview_id)
            if missed is None:
                raise NotFound(f"No interview {interview_id}")
            again = self.rebooked(missed)
            if again is not None:
                return again
            position = self.offered(missed)
            if position is None:
                raise RebookingClosed(missed)
            slot = self._slots.get(missed.position_id, slot_id)
            if slot is None:
                raise invalid("slot_id", "is not a slot of this position")
            if not slot.is_open or slot.seats_free < 1 or parse_utc(slot.starts_at_utc) <= now:
                raise SlotTaken(slot_id, self.open_slots(missed, now=now))
            fresh = self._in_place_of(missed, position, slot, now)
            try:
                return self._interviews.add(fresh, also=[self._slots.take_seat(slot)])
            except AlsoRefused:
                # The last seat went to someone else meanwhile: read the slot again and decide anew.
                continue
            except Exception:
                # The table refused the id: this link booked already (another tab, a double tap).
                booked = self._interviews.get(fresh.interview_id)
                if booked is None:
                    raise
                return booked
        raise InterviewKeepsChanging(interview_id)

    def _in_place_of(self, missed: Interview, position: Position, slot: Slot, now: datetime) -> Interview:
        """A new interview for the missed one's candidate at ``slot``, its notice asked for (not stored)."""
        fresh = Interview(
            interview_id=rebooked_id(missed.interview_id),
            position_id=missed.position_id,
            candidate=missed.candidate,
            starts_at=missed.starts_at,
            timezone=missed.timezone,
            duration_minutes=missed.duration_minutes,
            address=missed.address,
            city=missed.city,
            latitude=missed.latitude,
            longitude=missed.longitude,
            transit=missed.transit,
            what_to_bring=missed.what_to_bring,
            contact=missed.contact or position.contact,
            channels=missed.channels,
            candidate_key=missed.candidate_key,
            position_title=position.title,
            company=position.company,
            position_revision=position.revision,
            mode=missed.mode,
            mode_reason=missed.mode_reason,
            accepted_warnings=tuple(code for code in missed.accepted_warnings if code not in _DAY_BOUND),
            notice=NoticeState(status=NoticeStatus.QUEUED, kind=NoticeKind.NOTICE.value),
            created_at=iso_utc(now),
            starts_at_utc=missed.starts_at_utc,
            local_date=missed.local_date,
            expires_at=missed.expires_at,
            notes=missed.notes,
            rebooked_from=missed.interview_id,
        )
        timed = at_slot(self._scheduling, fresh, slot, now=now)
        return hold_or_queue(dataclasses.replace(timed, slot_id=slot.slot_id))


# acting_for_candidate(): the writes inside the block are the candidate's own doing (``store.actor``).
ActingForCandidate = Callable[[], AbstractContextManager[None]]


class RebookedMarks:
    """Marks a missed interview with the one booked in its place, read from the interviews table's stream."""

    def __init__(self, *, interviews: InterviewRepository, acting_for_candidate: ActingForCandidate) -> None:
        self._interviews = interviews
        self._acting = acting_for_candidate

    def follow(self, before: Interview | None, after: Interview, now: datetime) -> bool:
        """Mark the missed interview when ``after`` is a new interview booked in its place; whether it wrote."""
        if before is not None or not after.rebooked_from:
            return False

        def mark(missed: Interview) -> Interview | None:
            if missed.rebooked_as:
                return None
            return dataclasses.replace(missed, rebooked_as=after.interview_id).touched(now)

        # The candidate booked it: their doing on the missed interview's timeline too.
        with self._acting():
            _, wrote = self._interviews.update(after.rebooked_from, mark)
        return wrote
