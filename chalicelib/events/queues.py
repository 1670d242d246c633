"""Queue and topic consumers: the notice outbox (SQS) and SES events (SNS)."""

from __future__ import annotations

import json
import logging
from typing import Any

from chalice import Blueprint
from chalice.app import SNSEvent, SQSEvent

from chalicelib import deps, logs
from chalicelib.adapters.mail import is_throttling
from chalicelib.settings import OUTBOX_QUEUE, SES_EVENTS_TOPIC

queues = Blueprint(__name__)
log = logging.getLogger("showup.queues")

# SQS holds a throttled message back this long, doubling per attempt, up to its 12 h limit.
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 900


class NoticeNotSent(Exception):
    """Sending failed; the queue tries again. Carries the error code only: AWS error messages can
    name the recipient, and the Lambda runtime logs whatever an invocation raises."""


@queues.on_sqs_message(queue=OUTBOX_QUEUE, batch_size=1)
def send_notices(event: SQSEvent) -> dict[str, Any]:
    """Render and send each queued notice once; failures go back to the queue."""
    delivery = deps.notice_delivery()
    results: dict[str, str] = {}
    for record in event:
        message = json.loads(record.body)
        logs.correlate(message.get("interview_id"))
        attempts = int(record.to_dict().get("attributes", {}).get("ApproximateReceiveCount", "1"))
        try:
            results[record.to_dict().get("messageId", "")] = delivery.deliver(
                message, now=deps.now(), advisory=message.get("advisory")
            )
        except Exception as exc:
            code = _code(exc)
            log.warning(
                "%s for %s failed on attempt %d: %s", message.get("kind"), message.get("interview_id"), attempts, code
            )
            if attempts >= deps.settings().outbox_max_receives:
                # The queue moves it to the dead-letter queue next: HR must see it failed.
                delivery.mark_failed(message, now=deps.now())
            elif is_throttling(exc):
                _back_off(record.receipt_handle, attempts)
            raise NoticeNotSent(code) from None
    return results


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", type(exc).__name__))
    return type(exc).__name__


def _back_off(receipt_handle: str, attempts: int) -> None:
    delay = min(BACKOFF_BASE_SECONDS * 2 ** (attempts - 1), BACKOFF_MAX_SECONDS)
    deps.outbox().hold_back(receipt_handle, delay)


@queues.on_sns_message(topic=SES_EVENTS_TOPIC)
def ses_events(event: SNSEvent) -> str:
    """Bounces, complaints and deliveries that SES publishes for the mail ShowUp sent.

    An event that is not what SES sends would fail every retry alike: it is set aside at once."""
    from chalicelib.services.notices.bounces import MalformedEvent

    try:
        return deps.ses_events().receive(event.message, now=deps.now())
    except MalformedEvent as exc:
        # The problem names the shape, never a value: SES events are full of addresses.
        log.warning("SES event set aside: %s", exc)
        request_id = str(getattr(event.context, "aws_request_id", "") or "")
        deps.failed_events().set_aside(event.to_dict(), problem=str(exc), request_id=request_id)
        return "set_aside"
