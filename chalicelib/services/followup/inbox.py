"""HR's inbox: what happened to an interview that a person must act on, read from the interview itself.

An item is one occurrence: its id joins the interview, the kind and what raised it (the time of the
answer, the bounce, the call...), so the same thing happening again after HR resolved it is a new
item. An item ends by the action that settles it, because the state it is read from changes (a
reschedule, a corrected address, a cancellation, a confirmation, a calm forecast), or by HR
resolving it (``Interview.resolutions``). The items that depend on the record alone decide the
``attention`` attribute the store writes (``store.interviews``): the inbox reads the interviews
that have one, plus tomorrow's for the unconfirmed, and never scans.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from chalicelib.errors import NotFound
from chalicelib.services.common.clock import iso_utc, today_in
from chalicelib.services.common.records import Interview, Resolution
from chalicelib.store.interviews import Change
from chalicelib.vocabulary import InboxKind, InterviewStatus, NoticeStatus

# Nothing is left to do about an interview that is over or called off (but see ``_closed``).
CLOSED = frozenset({InterviewStatus.CANCELLED, InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})
RISKY = frozenset({"caution", "severe"})
SEPARATOR = "."


@dataclass(frozen=True)
class CompanyDay:
    """The company's today (``company_timezone``): which local date is "tomorrow", and when today began."""

    today: date
    began: str

    @property
    def tomorrow(self) -> str:
        return (self.today + timedelta(days=1)).isoformat()


def company_day(today: date, timezone: str) -> CompanyDay:
    """``today`` in the company's time zone."""
    return CompanyDay(today=today, began=iso_utc(datetime.combine(today, time(), ZoneInfo(timezone))))


def company_day_at(now: datetime, timezone: str) -> CompanyDay:
    """The company day ``now`` falls on."""
    return company_day(today_in(timezone, now), timezone)


@dataclass(frozen=True)
class Item:
    """One thing HR must act on: its kind, when it was raised, its interview and what to know about it."""

    id: str
    kind: InboxKind
    raised_at: str
    interview: Interview
    detail: dict[str, Any] = field(default_factory=dict)
    resolution: Resolution | None = None


def item_id(interview_id: str, kind: InboxKind, stamp: str) -> str:
    return SEPARATOR.join((interview_id, kind.value, stamp))


def interview_of(item: str) -> str | None:
    """The interview an item id names, or None when it is not an item id at all."""
    parts = item.split(SEPARATOR)
    kinds = {kind.value for kind in InboxKind}
    return parts[0] if len(parts) == 3 and all(parts) and parts[1] in kinds else None


def items(interview: Interview, day: CompanyDay | None) -> list[Item]:
    """Every item of the interview, resolved or not; without ``day`` only those the record alone decides."""
    if interview.erased_at:
        # Nobody is left to call or write to.
        return []
    found = [*_lasting(interview), *(_tomorrow(interview, day) if day else ())]
    resolved = {resolution.item: resolution for resolution in interview.resolutions}
    return [dataclasses.replace(item, resolution=resolved.get(item.id)) for item in found]


def open_items(interview: Interview, day: CompanyDay | None) -> list[Item]:
    """The items HR has not resolved yet."""
    return [item for item in items(interview, day) if item.resolution is None]


def needs_attention(interview: Interview, day: CompanyDay) -> bool:
    """Whether the interview has an open item on the company ``day``: the inbox's rule, which the digest
    and the lists' ``attention`` filter share."""
    return bool(open_items(interview, day))


def lasting_attention(interview: Interview) -> bool:
    """Whether the record alone (whatever the time) has an open item: the store's ``attention`` attribute."""
    return bool(open_items(interview, None))


def resolve(item: str, *, now: datetime, company_timezone: str, by: str | None, notes: str | None) -> Change:
    """The change that marks ``item`` resolved; a repeat writes nothing, an unknown item is a 404."""
    day = company_day_at(now, company_timezone)

    def change(interview: Interview) -> Interview | None:
        current = items(interview, day)
        target = next((found for found in current if found.id == item), None)
        if target is None:
            raise NotFound(reason="no_open_item", item=item)
        if target.resolution is not None:
            return None
        # Resolutions of items that are gone (settled or superseded) would only grow the record.
        live = {found.id for found in current}
        kept = tuple(resolution for resolution in interview.resolutions if resolution.item in live)
        resolution = Resolution(item=item, kind=target.kind, at=iso_utc(now), by=by, notes=notes or None)
        return dataclasses.replace(interview, resolutions=(*kept, resolution)).touched(now)

    return change


def _occurrence(interview: Interview, kind: InboxKind, at: str | None, **detail: Any) -> Item:
    # A record written before the moment was kept counts from its creation, so its id stays put.
    raised = at or interview.created_at
    stamp = raised.replace("-", "").replace(":", "")
    shown = {name: value for name, value in detail.items() if value is not None}
    return Item(item_id(interview.interview_id, kind, stamp), kind, raised, interview, shown)


