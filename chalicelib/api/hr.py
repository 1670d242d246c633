"""The HR JSON API (API.md): interviews, behind the HR token (positions: ``api/positions.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.store.codec import plain
from chalicelib.text import asked
from chalicelib.vocabulary import Role

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview

hr = Routes(__name__)

# Internal bookkeeping that is not part of the API. (``revision`` is: a correction sends back the one
# it was made on.)
_PRIVATE = ("expires_at", "candidate_key")


def _body() -> bytes | str | None:
    request = hr.current_request
    return request.raw_body if request is not None else None


def _models() -> Any:
    # pydantic is imported when a request first needs it, not on every cold start.
    from chalicelib import models, validation

    return models, validation.parse


def public(interview: Interview) -> dict[str, Any]:
    """An interview as the API shows it: as stored, less the bookkeeping, the candidate's phone also
    written for reading (``candidate.phone_display``), and what ShowUp wrote for HR (warnings, the
    at-risk prompt) in the language the request asks for (``Accept-Language``; as stored, English, without)."""
    shown = {k: v for k, v in plain(interview).items() if k not in _PRIVATE}
    candidate = shown.get("candidate")
    if isinstance(candidate, dict) and candidate.get("phone"):
        shown["candidate"] = {**candidate, "phone_display": readable_phone(str(candidate["phone"]))}
    language = asked_language()
    if language is not None:
        shown.update(said_for_hr(interview, language))
    return shown


def asked_language() -> str | None:
    """The language the current request asks for (``Accept-Language``), None without one."""
    request = hr.current_request
    return asked(request.headers.get("accept-language")) if request is not None else None


def said_for_hr(interview: Interview, language: str) -> dict[str, Any]:
    """The interview's warnings and at-risk prompt as ``public`` shows them, said in ``language``."""
    from chalicelib.services.preparation.calls import at_risk_prompt
    from chalicelib.text.warnings import said

    warnings = [
        {"code": w.code.value, "message": said(w.code, w.params, w.message, language), **_facts(w.params)}
        for w in interview.warnings
    ]
    found: dict[str, Any] = {"warnings": warnings} if warnings else {}
    if interview.at_risk_prompt:
        found["at_risk_prompt"] = at_risk_prompt(interview, language) or interview.at_risk_prompt
    return found


def _facts(params: dict[str, Any] | None) -> dict[str, Any]:
    return {"params": params} if params else {}


def readable_phone(e164: str) -> str:
    """A stored phone number grouped as its country writes it: ``+8613800138000`` → ``+86 138 0013 8000``."""
    # Loaded by the first interview shown, not on every cold start.
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def with_risk(interview: Interview, now: datetime) -> dict[str, Any]:
    """The interview with its no-show risk as of ``now`` (computed, never stored: it ages);
    ``{"applies": false, "reason"}`` for a declined, cancelled or past interview."""
    from chalicelib.services.preparation.risk import shown_risk

    shown = shown_risk(interview, now=now, model=deps.risk_model(), cutoffs=deps.risk_cutoffs())
    return {**public(interview), "risk": shown}


def created(body: dict[str, Any]) -> Response:
    return Response(body=body, status_code=201)


@hr.route("/interviews", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.InterviewIn")
@answers(201)
def create_interview() -> Response:
    models, parse = _models()
    request = parse(models.InterviewIn, _body())
    now = deps.now()
    return created(with_risk(deps.interview_service().schedule(request, now=now), now))


@hr.route("/interviews/{interview_id}", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def get_interview(interview_id: str) -> dict[str, Any]:
    return with_risk(deps.interview_service().get(interview_id), deps.now())


@hr.route("/interviews/{interview_id}/cancel", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts()
@answers(errors=(409,))
def cancel_interview(interview_id: str) -> dict[str, Any]:
    now = deps.now()
    return with_risk(deps.interview_service().cancel(interview_id, now=now), now)


@hr.route("/interviews/{interview_id}/reschedule", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.RescheduleIn")
@answers(errors=(409,))
def reschedule_interview(interview_id: str) -> dict[str, Any]:
    models, parse = _models()
    request = parse(models.RescheduleIn, _body())
    now = deps.now()
    interview, moved = deps.interview_service().move(interview_id, request, now=now)
    if moved:
        return {**with_risk(interview, now), "unchanged": False}
    from chalicelib.text import words

    message = words(asked_language() or "en")("interview.unchanged")
    return {**with_risk(interview, now), "unchanged": True, "message": message}


@hr.route("/interviews/{interview_id}/notice", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.NoticeIn")
@answers(errors=(409,))
def send_notice(interview_id: str) -> dict[str, Any]:
    models, parse = _models()
    request = parse(models.NoticeIn, _body())
    service = deps.interview_service()
    now = deps.now()
    return with_risk(service.release_notice(interview_id, request.accept_warnings, now=now), now)
