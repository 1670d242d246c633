"""The imports queue's consumer: books one chunk of an import's rows per message.

A chunk that raises goes back to the queue and runs again: rows it booked already are found by their
ids and counted, the rest are booked (``services/imports/runs.py``). After five tries the message goes
to the dead-letter queue, alarmed on like the outbox's.
"""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint
from chalice.app import SQSEvent

from chalicelib import deps, logs
from chalicelib.settings import IMPORTS_QUEUE

imports_queue = Blueprint(__name__)


@imports_queue.on_sqs_message(queue=IMPORTS_QUEUE, batch_size=1)
def import_rows(event: SQSEvent) -> dict[str, Any]:
    """Book the rows of each chunk in the event that are not booked yet."""
    done: dict[str, Any] = {}
    for record in event:
        message = json.loads(record.body)
        logs.correlate(message.get("import_id"))
        done[f"{message['import_id']}#{message['chunk']}"] = deps.import_service().run_chunk(
            str(message["import_id"]), int(message["chunk"]), now=deps.now()
        )
    return done
