"""Texts candidates send back: AWS End User Messaging SMS publishes each one to the inbound topic."""

from __future__ import annotations

import logging

from chalice import Blueprint
from chalice.app import SNSEvent

from chalicelib import deps
from chalicelib.settings import SMS_INBOUND_TOPIC

replies = Blueprint(__name__)
log = logging.getLogger("showup.replies")


@replies.on_sns_message(topic=SMS_INBOUND_TOPIC)
def sms_inbound(event: SNSEvent) -> str:
    """Act on a candidate's text once and answer it; what cannot be read is set aside, not retried."""
    from chalicelib.adapters.inbound_sms import MalformedText

    try:
        text = deps.inbound_reader().read(event.message)
    except MalformedText as exc:
        # The problem names the shape, never a value: the payload holds phone numbers.
        log.warning("inbound text set aside: %s", exc)
        request_id = str(getattr(event.context, "aws_request_id", "") or "")
        deps.failed_events().set_aside(event.to_dict(), problem=str(exc), request_id=request_id)
        return "set_aside"
    return deps.sms_replies().receive(text, now=deps.now())
