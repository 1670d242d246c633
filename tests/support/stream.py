"""The tables' streams (interviews, positions), driven as Lambda's event source drives them on AWS.

A request writes one item; an interview's notice reaches the outbox and its counts the statistics, and a
corrected position its upcoming interviews, only once the stream consumers have read the write. Tests
that look at any of those after a write drain the streams first, through the same code the local runner
uses (``chalicelib.localdev.streams``).
"""

from __future__ import annotations

from typing import Any

from chalicelib import aws, deps
from chalicelib.localdev import invoke, streams

INTERVIEWS = "interview_changes"
POSITIONS = "position_changes"
# Rounds of reading every stream before consumers that keep feeding each other fail the test.
ROUNDS = 5


def drain_stream() -> int:
    """Hand every new record of every stream to its consumer, again while any took one (a corrected
    position's interview writes reach the interviews' stream); returns how many they took.

    A consumer that raises fails the test with its own error (the local runner would log it and retry)."""
    from app import app

    raised: list[BaseException] = []

    def handle(function: str, event: dict[str, Any]) -> Any:
        try:
            return invoke.handle(app, function, event)
        except Exception as exc:
            raised.append(exc)
            raise

    taken = 0
    for _ in range(ROUNDS):
        drained = _drain(app, handle)
        if raised:
            raise raised[0]
        if not any(drained.consumed.values()):
            return taken
        taken += sum(drained.consumed.values())
    raise AssertionError(f"the stream consumers still write to each other's streams after {ROUNDS} rounds")


def stream_batch(function: str = INTERVIEWS) -> dict[str, Any]:
    """Every new record on ``function``'s stream as one Lambda event, read as the event source reads them
    (the reading position moves past them) but not handed over: ``hand_over`` does that, as often as
    asked. The other streams' new records are handed to their consumers as usual."""
    from app import app

    events: list[dict[str, Any]] = []

    def handle(consumer: str, event: dict[str, Any]) -> Any:
        if consumer != function:
            return invoke.handle(app, consumer, event)
        events.append(event)
        return None

    _drain(app, handle)
    return {"Records": [record for event in events for record in event["Records"]]}


def _drain(app: Any, handle: Any) -> streams.Streamed:
    client = aws.client("dynamodb")
    return streams.drain(
        app, settings=deps.settings(), dynamodb=client, streams=streams.streams_client(), handle=handle
    )


def hand_over(event: dict[str, Any], function: str = INTERVIEWS) -> Any:
    """Invoke the stream consumer ``function`` with ``event`` as Lambda would (what it raises, it raises)."""
    from app import app

    return invoke.handle(app, function, event)
