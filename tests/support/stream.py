"""The interviews table's stream, driven as Lambda's event source drives it on AWS.

A request writes the interview alone; its notice reaches the outbox and its counts the statistics only
once the stream consumer has read the write. Tests that look at either after a write drain the stream
first, through the same code the local runner uses (``chalicelib.localdev.streams``).
"""

from __future__ import annotations

from typing import Any

from chalicelib import aws, deps
from chalicelib.localdev import invoke, streams


def drain_stream() -> int:
    """Hand every new stream record to the app's stream consumer; returns how many it took.

    A consumer that raises fails the test with its own error (the local runner would log it and retry)."""
    from app import app

    raised: list[BaseException] = []

    def handle(function: str, event: dict[str, Any]) -> Any:
        try:
            return invoke.handle(app, function, event)
        except Exception as exc:
            raised.append(exc)
            raise

    drained = _drain(app, handle)
    if raised:
        raise raised[0]
    return sum(drained.consumed.values())


def stream_batch() -> dict[str, Any]:
    """Every new record on the stream as one Lambda event, read as the event source reads them (the
    reading position moves past them) but not handed over: ``hand_over`` does that, as often as asked."""
    from app import app

    events: list[dict[str, Any]] = []
    _drain(app, lambda function, event: events.append(event))
    return {"Records": [record for event in events for record in event["Records"]]}


def _drain(app: Any, handle: Any) -> streams.Streamed:
    client = aws.client("dynamodb")
    return streams.drain(
        app, settings=deps.settings(), dynamodb=client, streams=streams.streams_client(), handle=handle
    )


def hand_over(event: dict[str, Any]) -> Any:
    """Invoke the stream consumer with ``event`` as Lambda would (what it raises, it raises)."""
    from app import app

    return invoke.handle(app, "interview_changes", event)
