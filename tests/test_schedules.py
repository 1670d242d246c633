"""The scheduled jobs: hourly functions, each taking its ``now`` from the event that fired it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from chalice.test import Client

from chalicelib import settings as settings_module
from chalicelib.localdev import invoke
from chalicelib.services.common.company_day import due_day
from tests.support.aws import drain_outbox
from tests.support.clock import NOW
from tests.support.events import fire
from tests.support.jobs import Desk, desk, jobs

__all__ = ["desk", "jobs"]

JOBS = ("send_reminders", "check_weather", "send_hr_digest", "send_monthly_report", "learn_no_show_model")


def test_every_job_is_an_hourly_schedule(jobs: Client) -> None:
    from app import app

    found = invoke.schedules(app)

    assert {name: found[name] for name in JOBS} == dict.fromkeys(JOBS, "rate(1 hour)")


def test_the_local_runner_fires_every_job_the_app_registers(jobs: Client) -> None:
    from app import app
    from devtools.driver import Driver

    driver = Driver(app, started=NOW)

    assert {schedule.function: schedule.expression for schedule in driver.schedules} == invoke.schedules(app)
    assert set(JOBS) <= {schedule.function for schedule in driver.schedules}


def test_a_job_takes_now_from_its_event_not_the_clock(jobs: Client, desk: Desk, resources: dict[str, str]) -> None:
    position = desk.position()
    desk.book(position, "2026-11-29T14:30")
    drain_outbox(resources)

    # 10:00 in Shanghai on 28 November, whatever the machine's clock says.
    summary = fire(jobs, "send_reminders", datetime(2026, 11, 28, 2, 0, tzinfo=UTC))
    early = fire(jobs, "send_reminders", datetime(2026, 11, 28, 1, 0, tzinfo=UTC))

    assert summary["queued"] == 1
    assert early["due"] == 0


def test_the_weather_watch_and_the_digest_wait_for_their_company_hour(jobs: Client, desk: Desk) -> None:
    before_dawn = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)  # 06:00 in Shanghai

    assert fire(jobs, "check_weather", before_dawn)["waiting_until"] == "07:00 Asia/Shanghai"
    assert fire(jobs, "send_hr_digest", before_dawn)["waiting_until"] == "08:00 Asia/Shanghai"


def test_the_job_settings_come_from_the_environment_when_a_job_runs(
    jobs: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HR_DIGEST_HOUR", "6")
    monkeypatch.setenv("WEATHER_CHECK_HOUR", "5")
    settings_module.reset()
    at_six = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)

    digest = fire(jobs, "send_hr_digest", at_six)
    weather = fire(jobs, "check_weather", at_six)

    assert "waiting_until" not in digest and digest["sent"] == 0
    assert "waiting_until" not in weather and weather["checked"] == 0


@pytest.mark.parametrize(
    ("now", "zone", "hour", "due"),
    [
        (datetime(2026, 11, 28, 0, 59, tzinfo=UTC), "Asia/Shanghai", 9, None),  # 08:59
        (datetime(2026, 11, 28, 1, 0, tzinfo=UTC), "Asia/Shanghai", 9, date(2026, 11, 28)),  # 09:00
        (datetime(2026, 11, 28, 15, 59, tzinfo=UTC), "Asia/Shanghai", 9, date(2026, 11, 28)),  # 23:59
        # Midnight in Shanghai: the company's next day has begun, UTC's has not.
        (datetime(2026, 11, 28, 16, 0, tzinfo=UTC), "Asia/Shanghai", 0, date(2026, 11, 29)),
        # 8 March 2026 in New York skips 02:00-03:00: the day is still due from 03:00.
        (datetime(2026, 3, 8, 6, 59, tzinfo=UTC), "America/New_York", 2, None),  # 01:59 EST
        (datetime(2026, 3, 8, 7, 0, tzinfo=UTC), "America/New_York", 2, date(2026, 3, 8)),  # 03:00 EDT
    ],
)
def test_a_company_day_is_due_from_its_hour_in_company_time(
    now: datetime, zone: str, hour: int, due: date | None
) -> None:
    assert due_day(now, zone, hour) == due


@pytest.mark.parametrize(
    ("job", "variable"),
    [
        ("check_weather", "WEATHER_CHECK_HOUR"),
        ("send_hr_digest", "HR_DIGEST_HOUR"),
        ("send_monthly_report", "REPORT_HOUR"),
        ("learn_no_show_model", "RISK_LEARNING_HOUR"),
    ],
)
def test_a_daily_job_waits_for_its_configured_hour_runs_once_and_makes_up_a_missed_hour(
    jobs: Client, monkeypatch: pytest.MonkeyPatch, job: str, variable: str
) -> None:
    monkeypatch.setenv(variable, "9")
    settings_module.reset()
    eight = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 08:00 on Tuesday 1 December in Shanghai

    before = fire(jobs, job, eight)
    # The 09:00 and 10:00 runs were missed: 11:00 does the day's work, 12:00 finds it done.
    made_up = fire(jobs, job, eight + timedelta(hours=3))
    again = fire(jobs, job, eight + timedelta(hours=4))
    tomorrow = fire(jobs, job, eight + timedelta(days=1, hours=1))

    assert before["waiting_until"].endswith("09:00 Asia/Shanghai")
    assert "waiting_until" not in made_up and "done" not in made_up
    assert again["done"] is True
    # The next company day runs again; the monthly report, once a month, does not.
    assert tomorrow.get("done", False) is (job == "send_monthly_report")


def test_event_time_without_an_offset_is_read_as_utc() -> None:
    from chalice.app import CloudWatchEvent

    from chalicelib.events.schedules import event_time

    event = CloudWatchEvent({**invoke.scheduled_event("send_reminders", NOW), "time": "2026-11-27T01:00:00"}, None)

    assert event_time(event) == NOW
