"""Statistics counters per period (``day#2026-11-28``, ``week#2026-W48``, ``month#2026-11``) and scope.

An item is one period and one scope: ``all``, or ``channel#…``, ``mode#…``, ``position#<id>``
(which sort in that order, so "below ``position#``" is every fixed scope). Counters only ever
move by an atomic ADD. Interview writes move them from the interviews table's stream, a batch at a
time and each write once (:class:`Counters`); reading a period costs one Query and a range one
BatchGetItem per 100 periods: never a recount.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.store.codec import from_item

ALL = "all"
POSITION = "position#"
# DynamoDB's BatchGetItem limit, and its TransactWriteItems limit.
BATCH_KEYS = 100
TRANSACTION_ITEMS = 100
# A write's "counted" mark outlives every redelivery of the stream record that carries it (24 h).
COUNTED_TTL_SECONDS = 7 * 24 * 3600
# Transactions on shared counters collide with other consumers' now and then; tried this often.
TRANSACTION_ATTEMPTS = 5

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

    Keys and values are plain Python: the transaction goes through a table resource's client, which
    serialises them to DynamoDB's typed JSON (typed values here would be serialised twice)."""
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
        the stream: for loading counters in bulk (the benchmark) and for repairs."""
        if counts:
            self._table.update_item(**_adding(period_key, scope, counts))


def _counters(item: Mapping[str, Any]) -> dict[str, int]:
    values: dict[str, Any] = from_item(dict(item))
    return {k: int(v) for k, v in values.items() if k not in ("period_key", "scope")}


def counted_key(write: str) -> str:
    """Ledger key marking that one interview write (``<interview_id>#r<revision>``) was counted."""
    return f"counted#{write}"


class Counters:
    """Adds interview writes' counter moves exactly once, however often the stream hands them over.

    One transaction per batch (chunked under DynamoDB's 100 items) holds a conditional ``counted#``
    ledger item per write and the batch's summed ADDs, one per counter item: a burst of writes on one
    day touches each of that day's counters once. A write counted before fails its condition and
    cancels the transaction; it is dropped and the rest go again, so a batch delivered twice, or cut
    short by a dying Lambda and delivered again, adds every write exactly once."""

    def __init__(
        self, *, client: Any, stats_table: str, ledger_table: str, sleep: Callable[[float], None] | None = None
    ) -> None:
        self._client = client
        self._stats = stats_table
        self._ledger = ledger_table
        self._sleep = sleep or time.sleep

    def add_once(self, writes: Mapping[str, Moves], *, now_epoch: int) -> set[str]:
        """Add each write's moves (keyed by write) unless counted before; returns the writes counted now."""
        counted: set[str] = set()
        for chunk in _chunks(writes):
            counted |= self._add_chunk(chunk, now_epoch)
        return counted

    def _add_chunk(self, chunk: dict[str, Moves], now_epoch: int) -> set[str]:
        pending = dict(chunk)
        for attempt in range(TRANSACTION_ATTEMPTS):
            if not pending:
                return set()
            marks = [self._mark(write, now_epoch) for write in pending]
            try:
                self._client.transact_write_items(
                    TransactItems=[*marks, *counter_updates(summed(pending.values()), table_name=self._stats)]
                )
            except ClientError as exc:
                reasons = [reason.get("Code") for reason in exc.response.get("CancellationReasons") or []]
                seen = {
                    write for write, reason in zip(pending, reasons, strict=False) if reason == "ConditionalCheckFailed"
                }
                if seen:
                    pending = {write: moves for write, moves in pending.items() if write not in seen}
                    continue
                if "TransactionConflict" in reasons and attempt + 1 < TRANSACTION_ATTEMPTS:
                    # Another consumer's batch holds one of these counters: the marks make trying again safe.
                    self._sleep(random.uniform(0.5, 1.0) * 0.05 * 2**attempt)
                    continue
                raise
            return set(pending)
        raise RuntimeError("the statistics counters stayed busy; the stream hands this batch over again")

    def _mark(self, write: str, now_epoch: int) -> dict[str, Any]:
        item = {
            "ledger_key": counted_key(write),
            "claimed_at": now_epoch,
            "expires_at": now_epoch + COUNTED_TTL_SECONDS,
        }
        condition = "attribute_not_exists(ledger_key)"
        return {"Put": {"TableName": self._ledger, "Item": item, "ConditionExpression": condition}}


def summed(moves: Iterable[Moves]) -> dict[tuple[str, str], dict[str, int]]:
    """Many writes' moves as one: per counter item, each counter's moves added up, zeros left out."""
    total: dict[tuple[str, str], dict[str, int]] = {}
    for move in moves:
        for key, counts in move.items():
            into = total.setdefault(key, {})
            for name, value in counts.items():
                into[name] = into.get(name, 0) + value
    return {key: kept for key, counts in total.items() if (kept := {n: v for n, v in counts.items() if v})}


def _chunks(writes: Mapping[str, Moves]) -> list[dict[str, Moves]]:
    """The writes in groups whose marks and counter items fit one transaction."""
    chunks: list[dict[str, Moves]] = []
    chunk: dict[str, Moves] = {}
    items: set[tuple[str, str]] = set()
    for write, moves in writes.items():
        if chunk and len(chunk) + 1 + len(items | moves.keys()) > TRANSACTION_ITEMS:
            chunks.append(chunk)
            chunk, items = {}, set()
        chunk[write] = moves
        items |= moves.keys()
    if chunk:
        chunks.append(chunk)
    return chunks
