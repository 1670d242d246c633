"""The slots table: the times HR opens on a position for candidates to book, one item per slot keyed by
``position_id`` and ``slot_id``, each counting its own ``seats_taken``.

A seat is taken or freed only inside the transaction that writes the interview booking it
(:meth:`SlotRepository.take_seat` / :meth:`free_seat` give the transaction's items): the condition
``seats_taken < seats`` makes the last seat go to exactly one writer, however many race for it.

A full slot's waitlist lives beside it under the position: one item per waiting interview, sort key
``<slot_id>#wait#<interview_id>`` (so an interview waits once per slot). A seat offered from the list
is a seat taken: the entry then carries ``hold_until``, and a second item under the partition
``#hold`` (sort key ``<until>#<position>#<slot>#<interview>``) lets the expiry job find the holds
that ran out with one query, without a Scan or an index.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key

from chalicelib.store.codec import from_item, plain, to_item
from chalicelib.store.pages import items

if TYPE_CHECKING:
    from chalicelib.services.common.records import Slot


WAIT = "#wait#"
HOLDS = "#hold"


class SlotClosed(Exception):
    """The slot was closed already (or is not there)."""


@dataclass(frozen=True)
class Waiting:
    """One interview on a slot's waitlist; ``hold_until`` while a seat of the slot is held for it."""

    position_id: str
    slot_id: str
    interview_id: str
    joined_at: str
    hold_until: str | None = None


@dataclass(frozen=True)
class Hold:
    """A held seat as the expiry job finds it."""

    position_id: str
    slot_id: str
    interview_id: str
    until: str


class SlotRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    @property
    def name(self) -> str:
        return str(self._table.name)

    def add(self, slot: Slot) -> Slot:
        self._table.put_item(Item=to_item(plain(slot)), ConditionExpression="attribute_not_exists(slot_id)")
        return slot

    def get(self, position_id: str, slot_id: str) -> Slot | None:
        # Consistent: the seats a candidate is shown free must be those a booking is checked against.
        key = {"position_id": position_id, "slot_id": slot_id}
        item = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
        return _record(item) if item else None

    def of_position(self, position_id: str) -> list[Slot]:
        """Every slot of the position, earliest start first."""
        found = self._partition(position_id)
        slots = (_record(item) for item in found if WAIT not in item["slot_id"])
        return sorted(slots, key=lambda slot: (slot.starts_at_utc, slot.slot_id))

    def _partition(self, position_id: str, begins: str | None = None) -> list[dict[str, Any]]:
        condition: Any = Key("position_id").eq(position_id)
        if begins is not None:
            condition = condition & Key("slot_id").begins_with(begins)
        return list(items(self._table.query, KeyConditionExpression=condition, ConsistentRead=True))

    def bookable(self, position_id: str, *, after: datetime) -> list[Slot]:
        """The position's slots open, with a seat free, that start after ``after``: earliest first."""
        moment = iso_utc(after)
        return [
            slot
            for slot in self.of_position(position_id)
            if slot.is_open and slot.seats_free > 0 and slot.starts_at_utc > moment
        ]

    def full(self, position_id: str, *, after: datetime) -> list[Slot]:
        """The position's open slots with no seat free that start after ``after``: those with a waitlist."""
        moment = iso_utc(after)
        return [
            slot
            for slot in self.of_position(position_id)
            if slot.is_open and slot.seats_free == 0 and slot.starts_at_utc > moment
        ]

    def close(self, position_id: str, slot_id: str, *, at: str) -> Slot:
        """Close the slot to new bookings (the seats booked stay booked); :class:`SlotClosed` if it was."""
        refused = self._table.meta.client.exceptions.ConditionalCheckFailedException
        try:
            answer = self._table.update_item(
                Key={"position_id": position_id, "slot_id": slot_id},
                UpdateExpression="SET closed_at = :at",
                ConditionExpression="attribute_exists(slot_id) AND attribute_not_exists(closed_at)",
                ExpressionAttributeValues={":at": at},
                ReturnValues="ALL_NEW",
            )
        except refused:
            raise SlotClosed(slot_id) from None
        return _record(answer["Attributes"])

    def take_seat(self, slot: Slot) -> dict[str, Any]:
        """The transaction item that books one seat of ``slot``: refused unless it is open with a seat free."""
        return self._update(
            slot,
            "SET seats_taken = seats_taken + :one",
            "attribute_exists(slot_id) AND attribute_not_exists(closed_at) AND seats_taken < seats",
        )

    def free_seat(self, slot: Slot) -> dict[str, Any]:
        """The transaction item that gives one seat of ``slot`` back (closed or not: the count stays exact)."""
        return self._update(slot, "SET seats_taken = seats_taken - :one", "seats_taken >= :one")

    def _update(self, slot: Slot, expression: str, condition: str) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self.name,
                "Key": {"position_id": slot.position_id, "slot_id": slot.slot_id},
                "UpdateExpression": expression,
                "ConditionExpression": condition,
                "ExpressionAttributeValues": {":one": 1},
            }
        }

    def free_seat_once(self, slot: Slot, claim: dict[str, Any]) -> bool:
        """Give one seat of ``slot`` back in one transaction with ``claim`` (the ledger's once-only item):
        ``False`` when the claim was made before or no seat was taken (the count never goes below zero)."""
        try:
            self._table.meta.client.transact_write_items(TransactItems=[claim, self.free_seat(slot)])
        except self._table.meta.client.exceptions.TransactionCanceledException:
            return False
        return True

    # The waitlist.

    def waiting(self, position_id: str, slot_id: str) -> list[Waiting]:
        """The slot's waitlist, first come first."""
        found = [_waiting(item) for item in self._partition(position_id, f"{slot_id}{WAIT}")]
        return sorted(found, key=lambda entry: (entry.joined_at, entry.interview_id))

    def waitlist_counts(self, position_id: str) -> dict[str, int]:
        """How many wait for each slot of the position (slots nobody waits for are left out)."""
        counts: dict[str, int] = {}
        for item in self._partition(position_id):
            if WAIT in item["slot_id"] and not item.get("hold_until"):
                slot_id = item["slot_id"].split(WAIT)[0]
                counts[slot_id] = counts.get(slot_id, 0) + 1
        return counts

    def join(self, slot: Slot, interview_id: str, *, at: str) -> dict[str, Any]:
        """The transaction item that puts ``interview_id`` on the slot's waitlist (once: refused if it is on it)."""
        item = {
            "position_id": slot.position_id,
            "slot_id": _entry_key(slot.slot_id, interview_id),
            "interview_id": interview_id,
            "joined_at": at,
        }
        return {
            "Put": {
                "TableName": self.name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(slot_id)",
            }
        }

    def leave(self, position_id: str, slot_id: str, interview_id: str) -> dict[str, Any]:
        """The transaction item that takes an interview off a slot's waitlist (whether it was on it or not)."""
        key = {"position_id": position_id, "slot_id": _entry_key(slot_id, interview_id)}
        return {"Delete": {"TableName": self.name, "Key": key}}

    def hold(self, slot: Slot, interview_id: str, *, until: datetime) -> list[dict[str, Any]]:
        """The transaction items that hold one seat of ``slot`` for a waiting interview until ``until``:
        the seat taken (refused unless one is free), the entry marked (refused unless it waits unheld)."""
        moment = iso_utc(until)
        entry = {
            "Update": {
                "TableName": self.name,
                "Key": {"position_id": slot.position_id, "slot_id": _entry_key(slot.slot_id, interview_id)},
                "UpdateExpression": "SET hold_until = :until",
                "ConditionExpression": "attribute_exists(slot_id) AND attribute_not_exists(hold_until)",
                "ExpressionAttributeValues": {":until": moment},
            }
        }
        found = {"position_id": HOLDS, "slot_id": _hold_key(slot.position_id, slot.slot_id, interview_id, moment)}
        return [self.take_seat(slot), entry, {"Put": {"TableName": self.name, "Item": found}}]

    def let_go(self, slot: Slot, interview_id: str, *, until: str, seat: bool) -> list[dict[str, Any]]:
        """The transaction items that end a hold: the entry and the hold's item gone, and the seat given
        back unless ``seat`` is False (the candidate accepting keeps it)."""
        entry = {
            "Delete": {
                "TableName": self.name,
                "Key": {"position_id": slot.position_id, "slot_id": _entry_key(slot.slot_id, interview_id)},
                "ConditionExpression": "hold_until = :until",
                "ExpressionAttributeValues": {":until": until},
            }
        }
        key = {"position_id": HOLDS, "slot_id": _hold_key(slot.position_id, slot.slot_id, interview_id, until)}
        ended = [entry, {"Delete": {"TableName": self.name, "Key": key}}]
        return [*ended, self.free_seat(slot)] if seat else ended

    def remove_stale(self, position_id: str, slot_id: str, interview_id: str) -> None:
        """Take an interview that no longer waits (it booked, ended or is gone) off the list, unless a seat
        is held for it (the hold ends by its own way)."""
        refused = self._table.meta.client.exceptions.ConditionalCheckFailedException
        with contextlib.suppress(refused):
            self._table.delete_item(
                Key={"position_id": position_id, "slot_id": _entry_key(slot_id, interview_id)},
                ConditionExpression="attribute_not_exists(hold_until)",
            )

    def end_hold(self, slot: Slot, interview_id: str, *, until: str) -> bool:
        """End a hold without its interview (gone): the seat back, the entry and the hold removed, once."""
        try:
            self._table.meta.client.transact_write_items(
                TransactItems=self.let_go(slot, interview_id, until=until, seat=True)
            )
        except self._table.meta.client.exceptions.TransactionCanceledException:
            return False
        return True

    def holds_ended(self, now: datetime) -> list[Hold]:
        """Every hold whose time ran out at ``now``, earliest first."""
        # "$" sorts just after "#": every key whose time is ``now`` or earlier.
        condition = Key("position_id").eq(HOLDS) & Key("slot_id").lt(f"{iso_utc(now)}$")
        found = []
        for item in items(self._table.query, KeyConditionExpression=condition, ConsistentRead=True):
            until, position_id, slot_id, interview_id = str(item["slot_id"]).split("#")
            found.append(Hold(position_id=position_id, slot_id=slot_id, interview_id=interview_id, until=until))
        return found


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry_key(slot_id: str, interview_id: str) -> str:
    return f"{slot_id}{WAIT}{interview_id}"


def _hold_key(position_id: str, slot_id: str, interview_id: str, until: str) -> str:
    return f"{until}#{position_id}#{slot_id}#{interview_id}"


def _waiting(item: Mapping[str, Any]) -> Waiting:
    slot_id = str(item["slot_id"]).split(WAIT)[0]
    return Waiting(
        position_id=str(item["position_id"]),
        slot_id=slot_id,
        interview_id=str(item["interview_id"]),
        joined_at=str(item["joined_at"]),
        hold_until=item.get("hold_until"),
    )


def _record(item: Mapping[str, Any]) -> Slot:
    from chalicelib.store.readers import slot_from

    return slot_from(from_item(item))
