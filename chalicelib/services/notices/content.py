"""Interview notices: the first notice, its update, cancellation, day-before reminder and weather advisory,
and the invitation to choose a time.

Every notice that asks the candidate to come carries every fact needed to get there and to judge the
job (time with its zone, place, route, map, contact, role, duties, pay, company): candidates take
calls on noisy streets and forget which company called, and the written notice is what they keep.
(Past 300 lines: the five notice kinds share the facts, the subject and the SMS fitting below;
split by kind, each module would import the same helpers back.)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from chalicelib import render as templates
from chalicelib.adapters import sms
from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import Contact, Interview, Position
from chalicelib.services.common.wording import EN_MONTHS, SHORT_WEEKDAYS, WEEKDAYS
from chalicelib.services.notices import calendar
from chalicelib.vocabulary import NoticeFact, TimeZone

LANGUAGES = ("zh-CN", "en")


class NoticeKind(StrEnum):
    NOTICE = "notice"
    UPDATE = "update"  # the interview was rescheduled, or facts of its notice changed (``notice.changed``)
    CANCEL = "cancel"
    REMINDER = "reminder"  # the day before
    DAY_OF = "day_of"  # a few hours before the start, short
    ADVISORY = "advisory"  # weather or traffic warning
    CHOOSE = "choose"  # choose your time: the candidate books one of the position's slots
    OFFER = "offer"  # a seat freed on a full slot is held for the candidate on its waitlist
    MISSED = "missed"  # sorry we missed you: after a no-show, book another of the position's slots


@dataclass(frozen=True)
class CandidateLinks:
    """Absolute URLs of the candidate's signed pages."""

    page: str
    confirm: str
    decline: str
    reschedule: str
    # A short redirect to ``page`` for SMS, where every character counts.
    short: str | None = None
    # The page's form to move to another open time, offered while the candidate may move it themselves.
    move: str | None = None


@dataclass(frozen=True)
class Notice:
    """One rendered notice: the email (subject, text, HTML, optional invite) and the SMS text."""

    kind: NoticeKind
    language: str
    subject: str
    text: str
    html: str
    ics: bytes | None
    ics_method: str | None
    sms: str | None
    # Replies reach the person who can answer them, not the sending mailbox.
    reply_to: str | None = None


@dataclass(frozen=True)
class _Locale:
    weekdays: tuple[str, ...]
    short_weekdays: tuple[str, ...]
    # Date formats over the fields of _date_fields(): the full time with its zone, the day without
    # the year, the compact form for texts and the one for subject lines.
    when: str
    day: str
    short: str
    subject: str
    duration: str
    next_day: str
    salary: str
    default_transit: str
    default_bring: str
    # What an update says of a fact the notice no longer gives (a website taken off).
    removed: str
    # The language the names of zones are said in (北京时间 / China Standard Time).
    language: str


# Names and date formats are spelled out rather than taken from the process locale, which on
# Lambda is C and would print English weekdays in a Chinese notice.
_LOCALES = {
    "zh-CN": _Locale(
        weekdays=WEEKDAYS["zh-CN"],
        short_weekdays=SHORT_WEEKDAYS["zh-CN"],
        when="{year}年{month}月{day}日 {weekday} {time} {zone_name}({zone}, {offset})",
        day="{month}月{day}日 {weekday}",
        short="{month}月{day}日{wd} {time}",
        subject="{month}月{day}日 {time}",
        duration="{minutes} 分钟（{end} 结束）",
        next_day="次日 ",
        salary="{amount} {currency} / 月",
        default_transit="请用地图链接规划路线；找不到地点时请致电联系人。",
        default_bring="身份证、打印版简历一份、作品集（如有）",
        removed="不再提供",
        language="zh-CN",
    ),
    "en": _Locale(
        weekdays=WEEKDAYS["en"],
        short_weekdays=SHORT_WEEKDAYS["en"],
        when="{weekday} {day} {month_name} {year}, {time} {zone_name}({zone}, {offset})",
        day="{weekday} {day} {month_name}",
        short="{wd} {day} {mon} {time}",
        subject="{wd} {day} {mon} {time}",
        duration="{minutes} minutes (until {end})",
        next_day="next day ",
        salary="{amount} {currency} / month",
        default_transit="Plan your route with the map link; call the contact if you cannot find the place.",
        default_bring="ID card or passport, a printed copy of your resume, your portfolio if you have one",
        removed="no longer given",
        language="en",
    ),
}