def _lasting(interview: Interview) -> Iterator[Item]:
    notice = interview.notice
    if interview.status in CLOSED:
        # Only the cancellation's own notice failing is news after a cancellation: the candidate may come.
        if interview.status == InterviewStatus.CANCELLED and notice.status == NoticeStatus.FAILED:
            yield _occurrence(interview, InboxKind.NOTICE_FAILED, notice.failed_at, notice=notice.kind)
        return
    response = interview.candidate_response
    answered, message = (response.at, response.reason or None) if response else (None, None)
    if interview.status == InterviewStatus.RESCHEDULE_REQUESTED:
        yield _occurrence(interview, InboxKind.RESCHEDULE_REQUESTED, answered, message=message)
    if interview.status == InterviewStatus.DECLINED:
        yield _occurrence(interview, InboxKind.DECLINED, answered, message=message)
    email = interview.candidate.email
    if interview.email_bounced or notice.status == NoticeStatus.BOUNCED:
        yield _occurrence(interview, InboxKind.EMAIL_BOUNCED, interview.email_bounced_at, email=email)
    if interview.email_complained:
        yield _occurrence(interview, InboxKind.EMAIL_COMPLAINED, interview.email_complained_at, email=email)
    if notice.status == NoticeStatus.FAILED:
        yield _occurrence(interview, InboxKind.NOTICE_FAILED, notice.failed_at, notice=notice.kind)
    if _unsent(interview.reminder_failed_at, interview.reminded_at):
        yield _occurrence(interview, InboxKind.REMINDER_FAILED, interview.reminder_failed_at)
    weather = interview.weather if interview.weather_alert else None
    if weather is not None and weather.date == interview.local_date:
        risk = weather.last_known if weather.risk not in RISKY and weather.last_known else weather.risk
        raised = interview.weather_alert_at or weather.checked_at
        yield _occurrence(interview, InboxKind.WEATHER_RISK, raised, risk=risk, date=weather.date)
        # A calm forecast settles the advisory that could not go out, as it settles the weather.
        if _unsent(interview.advisory_failed_at, interview.advisory_sent_at):
            yield _occurrence(interview, InboxKind.ADVISORY_FAILED, interview.advisory_failed_at)
    texted = interview.candidate_text
    if texted is not None:
        yield _occurrence(interview, InboxKind.SMS_REPLY, texted.at, message=texted.text)
    if interview.at_risk:
        called = interview.calls[-1].at if interview.calls else None
        yield _occurrence(interview, InboxKind.AT_RISK, called, prompt=interview.at_risk_prompt)


def _unsent(failed_at: str | None, sent_at: str | None) -> bool:
    """Whether a message failed and none of its kind went out since (a later send settles it)."""
    return bool(failed_at) and not (sent_at and sent_at > str(failed_at))


def _tomorrow(interview: Interview, day: CompanyDay) -> Iterator[Item]:
    if interview.status == InterviewStatus.SCHEDULED and interview.local_date == day.tomorrow:
        # Raised when the company day before it began (or at booking, if later); a reschedule is a new one.
        raised = max(interview.created_at, day.began)
        kind = InboxKind.UNCONFIRMED_TOMORROW
        detail = {"phone": interview.candidate.phone} if interview.candidate.phone else {}
        yield Item(item_id(interview.interview_id, kind, f"v{interview.version}"), kind, raised, interview, detail)


class AttentionReader(Protocol):
    """What the inbox reads: interviews with the ``attention`` attribute, a day's interviews, and one by id."""

    def needing_attention(self) -> Iterable[Interview]: ...

    def on_local_date(self, local_date: str) -> Iterable[Interview]: ...

    def update(self, interview_id: str, change: Change) -> tuple[Interview | None, bool]: ...


class Inbox:
    """The open items across interviews, newest first, and resolving one."""

    def __init__(self, *, interviews: AttentionReader, company_timezone: str) -> None:
        self._interviews = interviews
        self._timezone = company_timezone

    def open(self, now: datetime) -> list[Item]:
        """Every open item at ``now``, newest first."""
        day = company_day_at(now, self._timezone)
        found: dict[str, Interview] = {}
        for interview in [*self._interviews.needing_attention(), *self._interviews.on_local_date(day.tomorrow)]:
            found.setdefault(interview.interview_id, interview)
        listed = [item for interview in found.values() for item in open_items(interview, day)]
        return sorted(listed, key=lambda item: (item.raised_at, item.id), reverse=True)

    def resolve(self, item: str, *, now: datetime, by: str | None = None, notes: str | None = None) -> Item:
        """Mark ``item`` resolved on its interview (repeating is harmless); returns it as resolved."""
        interview_id = interview_of(item)
        if interview_id is None:
            raise NotFound(reason="no_item", item=item)
        change = resolve(item, now=now, company_timezone=self._timezone, by=by, notes=notes)
        updated, _ = self._interviews.update(interview_id, change)
        if updated is None:
            raise NotFound(reason="item_interview_gone", item=item)
        return next(found for found in items(updated, company_day_at(now, self._timezone)) if found.id == item)
