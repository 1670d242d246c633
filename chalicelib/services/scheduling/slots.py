"""Slots: the times HR opens on a position, and the candidate booking one (or moving to another) from
their own page.

A booking writes the interview at the slot's time and takes the seat in one transaction; a move also
gives the old seat back in it. The slot's condition (open, a seat free) decides who gets the last
seat; whoever loses reads the slot again and is told it is taken. The notice that follows a booking
is the normal one, held by the same checks (weather on the booked day, match, completeness).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.errors import Conflict, NotFound, invalid
from chalicelib.models import RescheduleIn, SlotIn
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.ids import new_id
from chalicelib.services.common.records import Interview, Position, Slot, SlotMove
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.scheduling.interviews import InterviewService, future_start, hold_or_queue
from chalicelib.store.interviews import AlsoRefused, InterviewKeepsChanging, InterviewRepository, StaleInterview
from chalicelib.store.positions import PositionRepository
from chalicelib.store.slots import SlotClosed, SlotRepository
from chalicelib.vocabulary import InterviewStatus, MoveReason, OfferEnd

# A booking reads the slot and the interview and writes both; it tries again this often when another
# booking or write came first (the slot may still have a seat), then asks the candidate to try again.
BOOKING_ATTEMPTS = 8
# change(interview, slot) -> the interview as booked at ``slot`` (raises to refuse).
_Change = Callable[[Interview, Slot], Interview]
# Interviews whose candidate may still move their own booking.
MOVABLE = frozenset({InterviewStatus.SCHEDULED, InterviewStatus.CONFIRMED})


class SlotTaken(Conflict):
    """The slot filled up (or closed) before this booking reached it; ``remaining`` are those still open."""

    def __init__(self, slot_id: str, remaining: Sequence[Slot]) -> None:
        super().__init__(reason="slot_taken")
        self.at("slot_id", "slot_taken")
        self.slot_id = slot_id
        self.remaining = tuple(remaining)


class OfferEnded(Conflict):
    """The seat offered from a waitlist is no longer held for this candidate (its time ran out, or it ended)."""

    def __init__(self) -> None:
        super().__init__(reason="offer_ended")
        self.at("offer", "offer_ended")


class MoveNotAllowed(Conflict):
    """The booking may no longer be moved by the candidate (too close, or moved often enough): HR decides."""


@dataclass(frozen=True)
class MoveRules:
    """A candidate moves their own booking while it starts more than ``min_hours`` ahead, ``max_moves`` times."""

    min_hours: int = 12
    max_moves: int = 2

    def allow(self, interview: Interview, now: datetime) -> bool:
        ahead = parse_utc(interview.starts_at_utc) - now
        return ahead > timedelta(hours=self.min_hours) and len(interview.slot_moves) < self.max_moves

    def movable(self, interview: Interview, now: datetime) -> bool:
        """Whether the candidate may move the interview's booked slot themselves at ``now``."""
        return interview.status in MOVABLE and interview.slot_id is not None and self.allow(interview, now)


def at_slot(scheduling: InterviewService, interview: Interview, slot: Slot, *, now: datetime) -> Interview:
    """The interview at ``slot``'s time and place, its checks run again for that day (not stored)."""
    at = RescheduleIn(
        starts_at=datetime.fromisoformat(slot.starts_at),
        timezone=slot.timezone,
        duration_minutes=slot.duration_minutes,
    )
    timed = scheduling.retimed(interview, at, now=now)
    if slot.address:
        place = f"{slot.address}, {slot.room}" if slot.room else slot.address
        timed = dataclasses.replace(timed, address=place)
    return timed


