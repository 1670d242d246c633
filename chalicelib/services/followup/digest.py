"""HR's morning digest: one email per contact with tomorrow's interviews, the call list first.

HR practice: call the day before to confirm. The digest puts the candidates who have not confirmed
at the top with their phone numbers, the likeliest no-show first (``probability``: the no-show
probability by the model in force; by start time without it or on a tie), then the confirmed and
declined, the weather risks and the bounced addresses of the coming days, and yesterday's outcomes
with the no-show rate, so that the day's calls and the statistics start from one page.

Days are the company's (``company_timezone``); an interview belongs to the day of its own local
date, as everywhere in ShowUp. Each contact gets one digest a day: the ledger key
``digest#<company date>#<sha256(contact email)>`` is claimed before sending (hashed: no address in
keys). An hourly schedule calls ``send_due``; it acts from the digest hour on, so a missed run is
made up by the next, and once every contact has theirs a day marker spares the later runs any reads.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.render import render
from chalicelib.services.common.clock import iso_utc, parse_utc, today_in
from chalicelib.services.common.company_day import due_day, opening
from chalicelib.services.common.records import Interview, WeatherState
from chalicelib.services.common.wording import phrases
from chalicelib.services.followup.inbox import CompanyDay, company_day, open_items
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.vocabulary import InboxKind, InterviewStatus, NoShowReason

log = logging.getLogger("showup.digest")

# send(to, subject, text, html) -> message id
SendDigest = Callable[[str, str, str, str], str]
# probability(interview, now) -> its no-show probability as of ``now``, by the model in force.
Probability = Callable[[Interview, datetime], float]

CLAIM_TTL_SECONDS = 7 * 24 * 3600
OFF = frozenset({InterviewStatus.CANCELLED})
RISKY = frozenset({"caution", "severe"})
# The inbox items the call list stands for; the kinds each day's own sections show, the rest listed apart.
CALL = frozenset({InboxKind.UNCONFIRMED_TOMORROW, InboxKind.RESCHEDULE_REQUESTED})
UPCOMING_SECTIONS = frozenset({InboxKind.WEATHER_RISK, InboxKind.EMAIL_BOUNCED})
TOMORROWS_SECTIONS = CALL | {InboxKind.DECLINED} | UPCOMING_SECTIONS


@dataclass(frozen=True)
class _Labels:
    weekdays: tuple[str, ...]
    day: str
    status: dict[str, str]
    risk: dict[str, str]
    reason: dict[str, str]
    kind: dict[str, str]


_LABELS = {
    "en": _Labels(
        weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        day="{wd} {day} {month_name} {year}",
        status=phrases(InterviewStatus, "en"),
        risk={"caution": "caution", "severe": "severe"},
        reason=phrases(NoShowReason, "en"),
        kind=phrases(InboxKind, "en"),
    ),
    "zh-CN": _Labels(
        weekdays=("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
        day="{year}年{month}月{day}日 {wd}",
        status=phrases(InterviewStatus, "zh-CN"),
        risk={"caution": "注意", "severe": "严重"},
        reason=phrases(NoShowReason, "zh-CN"),
        kind=phrases(InboxKind, "zh-CN"),
    ),
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class DigestConfig:
    """When and how the digest goes out."""

    hour: int = 8
    company_timezone: str = "Asia/Shanghai"
    language: str = "zh-CN"
    # Interviews without a contact email are reported here (the sending mailbox).
    fallback_to: str = ""
    # Weather risks and bounces are shown for this many days from tomorrow.
    upcoming_days: int = 3


def contact_key(day: str, email: str) -> str:
    """The ledger key of one contact's digest for ``day``."""
    return f"digest#{day}#" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


