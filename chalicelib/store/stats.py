"""Statistics counters per period (``day#2026-11-28``, ``week#2026-W48``, ``month#2026-11``) and scope.

An item is one period and one scope: ``all``, or ``channel#…``, ``mode#…``, ``position#<id>``
(which sort in that order, so "below ``position#``" is every fixed scope). Counters only ever
move by an atomic ADD, in the interview write's own transaction (:func:`counter_updates`), so
reading a period costs one Query and a range one BatchGetItem per 100 periods: never a recount.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from boto3.dynamodb.conditions import Key

from chalicelib.store.codec import from_item

ALL = "all"
POSITION = "position#"
# DynamoDB's BatchGetItem limit.
BATCH_KEYS = 100

# (period_key, scope) -> {counter: how much it moves}
Moves = Mapping[tuple[str, str], Mapping[str, int]]


def _adding(period_key: str, scope: str, counts: Mapping[str, int]) -> dict[str, Any]:
    # Counter names go through placeholders: "count", "status" and "year" are DynamoDB reserved words.
    return {
        "Key": {"period_key": period_key, "scope": scope},
        "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counts))),
        "ExpressionAttributeNames": {f"#c{i}": name for i, name in enumerate(counts)},
        "ExpressionAttributeValues": {f":c{i}": int(value) for i, value in enumerate(counts.values())},
    }


def counter_updates(moves: Moves, *, table_name: str) -> list[dict[str, Any]]:
    """TransactWriteItems ``Update`` entries that add ``moves`` to the counters, one per item.

    Keys and values are plain Python, like the ``Put`` beside them: the interview repository sends
    the transaction through the table resource's client, which serialises both to DynamoDB's typed
    JSON (typed values here would be serialised twice)."""
    return [
        {"Update": {"TableName": table_name, **_adding(key, scope, counts)}}
        for (key, scope), counts in moves.items()
        if counts
    ]


class StatsRepository:
    """The stats table: counters read per period (one Query) or per range (BatchGetItem)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def scopes(self, period_key: str, *, positions: bool) -> dict[str, dict[str, int]]:
        """Every scope's counters for one period (position scopes only when asked)."""
        condition: Any = Key("period_key").eq(period_key)
        if not positions:
            condition = condition & Key("scope").lt(POSITION)
        kwargs: dict[str, Any] = {"KeyConditionExpression": condition}
        found: dict[str, dict[str, int]] = {}
        while True:
            page = self._table.query(**kwargs)
            for item in page["Items"]:
                found[str(item["scope"])] = _counters(item)
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def totals(self, period_keys: Sequence[str]) -> dict[str, dict[str, int]]:
        """The ``all`` scope's counters for many periods."""
        # The table resource's client takes and returns plain values (it serialises, as for the table).
        client, name = self._table.meta.client, self._table.name
        found: dict[str, dict[str, int]] = {}
        for first in range(0, len(period_keys), BATCH_KEYS):
            chunk = period_keys[first : first + BATCH_KEYS]
            request: dict[str, Any] = {name: {"Keys": [{"period_key": key, "scope": ALL} for key in chunk]}}
            # DynamoDB may leave part of a batch unread under load; ask again for the rest, backing off.
            for attempt in range(8):
                if attempt:
                    time.sleep(0.05 * 2**attempt)
                response = client.batch_get_item(RequestItems=request)
                for item in response.get("Responses", {}).get(name, []):
                    found[str(item["period_key"])] = _counters(item)
                request = response.get("UnprocessedKeys") or {}
                if not request:
                    break
            else:
                raise RuntimeError("DynamoDB kept part of a statistics batch unread")
        return found

    def get(self, period_key: str, scope: str = ALL) -> dict[str, int]:
        """One period's counters in one scope (``{}`` when nothing was counted)."""
        return _counters(self._table.get_item(Key={"period_key": period_key, "scope": scope}).get("Item") or {})

    def add(self, period_key: str, counts: Mapping[str, int], scope: str = ALL) -> None:
        """Atomically add ``counts`` (negative to move a count away) to one period and scope, outside
        any interview write: for loading counters in bulk (the benchmark) and for repairs."""
        if counts:
            self._table.update_item(**_adding(period_key, scope, counts))


def _counters(item: Mapping[str, Any]) -> dict[str, int]:
    values: dict[str, Any] = from_item(dict(item))
    return {k: int(v) for k, v in values.items() if k not in ("period_key", "scope")}
