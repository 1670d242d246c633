"""An interview's timeline: what each write changed, read off the record before and after it.

Every interview write goes through the repository, which stores the events this module finds in the
same transaction as the write: an event exists exactly when its change was stored. Finding them from
the two records (rather than asking each caller to say what it did) means a new way of changing an
interview cannot forget its events.

``detail`` values are plain JSON. Its keys named in ``personal`` hold the candidate's data (an old
email, a call note, their message): shown to HR, removed when the candidate is erased.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.services.common.records import Candidate, Interview
from chalicelib.store.codec import plain
from chalicelib.vocabulary import ActorKind, EventKind, InterviewStatus, NoticeStatus, OfferEnd

# The candidate's details that are personal data: edits of them are shown to HR only, and erased.
PERSONAL_FIELDS = frozenset({"name", "email", "phone", "expected_salary", "skills", "notes"})
# Facts of the interview HR may correct without moving it; a change of any is an ``edited`` event.
EDITABLE = (
    "address",
    "city",
    "latitude",
    "longitude",
    "transit",
    "what_to_bring",
    "contact",
    "channels",
    "position_title",
    "company",
    "mode",
    "notes",
)
# What moves the interview: a change of any is a ``rescheduled`` event.
WHEN = ("starts_at", "timezone", "duration_minutes")
_NOTICE_ARRIVED = {
    NoticeStatus.DELIVERED: EventKind.NOTICE_DELIVERED,
    NoticeStatus.BOUNCED: EventKind.NOTICE_BOUNCED,
    NoticeStatus.FAILED: EventKind.NOTICE_FAILED,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One thing that happened to an interview, who did it and when."""

    kind: EventKind
    at: str
    actor: ActorKind
    # The HR token's holder or the job; None for the candidate.
    by: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    # Keys of ``detail`` that hold the candidate's personal data.
    personal: frozenset[str] = frozenset()


def events_between(
    before: Interview | None, after: Interview, *, actor: ActorKind, by: str | None, at: str
) -> list[Event]:
    """The events a write from ``before`` (None: a new interview) to ``after`` records, in the order
    they happened."""
    return [
        Event(kind=kind, at=at, actor=actor, by=by, detail=detail, personal=personal)
        for kind, detail, personal in _found(before, after)
    ]


Found = tuple[EventKind, dict[str, Any], frozenset[str]]


def _found(before: Interview | None, after: Interview) -> Iterator[Found]:
    if before is None:
        created = {"starts_at": after.starts_at, "timezone": after.timezone}
        if after.rebooked_from:
            created["rebooked_from"] = after.rebooked_from
        yield EventKind.CREATED, created, frozenset()
        yield from _warnings((), (), after)
        yield from _notice(None, after)
        return
    if after.erased_at and not before.erased_at:
        # Erasure rewrites the personal fields; saying which would say what they were.
        yield EventKind.ERASED, {}, frozenset()
        return
    # Each record's plain form once: the edits and the moves compare fields of both.
    old, new = plain(before), plain(after)
    yield from _edits(old, new)
    yield from _slots(before, after)
    yield from _waitlist(before, after)
    if before.status != InterviewStatus.CHOOSING:
        # Until the candidate books, the time shown is the earliest slot's: booking sets it, not moves it.
        yield from _moves(old, new)
    yield from _warnings(before.warnings, before.accepted_warnings, after)
    yield from _calls(before, after)
    yield from _answer(before, after)
    yield from _weather(before, after)
    yield from _notice(before, after)
    yield from _follow_ups(before, after)
    if after.email_complained and not before.email_complained:
        yield EventKind.COMPLAINED, {}, frozenset()
    if after.status == InterviewStatus.CANCELLED and before.status != InterviewStatus.CANCELLED:
        yield EventKind.CANCELLED, {}, frozenset()
    yield from _outcome(before, after)
    yield from _resolutions(before, after)


def _edits(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Found]:
    changes: dict[str, dict[str, Any]] = {}
    changes.update(_changed(before["candidate"], after["candidate"], _candidate_fields(), prefix="candidate."))
    changes.update(_changed(before, after, EDITABLE))
    if changes:
        personal = {name for name in changes if name.removeprefix("candidate.") in PERSONAL_FIELDS}
        yield EventKind.EDITED, {"changes": changes}, frozenset({"changes"} if personal else ())


def _candidate_fields() -> tuple[str, ...]:
    return tuple(Candidate.__dataclass_fields__)


def _changed(
    old: Mapping[str, Any], new: Mapping[str, Any], names: tuple[str, ...], prefix: str = ""
) -> dict[str, dict[str, Any]]:
    """``{name: {"from": old, "to": new}}`` for each of ``names`` whose value differs (None when absent)."""
    return {
        prefix + name: {"from": old.get(name), "to": new.get(name)} for name in names if old.get(name) != new.get(name)
    }


