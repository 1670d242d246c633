"""Positions: the job facts every notice and call script is built from."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chalicelib.store import actor
from chalicelib.store.codec import from_item, plain, to_item

if TYPE_CHECKING:
    from chalicelib.services.common.records import Position

# Positions are few; a constant partition on a GSI lists them newest first without a Scan.
LIST_INDEX = "by_created"
RECORD_TYPE = "position"
# Positions never change once created, so a warm container may keep the ones it has read (records
# are frozen: every reader may share one).
_CACHE_SIZE = 512
_cache: OrderedDict[tuple[str, str], Position] = OrderedDict()


class PositionRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def add(self, position: Position) -> Position:
        """Store a new position; returns it as stored (signed by whoever is acting)."""
        stored = actor.signed(position, new=True)
        item = {
            **plain(stored),
            "record_type": RECORD_TYPE,
            "created_key": f"{stored.created_at}#{stored.position_id}",
        }
        self._table.put_item(Item=to_item(item), ConditionExpression="attribute_not_exists(position_id)")
        return stored

    def get(self, position_id: str) -> Position | None:
        key = (str(self._table.name), position_id)
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        item = self._table.get_item(Key={"position_id": position_id}).get("Item")
        if not item:
            return None
        record = _record(item)
        _cache[key] = record
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
        return record

    def list(self, limit: int = 200) -> list[Position]:
        response = self._table.query(
            IndexName=LIST_INDEX,
            KeyConditionExpression="record_type = :t",
            ExpressionAttributeValues={":t": RECORD_TYPE},
            ScanIndexForward=False,
            Limit=limit,
        )
        return [_record(item) for item in response["Items"]]


def _record(item: Mapping[str, Any]) -> Position:
    # The readers (and the record classes) load on the first read, not on every cold start.
    from chalicelib.store.readers import position_from

    return position_from(from_item(item))
