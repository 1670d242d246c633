"""HR's interview lists (API.md): ``GET /interviews`` for one local day, a run of days or one
candidate, and ``GET /interviews.csv``, the same list as a spreadsheet; behind the HR token.

Both take the same query (``models.InterviewListQuery``): what an unknown or repeated parameter
gets is a 400 naming it, never a list quietly unfiltered.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import CSV, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.services.common.clock import today_in
from chalicelib.vocabulary import Role

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview

lists = Routes(__name__)


def _params() -> dict[str, list[str]]:
    request = lists.current_request
    params = request.query_params if request is not None else None
    return {name: params.getlist(name) for name in params} if params else {}


def _found() -> tuple[dict[str, str], list[Interview], datetime]:
    """What HR asked for (as the answer repeats it), the interviews that match, and the moment."""
    # pydantic and the list service load when a list is first asked for, not on every cold start.
    from chalicelib.models import InterviewListQuery
    from chalicelib.validation import parse_query

    query = parse_query(InterviewListQuery, _params())
    service, filters, now = deps.interview_lists(), query.filters(), deps.now()
    if query.candidate is not None:
        return {"candidate": query.candidate}, service.of_candidate(query.candidate, filters, now=now), now
    if query.from_ is not None and query.to is not None:
        asked = {"from": query.from_.isoformat(), "to": query.to.isoformat()}
        return asked, service.between(query.from_, query.to, filters, now=now), now
    day = query.date or today_in(deps.settings().company_timezone, now)
    return {"date": day.isoformat()}, service.between(day, day, filters, now=now), now


@lists.route("/interviews", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query="chalicelib.models.InterviewListQuery")
def list_interviews() -> dict[str, Any]:
    """Interviews of one local day (``date``, today by default), of the days ``from`` … ``to`` (at
    most 31), or of one ``candidate`` (email or phone); filters ``status``, ``position_id`` and
    ``attention`` (the inbox's rule)."""
    from chalicelib.api.hr import with_risk

    asked, found, now = _found()
    return {**asked, "interviews": [with_risk(interview, now) for interview in found]}


@lists.route("/interviews.csv", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query="chalicelib.models.InterviewListQuery")
@answers(media=(CSV,))
def list_interviews_csv() -> Response:
    """The same list as ``GET /interviews``, as a CSV file for Excel."""
    from chalicelib.services.lists.spreadsheet import csv_text

    asked, found, now = _found()
    # The file's name says which days; never who (an address in a file name travels far).
    which = "candidate" if "candidate" in asked else "-to-".join(asked.values())
    return Response(
        body=csv_text(found, now=now, model=deps.risk_model(), cutoffs=deps.risk_cutoffs()),
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="showup-interviews-{which}.csv"',
            "Cache-Control": "no-store",
        },
    )
