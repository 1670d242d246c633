"""Day-before reminders: each candidate hears from us once, the day before, at the reminder hour.

HR practice is to call the day before to confirm the candidate is coming; the reminder does it in
writing with confirm / decline links, and the unconfirmed land on HR's call list in the digest.

An hourly job picks the interviews whose reminder moment (the reminder hour, local time, on the
day before the interview) passed within the last ``catch_up_hours``. The window, not "every
interview tomorrow", is what lets a run read only the interviews it may have to remind: the
``by_local_date`` index is queried for the two or three local dates that can be "tomorrow"
somewhere, each narrowed by the range of UTC start times those time zones allow. The catch-up
covers missed or failed runs. An interview arranged (or moved) after its reminder moment is not
reminded again: its notice, sent the moment HR saved it, is the candidate's day-before message.

Once-only: the job claims ``reminder#<id>#v<version>`` in the ledger before queuing, so a job run
twice (or twice at once) queues one message; the outbox consumer's own ledger key
(``reminder#<id>#v<version>#s0#email``) is the second line of defence. A rescheduled interview
has a new version and so gets its own reminder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from chalicelib.adapters.outbox import Outbox
from chalicelib.models import InterviewStatus, NoticeStatus
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview
from chalicelib.store.interviews import DateWindow as DateWindow  # re-exported: the weather watch builds them too
from chalicelib.store.ledger import Ledger

log = logging.getLogger("showup.reminders")

# Every inhabited (and uninhabited) time zone lies between these offsets from UTC.
EARLIEST_OFFSET = timedelta(hours=-12)
LATEST_OFFSET = timedelta(hours=14)
# A zone's offset at the interview may differ from its offset at the reminder by a clock change;
# the largest in use anywhere is two hours.
CLOCK_CHANGE = timedelta(hours=2)
# The reminder message's sequence: fixed, so the consumer's ledger key depends on the version only.
REMINDER_SEQUENCE = 0
CLAIM_TTL_SECONDS = 30 * 24 * 3600
NOT_REMINDED = frozenset(
    {
        InterviewStatus.CANCELLED,
        InterviewStatus.DECLINED,
        InterviewStatus.ATTENDED,
        InterviewStatus.NO_SHOW,
        # They asked to move it: HR calls them (the digest lists them), not a "see you tomorrow".
        InterviewStatus.RESCHEDULE_REQUESTED,
        # No time booked yet: the time on the record is only the earliest the candidate could pick.
        InterviewStatus.CHOOSING,
    }
)


@dataclass(frozen=True)
class ReminderConfig:
    """When reminders go out: ``hour`` local time the day before, caught up for ``catch_up_hours``."""

    hour: int = 10
    catch_up_hours: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.hour <= 23:
            raise ValueError(f"REMINDER_HOUR must be 0-23, not {self.hour}")
        if not 1 <= self.catch_up_hours <= 24:
            raise ValueError(f"REMINDER_CATCH_UP_HOURS must be 1-24, not {self.catch_up_hours}")

    @property
    def catch_up(self) -> timedelta:
        return timedelta(hours=self.catch_up_hours)


class UpcomingInterviews(Protocol):
    """Interviews by local date and UTC start (``store.interviews.InterviewWindows``)."""

    def starting_between(self, window: DateWindow) -> Iterator[Interview]: ...


def reminder_moment(interview: Interview, hour: int) -> datetime:
    """The instant (UTC) the interview's reminder falls due: ``hour``:00 local on the day before."""
    day_before = date.fromisoformat(interview.local_date) - timedelta(days=1)
    # A reminder hour that a clock change skips (fold=0) lands one hour later on the new clock:
    # still that morning, never a day early or late.
    local = datetime.combine(day_before, time(hour), tzinfo=ZoneInfo(interview.timezone))
    return local.astimezone(UTC)


def is_due(interview: Interview, now: datetime, config: ReminderConfig) -> bool:
    """Whether the interview's reminder falls due within the catch-up window ending at ``now``."""
    if interview.status in NOT_REMINDED or interview.erased_at:
        return False
    # A held notice means the candidate has not heard of this interview yet; HR decides first.
    if interview.notice.status == NoticeStatus.HELD:
        return False
    moment = reminder_moment(interview, config.hour)
    if not moment <= now < moment + config.catch_up:
        return False
    # Booked after the reminder moment: the notice just sent is the day-before message. (A moved
    # interview does get a reminder for its new time, on top of the update.)
    if interview.version == 1 and parse_utc(interview.created_at) >= moment:
        return False
    local_today = now.astimezone(ZoneInfo(interview.timezone)).date()
    tomorrow = date.fromisoformat(interview.local_date) - timedelta(days=1) == local_today
    return tomorrow and parse_utc(interview.starts_at_utc) > now


