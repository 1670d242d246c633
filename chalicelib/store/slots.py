"""The slots table: the times HR opens on a position for candidates to book, one item per slot keyed by
``position_id`` and ``slot_id``, each counting its own ``seats_taken``.

A seat is taken or freed only inside the transaction that writes the interview booking it
(:meth:`SlotRepository.take_seat` / :meth:`free_seat` give the transaction's items): the condition
``seats_taken < seats`` makes the last seat go to exactly one writer, however many race for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key

from chalicelib.store.codec import from_item, plain, to_item
from chalicelib.store.pages import items

if TYPE_CHECKING:
    from chalicelib.services.common.records import Slot


class SlotClosed(Exception):
    """The slot was closed already (or is not there)."""


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
        found = items(self._table.query, KeyConditionExpression=Key("position_id").eq(position_id), ConsistentRead=True)
        return sorted((_record(item) for item in found), key=lambda slot: (slot.starts_at_utc, slot.slot_id))

    def bookable(self, position_id: str, *, after: datetime) -> list[Slot]:
        """The position's slots open, with a seat free, that start after ``after``: earliest first."""
        moment = after.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return [
            slot
            for slot in self.of_position(position_id)
            if slot.is_open and slot.seats_free > 0 and slot.starts_at_utc > moment
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


def _record(item: Mapping[str, Any]) -> Slot:
    from chalicelib.store.readers import slot_from

    return slot_from(from_item(item))
