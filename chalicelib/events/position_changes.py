"""The positions table's stream consumer: a corrected position reaches its upcoming interviews.

HR's correction writes the position's item alone; this function reads it back from the stream (old and
new images) and brings the position's upcoming interviews up to date, one update queued for each
candidate already told (``services/scheduling/position_fanout.py``). A batch that raises is handed
over again (bisected, a bounded number of times, then set aside in the failed-events queue); an
interview that already has a correction is passed over, so no candidate is told twice. How far behind
it runs is the function's ``IteratorAge`` (alarmed on).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from chalicelib import deps
from chalicelib.events import images, stream_of

position_stream = Blueprint(__name__)

POSITIONS_STREAM = stream_of("POSITIONS_TABLE")


# Few records to a batch: each correction may rewrite every upcoming interview of its position.
@position_stream.on_dynamodb_record(
    stream_arn=POSITIONS_STREAM, batch_size=10, starting_position="TRIM_HORIZON", maximum_batching_window_in_seconds=1
)
def position_changes(event: DynamoDBEvent) -> dict[str, Any]:
    """Bring the upcoming interviews of each position corrected in a batch up to date, once each."""
    from chalicelib.services.scheduling.position_fanout import PositionWritten
    from chalicelib.store.positions import image_record

    batch = [PositionWritten(before, after) for before, after in images(event, image_record)]
    return deps.position_fanout().apply(batch, now=deps.now())
