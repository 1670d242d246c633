"""The interviews table's stream consumer: what follows each interview write, off the request path.

Every write HR, a candidate or a job makes is the interview's item alone; this function reads it back
from the stream (old and new images) and queues the notices it asked for, moves the statistics
counters and emits the metrics (``services/statistics/changes.py``). A batch that raises is handed
over again (bisected, a bounded number of times, then set aside in the failed-events queue): nothing
in it is counted twice. How far behind it runs is the function's ``IteratorAge`` (alarmed on).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import deps, logs

changes = Blueprint(__name__)

# Chalice wants the stream's ARN when app.py is imported, before any stage is known, and a stream's
# ARN is only known once its table exists: this one names the table by its setting. Packaging puts
# the table's StreamArn in its place (devtools/package.py); locally, the runner reads the emulator's
# stream of the table that setting names (chalicelib/localdev/streams.py).
INTERVIEWS_STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/INTERVIEWS_TABLE/stream/latest"


@changes.on_dynamodb_record(
    stream_arn=INTERVIEWS_STREAM, batch_size=100, starting_position="TRIM_HORIZON", maximum_batching_window_in_seconds=1
)
def interview_changes(event: DynamoDBEvent) -> dict[str, Any]:
    """Queue the notices a batch of interview writes asked for, count them once, emit their metrics."""
    from chalicelib.services.statistics.changes import Written
    from chalicelib.store.interviews import image_record

    batch = [
        Written(
            before=image_record(record.old_image) if record.old_image else None,
            after=image_record(record.new_image) if record.new_image else None,
        )
        for record in event
    ]
    if len(batch) == 1:
        logs.correlate(batch[0].key.partition("#")[0])
    return deps.interview_changes().apply(batch, now=deps.now())
