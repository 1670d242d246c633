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


def shown(slot: Slot, waitlist: int = 0) -> dict[str, Any]:
    """A slot as the API shows it: its seats free, whether it takes bookings and how many wait for a seat
    (a seat held for one of them counts as taken), worked out on read."""
    return {**plain(slot), "seats_free": slot.seats_free, "open": slot.is_open, "waitlist": waitlist}


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
    service = deps.slot_service()
    found = service.list(position_id)
    waiting = service.waitlist_counts(position_id)
    return {"slots": [shown(slot, waiting.get(slot.slot_id, 0)) for slot in found]}


@slots.route("/positions/{position_id}/slots/{slot_id}/close", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts()
@answers(errors=(404,))
def close_slot(position_id: str, slot_id: str) -> dict[str, Any]:
    """No new bookings; those made stay. Closing again is harmless."""
    service = deps.slot_service()
    closed = service.close(position_id, slot_id, now=deps.now())
    return shown(closed, service.waitlist_counts(position_id).get(slot_id, 0))
