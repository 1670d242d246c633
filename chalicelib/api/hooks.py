"""``POST /hooks/{source}``: interviews booked in other systems (an ATS, a CRM) arrive here.

No HR token: the delivery's signature with the source's secret is its authentication (``services.intake``).
A bad, stale or missing signature is a 401 and writes nothing; the answer names the interview booked."""

from __future__ import annotations

from chalice import Response

from chalicelib import deps
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes

hooks = Routes(__name__)


@hooks.route("/hooks/{source}", methods=["POST"])
@accepts("chalicelib.models.HookInterviewIn")
@answers(201, errors=(401, 409))
def receive_interview(source: str) -> Response:
    """Book, move or cancel an interview from another system, signed with the source's secret (README, Web hooks)."""
    request = hooks.current_request
    assert request is not None
    raw = request.raw_body or b""
    # The signature is over the bytes as sent: a text body is encoded back to them, never re-serialised.
    body = raw.encode() if isinstance(raw, str) else raw
    received = deps.hook_intake().receive(source, request.headers, body, now=deps.now())
    created = received.action == "created" and not received.replayed
    return Response(body=received.public(), status_code=201 if created else 200)
