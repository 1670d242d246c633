"""A position's slots in the HR API: publish one, list them with their seats, close one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.store.codec import plain
from chalicelib.vocabulary import Role

if TYPE_CHECKING:
    from chalicelib.services.common.records import Slot

slots = Routes(__name__)


def shown(slot: Slot) -> dict[str, Any]:
    """A slot as the API shows it: its seats free and whether it takes bookings, worked out on read."""
    return {**plain(slot), "seats_free": slot.seats_free, "open": slot.is_open}


@slots.route("/positions/{position_id}/slots", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.SlotIn")
@answers(201, errors=(404, 409))
def create_slot(position_id: str) -> Response:
    from chalicelib.models import SlotIn
    from chalicelib.validation import parse

    request = slots.current_request
    slot_in = parse(SlotIn, request.raw_body if request is not None else None)
    slot = deps.slot_service().create(position_id, slot_in, now=deps.now())
    return Response(body=shown(slot), status_code=201)


@slots.route("/positions/{position_id}/slots", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
@answers(errors=(404,))
def list_slots(position_id: str) -> dict[str, Any]:
    """Every slot of the position, earliest first, closed ones included."""
    return {"slots": [shown(slot) for slot in deps.slot_service().list(position_id)]}


@slots.route("/positions/{position_id}/slots/{slot_id}/close", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts()
@answers(errors=(404,))
def close_slot(position_id: str, slot_id: str) -> dict[str, Any]:
    """No new bookings; those made stay. Closing again is harmless."""
    return shown(deps.slot_service().close(position_id, slot_id, now=deps.now()))
