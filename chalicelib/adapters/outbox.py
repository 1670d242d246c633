"""The SQS outbox: the API puts a message here and the outbox consumer sends the notice."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class Outbox:
    def __init__(self, *, sqs: Any, queue_url: Callable[[], str]) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def put(self, message: dict[str, Any], *, delay_seconds: int = 0) -> None:
        """Queue ``message``; ``delay_seconds`` (at most 900) holds it back before delivery."""
        self._sqs.send_message(
            QueueUrl=self._queue_url(),
            MessageBody=json.dumps(message, sort_keys=True),
            DelaySeconds=min(max(delay_seconds, 0), 900),
        )

    def hold_back(self, receipt_handle: str, seconds: int) -> None:
        """Keep a received message invisible for ``seconds`` (at most 12 h) before it is tried again."""
        self._sqs.change_message_visibility(
            QueueUrl=self._queue_url(), ReceiptHandle=receipt_handle, VisibilityTimeout=min(max(seconds, 0), 43200)
        )
