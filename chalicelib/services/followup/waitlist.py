"""Waitlists and backfill: a candidate choosing their time waits for a full slot; a seat that frees is
offered to the first in line and held for them a few hours; one that runs out goes to the next.

An offer is a seat taken: the interview's offer, the slot's seat and the waitlist entry's hold are written
in one transaction, so a seat has one holder however many offers race for it. Seats given up by a write
(a decline, a cancellation, an erasure) are given back from the interviews' stream, each once
(a ledger claim in the same transaction); a move gives its old seat back in its own write. Either way the
stream then offers the freed seat. Each offer's message goes out once (the outbox keys it by its number).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from chalicelib.errors import Conflict, NotFound, invalid
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview, Slot, SlotOffer
from chalicelib.services.scheduling.slots import OfferEnded
from chalicelib.store.interviews import AlsoRefused, InterviewRepository, StaleInterview
from chalicelib.store.ledger import Ledger
from chalicelib.store.slots import Hold, SlotRepository
from chalicelib.vocabulary import InterviewStatus, OfferEnd

log = logging.getLogger("showup.waitlist")

# A seat held for a candidate ends at least this long before the slot starts: time to travel.
OFFER_LEAD = timedelta(hours=2)
# Statuses whose interview keeps the seat it booked (an outcome keeps it: the seat was used).
HOLDS_SEAT = frozenset(
    {
        InterviewStatus.SCHEDULED,
        InterviewStatus.CONFIRMED,
        InterviewStatus.RESCHEDULE_REQUESTED,
        InterviewStatus.ATTENDED,
        InterviewStatus.NO_SHOW,
    }
)
# Tries of one write that another write keeps beating before giving up for this run.
ATTEMPTS = 8
CLAIM_TTL_SECONDS = 30 * 24 * 3600


class SlotNotFull(Conflict):
    """The slot has a seat free (book it) or takes no bookings: nothing to wait for."""

    def __init__(self) -> None:
        super().__init__("That time is not full: book it instead", {"slot_id": "is not full"})


class Outbox(Protocol):
    def put(self, message: dict[str, Any]) -> None: ...


def holds_seat(interview: Interview | None, slot_id: str) -> bool:
    """Whether ``interview`` keeps a booked seat of ``slot_id``."""
    return (
        interview is not None
        and interview.slot_id == slot_id
        and interview.status in HOLDS_SEAT
        and not interview.erased_at
    )


def offer_until(slot: Slot, now: datetime, hours: int) -> datetime | None:
    """Until when a seat of ``slot`` offered at ``now`` is held: ``hours``, never past the start minus two
    hours; None when that leaves no time."""
    until = min(now + timedelta(hours=hours), parse_utc(slot.starts_at_utc) - OFFER_LEAD)
    return until if until > now else None


class Waitlist:
    """Join a waitlist, offer freed seats, end offers (declined, expired, withdrawn)."""

    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        slots: SlotRepository,
        ledger: Ledger,
        outbox: Outbox,
        offer_hours: int = 4,
    ) -> None:
        self._interviews = interviews
        self._slots = slots
        self._ledger = ledger
        self._outbox = outbox
        self.offer_hours = offer_hours

    def join(self, interview_id: str, slot_id: str, *, now: datetime) -> Interview:
        """Put a candidate choosing their time on a full slot's waitlist; joining again changes nothing."""
        for _ in range(ATTEMPTS):
            interview = self._interview(interview_id)
            if interview.status != InterviewStatus.CHOOSING:
                raise Conflict(reason="time_chosen").at("slot_id", "time_chosen")
            if slot_id in interview.waitlist:
                return interview
            slot = self._slots.get(interview.position_id, slot_id)
            if slot is None:
                raise invalid("slot_id", code="not_a_slot")
            if not slot.is_open or slot.seats_free > 0 or parse_utc(slot.starts_at_utc) <= now:
                raise SlotNotFull()
            joined = dataclasses.replace(interview, waitlist=(*interview.waitlist, slot_id)).touched(now)
            try:
                return self._interviews.replace(
                    joined,
                    expected_revision=interview.revision,
                    before=interview,
                    # To the microsecond: first come, first offered.
                    also=[self._slots.join(slot, interview_id, at=now.astimezone(UTC).isoformat())],
                )
            except (AlsoRefused, StaleInterview):
                continue
        raise Conflict(reason="try_again").at("slot_id", "busy")

    def offer(self, position_id: str, slot_id: str, *, now: datetime) -> int:
        """Offer every free seat of the slot to the first waiting candidates; returns the offers made."""
        made = 0
        for _ in range(ATTEMPTS * 4):
            slot = self._slots.get(position_id, slot_id)
            if slot is None or not slot.is_open or slot.seats_free < 1:
                return made
            until = offer_until(slot, now, self.offer_hours)
            if until is None:
                return made
            outcome = self._offer_first(slot, until, now)
            if outcome is None:
                return made
            made += outcome
        return made

    def _offer_first(self, slot: Slot, until: datetime, now: datetime) -> int | None:
        """Offer one seat to the first candidate in line: 1 made, 0 lost a race (try again), None: nobody."""
        for entry in self._slots.waiting(slot.position_id, slot.slot_id):
            if entry.hold_until:
                continue
            interview = self._interviews.get(entry.interview_id)
            if interview is None or not _still_waiting(interview, slot.slot_id):
                self._slots.remove_stale(slot.position_id, slot.slot_id, entry.interview_id)
                continue
            if interview.open_offer is not None:
                # A seat elsewhere is held for them: the next in line gets this one.
                continue
            number = interview.offer.number + 1 if interview.offer else 1
            offer = SlotOffer(
                slot_id=slot.slot_id,
                starts_at=slot.starts_at,
                timezone=slot.timezone,
                starts_at_utc=slot.starts_at_utc,
                duration_minutes=slot.duration_minutes,
                made_at=iso_utc(now),
                until=iso_utc(until),
                number=number,
            )
            offered = dataclasses.replace(interview, offer=offer).touched(now)
            try:
                self._interviews.replace(
                    offered,
                    expected_revision=interview.revision,
                    before=interview,
                    also=self._slots.hold(slot, interview.interview_id, until=until),
                )
            except (AlsoRefused, StaleInterview):
                return 0
            log.info("offered a seat of %s to %s until %s", slot.slot_id, interview.interview_id, offer.until)
            return 1
        return None

    def decline(self, interview_id: str, *, now: datetime) -> Interview:
        """The candidate lets the seat held for them go: it goes to the next in line."""
        return self.end(interview_id, OfferEnd.DECLINED, now=now)

    def end(self, interview_id: str, how: OfferEnd, *, now: datetime) -> Interview:
        """End the interview's open offer as ``how``, giving its seat back; :class:`OfferEnded` without one."""
        for _ in range(ATTEMPTS):
            interview = self._interview(interview_id)
            offer = interview.open_offer
            if offer is None:
                raise OfferEnded()
            slot = self._slots.get(interview.position_id, offer.slot_id)
            if slot is None:
                raise OfferEnded()
            ended = dataclasses.replace(
                interview,
                offer=dataclasses.replace(offer, ended=how.value, ended_at=iso_utc(now)),
                waitlist=tuple(waited for waited in interview.waitlist if waited != offer.slot_id),
            ).touched(now)
            items = self._slots.let_go(slot, interview_id, until=offer.until, seat=True)
            try:
                return self._interviews.replace(
                    ended, expected_revision=interview.revision, before=interview, also=items
                )
            except (AlsoRefused, StaleInterview):
                continue
        raise Conflict(reason="try_again").at("offer", "busy")

    def expire(self, now: datetime) -> dict[str, int]:
        """End every hold whose time ran out and offer its seat to the next; returns ``{expired, offered}``."""
        expired = offered = 0
        for hold in self._slots.holds_ended(now):
            if self._expire(hold, now):
                expired += 1
            offered += self.offer(hold.position_id, hold.slot_id, now=now)
        log.info("waitlist offers at %s: %d expired, %d offered", iso_utc(now), expired, offered)
        return {"expired": expired, "offered": offered}

    def _expire(self, hold: Hold, now: datetime) -> bool:
        interview = self._interviews.get(hold.interview_id)
        offer = interview.open_offer if interview else None
        if offer is not None and offer.slot_id == hold.slot_id and offer.until == hold.until:
            try:
                self.end(hold.interview_id, OfferEnd.EXPIRED, now=now)
            except OfferEnded:
                return False
            return True
        # The interview is gone (its data expired) while holding: the seat and the hold go without it.
        slot = self._slots.get(hold.position_id, hold.slot_id)
        if slot is not None and interview is None:
            return self._slots.end_hold(slot, hold.interview_id, until=hold.until)
        return False

    def follow(self, writes: Sequence[tuple[Interview | None, Interview | None]], *, now: datetime) -> dict[str, int]:
        """What interview writes mean for seats (read from the stream): give back the seats they gave up,
        once; take back offers from interviews that ended; send new offers; offer the seats freed."""
        freed: set[tuple[str, str]] = set()
        released = queued = withdrawn = 0
        for before, after in writes:
            for slot in self._seats_given_up(before, after):
                freed.add(slot)
            if before is not None and before.slot_id and _gave_back_booking(before, after):
                released += self._release(before, after, now)
            if after is not None and after.open_offer and _ended(after):
                withdrawn += self._withdraw(after.interview_id, now)
            if after is not None and _newly_offered(before, after):
                self._queue_offer(after)
                queued += 1
        offered = sum(self.offer(position, slot, now=now) for position, slot in sorted(freed))
        return {"released": released, "withdrawn": withdrawn, "offers_queued": queued, "offered": offered}

    def _seats_given_up(self, before: Interview | None, after: Interview | None) -> Iterable[tuple[str, str]]:
        if before is None:
            return
        if before.slot_id and _gave_back_booking(before, after):
            yield before.position_id, before.slot_id
        offer = before.open_offer
        if offer is not None and (after is None or after.open_offer is None or after.offer != offer):
            accepted = after is not None and after.offer is not None and after.offer.ended == OfferEnd.ACCEPTED
            if not accepted:
                yield before.position_id, offer.slot_id

    def _release(self, before: Interview, after: Interview | None, now: datetime) -> int:
        """Give back the seat ``before`` booked and the write gave up, unless the write did (a move)."""
        assert before.slot_id is not None
        if after is not None and after.slot_id and after.slot_id != before.slot_id and after.status in HOLDS_SEAT:
            return 0
        slot = self._slots.get(before.position_id, before.slot_id)
        if slot is None or parse_utc(slot.starts_at_utc) <= now:
            # A slot that started keeps its count: the seat was used (or wasted), which erasing changes not.
            return 0
        written = after or before
        # Once per write: a stream record handed over again finds the claim made.
        key = f"seat#{written.interview_id}#r{written.revision}#{before.slot_id}"
        claim = self._ledger.claim_item(key, now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS)
        return int(self._slots.free_seat_once(slot, claim))

    def _withdraw(self, interview_id: str, now: datetime) -> int:
        try:
            self.end(interview_id, OfferEnd.WITHDRAWN, now=now)
        except OfferEnded:
            return 0
        return 1

    def _queue_offer(self, interview: Interview) -> None:
        assert interview.offer is not None
        # Queued again when the stream hands the write over again: the outbox sends each number once.
        message = {"kind": "offer", "interview_id": interview.interview_id, "sequence": interview.offer.number}
        self._outbox.put(message)

    def _interview(self, interview_id: str) -> Interview:
        interview = self._interviews.get(interview_id)
        if interview is None:
            raise NotFound(reason="no_interview", interview_id=interview_id)
        return interview


def _still_waiting(interview: Interview, slot_id: str) -> bool:
    return interview.status == InterviewStatus.CHOOSING and not interview.erased_at and slot_id in interview.waitlist


def _gave_back_booking(before: Interview, after: Interview | None) -> bool:
    """Whether the write from ``before`` to ``after`` gave up the seat ``before`` booked."""
    return before.slot_id is not None and holds_seat(before, before.slot_id) and not holds_seat(after, before.slot_id)


def _ended(interview: Interview) -> bool:
    """Whether the interview can no longer take a seat offered to it (declined, cancelled, erased...)."""
    return interview.status != InterviewStatus.CHOOSING or bool(interview.erased_at)


def _newly_offered(before: Interview | None, after: Interview) -> bool:
    offer = after.open_offer
    if offer is None:
        return False
    return before is None or before.offer is None or before.offer.number != offer.number
