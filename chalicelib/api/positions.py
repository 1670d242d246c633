"""Positions in the HR API: create, read, list, correct (``PATCH`` with the revision read), close, reopen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.errors import invalid
from chalicelib.store.codec import plain
from chalicelib.vocabulary import Role

if TYPE_CHECKING:
    from chalicelib.services.common.records import Position

positions = Routes(__name__)

# What ``GET /positions?include=`` may add to the open positions.
INCLUDE_CLOSED = "closed"


def reviewed(position: Position) -> dict[str, Any]:
    """A position as the API shows it, with its completeness reviewed on read, never stored: the
    rules improve and old positions benefit."""
    from chalicelib.api.hr import asked_language
    from chalicelib.services.preparation.completeness import review

    return {**plain(position), "completeness": review(position, language=asked_language() or "en")}


def _body() -> bytes | str | None:
    request = positions.current_request
    return request.raw_body if request is not None else None


@positions.route("/positions", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.PositionIn")
@answers(201)
def create_position() -> Response:
    from chalicelib.models import PositionIn
    from chalicelib.validation import parse

    request = parse(PositionIn, _body())
    return Response(body=reviewed(deps.position_service().create(request, now=deps.now())), status_code=201)


@positions.route("/positions", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query={"include": {"type": "string", "enum": [INCLUDE_CLOSED]}})
def list_positions() -> dict[str, Any]:
    """Open positions, newest first; ``?include=closed`` lists the closed ones too."""
    request = positions.current_request
    params = request.query_params if request is not None else None
    include = params.get("include") if params else None
    if include not in (None, INCLUDE_CLOSED):
        raise invalid("include", code="include_closed", closed=INCLUDE_CLOSED)
    found = deps.position_service().list(include_closed=include == INCLUDE_CLOSED)
    return {"positions": [reviewed(position) for position in found]}


@positions.route("/positions/{position_id}", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def get_position(position_id: str) -> dict[str, Any]:
    return reviewed(deps.position_service().get(position_id))


@positions.route("/positions/{position_id}", methods=["PATCH"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.PositionPatch")
@answers(errors=(409,))
def edit_position(position_id: str) -> dict[str, Any]:
    """Correct any fields, sent with the ``revision`` read. Only the position is written here: its upcoming
    interviews, and the candidates told of what they read changing, follow within seconds (its stream)."""
    from chalicelib.models import PositionPatch
    from chalicelib.validation import parse

    patch = parse(PositionPatch, _body())
    edits = deps.position_edits()
    return reviewed(edits.edit(position_id, patch.revision, patch.changes(), now=deps.now()))


@positions.route("/positions/{position_id}/close", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts()
@answers(errors=(409,))
def close_position(position_id: str) -> dict[str, Any]:
    return reviewed(deps.position_edits().close(position_id, now=deps.now()))


@positions.route("/positions/{position_id}/reopen", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts()
@answers(errors=(409,))
def reopen_position(position_id: str) -> dict[str, Any]:
    return reviewed(deps.position_edits().reopen(position_id, now=deps.now()))
