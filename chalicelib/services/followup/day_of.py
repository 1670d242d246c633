"""The day-of reminder: a short message ``hours`` before the start with the route, the contact's phone
and how to answer, once per time the candidate was told.

An hourly job sends it to every interview whose moment (the start minus ``hours``) has passed and
which has not started: the window is the whole stretch up to the start, so a missed or killed run is
made up by the next. Candidates who declined, asked to move or were cancelled get none; neither does
an interview booked or moved inside the window, whose notice the candidate has just read.

Once-only: the job queues first and claims ``day_of#<id>#v<version>`` after, so a run killed between
the two queues again next hour; the outbox consumer sends each (interview, version, channel) once
(``notices.delivery``), so the second message sends nothing. The claim keeps later runs from queuing
again. A moved interview has a new version, and so its own reminder. It goes by text when the
interview uses texts (and the number takes them), else by email.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from chalicelib.adapters.outbox import Outbox
from chalicelib.models import NoticeStatus
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview
from chalicelib.services.followup.reminders import (
    CLAIM_TTL_SECONDS,
    EARLIEST_OFFSET,
    LATEST_OFFSET,
    NOT_REMINDED,
    REMINDER_SEQUENCE,
    UpcomingInterviews,
    queue_each,
)
from chalicelib.store.interviews import DateWindow
from chalicelib.store.ledger import Ledger

log = logging.getLogger("showup.day_of")


def moment(interview: Interview, hours: int) -> datetime:
    """When the interview's day-of reminder falls due: ``hours`` before its start."""
    return parse_utc(interview.starts_at_utc) - timedelta(hours=hours)


def is_due(interview: Interview, now: datetime, hours: int) -> bool:
    """Whether the day-of reminder is due at ``now``: from its moment until the start, for a live interview
    that the candidate heard of before the moment."""
    if interview.status in NOT_REMINDED or interview.erased_at or interview.notice.status == NoticeStatus.HELD:
        return False
    if interview.day_of_version == interview.version:
        return False
    due_from = moment(interview, hours)
    if not due_from <= now < parse_utc(interview.starts_at_utc):
        return False
    # Booked, moved or re-sent inside the window: the notice just read is the day's message.
    told = interview.notice.sent_at or interview.created_at
    return parse_utc(interview.created_at) < due_from and parse_utc(told) < due_from


def windows(now: datetime, hours: int) -> list[DateWindow]:
    """The local dates that can hold an interview starting within ``hours`` of ``now``, each with that range."""
    start_from, start_before = now, now + timedelta(hours=hours, seconds=1)
    first = (now.astimezone(UTC) + EARLIEST_OFFSET).date()
    last = (start_before.astimezone(UTC) + LATEST_OFFSET).date()
    days = (last - first).days + 1
    return [
        DateWindow(local_date=(first + timedelta(days=n)).isoformat(), start_from=start_from, start_before=start_before)
        for n in range(days)
    ]


class DayOfReminders:
    def __init__(self, *, upcoming: UpcomingInterviews, ledger: Ledger, outbox: Outbox, hours: int = 3) -> None:
        if not 1 <= hours <= 12:
            raise ValueError(f"DAY_OF_REMINDER_HOURS must be 1-12, not {hours}")
        self._upcoming = upcoming
        self._ledger = ledger
        self._outbox = outbox
        self._hours = hours

    def due(self, now: datetime) -> list[Interview]:
        """Interviews whose day-of reminder is due at ``now`` (queued or not)."""
        read = [i for window in windows(now, self._hours) for i in self._upcoming.starting_between(window)]
        return [interview for interview in read if is_due(interview, now, self._hours)]

    def send_due(self, now: datetime) -> dict[str, int]:
        """Queue one day-of reminder per due interview; returns ``{due, queued, skipped, failed}``."""
        summary = queue_each(self.due(now), lambda interview: self._queue(interview, now), what="day-of reminder")
        log.info("day-of reminders at %s: %s", iso_utc(now), summary)
        return summary

    def _queue(self, interview: Interview, now: datetime) -> str:
        key = f"day_of#{interview.interview_id}#v{interview.version}"
        if self._ledger.get(key) is not None:
            return "skipped"
        self._outbox.put(
            {
                "kind": "day_of",
                "interview_id": interview.interview_id,
                "version": interview.version,
                "sequence": REMINDER_SEQUENCE,
            }
        )
        self._ledger.claim(key, now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS)
        return "queued"
