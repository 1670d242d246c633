"""The interviews table: records by id, written with optimistic locking on ``revision``, and read
through its two indexes (``by_local_date``: a day's interviews; ``by_candidate``: one person's)."""

from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.errors import Conflict
from chalicelib.store import actor
from chalicelib.store.codec import from_item, to_item
from chalicelib.store.pages import items

BY_LOCAL_DATE = "by_local_date"
BY_CANDIDATE = "by_candidate"
# Writes sharing counter items (this month's totals) can collide; they are retried this often.
TRANSACTION_ATTEMPTS = 4
# ``update`` reads, changes and writes this often before it gives up: two writers rarely collide
# twice in a row, so a fifth collision means the interview is being changed faster than we can.
UPDATE_ATTEMPTS = 5
# The first retry follows at once (the other writer is done); later ones wait a random 50-100 %
# of this, doubling each time, so writers that keep colliding drift apart.
UPDATE_BACKOFF_SECONDS = 0.02


class StaleInterview(Exception):
    """The interview changed since it was read (optimistic locking on ``revision``).

    ``revision`` counts every write; ``version`` counts what the candidate was told
    (reschedule and cancel raise it and so retire older candidate links)."""


class InterviewKeepsChanging(Conflict):
    """Another writer got in first on every one of ``update``'s tries (a 409 for HR to retry)."""

    def __init__(self, interview_id: str) -> None:
        super().__init__("The interview changed meanwhile; reload it and try again")
        self.interview_id = interview_id


# counters(before, after) -> TransactWriteItems "Update" entries that move statistics counters
# from what ``before`` counted to what ``after`` counts (``before`` is None for a new interview).
Counters = Callable[[Mapping[str, Any] | None, Mapping[str, Any]], list[dict[str, Any]]]
# observer(before, after) runs once a write succeeded (e.g. to emit metrics for what changed).
Observer = Callable[[Mapping[str, Any] | None, Mapping[str, Any]], None]
# change(interview) -> the interview as it should be stored, or None when there is nothing to write.
Change = Callable[[dict[str, Any]], dict[str, Any] | None]


