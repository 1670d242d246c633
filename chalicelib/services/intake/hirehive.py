"""HireHive's interview webhooks (``interview.created``, ``interview.updated``, ``interview.cancelled``), as
documented at https://docs.hirehive.com/api-reference/webhooks/events/interview.created, read as an Arrival.

HireHive signs with Standard Webhooks headers (``intake.signature``). Its payload names the job by id only:
``HOOK_POSITIONS`` maps the id to a ShowUp position. It has no phone number for the candidate."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.errors import invalid
from chalicelib.models import Line
from chalicelib.services.intake.shapes import Arrival, PositionRef, local_start

CANCELLED = "interview.cancelled"
_EVENT = "data.object.event"
_ATTENDEES = f"{_EVENT}.attendees"
# POST /interviews's fields as HireHive's payload calls them.
FIELDS = {
    "position_id": "data.object.job_id",
    "candidate": _ATTENDEES,
    "candidate.name": f"{_ATTENDEES}.display_name",
    "candidate.email": f"{_ATTENDEES}.email",
    "starts_at": f"{_EVENT}.start",
    "timezone": f"{_EVENT}.time_zone",
    "duration_minutes": f"{_EVENT}.end",
    "address": f"{_EVENT}.location",
}


class _Part(BaseModel):
    # HireHive adds fields as it likes: only those read here are checked.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


# Every text is one line, as in ShowUp's own bodies; the candidate's name and email are checked as a
# booking's are (named by HireHive's path), so they stay plain here.
class Attendee(_Part):
    type: Line
    display_name: str | None = None
    email: str | None = None


class Event(_Part):
    location: Line | None = None
    status: Line | None = None
    start: datetime
    end: datetime | None = None
    time_zone: Annotated[Line, Field(min_length=1)]
    attendees: list[Attendee] = Field(default_factory=list)


class Interview(_Part):
    id: Annotated[Line, Field(min_length=1, max_length=200)]
    job_id: Line | None = None
    event: Event


class Data(_Part):
    object: Interview


class Delivery(_Part):
    type: Line
    data: Data


def hirehive(data: dict[str, Any]) -> Arrival:
    """A HireHive interview delivery as an Arrival; a 400 naming HireHive's field when one is missing or bad."""
    from chalicelib.validation import validate

    given = validate(Delivery, data)
    interview, event = given.data.object, given.data.object.event
    position = PositionRef(job_id=interview.job_id, field=FIELDS["position_id"])
    if given.type == CANCELLED or event.status == "cancelled":
        return Arrival(external_id=interview.id, cancelled=True, position=position, fields=FIELDS)
    candidate = next((a for a in event.attendees if a.type == "candidate"), None)
    if candidate is None:
        raise invalid(_ATTENDEES, "has no attendee of type candidate: ShowUp needs the candidate's name and email")
    booking: dict[str, Any] = {
        "candidate": {"name": candidate.display_name or "", "email": candidate.email or ""},
        "starts_at": local_start(event.start, event.time_zone, fields=(FIELDS["starts_at"], FIELDS["timezone"])),
        "timezone": event.time_zone,
        **({"address": event.location} if event.location else {}),
    }
    if event.end is not None:
        booking["duration_minutes"] = int((event.end - event.start).total_seconds() // 60)
    return Arrival(external_id=interview.id, cancelled=False, position=position, booking=booking, fields=FIELDS)
