"""Local stage only: the outbox of mail and texts moto captured, and scheduled jobs run on demand.

Outside the local stage every route answers 404, exactly as a path that does not exist.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.contract import ARRAY, HTML, Schema, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.errors import NotFound, invalid
from chalicelib.render import render

if TYPE_CHECKING:
    from chalicelib.localdev.captured import Outbox

dev = Routes(__name__)

# The page shows the newest few: each message is a screen tall, and the browser renders every HTML part.
PAGE_SIZE = 20
# How many messages, and after or before which one (by id); every route here is a 404 outside the local stage.
PAGE: dict[str, Schema] = {
    "limit": {"type": "integer", "minimum": 1},
    "after": {"type": "string"},
    "before": {"type": "string"},
}


def _local_only() -> None:
    if not deps.settings().is_local:
        raise NotFound("Not found")


def _outbox(default_limit: int | None) -> Outbox:
    """The page of sent messages the query asks for (``limit``, ``after``, ``before``)."""
    # Imported on first use: every stage registers these routes, only the local stage runs them.
    from chalicelib.localdev import captured

    params: Mapping[str, str] = dev.current_request.query_params or {}
    limit = _limit(params.get("limit"), default_limit)
    try:
        # The local stage reaches moto server through the same endpoint boto3 uses.
        return captured.outbox(
            os.environ.get("AWS_ENDPOINT_URL"), limit=limit, after=params.get("after"), before=params.get("before")
        )
    except captured.UnknownMessage as exc:
        raise invalid(exc.field, "is not a message in the outbox") from exc


def _limit(raw: str | None, default: int | None) -> int | None:
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise invalid("limit", "must be a whole number of messages, 1 or more")
    return int(raw)


@dev.route("/dev/outbox", methods=["GET"])
@accepts(query=PAGE)
@answers(media=(HTML,), errors=(404,))
def outbox_page() -> Response:
    _local_only()
    html = render("web/outbox.html", outbox=_outbox(PAGE_SIZE))
    return Response(body=html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})


@dev.route("/dev/outbox.json", methods=["GET"])
@accepts(query=PAGE)
@answers(returns=ARRAY, errors=(404,))
def outbox_json() -> Response:
    _local_only()
    page = _outbox(None)
    return Response(
        body=[sent.as_json() for sent in page.messages], status_code=200, headers={"X-Total-Count": str(page.total)}
    )


@dev.route("/dev/sms/inbound", methods=["POST"])
@accepts("chalicelib.localdev.inbound_request.InboundSms")
@answers(errors=(404,))
def inbound_sms() -> dict[str, Any]:
    """A text as if a candidate sent it: published to the inbound topic and handed to its consumer, as on AWS."""
    _local_only()
    import uuid

    from chalicelib.adapters.inbound_sms import InboundText, end_user_messaging_payload
    from chalicelib.localdev import invoke
    from chalicelib.localdev.inbound_request import LOCAL_NUMBER, InboundSms
    from chalicelib.validation import parse

    request = parse(InboundSms, dev.current_request.raw_body)
    text = InboundText(sender=request.sender, to=LOCAL_NUMBER, body=request.text, message_id=str(uuid.uuid4()))
    return invoke.notify(dev.current_app, deps.settings().sms_inbound_topic, end_user_messaging_payload(text))


@dev.route("/dev/jobs/{function_name}", methods=["POST"])
@accepts("chalicelib.localdev.job_request.JobRun")
def run_job(function_name: str) -> dict[str, Any]:
    _local_only()
    from chalicelib.localdev import invoke

    app = dev.current_app
    if function_name not in invoke.schedules(app):
        raise NotFound(f"No scheduled function {function_name}")
    from chalicelib.localdev.job_request import JobRun
    from chalicelib.validation import parse

    request = parse(JobRun, dev.current_request.raw_body)
    return invoke.run_job(app, function_name, request.now)
