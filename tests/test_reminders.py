"""Day-before reminders: due at the reminder hour in the interview's own time zone, queued once each."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import threading
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client

from chalicelib import aws, deps
from chalicelib.adapters.outbox import Outbox
from chalicelib.models import RescheduleIn
from chalicelib.services.followup.reminders import (
    ReminderConfig,
    Reminders,
    is_due,
    reminder_moment,
    windows,
)
from chalicelib.settings import Settings, SettingsError
from chalicelib.store.interviews import InterviewWindows
from tests.support.aws import atomic_writes, drain_outbox, dynamodb_calls, sent_mail
from tests.support.builders import interview as booked
from tests.support.events import fire, sqs_event
from tests.support.jobs import Desk, desk, jobs

__all__ = ["desk", "jobs"]

Resources = dict[str, str]


def reminders(outbox: Outbox | None = None, **config: Any) -> Reminders:
    return Reminders(
        upcoming=InterviewWindows(table=aws.table(deps.settings().interviews_table)),
        ledger=deps.ledger(),
        outbox=outbox or deps.outbox(),
        config=ReminderConfig(**config),
    )


def at(local: str, timezone: str) -> datetime:
    """The instant a wall clock in ``timezone`` shows ``local``."""
    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def due_ids(now: datetime) -> list[str]:
    return [i.interview_id for i in reminders().due(now)]


@pytest.fixture
def position(desk: Desk) -> str:
    return desk.position()


# When a reminder falls due


def test_due_at_ten_the_day_before_in_shanghai_not_a_minute_earlier(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")

    assert due_ids(at("2026-11-28T09:59", "Asia/Shanghai")) == []
    assert due_ids(at("2026-11-28T10:00", "Asia/Shanghai")) == [interview.interview_id]


def test_new_york_counts_its_hour_after_the_autumn_clock_change(desk: Desk, position: str) -> None:
    # Clocks go back on Sunday 1 November 2026: 10:00 that day is 15:00 UTC, not 14:00.
    interview = desk.book(position, "2026-11-02T09:00", "America/New_York")

    assert due_ids(datetime(2026, 11, 1, 14, 0, tzinfo=UTC)) == []
    assert due_ids(datetime(2026, 11, 1, 14, 59, tzinfo=UTC)) == []
    assert due_ids(datetime(2026, 11, 1, 15, 0, tzinfo=UTC)) == [interview.interview_id]


def test_new_york_counts_its_hour_after_the_spring_clock_change(desk: Desk, position: str) -> None:
    # Clocks go forward on Sunday 14 March 2027: 10:00 that day is 14:00 UTC, not 15:00.
    interview = desk.book(position, "2027-03-15T09:00", "America/New_York")

    assert due_ids(datetime(2027, 3, 14, 13, 59, tzinfo=UTC)) == []
    assert due_ids(datetime(2027, 3, 14, 14, 0, tzinfo=UTC)) == [interview.interview_id]


def test_an_interview_just_after_midnight_in_auckland_is_reminded_the_morning_before(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-12-01T00:15", "Pacific/Auckland")

    # 10:00 on 30 November in Auckland (UTC+13 in summer) is 21:00 UTC on the 29th.
    assert due_ids(datetime(2026, 11, 29, 20, 59, tzinfo=UTC)) == []
    assert due_ids(datetime(2026, 11, 29, 21, 0, tzinfo=UTC)) == [interview.interview_id]


def test_an_interview_at_a_quarter_past_midnight_is_reminded_the_calendar_day_before(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T00:15")

    assert due_ids(at("2026-11-28T10:00", "Asia/Shanghai")) == [interview.interview_id]
    assert due_ids(at("2026-11-27T10:00", "Asia/Shanghai")) == []


def test_a_missed_run_is_caught_up_within_the_catch_up_window(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")

    assert due_ids(at("2026-11-28T12:00", "Asia/Shanghai")) == [interview.interview_id]
    assert due_ids(at("2026-11-28T13:00", "Asia/Shanghai")) == []


def test_an_interview_booked_after_the_reminder_hour_gets_its_notice_instead(desk: Desk, position: str) -> None:
    # Booked at 15:00 for tomorrow: the notice it gets at once is the day-before message.
    desk.book(position, "2026-11-29T09:00", booked=at("2026-11-28T15:00", "Asia/Shanghai"))

    assert due_ids(at("2026-11-28T16:00", "Asia/Shanghai")) == []


@pytest.mark.parametrize("status", ["declined", "reschedule_requested", "attended", "no_show"])
def test_declined_and_finished_interviews_are_not_reminded(desk: Desk, position: str, status: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")
    desk.set(interview.interview_id, status=status)

    assert due_ids(at("2026-11-28T10:00", "Asia/Shanghai")) == []


def test_a_cancelled_interview_is_not_reminded(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")
    desk.interviews.cancel(interview.interview_id, now=at("2026-11-28T08:00", "Asia/Shanghai"))

    assert due_ids(at("2026-11-28T10:00", "Asia/Shanghai")) == []


def test_an_interview_whose_notice_hr_still_holds_is_not_reminded(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")
    desk.set(interview.interview_id, notice={"status": "held", "held_for": ["low_match"], "sequence": 1})

    assert due_ids(at("2026-11-28T10:00", "Asia/Shanghai")) == []


def test_the_reminder_hour_is_configurable() -> None:
    # As deps builds it: the variables are read and checked by Settings alone.
    settings = Settings.from_env({"REMINDER_HOUR": "18", "REMINDER_CATCH_UP_HOURS": "2"})
    config = ReminderConfig(hour=settings.reminder_hour, catch_up_hours=settings.reminder_catch_up_hours)
    interview = booked(local_date="2026-11-29", timezone="Asia/Shanghai")

    assert (config.hour, config.catch_up_hours) == (18, 2)
    assert reminder_moment(interview, config.hour) == at("2026-11-28T18:00", "Asia/Shanghai")
    with pytest.raises(SettingsError, match="REMINDER_HOUR"):
        Settings.from_env({"REMINDER_HOUR": "24"})


# Which dates are read


ZONES = (
    "Asia/Shanghai",
    "America/New_York",
    "Pacific/Auckland",
    "Pacific/Kiritimati",  # UTC+14
    "Etc/GMT+12",  # UTC-12
    "Asia/Kathmandu",  # UTC+5:45
    "America/St_Johns",  # UTC-3:30 with daylight saving
    "Pacific/Chatham",  # UTC+13:45 in summer
    "Australia/Lord_Howe",  # a 30-minute clock change
    "Antarctica/Troll",  # a 2-hour clock change
    "Europe/London",
)


@pytest.mark.parametrize(
    "start", [datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 3, 13, tzinfo=UTC), datetime(2027, 3, 27, tzinfo=UTC)]
)
def test_the_dates_read_cover_every_due_interview_in_every_time_zone(start: datetime) -> None:
    """Across two days around clock changes, every due interview anywhere lies in a queried window."""
    config = ReminderConfig()
    # Notified long before, so no interview was booked after its reminder moment.
    notified = booked(created_at="2026-01-01T00:00:00Z", notice={"status": "sent"})
    for quarter in range(0, 2 * 24 * 4):
        now = start + timedelta(minutes=15 * quarter)
        found = windows(now, config)
        assert 1 <= len(found) <= 3
        for zone in ZONES:
            tomorrow = now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
            for clock in (time(0, 15), time(9, 0), time(23, 45)):
                local = datetime.combine(tomorrow, clock, tzinfo=ZoneInfo(zone))
                interview = dataclasses.replace(
                    notified,
                    timezone=zone,
                    local_date=tomorrow.isoformat(),
                    starts_at_utc=local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                )
                if is_due(interview, now, config):
                    starts = local.astimezone(UTC)
                    assert any(
                        w.local_date == interview.local_date and w.start_from <= starts < w.start_before for w in found
                    ), (now, zone, clock)


def test_the_job_queries_the_local_date_index_for_at_most_three_dates_and_never_scans(
    desk: Desk, position: str, settings: Settings
) -> None:
    desk.book(position, "2026-11-29T14:30")

    with dynamodb_calls(settings) as calls:
        summary = reminders().send_due(at("2026-11-28T10:00", "Asia/Shanghai"))

    queries = [index for operation, index in calls if operation == "Query"]
    assert summary["queued"] == 1
    assert 1 <= len(queries) <= 3 and set(queries) == {"by_local_date"}
    assert all(operation != "Scan" for operation, _ in calls)


def test_interviews_of_other_days_and_later_zones_are_not_read(desk: Desk, position: str) -> None:
    for day in ("2026-11-28", "2026-11-30", "2026-12-01"):
        desk.book(position, f"{day}T15:00")
    due = desk.book(position, "2026-11-29T14:30")

    summary = reminders().send_due(at("2026-11-28T10:00", "Asia/Shanghai"))

    assert summary["checked"] == 1
    assert summary["due"] == summary["queued"] == 1
    assert [m["interview_id"] for m in take_outbox_reminders()] == [due.interview_id]


# Once each


def take_outbox_reminders() -> list[dict[str, Any]]:
    queue = {"outbox_url": aws.queue_url(deps.settings().outbox_queue)}
    return [message for message in drain_outbox(queue) if message["kind"] == "reminder"]


def test_the_reminder_goes_through_the_outbox_keyed_by_version(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")

    summary = reminders().send_due(at("2026-11-28T10:00", "Asia/Shanghai"))

    assert summary == {"checked": 1, "due": 1, "queued": 1, "skipped": 0, "failed": 0}
    assert take_outbox_reminders() == [
        {"kind": "reminder", "interview_id": interview.interview_id, "version": 1, "sequence": 0}
    ]
    assert deps.ledger().get(f"reminder#{interview.interview_id}#v1") is not None


def test_a_job_run_twice_queues_one_reminder_each(desk: Desk, position: str) -> None:
    booked = [desk.book(position, f"2026-11-29T{hour:02d}:00", name=f"Candidate {hour}") for hour in (9, 11, 15)]
    now = at("2026-11-28T10:00", "Asia/Shanghai")

    first = reminders().send_due(now)
    second = reminders().send_due(now)
    later = reminders().send_due(now + timedelta(hours=1))

    assert first["queued"] == 3
    assert second == {"checked": 3, "due": 3, "queued": 0, "skipped": 3, "failed": 0}
    assert later["queued"] == 0
    assert sorted(m["interview_id"] for m in take_outbox_reminders()) == sorted(i.interview_id for i in booked)


@pytest.mark.usefixtures(atomic_writes.__name__)
def test_two_jobs_at_once_queue_one_reminder_each(desk: Desk, position: str) -> None:
    booked = [desk.book(position, f"2026-11-29T{hour:02d}:00", name=f"Candidate {hour}") for hour in (9, 11, 15)]
    now = at("2026-11-28T10:00", "Asia/Shanghai")
    barrier = threading.Barrier(2)
    summaries: list[dict[str, int]] = []

    def run() -> None:
        service = reminders()
        barrier.wait()
        summaries.append(service.send_due(now))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(s["queued"] for s in summaries) == 3
    assert sum(s["skipped"] for s in summaries) == 3
    assert sorted(m["interview_id"] for m in take_outbox_reminders()) == sorted(i.interview_id for i in booked)


@pytest.mark.usefixtures(atomic_writes.__name__)
def test_every_candidate_gets_exactly_one_reminder_email_when_jobs_and_consumers_repeat(
    jobs: Client, desk: Desk, position: str, resources: Resources
) -> None:
    booked = [
        desk.book(position, f"2026-11-29T{hour:02d}:00", name=f"Candidate {hour}", email=f"c{hour}@example.com")
        for hour in (9, 11, 15)
    ]
    drain_outbox(resources)
    now = at("2026-11-28T10:00", "Asia/Shanghai")
    threads = [threading.Thread(target=fire, args=(jobs, "send_reminders", now)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fire(jobs, "send_reminders", now)

    messages = drain_outbox(resources)
    for message in messages * 2:  # the queue may deliver a message more than once
        jobs.lambda_.invoke("send_notices", sqs_event(message))

    mails = [email.message_from_string(m.raw_data, policy=email.policy.default) for m in sent_mail()]
    assert len(messages) == 3
    assert sorted(str(m["To"]) for m in mails) == sorted(i.candidate.email for i in booked)
    assert all("tomorrow" in str(m["Subject"]).lower() or "明天" in str(m["Subject"]) for m in mails)


def test_a_rescheduled_interview_gets_a_reminder_for_its_new_version(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T14:30")
    first = reminders().send_due(at("2026-11-28T10:00", "Asia/Shanghai"))
    desk.interviews.reschedule(
        interview.interview_id,
        RescheduleIn(starts_at=datetime(2026, 11, 29, 16, 0), timezone="Asia/Shanghai"),
        now=at("2026-11-28T10:30", "Asia/Shanghai"),
    )

    second = reminders().send_due(at("2026-11-28T11:00", "Asia/Shanghai"))

    assert first["queued"] == second["queued"] == 1
    assert [m["version"] for m in take_outbox_reminders()] == [1, 2]


class FlakyOutbox:
    """The real outbox, except that putting the reminder for ``failing`` raises."""

    def __init__(self, failing: str) -> None:
        self.failing = failing
        self.real = deps.outbox()

    def put(self, message: dict[str, Any], *, delay_seconds: int = 0) -> None:
        if message["interview_id"] == self.failing:
            raise RuntimeError("SQS is unavailable")
        self.real.put(message, delay_seconds=delay_seconds)


def test_one_failing_reminder_is_counted_and_retried_while_the_others_go_out(
    desk: Desk, position: str, caplog: pytest.LogCaptureFixture
) -> None:
    booked = [desk.book(position, f"2026-11-29T{hour:02d}:00", name=f"Candidate {hour}") for hour in (9, 11, 15)]
    failing = booked[1].interview_id
    flaky: Any = FlakyOutbox(failing)

    summary = reminders(outbox=flaky).send_due(at("2026-11-28T10:00", "Asia/Shanghai"))
    retried = reminders().send_due(at("2026-11-28T11:00", "Asia/Shanghai"))

    assert (summary["queued"], summary["failed"]) == (2, 1)
    assert failing in caplog.text
    assert (retried["queued"], retried["skipped"]) == (1, 2)
    assert sorted(m["interview_id"] for m in take_outbox_reminders()) == sorted(i.interview_id for i in booked)


def test_an_interview_booked_within_the_catch_up_window_is_not_reminded_right_after_its_notice(
    desk: Desk, position: str
) -> None:
    # Booked at 10:30 for tomorrow: the notice goes out now, a reminder at 11:00 would repeat it.
    desk.book(position, "2026-11-29T09:00", booked=at("2026-11-28T10:30", "Asia/Shanghai"))

    assert due_ids(at("2026-11-28T11:00", "Asia/Shanghai")) == []


def test_an_interview_booked_before_the_reminder_hour_is_reminded(desk: Desk, position: str) -> None:
    interview = desk.book(position, "2026-11-29T09:00", booked=at("2026-11-28T08:00", "Asia/Shanghai"))

    assert due_ids(at("2026-11-28T10:00", "Asia/Shanghai")) == [interview.interview_id]
