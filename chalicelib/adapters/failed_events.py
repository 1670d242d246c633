"""The failed-events queue: where an event no retry could help is set aside for a person to look at.

Lambda sets aside an asynchronous invocation that failed every try in the same queue, as the whole
event with ``RequestID`` and ``ErrorMessage`` attributes; what ShowUp sets aside itself has that
shape too, so one way to inspect and replay serves both (README, "Nothing fails silently").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any


class FailedEvents:
    def __init__(self, *, sqs: Any, queue_url: Callable[[], str]) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def set_aside(self, event: Mapping[str, Any], *, problem: str, request_id: str) -> None:
        """Keep ``event`` (as the function received it) with what is wrong with it and the invocation."""
        attributes = {"ErrorMessage": problem, "RequestID": request_id or "unknown"}
        self._sqs.send_message(
            QueueUrl=self._queue_url(),
            MessageBody=json.dumps(event, sort_keys=True),
            MessageAttributes={
                name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()
            },
        )
