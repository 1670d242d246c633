"""Interviews, listed by the day they happen in their own time zone (GSI ``by_local_date``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.store.codec import from_item, to_item

BY_LOCAL_DATE = "by_local_date"


class StaleInterview(Exception):
    """The interview changed since it was read (optimistic locking on ``revision``).

    ``revision`` counts every write; ``version`` counts what the candidate was told
    (reschedule and cancel raise it and so retire older candidate links)."""


class InterviewRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def add(self, interview: dict[str, Any]) -> None:
        self._table.put_item(Item=_item(interview), ConditionExpression="attribute_not_exists(interview_id)")

    def get(self, interview_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"interview_id": interview_id}).get("Item")
        return _record(item) if item else None

    def replace(self, interview: dict[str, Any], *, expected_revision: int) -> None:
        """Write ``interview`` back only if nobody else changed it since ``expected_revision``."""
        item = _item({**interview, "revision": expected_revision + 1})
        try:
            self._table.put_item(
                Item=item,
                ConditionExpression="revision = :expected",
                ExpressionAttributeValues={":expected": expected_revision},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise StaleInterview(interview["interview_id"]) from None
            raise
        interview["revision"] = expected_revision + 1

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
