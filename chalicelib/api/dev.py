"""Local stage only: the outbox of mail and texts moto captured, and scheduled jobs run on demand.

Outside the local stage every route answers 404, exactly as a path that does not exist.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.middleware import Routes
from chalicelib.errors import NotFound
from chalicelib.render import render

if TYPE_CHECKING:
    from chalicelib.localdev.captured import Sent

dev = Routes(__name__)


def _local_only() -> None:
    if not deps.settings().is_local:
        raise NotFound("Not found")


def _sent() -> list[Sent]:
    # Imported on first use: every stage registers these routes, only the local stage runs them.
    from chalicelib.localdev import captured

    # The local stage reaches moto server through the same endpoint boto3 uses.
    return captured.outbox(os.environ.get("AWS_ENDPOINT_URL"))


@dev.route("/dev/outbox", methods=["GET"])
def outbox_page() -> Response:
    _local_only()
    html = render("web/outbox.html", messages=_sent())
    return Response(body=html, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})


@dev.route("/dev/outbox.json", methods=["GET"])
def outbox_json() -> Response:
    _local_only()
    return Response(body=[sent.as_json() for sent in _sent()], status_code=200)


@dev.route("/dev/jobs/{function_name}", methods=["POST"])
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