def windows(now: datetime, config: ReminderConfig) -> list[DateWindow]:
    """The local dates that can hold a due interview at ``now``, each with its UTC start range.

    A zone at offset ``o`` is due for local date ``X`` when its clock shows the reminder hour of
    ``X - 1`` or up to ``catch_up`` later (and before midnight); that bounds ``o``, and ``o`` bounds
    when, in UTC, the day ``X`` of those zones begins and ends.
    """
    utc_now = now.astimezone(UTC).replace(tzinfo=None)
    found: list[DateWindow] = []
    day_before = (utc_now + EARLIEST_OFFSET).date()
    while day_before <= (utc_now + LATEST_OFFSET).date():
        interview_day = day_before + timedelta(days=1)
        reminder = datetime.combine(day_before, time(config.hour))
        midnight = datetime.combine(interview_day, time())
        lowest = max(EARLIEST_OFFSET, reminder - utc_now)
        highest = min(LATEST_OFFSET, min(reminder + config.catch_up, midnight) - utc_now)
        if lowest <= highest:
            start_from = max(utc_now, midnight - highest - CLOCK_CHANGE)
            start_before = midnight + timedelta(days=1) - lowest + CLOCK_CHANGE
            found.append(
                DateWindow(
                    local_date=interview_day.isoformat(),
                    start_from=start_from.replace(tzinfo=UTC),
                    start_before=start_before.replace(tzinfo=UTC),
                )
            )
        day_before += timedelta(days=1)
    return found


def upcoming_in_windows(now: datetime, upcoming: UpcomingInterviews, config: ReminderConfig) -> Iterator[Interview]:
    """Every interview the windows at ``now`` hold: the only ones that can be due."""
    for window in windows(now, config):
        yield from upcoming.starting_between(window)


def due(now: datetime, upcoming: UpcomingInterviews, config: ReminderConfig | None = None) -> list[Interview]:
    """Interviews whose reminder falls due at ``now`` (see ``is_due``)."""
    config = config or ReminderConfig()
    return [i for i in upcoming_in_windows(now, upcoming, config) if is_due(i, now, config)]


def queue_each(found: list[Interview], queue: Callable[[Interview], str], *, what: str) -> dict[str, int]:
    """Queue each interview's message; returns ``{due, queued, skipped, failed}`` by what ``queue`` said."""
    summary = {"due": len(found), "queued": 0, "skipped": 0, "failed": 0}
    for interview in found:
        try:
            outcome = queue(interview)
        except Exception:
            # One bad record or a passing AWS error must not cost everyone else their reminder.
            log.exception("%s for %s failed", what, interview.interview_id)
            outcome = "failed"
        summary[outcome] += 1
    return summary


class Reminders:
    def __init__(
        self, *, upcoming: UpcomingInterviews, ledger: Ledger, outbox: Outbox, config: ReminderConfig | None = None
    ) -> None:
        self._upcoming = upcoming
        self._ledger = ledger
        self._outbox = outbox
        self._config = config or ReminderConfig()

    def due(self, now: datetime) -> list[Interview]:
        """Interviews whose day-before reminder falls due at ``now``."""
        return due(now, self._upcoming, self._config)

    def send_due(self, now: datetime) -> dict[str, int]:
        """Queue one reminder per due interview; returns ``{checked, due, queued, skipped, failed}``.

        ``skipped`` counts due interviews an earlier (or concurrent) run already queued.
        """
        read = list(upcoming_in_windows(now, self._upcoming, self._config))
        found = [interview for interview in read if is_due(interview, now, self._config)]
        summary = {"checked": len(read), **queue_each(found, lambda i: self._queue(i, now), what="reminder")}
        log.info("reminders at %s: %s", iso_utc(now), summary)
        return summary

    def _queue(self, interview: Interview, now: datetime) -> str:
        message = {
            "kind": "reminder",
            "interview_id": interview.interview_id,
            "version": interview.version,
            "sequence": REMINDER_SEQUENCE,
        }
        # A failed put gives the claim back, so the next hourly run (within the catch-up window) tries again.
        queued, _ = self._ledger.once(
            f"reminder#{interview.interview_id}#v{interview.version}",
            lambda: self._outbox.put(message),
            now=now,
            ttl_seconds=CLAIM_TTL_SECONDS,
        )
        return "queued" if queued else "skipped"
