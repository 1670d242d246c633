"""Invoking the app's scheduled functions, queue consumers and stream consumers the way AWS would.

``chalice local`` serves HTTP only. The local runner fires schedules and drains queues and streams
with this module, and ``POST /dev/jobs/{name}`` does the same on demand, so both build the events AWS
sends: an EventBridge ``Scheduled Event`` whose ``time`` is the moment the job runs, SQS batches that
carry the real receipt handles and receive counts (consumers read them to back off and give up), and
DynamoDB stream batches (``localdev.streams``).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError
from chalice import Chalice
from chalice.app import ScheduledEventConfig, SNSEventConfig, SQSEventConfig

from chalicelib import aws
from chalicelib.localdev import streams
from chalicelib.services.common.clock import iso_utc
from chalicelib.settings import get_settings

log = logging.getLogger("showup.local")

# moto's default account, so ARNs in events look like the ones moto itself hands out.
ACCOUNT_ID = "123456789012"
# SQS hands out at most ten messages per receive, whatever the consumer's batch size.
MAX_RECEIVE = 10


class UnknownFunction(LookupError):
    """No scheduled function of that name is registered on the app."""


class LambdaContext:
    """The parts of the Lambda context object that handlers and middleware read."""

    def __init__(self, function_name: str, *, timeout_seconds: int = 30, memory_mb: int = 512) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = str(memory_mb)
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:{region()}:{ACCOUNT_ID}:function:{function_name}"
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def schedules(app: Chalice) -> dict[str, str]:
    """Each scheduled function and its expression, e.g. ``{"send_reminders": "rate(1 hour)"}``."""
    found: dict[str, str] = {}
    for source in app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            expression = source.schedule_expression
            found[source.name] = expression if isinstance(expression, str) else expression.to_string()
    return found


@dataclass(frozen=True)
class Consumer:
    """A function fed from an SQS queue in batches of up to ``batch_size`` messages."""

    function: str
    queue: str
    batch_size: int


def consumers(app: Chalice) -> list[Consumer]:
    """Every SQS consumer registered on the app, with the name of the queue it reads."""
    found: list[Consumer] = []
    for source in app.event_sources:
        if isinstance(source, SQSEventConfig):
            queue = source.queue or (source.queue_arn or "").rsplit(":", 1)[-1]
            found.append(Consumer(function=source.name, queue=queue, batch_size=source.batch_size))
    return found


def scheduled_event(function_name: str, now: datetime) -> dict[str, Any]:
    """The event EventBridge sends when a schedule fires at ``now``."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": iso_utc(now),
        "region": region(),
        "resources": [f"arn:aws:events:{region()}:{ACCOUNT_ID}:rule/{function_name}"],
        "detail": {},
    }


def fire(app: Chalice, function_name: str, now: datetime) -> Any:
    """Run the scheduled function ``function_name`` as if its schedule fired at ``now``."""
    if function_name not in schedules(app):
        raise UnknownFunction(function_name)
    return handle(app, function_name, scheduled_event(function_name, now))


def sqs_event(messages: Sequence[Mapping[str, Any]], *, queue_arn: str) -> dict[str, Any]:
    """The event Lambda builds from messages received from the queue ``queue_arn``."""
    region_name = queue_arn.split(":")[3]
    return {"Records": [_sqs_record(message, queue_arn, region_name) for message in messages]}


def _sqs_record(message: Mapping[str, Any], queue_arn: str, region_name: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {name: _attribute(value) for name, value in message.get("MessageAttributes", {}).items()},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region_name,
    }


