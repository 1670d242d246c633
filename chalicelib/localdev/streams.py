"""The local stand-in for Lambda's DynamoDB stream event source: new stream records, in order, handed
to the app's stream consumers in Lambda-shaped events.

How far each shard was read is kept in the emulator itself (``CHECKPOINTS_TABLE``), so the runner's
driver, ``POST /dev/jobs`` and the tests share one reading position and a record is handed over once
(the consumer would also take a repeat in its stride). A batch whose handler raises is handed over
again on the next drain; after ``MAX_RETRIES`` failures it is set aside, as the deployed event
source's bounded retries do (devtools/package.py).
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from chalice import Chalice
from chalice.app import DynamoDBEventConfig

log = logging.getLogger("showup.local")

# Created with the other local resources (devtools/resources.py); one item per stream shard.
CHECKPOINTS_TABLE = "showup-local-stream-checkpoints"
MAX_RETRIES = 5
# GetRecords returns at most this many records, whatever the consumer's batch size.
MAX_RECORDS = 1000


@dataclass(frozen=True)
class StreamConsumer:
    """A function fed from the stream of the table that ``setting`` names (``interviews_table``)."""

    function: str
    setting: str
    batch_size: int


def streams_client() -> Any:
    """A DynamoDB Streams client; one per endpoint (moto server's, or none for moto in-process)."""
    return _streams_client(os.environ.get("AWS_ENDPOINT_URL"))


@functools.cache
def _streams_client(endpoint: str | None) -> Any:
    import boto3
    from botocore.config import Config

    # boto3 sends calls on a stream's ARN to an endpoint named after its account, which moto does not
    # serve; the regional endpoint is the same service.
    config = Config(account_id_endpoint_mode="disabled")
    return boto3.session.Session().client("dynamodbstreams", endpoint_url=endpoint, config=config)


def stream_consumers(app: Chalice) -> list[StreamConsumer]:
    """Every DynamoDB stream consumer on the app, with the setting naming its table.

    The app names its stream ``…:table/<SETTING>/stream/…`` (see ``events/changes.py``)."""
    found: list[StreamConsumer] = []
    for source in app.event_sources:
        if isinstance(source, DynamoDBEventConfig):
            table = source.stream_arn.split(":table/", 1)[-1].split("/", 1)[0]
            found.append(StreamConsumer(function=source.name, setting=table.lower(), batch_size=source.batch_size))
    return found


@dataclass
class Streamed:
    """Per consumer function: records it took, records it failed on (handed over again), set aside."""

    consumed: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    set_aside: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return any(self.consumed.values()) or any(self.failed.values()) or any(self.set_aside.values())


def drain(app: Chalice, *, settings: Any, dynamodb: Any, streams: Any, handle: Any) -> Streamed:
    """Hand every new record of each consumer's stream to it, a batch at a time, until none is left.

    ``handle(function, event)`` invokes the function as Lambda would."""
    streamed = Streamed()
    for consumer in stream_consumers(app):
        table = str(getattr(settings, consumer.setting))
        arn = _stream_arn(dynamodb, table)
        if arn is None:
            streamed.missing.append(table)
            continue
        reader = _Reader(dynamodb, streams, arn)
        for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"].get("Shards", []):
            reader.feed(consumer, shard["ShardId"], handle, streamed)
    return streamed


def _stream_arn(dynamodb: Any, table: str) -> str | None:
    try:
        described = dynamodb.describe_table(TableName=table)["Table"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ResourceNotFoundException":
            return None
        raise
    arn = described.get("LatestStreamArn")
    return str(arn) if arn and described.get("StreamSpecification", {}).get("StreamEnabled") else None


class _Reader:
    """One stream's shards, read from their checkpoints onwards."""

    def __init__(self, dynamodb: Any, streams: Any, arn: str) -> None:
        self._dynamodb = dynamodb
        self._streams = streams
        self._arn = arn

    def feed(self, consumer: StreamConsumer, shard: str, handle: Any, streamed: Streamed) -> None:
        for counter in (streamed.consumed, streamed.failed, streamed.set_aside):
            counter.setdefault(consumer.function, 0)
        key = {"shard": f"{self._arn}|{shard}"}
        checkpoint = self._dynamodb.get_item(TableName=CHECKPOINTS_TABLE, Key=_typed(key)).get("Item", {})
        after = checkpoint.get("sequence", {}).get("S")
        failures = int(checkpoint.get("failures", {}).get("N", "0"))
        position = (
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
            if after
            else {"ShardIteratorType": "TRIM_HORIZON"}
        )
        iterator = self._streams.get_shard_iterator(StreamArn=self._arn, ShardId=shard, **position)["ShardIterator"]
        while iterator:
            page = self._streams.get_records(ShardIterator=iterator, Limit=min(consumer.batch_size, MAX_RECORDS))
            records = page.get("Records", [])
            if not records:
                return
            event = {"Records": [lambda_record(record, self._arn) for record in records]}
            last = records[-1]["dynamodb"]["SequenceNumber"]
            try:
                handle(consumer.function, event)
            except Exception:
                failures += 1
                if failures <= MAX_RETRIES:
                    log.exception("%s failed on %d stream record(s); they come again", consumer.function, len(records))
                    streamed.failed[consumer.function] += len(records)
                    self._save(key, after, failures)
                    return
                log.error("%s failed %d times on %d record(s): set aside", consumer.function, failures, len(records))
                streamed.set_aside[consumer.function] += len(records)
            else:
                streamed.consumed[consumer.function] += len(records)
            after, failures = last, 0
            self._save(key, after, failures)
            iterator = page.get("NextShardIterator")

    def _save(self, key: dict[str, str], sequence: str | None, failures: int) -> None:
        item: dict[str, Any] = {**key, "failures": failures}
        if sequence:
            item["sequence"] = sequence
        self._dynamodb.put_item(TableName=CHECKPOINTS_TABLE, Item=_typed(item))


def _typed(item: dict[str, Any]) -> dict[str, Any]:
    return {name: {"N": str(value)} if isinstance(value, int) else {"S": value} for name, value in item.items()}


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as Lambda hands it to the function (epoch seconds, the stream's ARN)."""
    change = dict(record["dynamodb"])
    created = change.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = created.timestamp()
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion", stream_arn.split(":")[3]),
        "dynamodb": change,
        "eventSourceARN": stream_arn,
    }


def checkpoints_table() -> dict[str, Any]:
    """The CreateTable request for the checkpoints (local and test only; AWS keeps its own)."""
    return {
        "TableName": CHECKPOINTS_TABLE,
        "KeySchema": [{"AttributeName": "shard", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "shard", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
