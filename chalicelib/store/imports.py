"""The imports table: one import's summary, its valid rows in chunks and its report, keyed by
``import_id`` and ``part``; and, per position and file content, which import took that file.

The rows wait here between HR's check and HR's start (a 5,000-row file is over DynamoDB's 400 KB item
limit, a chunk of rows is not). A chunk's progress is added once: the update that adds it also marks
the chunk done, under the condition that it was not marked before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.store.pages import items

SUMMARY = "import"
# Problems per report item: each at most a few hundred bytes, well under the item limit.
PROBLEMS_PER_ITEM = 500


class ImportRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def claim_file(self, position_id: str, digest: str, import_id: str, *, expires_at: int) -> str:
        """The import that took this file for this position: ``import_id`` if none did before."""
        key = {"import_id": f"file#{position_id}#{digest}", "part": SUMMARY}
        try:
            self._table.put_item(
                Item={**key, "taken_by": import_id, "expires_at": expires_at},
                ConditionExpression="attribute_not_exists(import_id)",
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return str(self._table.get_item(Key=key, ConsistentRead=True)["Item"]["taken_by"])
        return import_id

    def save(self, summary: dict[str, Any], chunks: list[list[dict[str, Any]]], problems: list[dict[str, Any]]) -> None:
        """Store a checked import: its summary, its valid rows by chunk, its problems, every item expiring
        with the summary's ``expires_at`` (they hold candidates' personal data)."""
        import_id, expires_at = summary["import_id"], summary["expires_at"]
        with self._table.batch_writer() as batch:
            for number, rows in enumerate(chunks):
                part = {"import_id": import_id, "part": _chunk(number), "expires_at": expires_at}
                batch.put_item(Item={**part, "rows": json.dumps(rows)})
            for start in range(0, len(problems), PROBLEMS_PER_ITEM):
                found = json.dumps(problems[start : start + PROBLEMS_PER_ITEM], ensure_ascii=False)
                part = {"import_id": import_id, "part": f"problems#{start:05d}", "expires_at": expires_at}
                batch.put_item(Item={**part, "problems": found})
            batch.put_item(Item={**summary, "part": SUMMARY, "chunks": len(chunks)})

    def summary(self, import_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"import_id": import_id, "part": SUMMARY}, ConsistentRead=True).get("Item")
        return _plain(item) if item and "taken_by" not in item else None

    def problems(self, import_id: str) -> list[dict[str, Any]]:
        condition = Key("import_id").eq(import_id) & Key("part").begins_with("problems#")
        return [problem for item in self._query(condition) for problem in json.loads(item["problems"])]

    def rows(self, import_id: str, chunk: int) -> list[dict[str, Any]]:
        item = self._table.get_item(Key={"import_id": import_id, "part": _chunk(chunk)}, ConsistentRead=True)
        return list(json.loads(item["Item"]["rows"])) if "Item" in item else []

    def start(self, import_id: str, *, rows: str, at: str) -> bool:
        """Mark the checked import running; False when it was started before."""
        try:
            self._table.update_item(
                Key={"import_id": import_id, "part": SUMMARY},
                UpdateExpression="SET #s = :running, started_rows = :rows, started_at = :at",
                ConditionExpression="#s = :checked",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":running": "running", ":checked": "checked", ":rows": rows, ":at": at},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def chunk_done(self, import_id: str, chunk: int, progress: dict[str, int], failures: list[dict[str, Any]]) -> None:
        """Add a chunk's progress to the import once, however often the chunk ran; finish the import
        with its last chunk."""
        names = {"#c": f"done_{chunk:04d}", **{f"#{name}": name for name in progress}}
        adds = ", ".join(f"#{name} :{name}" for name in progress)
        values: dict[str, Any] = {f":{name}": count for name, count in progress.items()}
        try:
            answer = self._table.update_item(
                Key={"import_id": import_id, "part": SUMMARY},
                UpdateExpression=f"SET #c = :failures ADD chunks_done :one, {adds}",
                ConditionExpression="attribute_not_exists(#c)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues={**values, ":one": 1, ":failures": json.dumps(failures, ensure_ascii=False)},
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return
            raise
        summary = answer["Attributes"]
        if int(summary["chunks_done"]) >= int(summary["chunks"]):
            self._table.update_item(
                Key={"import_id": import_id, "part": SUMMARY},
                UpdateExpression="SET #s = :done",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":done": "done"},
            )

    def failures(self, summary: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows that could not be created when their chunk ran, by row."""
        found = [f for name, value in summary.items() if name.startswith("done_") for f in json.loads(value)]
        return sorted(found, key=lambda failure: int(failure["row"]))

    def _query(self, condition: Any) -> Iterator[dict[str, Any]]:
        return items(self._table.query, KeyConditionExpression=condition, ConsistentRead=True)


def _chunk(number: int) -> str:
    return f"rows#{number:04d}"


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: int(value) if isinstance(value, Decimal) else value for name, value in item.items()}