def _attribute(value: Mapping[str, Any]) -> dict[str, Any]:
    # Lambda spells message attributes in camelCase and carries binary values as base64 text.
    converted: dict[str, Any] = {
        "stringListValues": list(value.get("StringListValues", [])),
        "binaryListValues": [_b64(item) for item in value.get("BinaryListValues", [])],
        "dataType": value["DataType"],
    }
    if "StringValue" in value:
        converted["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        converted["binaryValue"] = _b64(value["BinaryValue"])
    return converted


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class Drained:
    """Per queue: messages its consumer took (and were deleted) or failed on (left for SQS to retry);
    per stream consumer, the stream records it took (``streamed``)."""

    consumed: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    streamed: streams.Streamed = field(default_factory=streams.Streamed)

    @property
    def anything(self) -> bool:
        return any(self.consumed.values()) or any(self.failed.values()) or self.streamed.anything


def drain(app: Chalice, *, sqs: Any = None, max_rounds: int = 10, max_batches: int = 100) -> Drained:
    """Hand new stream records to their consumers, then every waiting message to its queue's consumer,
    and again while either had anything: a consumer's writes reach the stream, the stream's notices
    the queue.

    ``max_rounds`` and ``max_batches`` bound consumers that keep feeding each other or themselves."""
    drained = Drained()
    for _ in range(max_rounds):
        streamed = drain_streams(app)
        queued = drain_queues(app, sqs=sqs, max_batches=max_batches)
        _add(drained, streamed, queued)
        if not (streamed.anything or queued.anything):
            break
    return drained


def drain_streams(app: Chalice) -> streams.Streamed:
    """Hand every new record of the app's tables' streams to their consumers (``localdev.streams``)."""
    if not streams.stream_consumers(app):
        return streams.Streamed()
    return streams.drain(
        app,
        settings=get_settings(),
        dynamodb=aws.client("dynamodb"),
        streams=streams.streams_client(),
        handle=lambda function, event: handle(app, function, event),
    )


def _add(total: Drained, streamed: streams.Streamed, queued: Drained) -> None:
    streams.tally(total.consumed, queued.consumed)
    streams.tally(total.failed, queued.failed)
    total.missing = sorted({*total.missing, *queued.missing})
    total.streamed.add(streamed)


def drain_queues(app: Chalice, *, sqs: Any = None, max_batches: int = 100) -> Drained:
    """Feed every waiting message to its queue's consumer until no queue has a visible message.

    A batch whose handler raises stays queued: its visibility timeout and redrive policy decide what
    happens next, as on AWS. ``max_batches`` bounds a consumer that keeps refilling its own queue.
    """
    sqs = sqs or aws.client("sqs")
    drained = Drained()
    wired: list[tuple[Consumer, str, str]] = []
    for consumer in consumers(app):
        found = _queue(sqs, consumer.queue)
        if found is None:
            drained.missing.append(consumer.queue)
            continue
        wired.append((consumer, *found))
        drained.consumed.setdefault(consumer.queue, 0)
    batches = 0
    receiving = True
    while receiving and batches < max_batches:
        receiving = False
        for consumer, url, arn in wired:
            messages = sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(consumer.batch_size, MAX_RECEIVE),
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            if not messages:
                continue
            receiving = True
            batches += 1
            done = _consume(app, consumer, messages, arn)
            for message in done:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            drained.consumed[consumer.queue] += len(done)
            if len(done) < len(messages):
                drained.failed[consumer.queue] = drained.failed.get(consumer.queue, 0) + len(messages) - len(done)
    return drained


def _consume(app: Chalice, consumer: Consumer, messages: list[dict[str, Any]], arn: str) -> list[dict[str, Any]]:
    """The messages the consumer handled; a raise fails the whole batch, as Lambda does."""
    try:
        result = handle(app, consumer.function, sqs_event(messages, queue_arn=arn))
    except Exception:
        log.exception("%s failed on %d message(s) from %s; they stay queued", consumer.function, len(messages), arn)
        return []
    # A handler may report partial batch failures; only those messages go back to the queue.
    if isinstance(result, Mapping) and isinstance(result.get("batchItemFailures"), list):
        failed = {str(item.get("itemIdentifier")) for item in result["batchItemFailures"]}
        return [message for message in messages if message["MessageId"] not in failed]
    return messages


def _queue(sqs: Any, name: str) -> tuple[str, str] | None:
    try:
        url = str(sqs.get_queue_url(QueueName=name)["QueueUrl"])
    except ClientError as exc:
        if "NonExistentQueue" in exc.response["Error"]["Code"] or "QueueDoesNotExist" in exc.response["Error"]["Code"]:
            return None
        raise
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, str(arn)


def sns_event(message: str, *, topic_arn: str, message_id: str) -> dict[str, Any]:
    """The event Lambda builds when the topic ``topic_arn`` delivers ``message`` to a subscribed function."""
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": message_id,
                    "TopicArn": topic_arn,
                    "Subject": None,
                    "Message": message,
                    "Timestamp": iso_utc(datetime.now().astimezone()),
                    "SignatureVersion": "1",
                    "MessageAttributes": {},
                },
            }
        ]
    }


def notify(app: Chalice, topic: str, message: str, *, sns: Any = None) -> dict[str, Any]:
    """Publish ``message`` to the topic on the emulator, hand it to every function subscribed to the topic
    (SNS delivers to Lambda; moto records only), then drain what they wrote; returns each one's answer."""
    sns = sns or aws.client("sns")
    # CreateTopic is idempotent: it answers the topic's ARN whether or not it exists.
    topic_arn = str(sns.create_topic(Name=topic)["TopicArn"])
    message_id = str(sns.publish(TopicArn=topic_arn, Message=message)["MessageId"])
    event = sns_event(message, topic_arn=topic_arn, message_id=message_id)
    results = {
        source.name: jsonable(handle(app, source.name, event))
        for source in app.event_sources
        if isinstance(source, SNSEventConfig) and source.topic == topic
    }
    drained = drain(app)
    return {"results": results, "drained": drained.consumed, "streamed": drained.streamed.consumed}


def handle(app: Chalice, function_name: str, event: dict[str, Any]) -> Any:
    """Invoke the function as Lambda would, with ``event`` and a Lambda context."""
    return app.handler_map[function_name](event, LambdaContext(function_name))


def run_job(app: Chalice, function_name: str, now: datetime, *, sqs: Any = None) -> dict[str, Any]:
    """Fire ``function_name`` at ``now``, then drain the queues; the summary ``/dev/jobs`` returns."""
    result = fire(app, function_name, now)
    drained = drain(app, sqs=sqs)
    summary: dict[str, Any] = {
        "function": function_name,
        "now": iso_utc(now),
        "result": jsonable(result),
        "drained": drained.consumed,
        "streamed": drained.streamed.consumed,
    }
    if drained.failed:
        summary["failed"] = drained.failed
    return summary


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data; what JSON cannot hold becomes its string form."""
    return json.loads(json.dumps(value, default=str))
