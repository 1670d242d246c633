"""Lazily built, cached boto3 clients and tables: nothing connects at import time.

boto3 honours ``AWS_ENDPOINT_URL``, which is how the local stage talks to moto server.
"""

from __future__ import annotations

import functools
from typing import Any

from chalicelib import settings


@functools.cache
def _session() -> Any:
    import boto3

    return boto3.session.Session()


# Sending (SES mail, SNS texts) gives up well inside the 30 s the outbox consumer may run, so a
# slow SES is an error the consumer sees and answers (the send's lease given back, the message
# retried), not a Lambda killed mid-call. Worst case: 2 tries x (2 s to connect + 8 s between
# bytes) + at most 6 s before the second (standard mode: up to 1 s of jitter, up to 5 s more when
# SES asks for it) = 26 s. The send's lease, 45 s (services/notices/delivery.py), outlives even a
# Lambda that is killed. A retried send may repeat a mail whose answer was lost: SES has no
# idempotency key, and the ledger's lease keeps that to a lost answer, never a second consumer.
SEND_TIMEOUTS: dict[str, Any] = {
    "connect_timeout": 2,
    "read_timeout": 8,
    "retries": {"mode": "standard", "total_max_attempts": 2},
}
_CLIENT_SETTINGS = {"ses": SEND_TIMEOUTS, "sns": SEND_TIMEOUTS}


@functools.cache
def client(service: str) -> Any:
    """A cached low-level boto3 client for ``service`` (SES and SNS with ``SEND_TIMEOUTS``)."""
    if service not in _CLIENT_SETTINGS:
        return _session().client(service)
    from botocore.config import Config

    return _session().client(service, config=Config(**_CLIENT_SETTINGS[service]))


@functools.cache
def _dynamodb() -> Any:
    return _session().resource("dynamodb")


@functools.cache
def table(name: str) -> Any:
    """The DynamoDB table resource called ``name``."""
    return _dynamodb().Table(name)


@functools.cache
def queue_url(name: str) -> str:
    """The URL of the SQS queue called ``name`` (looked up once)."""
    return str(client("sqs").get_queue_url(QueueName=name)["QueueUrl"])


@functools.cache
def secure_parameter(name: str) -> str:
    """An SSM SecureString, decrypted; fetched once per container, not per request."""
    response = client("ssm").get_parameter(Name=name, WithDecryption=True)
    return str(response["Parameter"]["Value"])


def reset() -> None:
    """Drop every cached client (tests start a fresh moto backend each time)."""
    for cached in (_session, client, _dynamodb, table, queue_url, secure_parameter):
        cached.cache_clear()
    settings.reset()
