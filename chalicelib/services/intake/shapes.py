"""What a delivery says, whatever its shape: an ``Arrival`` (the external id, cancelled or not, the position it
names and the booking), read from the generic JSON shape or from an ATS's own (``intake.hirehive``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.errors import invalid


@dataclass(frozen=True)
class PositionRef:
    """How the delivery names the position: ShowUp's id, the sender's job id, or the job's title."""

    position_id: str | None = None
    job_id: str | None = None
    job_title: str | None = None
    # The delivery's own name for the field, for the error that says it names no known position.
    field: str = "position_id"


@dataclass(frozen=True)
class Arrival:
    """One interview as the sender has it now."""

    external_id: str
    cancelled: bool
    position: PositionRef = PositionRef()
    # POST /interviews's fields but position_id; address and city may be left to the position.
    booking: Mapping[str, Any] = field(default_factory=dict)
    # POST /interviews's field names as the sender calls them, for errors that name the sender's field.
    fields: Mapping[str, str] = field(default_factory=dict)


# A shape reads a delivery's parsed JSON into an Arrival, or refuses it naming the field at fault.
Shape = Callable[[dict[str, Any]], Arrival]


def generic(data: dict[str, Any]) -> Arrival:
    """The generic shape (``models.HookInterviewIn``, documented in README)."""
    from chalicelib.models import HookInterviewIn
    from chalicelib.validation import validate

    given = validate(HookInterviewIn, data)
    # The error that finds no position names the field the sender used to name it.
    named = "position_id" if given.position_id else "job_id" if given.job_id else "job_title"
    position = PositionRef(given.position_id, given.job_id, given.job_title, field=named)
    if given.status == "cancelled":
        return Arrival(external_id=given.external_id, cancelled=True, position=position)
    assert given.candidate is not None and given.starts_at is not None and given.timezone is not None
    booking = {
        "candidate": given.candidate.model_dump(mode="json", exclude_none=True),
        "starts_at": local_start(given.starts_at, given.timezone, fields=("starts_at", "timezone")),
        "timezone": given.timezone,
        "duration_minutes": given.duration_minutes,
        **given.model_dump(mode="json", include={"address", "city", "transit"}, exclude_none=True),
    }
    return Arrival(external_id=given.external_id, cancelled=False, position=position, booking=booking)


def local_start(start: datetime, timezone: str, *, fields: tuple[str, str]) -> str:
    """``start`` as the wall-clock minute in ``timezone`` that POST /interviews takes; an instant with an
    offset is converted, a time without one is already local. ``fields`` name the start and the zone."""
    if start.tzinfo is None:
        return start.strftime("%Y-%m-%dT%H:%M")
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, OSError, ValueError):
        raise invalid(fields[1], code="invalid_timezone") from None
    try:
        return start.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    except OverflowError:
        raise invalid(fields[0], code="too_far_ahead") from None