# What a text that asks for an answer says about answering by text (``services.replies`` reads the answers).
REPLY_OPTIONS = {
    "zh-CN": "回复 1 确认，2 改期，3 不参加，TD 退订",
    "en": "Reply 1 confirm, 2 reschedule, 3 decline, STOP opt out",
}
# The same options for a text the whole ones would split into two segments (STOP / TD still work).
SHORT_REPLY_OPTIONS = {
    "zh-CN": "回1确认2改期3不来",
    "en": "Reply 1 yes, 2 move, 3 no",
}
# Texts that ask for an answer. Each carries the whole options where the text still fits one segment,
# else the short ones where they fit; the notice, update and reminder otherwise leave them to their page
# link. The day-of reminder (no link: it goes whole, address, route and contact, as the one text the
# candidate reads on the way) and the answers to a text keep the short ones when nothing else fits.
_ASKS_FOR_ANSWER = frozenset({NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.REMINDER})

# Reminders and advisories leave the calendar entry the notice made as it is.
_INVITE_METHODS: dict[NoticeKind, calendar.Method] = {
    NoticeKind.NOTICE: "REQUEST",
    NoticeKind.UPDATE: "REQUEST",
    NoticeKind.CANCEL: "CANCEL",
}

# Shortest address fragment worth sending: less than this tells the candidate nothing.
_MIN_SMS_ADDRESS = 6
_ADDRESS_SEPARATORS = (",", " ", "，", "、")
_ADDRESS_UNITS = ("省", "市", "区", "县", "镇", "路", "街", "道", "巷", "弄", "号", "栋", "座", "楼")


def language_of(interview: Interview, default_language: str) -> str:
    """The candidate's language, else the default, else English."""
    for choice in (interview.candidate.language, default_language):
        if choice in LANGUAGES:
            return str(choice)
    return "en"


def compose(
    kind: NoticeKind | str,
    interview: Interview,
    position: Position,
    links: CandidateLinks | None,
    *,
    default_language: str,
    sender: str,
    advisory: str | None = None,
) -> Notice:
    """Render one notice (email subject, text, HTML, calendar invite and SMS text); no I/O."""
    kind = NoticeKind(kind)
    if kind is NoticeKind.ADVISORY and not advisory:
        raise ValueError("an advisory notice needs the advisory text")
    language = language_of(interview, default_language)
    until = None
    if kind is NoticeKind.OFFER:
        # The offer states the offered slot's time, and until when the seat is held, in the slot's zone.
        interview, until = _at_offer(interview, language)
    facts = notice_facts(interview, position, language)
    changed = interview.notice.changed if kind is NoticeKind.UPDATE else None
    changes = what_changed(changed or (), facts, language)
    context: dict[str, Any] = {
        "kind": kind.value,
        "lang": language,
        "invitation": interview.mode == "invitation",
        "candidate": interview.candidate.name,
        "f": facts,
        "links": links,
        "advisory": advisory,
        "changes": changes,
        "moved": not changes or any(change["fact"] == NoticeFact.TIME for change in changes),
        "until": until,
    }
    subject = " ".join(templates.render(f"email/{language}/subject.txt", **context).split())
    context["subject"] = subject
    text = _tidy(templates.render(f"email/{language}/{kind.value}.txt", **context))
    html = templates.render(f"email/{language}/{kind.value}.html", **context)

    ics_method = _INVITE_METHODS.get(kind)
    ics = None
    if ics_method is not None:
        ics = calendar.invite(
            interview,
            position,
            organizer=sender,
            method=ics_method,
            language=language,
            page_url=links.page if links and kind is not NoticeKind.CANCEL else None,
        )

    sms_text = None
    if "sms" in interview.channels:
        sms_text = sms_notice(
            kind,
            language,
            facts,
            links,
            invitation=context["invitation"],
            changes=changes,
            replies=reply_options(language) if kind in _ASKS_FOR_ANSWER or kind is NoticeKind.DAY_OF else (),
            until=until or "",
        )
    contact = facts["contact"]
    return Notice(
        kind=kind,
        language=language,
        subject=subject,
        text=text,
        html=html,
        ics=ics,
        ics_method=ics_method,
        sms=sms_text,
        reply_to=contact["email"] if contact and contact.get("email") else None,
    )


def _at_offer(interview: Interview, language: str) -> tuple[Interview, str]:
    """The interview at its offer's slot, and until when the seat is held (as texts write a time)."""
    offer = interview.offer
    if offer is None:
        raise ValueError("an offer notice needs the interview's offer")
    timed = dataclasses.replace(
        interview,
        starts_at=offer.starts_at,
        timezone=offer.timezone,
        starts_at_utc=offer.starts_at_utc,
        duration_minutes=offer.duration_minutes,
    )
    until = parse_utc(offer.until).astimezone(ZoneInfo(offer.timezone))
    locale = _LOCALES[language]
    return timed, locale.short.format(**_date_fields(until, locale, offer.timezone))