class InterviewRepository:
    """Interviews; with ``counters``, every write moves the statistics in the same transaction,
    so counts can never disagree with the interviews they count."""

    # How retries wait (None: time.sleep); a class default, so subclasses need not call __init__.
    _sleep: Callable[[float], None] | None = None

    def __init__(
        self,
        *,
        table: Any,
        counters: Counters | None = None,
        observer: Observer | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._table = table
        self._counters = counters
        self._observer = observer
        self._sleep = sleep

    def add(self, interview: dict[str, Any]) -> None:
        actor.sign(interview, new=True)
        self._write(
            None, _item(interview), stale_on_conflict=False, ConditionExpression="attribute_not_exists(interview_id)"
        )

    def get(self, interview_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"interview_id": interview_id}).get("Item")
        return _record(item) if item else None

    def update(self, interview_id: str, change: Change) -> tuple[dict[str, Any] | None, bool]:
        """Read the interview, apply ``change`` and write the result unless someone wrote first;
        then read and apply again, up to ``UPDATE_ATTEMPTS`` times (:class:`InterviewKeepsChanging`).

        ``change`` gets a copy of the current record on each try (it may raise to refuse) and returns
        the record to store, or None or an equal record for "nothing to write". Returns the interview
        as stored and whether this call wrote it; ``(None, False)`` when there is no such interview."""
        for attempt in range(UPDATE_ATTEMPTS):
            if attempt > 1:
                self._wait(random.uniform(0.5, 1.0) * UPDATE_BACKOFF_SECONDS * 2 ** (attempt - 2))
            current = self.get(interview_id)
            if current is None:
                return None, False
            # A copy, so a change made in place still differs from what the counters count as before.
            changed = change(copy.deepcopy(current))
            if changed is None or changed == current:
                return current, False
            try:
                self.replace(changed, expected_revision=current["revision"], before=current)
            except StaleInterview:
                continue
            return changed, True
        raise InterviewKeepsChanging(interview_id)

    def replace(
        self, interview: dict[str, Any], *, expected_revision: int, before: Mapping[str, Any] | None = None
    ) -> None:
        """Write ``interview`` back only if nobody else changed it since ``expected_revision``.

        ``before`` is the record as read (saves a read when statistics are counted)."""
        watched = self._counters is not None or self._observer is not None
        if watched and (before is None or before.get("revision") != expected_revision):
            before = self.get(interview["interview_id"])
            if before is None or before.get("revision") != expected_revision:
                raise StaleInterview(interview["interview_id"])
        actor.sign(interview)
        item = _item({**interview, "revision": expected_revision + 1})
        self._write(
            before,
            item,
            stale_on_conflict=True,
            ConditionExpression="revision = :expected",
            ExpressionAttributeValues={":expected": expected_revision},
        )
        interview["revision"] = expected_revision + 1

    def _write(
        self, before: Mapping[str, Any] | None, item: dict[str, Any], *, stale_on_conflict: bool, **condition: Any
    ) -> None:
        after = _record(item)
        updates = self._counters(before, after) if self._counters is not None else []
        for attempt in range(TRANSACTION_ATTEMPTS):
            try:
                if updates:
                    client = self._table.meta.client
                    put = {"Put": {"TableName": self._table.name, "Item": item, **condition}}
                    client.transact_write_items(TransactItems=[put, *updates])
                else:
                    self._table.put_item(Item=item, **condition)
                break
            except ClientError as exc:
                reasons = [reason.get("Code") for reason in exc.response.get("CancellationReasons") or []]
                conflict = exc.response["Error"]["Code"] == "ConditionalCheckFailedException" or (
                    reasons[:1] == ["ConditionalCheckFailed"]
                )
                if conflict and stale_on_conflict:
                    raise StaleInterview(str(item["interview_id"])) from None
                # Another transaction touched the same counters at the same moment; the revision
                # condition makes trying again safe.
                if "TransactionConflict" in reasons and attempt + 1 < TRANSACTION_ATTEMPTS:
                    self._wait(random.uniform(0.5, 1.0) * 0.05 * 2**attempt)
                    continue
                raise
        if self._observer is not None:
            self._observer(before, after)

    def _wait(self, seconds: float) -> None:
        (self._sleep or time.sleep)(seconds)

    def on_local_date(self, local_date: str) -> Iterator[dict[str, Any]]:
        """Every interview held on ``local_date`` (YYYY-MM-DD, local time), earliest first."""
        found = items(
            self._table.query, IndexName=BY_LOCAL_DATE, KeyConditionExpression=Key("local_date").eq(local_date)
        )
        return (_record(item) for item in found)


@dataclass(frozen=True)
class DateWindow:
    """Interviews held on ``local_date`` that start in [``start_from``, ``start_before``) UTC."""

    local_date: str
    start_from: datetime
    start_before: datetime


class InterviewWindows:
    """Reads the ``by_local_date`` index one local date at a time, narrowed by UTC start (never a Scan)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def starting_between(self, window: DateWindow) -> Iterator[dict[str, Any]]:
        # start_key is "<starts_at_utc>#<interview_id>" with fixed-width UTC times, so string order
        # is time order and a bare timestamp sorts before every key that starts at that second.
        condition = Key("local_date").eq(window.local_date) & Key("start_key").between(
            _utc(window.start_from), _utc(window.start_before)
        )
        found = items(self._table.query, IndexName=BY_LOCAL_DATE, KeyConditionExpression=condition)
        return (_record(item) for item in found)


class CandidateIndex:
    """Reads the ``by_candidate`` index (keys only: each interview is read fresh before it is rewritten)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def interview_ids(self, key: str) -> Iterator[str]:
        """The ids of every interview whose ``candidate_key`` is ``key``."""
        found = items(self._table.query, IndexName=BY_CANDIDATE, KeyConditionExpression=Key("candidate_key").eq(key))
        return (str(item["interview_id"]) for item in found)


def _utc(moment: datetime) -> str:
    """The fixed-width form ``starts_at_utc`` is stored in."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(interview: dict[str, Any]) -> dict[str, Any]:
    item = to_item(interview)
    item["start_key"] = f"{interview['starts_at_utc']}#{interview['interview_id']}"
    return dict(item)


def _record(item: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = from_item(item)
    record.pop("start_key", None)
    return record
