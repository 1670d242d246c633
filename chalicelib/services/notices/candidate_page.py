"""What the candidate's own page states about their interview, in their language: the day with its
weekday, the time in the zone's everyday name (北京时间) beside its IANA name, a map link, and the
contact's phone written for reading and for dialling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import Interview, Slot
from chalicelib.services.common.wording import EN_MONTHS, WEEKDAYS
from chalicelib.services.notices import calendar
from chalicelib.services.notices.content import map_url
from chalicelib.vocabulary import TimeZone

_DAY = {"zh-CN": "{year}年{month}月{day}日 {weekday}", "en": "{weekday} {day} {month_name} {year}"}
_NEXT_DAY = {"zh-CN": "次日 ", "en": "next day "}


@dataclass(frozen=True)
class PageFacts:
    """The interview as its page states it; every text already in the candidate's language."""

    day: str  # 2026年12月3日 星期四 / Thursday 3 December 2026
    time: str  # 14:30–15:30
    zone_name: str | None  # 北京时间 / China Standard Time; None for a zone without an everyday name
    zone: str  # Asia/Shanghai
    offset: str  # UTC+08:00
    minutes: int
    address: str
    map_url: str
    transit: str | None
    contact_name: str | None
    phone: str | None  # +86 138 0013 8000
    tel: str | None  # tel:+8613800138000


def page_facts(interview: Interview, language: str) -> PageFacts:
    """The facts of ``interview`` for its candidate's page in ``language`` (``zh-CN`` or ``en``)."""
    start = parse_utc(interview.starts_at_utc).astimezone(ZoneInfo(interview.timezone))
    minutes = interview.duration_minutes or 60
    contact = interview.contact
    phone = contact.phone if contact and contact.phone else None
    return PageFacts(
        day=_day(start, language),
        time=_span(start, minutes, language),
        zone_name=TimeZone.everyday_name(interview.timezone, language),
        zone=interview.timezone,
        offset=_offset(start),
        minutes=minutes,
        address=calendar.full_address(interview),
        map_url=map_url(interview, language, label=interview.company),
        transit=interview.transit or None,
        contact_name=contact.name if contact else None,
        phone=readable_phone(phone) if phone else None,
        tel=f"tel:{''.join(ch for ch in phone if ch.isdigit() or ch == '+')}" if phone else None,
    )


@dataclass(frozen=True)
class SlotChoice:
    """A slot as the candidate's page offers it, in their language and the slot's own zone."""

    slot_id: str
    day: str  # 2026年12月3日 星期四 / Thursday 3 December 2026
    time: str  # 14:30–15:30
    zone_name: str | None
    zone: str
    offset: str
    place: str | None  # the slot's own address and room, when it is not held at the usual place


def slot_choices(slots: list[Slot], language: str) -> list[SlotChoice]:
    """The slots the candidate may pick, as their page lists them (earliest first, as given)."""
    found = []
    for slot in slots:
        start = parse_utc(slot.starts_at_utc).astimezone(ZoneInfo(slot.timezone))
        place = ", ".join(part for part in (slot.address, slot.room) if part) or None
        found.append(
            SlotChoice(
                slot_id=slot.slot_id,
                day=_day(start, language),
                time=_span(start, slot.duration_minutes, language),
                zone_name=TimeZone.everyday_name(slot.timezone, language),
                zone=slot.timezone,
                offset=_offset(start),
                place=place,
            )
        )
    return found


@dataclass(frozen=True)
class OfferChoice:
    """The seat held for the candidate, as their page offers it: the slot, and until when it is held."""

    slot: SlotChoice
    until: str  # 12月3日 星期四 14:00 / Thursday 3 December 2026 14:00


def offer_choice(interview: Interview, language: str, *, now: datetime) -> OfferChoice | None:
    """The open offer the candidate may still accept at ``now``, as their page states it; None without one."""
    offer = interview.open_offer
    if offer is None or parse_utc(offer.until) <= now:
        return None
    held = Slot(
        position_id=interview.position_id,
        slot_id=offer.slot_id,
        starts_at=offer.starts_at,
        timezone=offer.timezone,
        starts_at_utc=offer.starts_at_utc,
        duration_minutes=offer.duration_minutes,
        seats=1,
        created_at=offer.made_at,
    )
    until = parse_utc(offer.until).astimezone(ZoneInfo(offer.timezone))
    return OfferChoice(slot=slot_choices([held], language)[0], until=f"{_day(until, language)} {until:%H:%M}")


def readable_phone(phone: str) -> str:
    """``+8613800138000`` as people read and write it, ``+86 138 0013 8000``; unchanged if it is no number."""
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, "CN")
    except phonenumbers.NumberParseException:
        return phone
    if not phonenumbers.is_possible_number(number):
        return phone
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def _span(start: datetime, minutes: int, language: str) -> str:
    """``14:30–15:30``, saying "next day" before an end past midnight."""
    end = start + timedelta(minutes=minutes)
    return f"{start:%H:%M}–{_NEXT_DAY[language] if end.date() != start.date() else ''}{end:%H:%M}"


def _day(moment: datetime, language: str) -> str:
    return _DAY[language].format(
        year=moment.year,
        month=moment.month,
        month_name=EN_MONTHS[moment.month - 1],
        day=moment.day,
        weekday=WEEKDAYS[language][moment.weekday()],
    )


def _offset(moment: datetime) -> str:
    # "+0800" read as the notices write it: UTC+08:00.
    digits = moment.strftime("%z")
    return f"UTC{digits[:3]}:{digits[3:]}"
