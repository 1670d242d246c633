"""Positions: the job facts every notice and call script is built from, written with optimistic locking
on ``revision`` (HR corrects them; notices must state the facts as they are now)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from chalicelib.errors import TryAgain
from chalicelib.store import actor
from chalicelib.store.codec import from_item, plain, to_item

if TYPE_CHECKING:
    from chalicelib.services.common.records import Position

# Positions are few; a constant partition on a GSI lists them newest first without a Scan.
LIST_INDEX = "by_created"
RECORD_TYPE = "position"
# ``update`` reads, changes and writes this often before it gives up (two HR people rarely collide twice).
UPDATE_ATTEMPTS = 3


class StalePosition(Exception):
    """The position changed since it was read (its ``revision`` moved on)."""


class PositionKeepsChanging(TryAgain):
    """Someone else wrote the position first on every one of ``update``'s tries."""

    def __init__(self) -> None:
        super().__init__("The position changed meanwhile; reload it and try again")


# change(position) -> the position as it should be stored, or None when there is nothing to write.
Change = Callable[["Position"], "Position | None"]


class PositionRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def add(self, position: Position) -> Position:
        """Store a new position; returns it as stored (signed by whoever is acting)."""
        stored = actor.signed(position, new=True)
        self._table.put_item(Item=_item(stored), ConditionExpression="attribute_not_exists(position_id)")
        return stored

    def get(self, position_id: str) -> Position | None:
        # Consistent: a notice rendered right after HR corrected the position must state the correction,
        # and a position closed a moment ago must refuse the next interview.
        item = self._table.get_item(Key={"position_id": position_id}, ConsistentRead=True).get("Item")
        return _record(item) if item else None

    def replace(self, position: Position, *, expected_revision: int) -> Position:
        """Write ``position`` back only if it is still at ``expected_revision``; returns it as stored
        (its revision raised), or raises :class:`StalePosition`."""
        stored = actor.signed(dataclasses.replace(position, revision=expected_revision + 1))
        # Items written before positions could change have no revision: they are at revision 1.
        unrevised = " OR attribute_not_exists(revision)" if expected_revision == 1 else ""
        condition = f"attribute_exists(position_id) AND (revision = :expected{unrevised})"
        values = {":expected": expected_revision}
        refused = self._table.meta.client.exceptions.ConditionalCheckFailedException
        try:
            self._table.put_item(Item=_item(stored), ConditionExpression=condition, ExpressionAttributeValues=values)
        except refused:
            raise StalePosition(position.position_id) from None
        return stored

    def update(self, position_id: str, change: Change) -> Position | None:
        """Read the position, apply ``change`` and write the result unless someone wrote first (then
        read and apply again); returns the position as stored, None when there is no such position."""
        for _ in range(UPDATE_ATTEMPTS):
            current = self.get(position_id)
            if current is None:
                return None
            changed = change(current)
            if changed is None or changed == current:
                return current
            try:
                return self.replace(changed, expected_revision=current.revision)
            except StalePosition:
                continue
        raise PositionKeepsChanging()

    def list(self, limit: int = 200) -> list[Position]:
        response = self._table.query(
            IndexName=LIST_INDEX,
            KeyConditionExpression="record_type = :t",
            ExpressionAttributeValues={":t": RECORD_TYPE},
            ScanIndexForward=False,
            Limit=limit,
        )
        return [_record(item) for item in response["Items"]]


def _item(position: Position) -> dict[str, Any]:
    item: dict[str, Any] = to_item(plain(position))
    item.update(record_type=RECORD_TYPE, created_key=f"{position.created_at}#{position.position_id}")
    return item


def _record(item: Mapping[str, Any]) -> Position:
    # The readers (and the record classes) load on the first read, not on every cold start.
    from chalicelib.store.readers import position_from

    return position_from(from_item(item))