class SlotService:
    """HR's side: publish, list and close a position's slots."""

    def __init__(self, *, positions: PositionRepository, slots: SlotRepository) -> None:
        self._positions = positions
        self._slots = slots

    def create(self, position_id: str, request: SlotIn, *, now: datetime) -> Slot:
        position = self._position(position_id)
        if position.closed_at:
            raise Conflict(reason="position_closed_slots", title=position.title).at("position_id", "closed_for_slots")
        start = future_start(request.starts_at, request.timezone, now)
        slot = Slot(
            position_id=position_id,
            slot_id=new_id("slot"),
            starts_at=start.local.strftime("%Y-%m-%dT%H:%M"),
            timezone=start.timezone,
            starts_at_utc=start.utc_iso,
            duration_minutes=request.duration_minutes,
            seats=request.seats,
            address=request.address,
            room=request.room,
            created_at=iso_utc(now),
        )
        return self._slots.add(slot)

    def list(self, position_id: str) -> list[Slot]:
        self._position(position_id)
        return self._slots.of_position(position_id)

    def waitlist_counts(self, position_id: str) -> dict[str, int]:
        """How many candidates wait for each of the position's slots (absent: nobody)."""
        return self._slots.waitlist_counts(position_id)

    def close(self, position_id: str, slot_id: str, *, now: datetime) -> Slot:
        """Close a slot to new bookings; closing it again is harmless."""
        self._position(position_id)
        try:
            return self._slots.close(position_id, slot_id, at=iso_utc(now))
        except SlotClosed:
            slot = self._slots.get(position_id, slot_id)
            if slot is None:
                raise NotFound(reason="no_slot", slot_id=slot_id) from None
            return slot

    def _position(self, position_id: str) -> Position:
        position = self._positions.get(position_id)
        if position is None:
            raise NotFound(reason="no_position", position_id=position_id)
        return position


