"""Deliveries from other systems booked as interviews: signature first, then once per delivery and once per
external id.

A delivery is checked whole (signature, shape, position, booking) before anything is written. Two ledger
items keep it idempotent: ``hook-delivery#<source>#<delivery>`` (a delivery sent again, as senders retry,
acts once: the first answer is given again) and ``hook#<source>#<external id>`` → interview id (the same
interview again never books a second one: a changed time reschedules it, ``cancelled`` cancels it). Both
are leases, so a request that dies half-way leaves nothing that blocks the sender's retry."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.errors import BadRequest, NotFound, TryAgain, invalid
from chalicelib.models import InterviewIn, RescheduleIn
from chalicelib.services.common.records import Position
from chalicelib.services.intake.shapes import Arrival, PositionRef, Shape
from chalicelib.services.intake.signature import TOLERANCE_SECONDS, verify
from chalicelib.services.scheduling.interviews import FURTHEST_AHEAD, InterviewService, future_start
from chalicelib.store.ledger import LeaseHeld, Ledger
from chalicelib.store.positions import PositionRepository
from chalicelib.validation import validate

# Long enough for the request's writes; a request that died holding it frees it for the retry after this.
LEASE_SECONDS = 30
# A delivery older than the tolerance is refused anyway: its mark need not outlive that.
DELIVERY_TTL_SECONDS = 2 * TOLERANCE_SECONDS


class Action:
    """What a delivery did, as the answer says it to the sender's program."""

    CREATED = "created"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    UNCHANGED = "unchanged"
    # A cancellation of an interview ShowUp never booked: nothing to do.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Received:
    source: str
    external_id: str
    action: str
    interview_id: str | None
    # The same delivery came before: this is what it did then, and nothing was done now.
    replayed: bool = False

    def public(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "external_id": self.external_id,
            "action": self.action,
            "interview_id": self.interview_id,
            "replayed": self.replayed,
        }


class HookIntake:
    def __init__(
        self,
        *,
        secrets: Callable[[], Mapping[str, str]],
        shapes: Mapping[str, Shape],
        default_shape: Shape,
        job_positions: Mapping[str, Mapping[str, str]],
        positions: PositionRepository,
        scheduling: InterviewService,
        ledger: Ledger,
        retention_days: int,
    ) -> None:
        self._secrets = secrets
        self._shapes = shapes
        self._default_shape = default_shape
        self._job_positions = job_positions
        self._positions = positions
        self._scheduling = scheduling
        self._ledger = ledger
        # The external id's link lasts as long as the interview's personal data may.
        self._link_ttl = int((FURTHEST_AHEAD + timedelta(days=retention_days + 1)).total_seconds())

    def receive(self, source: str, headers: Mapping[str, str], body: bytes, *, now: datetime) -> Received:
        """Book, move or cancel the interview a signed delivery from ``source`` describes."""
        secret = self._secrets().get(source)
        if secret is None:
            raise NotFound(f"No web hook source called {source}: add its secret to HOOK_SECRETS")
        signed = verify(headers, body, secret, now=now)
        arrival = self._shapes.get(source, self._default_shape)(_json(body))
        booking = None if arrival.cancelled else self._booking(source, arrival, now)
        try:
            ran, done = self._ledger.lease_once(
                f"hook-delivery#{source}#{signed.delivery}",
                lambda: self._apply(source, arrival, booking, now).public(),
                now=now,
                lease_seconds=LEASE_SECONDS,
                ttl_seconds=DELIVERY_TTL_SECONDS,
                state="done",
            )
        except LeaseHeld:
            raise TryAgain("The same delivery is being handled right now; send it again in a moment") from None
        if ran:
            return Received(**done)
        return Received(
            source=source,
            external_id=str(done["external_id"]),
            action=str(done["action"]),
            interview_id=done.get("interview_id"),
            replayed=True,
        )

    def _apply(self, source: str, arrival: Arrival, booking: InterviewIn | None, now: datetime) -> Received:
        link = f"hook#{source}#{arrival.external_id}"
        known = self._ledger.get(link)
        if known is not None and "interview_id" not in known:
            raise TryAgain("The same interview is being booked from another delivery; try again")
        if known is None and booking is None:
            return Received(source, arrival.external_id, Action.UNKNOWN, None)
        if known is None and booking is not None:
            try:
                ran, linked = self._ledger.lease_once(
                    link,
                    lambda: {"interview_id": self._scheduling.schedule(booking, now=now).interview_id},
                    now=now,
                    lease_seconds=LEASE_SECONDS,
                    ttl_seconds=self._link_ttl,
                    state="linked",
                    detail={"source": source, "external_id": arrival.external_id},
                )
            except LeaseHeld:
                raise TryAgain("The same interview is being booked from another delivery; try again") from None
            if ran:
                return Received(source, arrival.external_id, Action.CREATED, str(linked["interview_id"]))
            known = linked
        assert known is not None
        interview_id = str(known["interview_id"])
        if booking is None:
            self._scheduling.cancel(interview_id, now=now)
            return Received(source, arrival.external_id, Action.CANCELLED, interview_id)
        moved = RescheduleIn(
            starts_at=booking.starts_at, timezone=booking.timezone, duration_minutes=booking.duration_minutes
        )
        _, changed = self._scheduling.move(interview_id, moved, now=now)
        return Received(source, arrival.external_id, Action.RESCHEDULED if changed else Action.UNCHANGED, interview_id)

    def _booking(self, source: str, arrival: Arrival, now: datetime) -> InterviewIn:
        """The arrival as POST /interviews's body, checked (its start too); a 400 names the sender's own field."""
        position = self._position(source, arrival.position)
        fields = {
            "position_id": position.position_id,
            "address": position.work_location,
            "city": position.work_location,
            **arrival.booking,
        }
        try:
            booking = validate(InterviewIn, fields)
            assert booking.starts_at is not None and booking.timezone is not None  # the shapes always give them
            future_start(booking.starts_at, booking.timezone, now)
            return booking
        except BadRequest as exc:
            raise _renamed(exc, arrival.fields) from None

    def _position(self, source: str, ref: PositionRef) -> Position:
        wanted = self._job_positions.get(source, {}).get(ref.job_id or "") or ref.position_id or ref.job_id
        found = self._positions.get(wanted) if wanted else None
        if found is None and ref.job_title:
            title = ref.job_title.casefold()
            matches = [p for p in self._positions.list() if not p.closed_at and p.title.casefold() == title]
            found = matches[0] if len(matches) == 1 else None
        if found is None:
            raise invalid(ref.field, code="unknown_position")
        return found


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise invalid("body", "is not valid JSON") from None
    if not isinstance(data, dict):
        raise invalid("body", "must be a JSON object")
    return data


def _renamed(error: BadRequest, names: Mapping[str, str]) -> BadRequest:
    """``error`` with each field called as the sender calls it (``candidate.email`` → HireHive's path)."""
    if not names:
        return error
    renamed = BadRequest(error.message, {names.get(f, f): text for f, text in error.fields.items()})
    renamed.problems = {names.get(f, f): problem for f, problem in error.problems.items()}
    return renamed