class HrDigest:
    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        ledger: Ledger,
        send: SendDigest,
        config: DigestConfig | None = None,
        probability: Probability | None = None,
    ) -> None:
        self._interviews = interviews
        self._probability = probability
        self._ledger = ledger
        self._send = send
        self._config = config or DigestConfig()
        self._language = self._config.language if self._config.language in _LABELS else "en"

    def send_due(self, now: datetime) -> dict[str, Any]:
        """Send today's digests not sent yet, from the digest hour on; returns what happened."""
        config = self._config
        today = today_in(config.company_timezone, now)
        summary: dict[str, Any] = {"date": today.isoformat(), "contacts": 0, "sent": 0, "skipped": 0, "failed": 0}
        if due_day(now, config.company_timezone, config.hour) is None:
            summary["waiting_until"] = opening(config.hour, config.company_timezone)
            return summary
        done = f"digest#{today.isoformat()}#done"
        if self._ledger.get(done):
            summary["done"] = True
            return summary
        digests = self.compose(today, now=now)
        summary["contacts"] = len(digests)
        for to, (subject, text, html) in digests.items():
            try:
                outcome = self._deliver(today, to, subject, text, html, now)
            except Exception:
                log.exception("digest for a contact failed (%s)", contact_key(today.isoformat(), to))
                outcome = "failed"
            summary[outcome] += 1
        if not summary["failed"]:
            self._ledger.claim(done, now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS)
        log.info("hr digest at %s: %s", iso_utc(now), summary)
        return summary

    def compose(self, today: date, *, now: datetime | None = None) -> dict[str, tuple[str, str, str]]:
        """Each contact's digest for ``today`` as of ``now`` (default: the start of ``today``):
        ``{email: (subject, text, html)}``."""
        now = now or datetime.combine(today, datetime.min.time(), ZoneInfo(self._config.company_timezone))
        tomorrow = today + timedelta(days=1)
        upcoming = {
            day: list(self._interviews.on_local_date(day.isoformat()))
            for day in (tomorrow + timedelta(days=n) for n in range(self._config.upcoming_days))
        }
        yesterday = list(self._interviews.on_local_date((today - timedelta(days=1)).isoformat()))
        contacts: dict[str, dict[str, list[Interview]]] = {}
        for interview in (i for day in upcoming.values() for i in day if i.status not in OFF):
            contacts.setdefault(self._contact_of(interview), {"upcoming": [], "yesterday": []})["upcoming"].append(
                interview
            )
        for interview in yesterday:
            if interview.status in (InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW):
                contacts.setdefault(self._contact_of(interview), {"upcoming": [], "yesterday": []})["yesterday"].append(
                    interview
                )
        digests: dict[str, tuple[str, str, str]] = {}
        day = company_day(today, self._config.company_timezone)
        for to, found in sorted(contacts.items()):
            context = self._context(day, found["upcoming"], found["yesterday"], now)
            if context["empty"]:
                continue
            lang = self._language
            subject = " ".join(render(f"digest/{lang}/subject.txt", **context).split())
            context["subject"] = subject
            digests[to] = (
                subject,
                render(f"digest/{lang}/digest.txt", **context).strip() + "\n",
                render(f"digest/{lang}/digest.html", **context),
            )
        return digests

    def _contact_of(self, interview: Interview) -> str:
        email = interview.contact.email if interview.contact else None
        return (email or self._config.fallback_to).strip().lower()

    def _deliver(self, today: date, to: str, subject: str, text: str, html: str, now: datetime) -> str:
        # A failed send gives its claim back, so the next hourly run sends it.
        sent, _ = self._ledger.once(
            contact_key(today.isoformat(), to),
            lambda: self._send(to, subject, text, html),
            now=now,
            ttl_seconds=CLAIM_TTL_SECONDS,
        )
        return "sent" if sent else "skipped"

    def _context(
        self, day: CompanyDay, upcoming: Sequence[Interview], yesterday: Sequence[Interview], now: datetime
    ) -> dict[str, Any]:
        labels = _LABELS[self._language]
        ordered = sorted(upcoming, key=lambda i: i.starts_at_utc)
        # What needs attention is the inbox's rule (resolved items included), so the two always agree.
        flagged = {i.interview_id: {item.kind for item in open_items(i, day)} for i in ordered}
        rows = {i.interview_id: self._row(i) for i in ordered}
        tomorrows = [i.interview_id for i in ordered if i.local_date == day.tomorrow]
        flagged_to_call = {i for i in tomorrows if flagged[i] & CALL}
        attended = sum(1 for i in yesterday if i.status == InterviewStatus.ATTENDED)
        no_shows = [self._row(i) for i in yesterday if i.status == InterviewStatus.NO_SHOW]
        held = attended + len(no_shows)
        contact = next((i.contact for i in [*upcoming, *yesterday] if i.contact), None)
        context = {
            "lang": self._language,
            "contact_name": (contact.name if contact else "") or "",
            "day": self._day(date.fromisoformat(day.tomorrow)),
            "interviews": len(tomorrows),
            "call_list": self._call_list([i for i in ordered if i.interview_id in flagged_to_call], rows, now),
            "confirmed": [rows[i] for i in tomorrows if rows[i]["status"] == InterviewStatus.CONFIRMED],
            "declined": [rows[i] for i in tomorrows if InboxKind.DECLINED in flagged[i]],
            "weather": [rows[i] for i in rows if InboxKind.WEATHER_RISK in flagged[i]],
            "bounced": [rows[i] for i in rows if InboxKind.EMAIL_BOUNCED in flagged[i]],
            "others": self._others(rows, flagged, set(tomorrows)),
            "attended": attended,
            "no_shows": no_shows,
            "no_show_rate": f"{round(100 * len(no_shows) / held)}%" if held else None,
            "status_labels": labels.status,
        }
        context["empty"] = not (tomorrows or context["weather"] or context["bounced"] or context["others"] or held)
        return context

    def _call_list(
        self, interviews: Sequence[Interview], rows: dict[str, dict[str, Any]], now: datetime
    ) -> list[dict[str, Any]]:
        """The rows to call, the likeliest no-show first (a stable sort: by start time on a tie)."""
        if self._probability is None:
            return [rows[i.interview_id] for i in interviews]
        scored = [(self._probability(i, now), rows[i.interview_id]) for i in interviews]
        scored.sort(key=lambda pair: -pair[0])
        return [row | {"probability": f"{round(100 * p)}%"} for p, row in scored]

    def _others(
        self, rows: dict[str, dict[str, Any]], flagged: dict[str, set[InboxKind]], tomorrows: set[str]
    ) -> list[dict[str, Any]]:
        """The rows with items that no section of their day shows, each with those items' labels."""
        labels = _LABELS[self._language].kind
        others = []
        for interview_id, row in rows.items():
            shown = TOMORROWS_SECTIONS if interview_id in tomorrows else UPCOMING_SECTIONS
            rest = [kind for kind in InboxKind if kind in flagged[interview_id] - shown]
            if rest:
                others.append(row | {"needs": ", ".join(labels[kind] for kind in rest)})
        return others

    def _row(self, interview: Interview) -> dict[str, Any]:
        labels = _LABELS[self._language]
        zone = interview.timezone
        start = parse_utc(interview.starts_at_utc).astimezone(ZoneInfo(zone))
        time = f"{start:%H:%M}" + ("" if zone == self._config.company_timezone else f" ({zone})")
        candidate = interview.candidate
        risk = interview.weather.risk if interview.weather else None
        reason = interview.outcome.reason if interview.outcome and interview.outcome.reason else ""
        return {
            "id": interview.interview_id,
            "day": self._day(start.date()),
            "time": time,
            "candidate": candidate.name or "",
            "phone": candidate.phone or "",
            "email": candidate.email or "",
            "position": interview.position_title or "",
            "city": interview.city or "",
            "status": interview.status.value,
            "status_label": labels.status.get(interview.status, interview.status.value),
            "risk": risk if risk in RISKY else None,
            "risk_label": labels.risk.get(risk or "", "") if risk in RISKY else "",
            "weather": _weather_figures(interview.weather),
            "weather_alert": bool(interview.weather_alert),
            "bounced": interview.email_bounced,
            "reason": labels.reason.get(reason, reason),
            # Filled in on the call list, as a percentage, when the digest knows the probabilities.
            "probability": "",
        }

    def _day(self, day: date) -> str:
        labels = _LABELS[self._language]
        return labels.day.format(
            wd=labels.weekdays[day.weekday()],
            day=day.day,
            month=day.month,
            month_name=_MONTHS[day.month - 1],
            year=day.year,
        )


def _weather_figures(weather: WeatherState | None) -> str:
    if weather is None:
        return ""
    parts: list[str] = []
    if weather.precipitation_sum is not None:
        parts.append(f"{weather.precipitation_sum:g} mm")
    if weather.probability is not None:
        parts.append(f"{weather.probability:g}%")
    if weather.gusts is not None:
        parts.append(f"{weather.gusts:g} km/h")
    if weather.weather_code is not None:
        parts.append(f"WMO {weather.weather_code}")
    return ", ".join(parts)
