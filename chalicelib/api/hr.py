"""The HR JSON API (API.md): positions and interviews, behind the HR token."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import DAY, accepts, answers, one_of
from chalicelib.api.middleware import Routes
from chalicelib.api.params import parse_day
from chalicelib.errors import invalid
from chalicelib.services.common.clock import today_in
from chalicelib.store.codec import plain
from chalicelib.vocabulary import InterviewStatus, Role

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview, Position

hr = Routes(__name__)

# Internal bookkeeping that is not part of the API.
_PRIVATE = ("revision", "expires_at", "candidate_key")


def _body() -> bytes | str | None:
    request = hr.current_request
    return request.raw_body if request is not None else None


def _models() -> Any:
    # pydantic is imported when a request first needs it, not on every cold start.
    from chalicelib import models, validation

    return models, validation.parse


def _query(name: str) -> str | None:
    request = hr.current_request
    params = request.query_params if request is not None else None
    return params.get(name) if params else None


def public(interview: Interview) -> dict[str, Any]:
    """An interview as the API shows it: as stored, less the bookkeeping."""
    return {k: v for k, v in plain(interview).items() if k not in _PRIVATE}


def with_risk(interview: Interview, now: datetime) -> dict[str, Any]:
    """The interview with its no-show risk as of ``now`` (computed, never stored: it ages)."""
    from chalicelib.services.preparation.risk import risk

    return {**public(interview), "risk": risk(interview, now=now)}


def reviewed(position: Position) -> dict[str, Any]:
    """A position as the API shows it, with its completeness reviewed on read, never stored: the
    rules improve and old positions benefit."""
    from chalicelib.services.preparation.completeness import review

    return {**plain(position), "completeness": review(position)}


def created(body: dict[str, Any]) -> Response:
    return Response(body=body, status_code=201)


@hr.route("/positions", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.PositionIn")
@answers(201)
def create_position() -> Response:
    models, parse = _models()
    request = parse(models.PositionIn, _body())
    return created(reviewed(deps.position_service().create(request, now=deps.now())))


@hr.route("/positions", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def list_positions() -> dict[str, Any]:
    return {"positions": [reviewed(position) for position in deps.position_service().list()]}


@hr.route("/positions/{position_id}", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def get_position(position_id: str) -> dict[str, Any]:
    return reviewed(deps.position_service().get(position_id))


@hr.route("/interviews", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.InterviewIn")
@answers(201)
def create_interview() -> Response:
    models, parse = _models()
    request = parse(models.InterviewIn, _body())
    now = deps.now()
    return created(with_risk(deps.interview_service().schedule(request, now=now), now))


@hr.route("/interviews", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query={"date": DAY, "status": one_of(InterviewStatus)})
def list_interviews() -> dict[str, Any]:
    day = _query("date") or today_in(deps.settings().company_timezone, deps.now()).isoformat()
    parse_day("date", day)
    status = _query("status")
    statuses = [status.value for status in _models()[0].InterviewStatus]
    if status is not None and status not in statuses:
        raise invalid("status", "must be one of " + ", ".join(statuses))
    found = deps.interview_service().on_date(day, status)
    now = deps.now()
    return {"date": day, "interviews": [with_risk(i, now) for i in found]}


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
    return with_risk(deps.interview_service().reschedule(interview_id, request, now=now), now)


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
