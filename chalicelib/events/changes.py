"""The interviews table's stream consumer: what follows each interview write, off the request path.

Every write HR, a candidate or a job makes is the interview's item alone; this function reads it back
from the stream (old and new images) and queues the notices it asked for, moves the statistics
counters and emits the metrics (``services/statistics/changes.py``), and gives back the slot seats the
writes gave up, offering them to the slots' waitlists (``services/followup/waitlist.py``). A batch that raises is handed
over again (bisected, a bounded number of times, then set aside in the failed-events queue): nothing
in it is counted twice. How far behind it runs is the function's ``IteratorAge`` (alarmed on).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import deps, logs
from chalicelib.events import images, stream_of

changes = Blueprint(__name__)

INTERVIEWS_STREAM = stream_of("INTERVIEWS_TABLE")


@changes.on_dynamodb_record(
    stream_arn=INTERVIEWS_STREAM, batch_size=100, starting_position="TRIM_HORIZON", maximum_batching_window_in_seconds=1
)
def interview_changes(event: DynamoDBEvent) -> dict[str, Any]:
    """Queue the notices a batch of interview writes asked for, count them once, emit their metrics."""
    from chalicelib.services.statistics.changes import Written
    from chalicelib.store.interviews import image_record

    batch = [Written(before, after) for before, after in images(event, image_record)]
    if len(batch) == 1:
        # A batch of one write concerns one interview; a longer one names each in its messages.
        logs.correlate(batch[0].written.interview_id)
    now = deps.now()
    followed = deps.interview_changes().apply(batch, now=now)
    seats = deps.waitlist().follow([(write.before, write.after) for write in batch], now=now)
    return {**followed, **seats}
