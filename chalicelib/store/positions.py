"""Positions: the job facts every notice and call script is built from."""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from chalicelib.store import actor
from chalicelib.store.codec import from_item, to_item

# Positions are few; a constant partition on a GSI lists them newest first without a Scan.
LIST_INDEX = "by_created"
RECORD_TYPE = "position"
# Positions never change once created, so a warm container may keep the ones it has read.
_CACHE_SIZE = 512
_cache: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()


class PositionRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def add(self, position: dict[str, Any]) -> None:
        actor.sign(position, new=True)
        item = {
            **position,
            "record_type": RECORD_TYPE,
            "created_key": f"{position['created_at']}#{position['position_id']}",
        }
        self._table.put_item(Item=to_item(item), ConditionExpression="attribute_not_exists(position_id)")

    def get(self, position_id: str) -> dict[str, Any] | None:
        key = (str(self._table.name), position_id)
        if key in _cache:
            _cache.move_to_end(key)
            return copy.deepcopy(_cache[key])
        item = self._table.get_item(Key={"position_id": position_id}).get("Item")
        if not item:
            return None
        record = _record(item)
        _cache[key] = record
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
        return copy.deepcopy(record)

    def list(self, limit: int = 200) -> list[dict[str, Any]]:
        response = self._table.query(
            IndexName=LIST_INDEX,
            KeyConditionExpression="record_type = :t",
            ExpressionAttributeValues={":t": RECORD_TYPE},
            ScanIndexForward=False,
            Limit=limit,
        )
        return [_record(item) for item in response["Items"]]


def _record(item: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = from_item(item)
    record.pop("record_type", None)
    record.pop("created_key", None)
    return record
