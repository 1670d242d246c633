"""AWS as the tests see it: the test stage's environment, the outbox, what moto captured, and the tables' contents.

Readers here look behind the app's back with clients of their own, so hooks a test puts on the app's
clients (``dynamodb_calls``) see only what the app does.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest

from chalicelib import aws, deps
from chalicelib.services.common.records import Interview
from chalicelib.services.statistics.counting import Contribution
from chalicelib.settings import Settings
from tests.support.stream import drain_stream

REGION = "us-east-1"
CONFIG = json.loads((Path(__file__).parents[2] / ".chalice" / "config.json").read_text())
TEST_STAGE_ENV: dict[str, str] = CONFIG["stages"]["test"]["environment_variables"]
TABLES = (
    "positions_table",
    "interviews_table",
    "tokens_table",
    "ledger_table",
    "stats_table",
    "timeline_table",
    "slots_table",
)


@functools.cache
def aws_client(service: str) -> Any:
    """A client for looking behind the app's back; one per process, as moto serves any client."""
    return boto3.client(service, region_name=REGION)  # type: ignore[call-overload]


# ---------- The outbox queue ----------


def drain_outbox(resources: dict[str, str]) -> list[dict[str, Any]]:
    """Every message on the outbox, oldest first, removed so the next read sees only new ones (the
    stream is drained first: the notices that writes asked for reach the outbox from there)."""
    drain_stream()
    sqs = aws_client("sqs")
    messages: list[dict[str, Any]] = []
    while batch := sqs.receive_message(QueueUrl=resources["outbox_url"], MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            messages.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=resources["outbox_url"], ReceiptHandle=message["ReceiptHandle"])
    return messages


def send_outbox(resources: dict[str, str]) -> None:
    """Let the outbox consumer send what is queued (so the candidate has heard of the interview)."""
    for message in drain_outbox(resources):
        deps.notice_delivery().deliver(message, now=deps.now())


# ---------- What moto sent instead of SES and SNS ----------
# moto keeps sent mail and texts only in its backends; its SES and SNS documentation names this
# "internal API" as the way to check what was sent, so these readers (and ``whole_store``) are the ones using it.


def sent_mail() -> list[Any]:
    """Every mail SES accepted, oldest first (moto's ``Message`` / ``RawMessage``)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)


def sent_sms() -> dict[str, tuple[str, str]]:
    """Every text SNS accepted: ``(phone number, text)`` by SNS message id, oldest first."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return dict(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages)


# ---------- The tables ----------


def store_snapshot(settings: Settings, resources: dict[str, str]) -> dict[str, Any]:
    """Every item of every table plus the outbox depth: enough to see any write at all."""
    dynamodb = aws_client("dynamodb")
    snapshot: dict[str, Any] = {}
    for setting in TABLES:
        items = dynamodb.scan(TableName=getattr(settings, setting))["Items"]
        snapshot[setting] = sorted(json.dumps(item, sort_keys=True) for item in items)
    attributes = aws_client("sqs").get_queue_attributes(
        QueueUrl=resources["outbox_url"],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    snapshot["outbox"] = sum(int(count) for count in attributes.values())
    return snapshot


def whole_store(resources: dict[str, str]) -> dict[str, Any]:
    """Every item of every table there is (whoever added it) plus the outbox depth, read from moto's backends:
    a thousand times quicker than Scans through boto3, for tests that compare the store after each request."""
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.sqs.models import sqs_backends

    tables = dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].tables
    snapshot: dict[str, Any] = {
        name: sorted(json.dumps(item.to_json(), sort_keys=True) for item in table.all_items())
        for name, table in tables.items()
    }
    outbox = sqs_backends[DEFAULT_ACCOUNT_ID][REGION].queues[resources["outbox_url"].rsplit("/", 1)[1]]
    snapshot["outbox"] = outbox.approximate_number_of_messages + outbox.approximate_number_of_messages_not_visible
    return snapshot


@contextmanager
def nothing_written(settings: Settings, resources: dict[str, str]) -> Iterator[None]:
    """Assert that the block leaves every table and the outbox exactly as they were."""
    before = store_snapshot(settings, resources)
    yield
    assert store_snapshot(settings, resources) == before


def stored_interviews(settings: Settings) -> list[Interview]:
    """Every interview record in the table."""
    from chalicelib.store.codec import from_item
    from chalicelib.store.readers import interview_from

    return [interview_from(from_item(item)) for item in _scan(settings.interviews_table)]


def stored_counters(settings: Settings) -> Contribution:
    """Every counter in the stats table once the stream is read, zeros left out (a count moved away
    leaves a 0 behind)."""
    drain_stream()
    found: Contribution = {}
    for item in _scan(settings.stats_table):
        counters = {k: int(v) for k, v in item.items() if k not in ("period_key", "scope") and int(v)}
        if counters:
            found[(str(item["period_key"]), str(item["scope"]))] = counters
    return found


def _scan(table_name: str) -> Iterator[dict[str, Any]]:
    from chalicelib.store.pages import items

    # Tests may Scan: they check what ShowUp itself must never need to.
    return items(_dynamodb().Table(table_name).scan)


@functools.cache
def _dynamodb() -> Any:
    return boto3.resource("dynamodb", region_name=REGION)


# ---------- Watching the app's DynamoDB client ----------


@contextmanager
def dynamodb_calls(settings: Settings) -> Iterator[list[tuple[str, str | None]]]:
    """Record (operation, index) for every DynamoDB call the app makes inside the block."""
    # Repositories share the cached resource's client, so its event hooks see every call.
    events = aws.table(settings.interviews_table).meta.client.meta.events
    calls: list[tuple[str, str | None]] = []

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        calls.append((model.name, params.get("IndexName")))

    events.register("provide-client-params.dynamodb", record)
    try:
        yield calls
    finally:
        events.unregister("provide-client-params.dynamodb", record)


WRITES = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems")


@pytest.fixture
def atomic_writes(settings: Settings) -> Iterator[None]:
    """Make moto's conditional writes atomic across threads, as DynamoDB's are.

    moto checks a condition and then writes, and another thread can slip in between; DynamoDB never
    lets it. Races between jobs are only meaningful on a table that keeps that promise, so each write
    the app's clients send holds one lock from the moment it is sent until its answer is back.
    """
    lock = threading.RLock()
    holding = threading.local()

    def take(**_: Any) -> None:
        # Sent again on a retry: the lock is taken once per call.
        if not getattr(holding, "lock", False):
            lock.acquire()
            holding.lock = True

    def give_back(**_: Any) -> None:
        if getattr(holding, "lock", False):
            holding.lock = False
            lock.release()

    # The tables' resource client and the low-level one; both exist before any job's thread starts.
    hooks = [(f"before-send.dynamodb.{write}", take) for write in WRITES]
    hooks += [(f"{end}.dynamodb.{write}", give_back) for write in WRITES for end in ("after-call", "after-call-error")]
    clients = (aws.table(settings.interviews_table).meta.client, aws.client("dynamodb"))
    for client in clients:
        for event, handler in hooks:
            client.meta.events.register(event, handler)
    yield
    for client in clients:
        for event, handler in hooks:
            client.meta.events.unregister(event, handler)