def notice_facts(interview: Interview, position: Position, language: str) -> dict[str, Any]:
    """Every fact a notice states, formatted once for ``language``."""
    locale = _LOCALES[language]
    zone = interview.timezone
    start = parse_utc(interview.starts_at_utc).astimezone(ZoneInfo(zone))
    minutes = interview.duration_minutes or 60
    end = start + timedelta(minutes=minutes)
    end_text = f"{locale.next_day if end.date() != start.date() else ''}{end:%H:%M}"
    date = _date_fields(start, locale, zone)
    address = calendar.full_address(interview)
    contact = interview.contact or position.contact
    # What makes an invitation worth accepting; only invitations show it.
    why = {key: getattr(position, key) or None for key in ("benefits", "promotion", "manager_style", "requirements")}
    return {
        "company": position.company,
        "title": position.title,
        "when": locale.when.format(**date),
        "day": locale.day.format(**date),
        "time": date["time"],
        "short_when": locale.short.format(**date),
        "subject_when": locale.subject.format(**date),
        "duration": locale.duration.format(minutes=minutes, end=end_text),
        "address": address,
        "transit": interview.transit or locale.default_transit,
        "map_url": map_url(interview, language, label=position.company),
        "contact": _contact(contact),
        "responsibilities": position.responsibilities,
        "salary": locale.salary.format(amount=_salary_amount(position), currency=position.salary_currency or "CNY"),
        "work_location": position.work_location,
        "website": position.company_website,
        "what_to_bring": interview.what_to_bring or locale.default_bring,
        "why": why,
        "has_why": any(why.values()),
    }


def what_changed(changed: Sequence[NoticeFact], facts: Mapping[str, Any], language: str) -> list[dict[str, str]]:
    """Each changed fact as an update states it: ``{fact, label, value}``, the value as it now is (the
    templates write the contact out as the notice does)."""
    found = []
    for fact in changed:
        value = facts[_STATED_AS[fact]] if fact in _STATED_AS else None
        found.append({"fact": fact.value, "label": fact.label(language), "value": value or _LOCALES[language].removed})
    return found


# The notice fact (``notice_facts``) each changed fact is stated as.
_STATED_AS = {
    NoticeFact.TIME: "when",
    NoticeFact.ADDRESS: "address",
    NoticeFact.ROUTE: "transit",
    NoticeFact.WHAT_TO_BRING: "what_to_bring",
    NoticeFact.COMPANY: "company",
    NoticeFact.TITLE: "title",
    NoticeFact.WORK_LOCATION: "work_location",
    NoticeFact.DUTIES: "responsibilities",
    NoticeFact.SALARY: "salary",
    NoticeFact.WEBSITE: "website",
}


def map_url(interview: Interview, language: str, *, label: str = "") -> str:
    """A map link: AMap for Chinese readers (it works in mainland China), OpenStreetMap otherwise."""
    latitude, longitude = interview.latitude, interview.longitude
    if language == "zh-CN":
        if latitude is not None and longitude is not None:
            # The stored coordinates are WGS-84 (GPS) like the OpenStreetMap link's; AMap assumes its
            # own shifted GCJ-02 grid unless told, which would misplace the pin by hundreds of metres.
            query = {
                "position": f"{_coordinate(longitude)},{_coordinate(latitude)}",
                "name": label or calendar.full_address(interview),
                "coordinate": "wgs84",
                "callnative": "1",
            }
            return "https://uri.amap.com/marker?" + urlencode(query, safe=",", quote_via=quote)
        query = {"keyword": calendar.full_address(interview)}
        if interview.city:
            query["city"] = interview.city
        return "https://uri.amap.com/search?" + urlencode(query, safe=",", quote_via=quote)
    if latitude is not None and longitude is not None:
        lat, lon = _coordinate(latitude), _coordinate(longitude)
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?" + urlencode(
        {"query": calendar.full_address(interview)}, safe=",", quote_via=quote
    )