class SlotBookings:
    """The candidate's side: book a slot while choosing, move a booking under :class:`MoveRules`."""

    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        slots: SlotRepository,
        scheduling: InterviewService,
        rules: MoveRules,
    ) -> None:
        self._interviews = interviews
        self._slots = slots
        self._scheduling = scheduling
        self.rules = rules
        # Writes refused because another came first, over this object's life (the benchmark reads it).
        self.retries = 0

    def open_slots(self, interview: Interview, *, now: datetime) -> list[Slot]:
        """The slots the interview's candidate may book or move to now (their current one left out)."""
        after = now + timedelta(hours=self.rules.min_hours) if interview.slot_id else now
        found = self._slots.bookable(interview.position_id, after=after)
        return [slot for slot in found if slot.slot_id != interview.slot_id]

    def waitlists(self, interview: Interview, *, now: datetime) -> tuple[list[Slot], list[Slot]]:
        """For a candidate choosing: the full slots whose waitlist they may join, and those they wait for."""
        if interview.status != InterviewStatus.CHOOSING:
            return [], []
        full = self._slots.full(interview.position_id, after=now)
        waiting = [slot for slot in full if slot.slot_id in interview.waitlist]
        return [slot for slot in full if slot.slot_id not in interview.waitlist], waiting

    def can_move(self, interview: Interview, *, now: datetime) -> bool:
        return self.rules.movable(interview, now)

    def book(self, interview_id: str, slot_id: str, *, now: datetime) -> Interview:
        """Book ``slot_id`` for a candidate choosing their time; the notice follows as for any interview."""

        def booked(interview: Interview, slot: Slot) -> Interview:
            if interview.status != InterviewStatus.CHOOSING:
                raise Conflict(reason="time_chosen").at("slot_id", "time_chosen")
            at = self._at(interview, slot, now)
            # The candidate was told only to choose: what follows is the first notice, not an update.
            notice = at.with_notice(sequence=interview.notice.sequence + 1, kind=NoticeKind.NOTICE.value)
            return hold_or_queue(dataclasses.replace(notice, status=InterviewStatus.SCHEDULED, slot_id=slot.slot_id))

        return self._write(interview_id, slot_id, booked, now=now)

    def accept_offer(self, interview_id: str, *, now: datetime) -> Interview:
        """Book the seat held for the candidate from a waitlist; :class:`OfferEnded` once its time ran out."""
        interview = self._interviews.get(interview_id)
        if interview is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        offer = interview.open_offer
        if offer is None or parse_utc(offer.until) <= now:
            raise OfferEnded()
        return self.book(interview_id, offer.slot_id, now=now)

    def move(
        self, interview_id: str, slot_id: str, reason: MoveReason, *, now: datetime, note: str | None = None
    ) -> Interview:
        """Move a booked candidate to ``slot_id`` (their old seat freed in the same write); older links
        stop working and an update goes out. :class:`MoveNotAllowed` outside the rules."""

        def moved(interview: Interview, slot: Slot) -> Interview:
            if not self.can_move(interview, now=now):
                raise MoveNotAllowed(reason="move_not_allowed")
            if slot.slot_id == interview.slot_id:
                raise invalid("slot_id", code="same_slot")
            step = SlotMove(at=iso_utc(now), from_slot=interview.slot_id or "", to_slot=slot.slot_id, reason=reason)
            at = dataclasses.replace(
                self._at(interview, slot, now),
                status=InterviewStatus.SCHEDULED,
                version=interview.version + 1,
                slot_id=slot.slot_id,
                slot_moves=(*interview.slot_moves, dataclasses.replace(step, note=note or None)),
            )
            kind = NoticeKind.UPDATE if interview.notice.sent_at else NoticeKind.NOTICE
            return hold_or_queue(at.with_notice(sequence=interview.notice.sequence + 1, kind=kind.value))

        return self._write(interview_id, slot_id, moved, now=now)

    def _left_waiting(
        self, interview: Interview, updated: Interview, slot: Slot, *, held: bool, now: datetime
    ) -> tuple[Interview, list[dict[str, Any]]]:
        """The booking off every waitlist and its offer ended (accepted, or withdrawn for another time),
        with the transaction items that take the seat (unless held for it) and end those."""
        seats = [] if held else [self._slots.take_seat(slot)]
        offer = interview.open_offer
        if offer is not None:
            ended = OfferEnd.ACCEPTED if held else OfferEnd.WITHDRAWN
            updated = dataclasses.replace(
                updated, offer=dataclasses.replace(offer, ended=ended.value, ended_at=iso_utc(now))
            )
            offered = slot if held else self._slots.get(interview.position_id, offer.slot_id)
            if offered is not None:
                seats.extend(self._slots.let_go(offered, interview.interview_id, until=offer.until, seat=not held))
        for waited in interview.waitlist:
            if offer is None or waited != offer.slot_id:
                seats.append(self._slots.leave(interview.position_id, waited, interview.interview_id))
        return dataclasses.replace(updated, waitlist=()), seats

    def _at(self, interview: Interview, slot: Slot, now: datetime) -> Interview:
        return at_slot(self._scheduling, interview, slot, now=now)

    def _write(self, interview_id: str, slot_id: str, change: _Change, *, now: datetime) -> Interview:
        for _ in range(BOOKING_ATTEMPTS):
            interview = self._interviews.get(interview_id)
            if interview is None:
                raise NotFound(reason="no_interview", interview_id=interview_id)
            slot = self._slots.get(interview.position_id, slot_id)
            if slot is None:
                raise invalid("slot_id", code="not_a_slot")
            offer = interview.open_offer
            # The seat held for this candidate is theirs to book while the hold lasts.
            held = offer is not None and offer.slot_id == slot_id
            if held and offer is not None and parse_utc(offer.until) <= now:
                raise OfferEnded()
            if not held and (not slot.is_open or slot.seats_free < 1 or parse_utc(slot.starts_at_utc) <= now):
                raise SlotTaken(slot_id, self.open_slots(interview, now=now))
            updated, seats = self._left_waiting(interview, change(interview, slot), slot, held=held, now=now)
            if interview.slot_id and interview.slot_id != slot.slot_id:
                old = self._slots.get(interview.position_id, interview.slot_id)
                if old is not None:
                    seats.append(self._slots.free_seat(old))
            try:
                return self._interviews.replace(
                    updated, expected_revision=interview.revision, before=interview, also=seats
                )
            except (AlsoRefused, StaleInterview):
                # Another booking took a seat (or the interview changed): read both again and decide anew.
                self.retries += 1
        raise InterviewKeepsChanging(interview_id)
