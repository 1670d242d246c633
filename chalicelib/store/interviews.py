"""Interviews, listed by the day they happen in their own time zone (GSI ``by_local_date``)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.store.codec import from_item, to_item

BY_LOCAL_DATE = "by_local_date"
# Writes sharing counter items (this month's totals) can collide; they are retried this often.
TRANSACTION_ATTEMPTS = 4


class StaleInterview(Exception):
    """The interview changed since it was read (optimistic locking on ``revision``).

    ``revision`` counts every write; ``version`` counts what the candidate was told
    (reschedule and cancel raise it and so retire older candidate links)."""


# counters(before, after) -> TransactWriteItems "Update" entries that move statistics counters
# from what ``before`` counted to what ``after`` counts (``before`` is None for a new interview).
Counters = Callable[[Mapping[str, Any] | None, Mapping[str, Any]], list[dict[str, Any]]]
# observer(before, after) runs once a write succeeded (e.g. to emit metrics for what changed).
Observer = Callable[[Mapping[str, Any] | None, Mapping[str, Any]], None]


class InterviewRepository:
    """Interviews; with ``counters``, every write moves the statistics in the same transaction,
    so counts can never disagree with the interviews they count."""

    def __init__(self, *, table: Any, counters: Counters | None = None, observer: Observer | None = None) -> None:
        self._table = table
        self._counters = counters
        self._observer = observer

    def add(self, interview: dict[str, Any]) -> None:
        self._write(
            None, _item(interview), stale_on_conflict=False, ConditionExpression="attribute_not_exists(interview_id)"
        )

    def get(self, interview_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"interview_id": interview_id}).get("Item")
        return _record(item) if item else None

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
                    time.sleep(random.uniform(0.5, 1.0) * 0.05 * 2**attempt)
                    continue
                raise
        if self._observer is not None:
            self._observer(before, after)

    def on_local_date(self, local_date: str) -> Iterator[dict[str, Any]]:
        """Every interview held on ``local_date`` (YYYY-MM-DD, local time), earliest first."""
        kwargs: dict[str, Any] = {
            "IndexName": BY_LOCAL_DATE,
            "KeyConditionExpression": Key("local_date").eq(local_date),
        }
        while True:
            page = self._table.query(**kwargs)
            for item in page["Items"]:
                yield _record(item)
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _item(interview: dict[str, Any]) -> dict[str, Any]:
    item = to_item(interview)
    item["start_key"] = f"{interview['starts_at_utc']}#{interview['interview_id']}"
    return dict(item)


def _record(item: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = from_item(item)
    record.pop("start_key", None)
    return record