def sms_notice(
    kind: NoticeKind,
    language: str,
    facts: Mapping[str, Any],
    links: CandidateLinks | None,
    *,
    invitation: bool = False,
    changes: Sequence[Mapping[str, str]] = (),
    replies: Sequence[str] = (),
    until: str = "",
) -> str:
    """The SMS text: company, time, place, how to reply and the page link, in one segment whenever possible.

    Variants are tried from the most to the least complete (full address, shortened address, no
    address); the first that fits one segment wins, else the shortest goes out. The reply options
    (``replies``: the whole form, then the short one) take the room the whole text leaves, never the
    address's; the day-of reminder goes whole, with the options that fit (the short ones at least).
    """
    name = f"sms/{language}/{kind.value}.txt"
    context = {
        "f": facts,
        "link": (links.short or links.page) if links else None,
        "move": bool(links and links.move),
        "invitation": invitation,
        "changed": ("、" if language == "zh-CN" else ", ").join(change["label"] for change in changes),
        "until": until,
    }

    def variant(place: str, hint: str = "") -> str:
        return " ".join(templates.render(name, place=place, reply=hint, **context).split())

    address = str(facts["address"])
    if kind is NoticeKind.DAY_OF:
        return with_options([variant(address, hint) for hint in replies]) or variant(address)
    answered = with_options([variant(address, hint) for hint in replies])
    if answered and sms.fits_one_segment(answered):
        return answered
    full = variant(address)
    if sms.fits_one_segment(full):
        return full
    bare = variant("")
    if not sms.fits_one_segment(bare):
        return bare
    # Room the address may take next to everything else, in the encoding the full text uses; a
    # shorter address can only make the text cheaper (it may even fall back to GSM-7).
    room = sms.limit(full) - (sms.units(full) - sms.units(address))
    # "…" is not in the GSM alphabet and would turn a 160-character text into a 70-character one.
    ellipsis = "..." if sms.is_gsm(full) else "…"
    for size in range(room, _MIN_SMS_ADDRESS - 1, -1):
        shortened = variant(_shorten(address, size, ellipsis))
        if sms.fits_one_segment(shortened):
            return shortened
    return bare


def reply_options(language: str) -> tuple[str, str]:
    """The reply options in ``language``: the whole form, then the short one."""
    return REPLY_OPTIONS[language], SHORT_REPLY_OPTIONS[language]


def with_options(texts: Sequence[str]) -> str | None:
    """The first of ``texts`` (one text with each form of the reply options, longest first) that fits one
    segment, else the last (the shortest options); None when there are none."""
    return next((text for text in texts if sms.fits_one_segment(text)), texts[-1] if texts else None)


def _shorten(address: str, size: int, ellipsis: str) -> str:
    """At most ``size`` characters of ``address``, ending on a whole part when one fits."""
    if len(address) <= size:
        return address
    cut = address[:size]
    # Whole parts read better than a cut word and need no ellipsis: "88 Century Avenue" rather
    # than "88 Century Av...". Chinese addresses end their parts with unit characters instead.
    before = max(cut.rfind(sep) for sep in _ADDRESS_SEPARATORS)
    after = max(cut.rfind(unit) + 1 for unit in _ADDRESS_UNITS)
    whole = size if address[size] in _ADDRESS_SEPARATORS else max(before, after)
    if whole >= _MIN_SMS_ADDRESS:
        return cut[:whole].rstrip("".join(_ADDRESS_SEPARATORS))
    return cut[: size - len(ellipsis)] + ellipsis


def _contact(contact: Contact | None) -> dict[str, str] | None:
    if not contact:
        return None
    phone = contact.phone or ""
    return {
        "name": contact.name or "",
        "phone": phone,
        "tel": "tel:" + re.sub(r"[^\d+]", "", phone) if phone else "",
        "email": contact.email or "",
    }


def _salary_amount(position: Position) -> str:
    low, high = position.salary_min, position.salary_max
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _date_fields(moment: datetime, locale: _Locale, zone: str) -> dict[str, str | int]:
    return {
        "year": moment.year,
        "month": moment.month,
        "month_name": EN_MONTHS[moment.month - 1],
        "mon": EN_MONTHS[moment.month - 1][:3],
        "day": moment.day,
        "weekday": locale.weekdays[moment.weekday()],
        "wd": locale.short_weekdays[moment.weekday()],
        "time": f"{moment:%H:%M}",
        "zone": zone,
        # The everyday name first, with its space, where the zone has one.
        "zone_name": f"{name} " if (name := TimeZone.everyday_name(zone, locale.language)) else "",
        "offset": _utc_offset(moment),
    }


def _utc_offset(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _coordinate(value: float) -> str:
    # Six decimals is ~10 cm: precise enough, and no float noise such as 31.230400000000003.
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def _tidy(text: str) -> str:
    # Optional facts leave blank runs behind in the text part; one blank line separates paragraphs.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.strip().splitlines())) + "\n"
