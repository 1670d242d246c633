"""The environment every benchmark on in-process moto starts from."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


def use_moto_environment() -> None:
    """Fake credentials and a stage of its own; no endpoint, which would send calls past moto."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "SHOWUP_STAGE": "bench",
        "SENDER_EMAIL": "interviews@showup.example.com",
    }.items():
        os.environ[name] = value
    os.environ.pop("AWS_ENDPOINT_URL", None)


@dataclass
class Reads:
    calls: int = 0
    items: int = 0


# The DynamoDB calls that read items: Query and Scan page by page, and the point reads.
READ_CALLS = ("Query", "Scan", "GetItem", "BatchGetItem")


@contextmanager
def counting(client: Any, calls: tuple[str, ...] = READ_CALLS) -> Iterator[Reads]:
    """Count the ``calls`` made through ``client`` and the items they read (``ScannedCount`` for
    Query and Scan, every item returned for the point reads)."""
    reads = Reads()

    def record(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name in calls:
            reads.calls += 1
            if "ScannedCount" in parsed:
                reads.items += int(parsed["ScannedCount"])
            elif "Responses" in parsed:
                reads.items += sum(len(items) for items in parsed["Responses"].values())
            elif "Item" in parsed:
                reads.items += 1

    client.meta.events.register("after-call.dynamodb", record)
    try:
        yield reads
    finally:
        client.meta.events.unregister("after-call.dynamodb", record)


@contextmanager
def interviews_table(items: Iterable[dict[str, Any]]) -> Iterator[tuple[Any, float]]:
    """Every ShowUp resource on in-process moto, with ``items`` batch-written into the interviews table:
    that table, and the seconds the writing took."""
    import boto3
    from moto import mock_aws

    from chalicelib import aws, deps
    from devtools import moto_transactions
    from devtools.resources import create_all

    moto_transactions.install()
    with mock_aws():
        aws.reset()
        create_all(boto3.session.Session(), deps.settings())
        table = aws.table(deps.settings().interviews_table)
        started = time.perf_counter()
        with table.batch_writer() as batch:
            for item in items:
                batch.put_item(Item=item)
        try:
            yield table, time.perf_counter() - started
        finally:
            aws.reset()