def _moves(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[Found]:
    moved = _changed(before, after, WHEN)
    if moved:
        yield EventKind.RESCHEDULED, {"changes": moved}, frozenset()


def _slots(before: Interview, after: Interview) -> Iterator[Found]:
    if after.slot_id and not before.slot_id:
        yield EventKind.SLOT_BOOKED, {"slot_id": after.slot_id, "starts_at": after.starts_at}, frozenset()
    for move in after.slot_moves[len(before.slot_moves) :]:
        detail = {"from_slot": move.from_slot, "to_slot": move.to_slot, "reason": move.reason.value}
        if move.note:
            detail["note"] = move.note
        yield EventKind.SLOT_MOVED, detail, frozenset({"note"} & detail.keys())


_OFFER_ENDED = {
    OfferEnd.ACCEPTED.value: EventKind.OFFER_ACCEPTED,
    OfferEnd.DECLINED.value: EventKind.OFFER_DECLINED,
    OfferEnd.EXPIRED.value: EventKind.OFFER_EXPIRED,
    # Withdrawn when the candidate booked elsewhere or the interview ended: they let it go.
    OfferEnd.WITHDRAWN.value: EventKind.OFFER_DECLINED,
}


def _waitlist(before: Interview, after: Interview) -> Iterator[Found]:
    for slot_id in after.waitlist:
        if slot_id not in before.waitlist:
            yield EventKind.WAITLIST_JOINED, {"slot_id": slot_id}, frozenset()
    old, new = before.offer, after.offer
    if old is not None and old.is_open and new is not None and new.number == old.number and new.ended:
        yield _OFFER_ENDED[new.ended], {"slot_id": new.slot_id, "ended": new.ended}, frozenset()
    if new is not None and new.is_open and (old is None or old.number != new.number):
        detail = {"slot_id": new.slot_id, "starts_at": new.starts_at, "until": new.until}
        yield EventKind.OFFER_MADE, detail, frozenset()


def _warnings(raised: tuple[Any, ...], accepted: tuple[Any, ...], after: Interview) -> Iterator[Found]:
    known = {warning.code for warning in raised}
    for warning in after.warnings:
        if warning.code not in known:
            yield EventKind.WARNING_RAISED, {"code": warning.code.value, "message": warning.message}, frozenset()
    for code in after.accepted_warnings:
        if code not in accepted:
            yield EventKind.WARNING_ACCEPTED, {"code": code.value}, frozenset()


def _calls(before: Interview, after: Interview) -> Iterator[Found]:
    for call in after.calls[len(before.calls) :]:
        detail = plain(call)
        detail.pop("at", None)
        yield EventKind.CALL, detail, frozenset({"notes"} & detail.keys())


def _answer(before: Interview, after: Interview) -> Iterator[Found]:
    answer = after.candidate_response
    if answer is not None and answer != before.candidate_response:
        detail = {"action": answer.action, "message": answer.reason}
        if answer.channel is not None:
            detail["channel"] = answer.channel.value
        yield EventKind.ANSWERED, detail, frozenset({"message"})
    text = after.candidate_text
    if text is not None and text != before.candidate_text:
        yield EventKind.TEXTED, {"message": text.text}, frozenset({"message"})


def _weather(before: Interview, after: Interview) -> Iterator[Found]:
    if after.weather_alert == before.weather_alert or after.weather_alert is None:
        return
    risk = after.weather.risk if after.weather is not None else None
    kind = EventKind.WEATHER_RISKY if after.weather_alert else EventKind.WEATHER_CALM
    yield kind, {"risk": risk} if risk else {}, frozenset()


def _notice(before: Interview | None, after: Interview) -> Iterator[Found]:
    old, new = (before.notice if before else None), after.notice
    detail: dict[str, Any] = {"notice": new.kind} if new.kind else {}
    if new.changed and new.kind == "update":
        # An update of the position's facts says which (a notice states them all anew).
        detail["changed"] = [fact.value for fact in new.changed]
    # A new send (its sequence rises) is news even when the status reads as before.
    entered = old is None or old.status != new.status or old.sequence != new.sequence
    if entered and new.status == NoticeStatus.HELD:
        yield EventKind.NOTICE_HELD, {**detail, "held_for": [code.value for code in new.held_for]}, frozenset()
    if entered and new.status == NoticeStatus.QUEUED:
        yield EventKind.NOTICE_QUEUED, detail, frozenset()
    if entered and new.status == NoticeStatus.SENT:
        yield EventKind.NOTICE_SENT, detail, frozenset()
    arrived = _NOTICE_ARRIVED.get(new.status)
    if arrived is not None and (old is None or old.status != new.status):
        yield arrived, detail, frozenset()


def _follow_ups(before: Interview, after: Interview) -> Iterator[Found]:
    stamps = (
        ("reminded_at", EventKind.REMINDER_SENT),
        ("reminder_failed_at", EventKind.REMINDER_FAILED),
        ("day_of_sent_at", EventKind.DAY_OF_SENT),
        ("sms_stopped_at", EventKind.SMS_STOPPED),
        ("advisory_sent_at", EventKind.ADVISORY_SENT),
        ("advisory_failed_at", EventKind.ADVISORY_FAILED),
        ("missed_sent_at", EventKind.MISSED_SENT),
    )
    for name, kind in stamps:
        stamp = getattr(after, name, None)
        if stamp and stamp != getattr(before, name, None):
            yield kind, {}, frozenset()
    if after.rebooked_as and after.rebooked_as != before.rebooked_as:
        yield EventKind.REBOOKED, {"interview_id": after.rebooked_as}, frozenset()


def _outcome(before: Interview, after: Interview) -> Iterator[Found]:
    new, old = after.outcome, before.outcome
    if new is None or (old is not None and (new.outcome, new.reason) == (old.outcome, old.reason)):
        return
    detail: dict[str, Any] = {"outcome": new.outcome.value}
    if new.reason is not None:
        detail["reason"] = new.reason.value
    if old is not None:
        detail["from"] = old.outcome.value
    yield (EventKind.OUTCOME_CORRECTED if old is not None else EventKind.OUTCOME_RECORDED), detail, frozenset()


def _resolutions(before: Interview, after: Interview) -> Iterator[Found]:
    known = {resolution.item for resolution in before.resolutions}
    for resolution in after.resolutions:
        if resolution.item not in known:
            detail = {"item": resolution.item, "kind": resolution.kind.value}
            if resolution.notes:
                detail["notes"] = resolution.notes
            yield EventKind.RESOLVED, detail, frozenset({"notes"} & detail.keys())
