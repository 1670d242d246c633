"""The calendar invite (.ics, iTIP) that puts the interview in the candidate's calendar.

One UID per interview and a SEQUENCE that rises with every reschedule or cancellation let calendar
clients update or remove the entry they already hold instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Literal

from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import Interview, Position

# REQUEST and CANCEL travel by email and ask the candidate to reply; PUBLISH is the same entry
# downloaded from the candidate's page, to add to a calendar with nothing to answer.
Method = Literal["REQUEST", "CANCEL", "PUBLISH"]

# A two-hour warning leaves time to travel across a large city.
DEFAULT_ALARM = timedelta(hours=2)

_LABELS = {
    "zh-CN": {
        "summary": "面试：{company} · {title}",
        "contact": "联系人",
        "transit": "交通路线",
        "page": "确认或改期",
        "alarm": "面试即将开始：{company} · {title}",
        "cancelled": "已取消：{summary}",
    },
    "en": {
        "summary": "Interview: {company} · {title}",
        "contact": "Contact",
        "transit": "Getting there",
        "page": "Confirm or reschedule",
        "alarm": "Interview soon: {company} · {title}",
        "cancelled": "Cancelled: {summary}",
    },
}


def uid(interview: Interview) -> str:
    """The UID every version of this interview's invite carries."""
    return f"{interview.interview_id}@showup"


def full_address(interview: Interview) -> str:
    """The address with its city, unless the address already names it."""
    address = interview.address.strip()
    city = interview.city.strip()
    if not city or city.casefold() in address.casefold():
        return address
    # Chinese addresses run from the largest unit to the smallest, so the city leads.
    if any("\u4e00" <= ch <= "\u9fff" for ch in address):
        return f"{city}{address}"
    return f"{address}, {city}"


def invite(
    interview: Interview,
    position: Position,
    *,
    organizer: str,
    method: Method,
    language: str = "en",
    page_url: str | None = None,
    alarm_before: timedelta | None = DEFAULT_ALARM,
    stamp: datetime | None = None,
) -> bytes:
    """An iCalendar REQUEST (new or moved interview), CANCEL or PUBLISH for ``interview``, as bytes."""
    from icalendar import Alarm, Calendar, Event, vCalAddress

    labels = _LABELS.get(language, _LABELS["en"])
    company, title = position.company, position.title
    start = parse_utc(interview.starts_at_utc)
    end = start + timedelta(minutes=interview.duration_minutes or 60)
    summary = labels["summary"].format(company=company, title=title)
    if method == "CANCEL":
        summary = labels["cancelled"].format(summary=summary)

    calendar = Calendar()
    calendar.add("prodid", "-//ShowUp//Interview notice//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", uid(interview))
    # Version 1 is the first invite (SEQUENCE 0); each reschedule or cancellation raises it.
    event.add("sequence", max(interview.version - 1, 0))
    event.add("dtstamp", _stamp(interview, stamp))
    # UTC needs no VTIMEZONE and every client converts it to the reader's zone correctly.
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", full_address(interview))
    latitude, longitude = interview.latitude, interview.longitude
    if latitude is not None and longitude is not None:
        event.add("geo", (latitude, longitude))
    event.add("description", _description(interview, labels, page_url))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")

    organizer_name, organizer_email = parseaddr(organizer)
    host = vCalAddress(f"mailto:{organizer_email or organizer}")
    host.params["cn"] = organizer_name or company
    event.add("organizer", host)

    if method != "PUBLISH":
        # iTIP: a published entry names no attendees, so no calendar offers to send a reply.
        candidate = interview.candidate
        guest = vCalAddress(f"mailto:{candidate.email}")
        guest.params["cn"] = candidate.name
        guest.params["role"] = "REQ-PARTICIPANT"
        guest.params["partstat"] = "NEEDS-ACTION"
        guest.params["rsvp"] = "TRUE"
        event.add("attendee", guest)

    if method != "CANCEL" and alarm_before:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -alarm_before)
        alarm.add("description", labels["alarm"].format(company=company, title=title))
        event.add_component(alarm)

    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _stamp(interview: Interview, stamp: datetime | None) -> datetime:
    # DTSTAMP is when this version of the invite was made: the record's last change keeps the
    # invite byte-for-byte reproducible when the same version is sent again.
    if stamp is not None:
        return stamp.astimezone(UTC)
    return parse_utc(interview.updated_at or interview.created_at)


def _description(interview: Interview, labels: Mapping[str, str], page_url: str | None) -> str:
    lines = []
    contact = interview.contact
    if contact:
        reach = ", ".join(part for part in (contact.phone, contact.email) if part)
        lines.append(f"{labels['contact']}: {contact.name} {reach}".strip())
    if interview.transit:
        lines.append(f"{labels['transit']}: {interview.transit}")
    if page_url:
        lines.append(f"{labels['page']}: {page_url}")
    return "\n".join(lines)
