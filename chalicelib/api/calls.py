"""HR's phone calls (API.md): the call script for an interview, and logging each call."""

from __future__ import annotations

from typing import Any

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts, answers
from chalicelib.api.hr import with_risk
from chalicelib.api.middleware import Routes
from chalicelib.vocabulary import Role

calls = Routes(__name__)


def _caller() -> str | None:
    request = calls.current_request
    authorizer = (request.context or {}).get("authorizer") or {} if request is not None else {}
    principal = authorizer.get("principalId")
    return str(principal) if principal else None


@calls.route("/interviews/{interview_id}/call-script", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
@answers(errors=(409,))
def call_script(interview_id: str) -> dict[str, Any]:
    return deps.call_service().script(interview_id)


@calls.route("/interviews/{interview_id}/call", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.services.preparation.calls.CallIn")
@answers(errors=(409,))
def log_call(interview_id: str) -> dict[str, Any]:
    request = calls.current_request

    from chalicelib.services.preparation.calls import CallIn
    from chalicelib.validation import parse

    call = parse(CallIn, request.raw_body if request is not None else None)
    now = deps.now()
    # With its risk: the call may have changed the intent and the at-risk flag HR sees.
    return with_risk(deps.call_service().record(interview_id, call, now=now, by=_caller()), now)
