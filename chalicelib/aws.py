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


@functools.cache
def client(service: str) -> Any:
    """A cached low-level boto3 client for ``service``."""
    return _session().client(service)


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
