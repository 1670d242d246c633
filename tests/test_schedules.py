"""The scheduled jobs: hourly functions, each taking its ``now`` from the event that fired it.

Also the helpers the reminder, weather and digest tests share: a desk that books interviews at a
chosen moment, the outbox and SES as the candidate and HR would see them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from chalicelib import aws, deps
from chalicelib import settings as settings_module
from chalicelib.events.schedules import schedules
from chalicelib.localdev import invoke
from chalicelib.models import InterviewIn, PositionIn
from chalicelib.services.common.company_day import due_day
from chalicelib.services.common.records import Interview
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from chalicelib.store.codec import plain
from chalicelib.store.readers import interview_from
from tests.conftest import NOW, interview_body, position_body
from tests.test_api_positions import shared_service_models

pytestmark = pytest.mark.usefixtures(shared_service_models.__name__)

JOBS = ("send_reminders", "check_weather", "send_hr_digest")


@pytest.fixture
def jobs(resources: dict[str, str]) -> Iterator[Client]:
    """The app with the schedules blueprint (registered once, whether or not app.py already does)."""
    from app import app

    if "send_reminders" not in app.handler_map:
        app.register_blueprint(schedules)
    with Client(app, stage_name="test") as client:
        yield client


def fire(client: Client, function_name: str, now: datetime) -> Any:
    """Run a scheduled function as EventBridge would at ``now``; returns its result."""
    return client.lambda_.invoke(function_name, invoke.scheduled_event(function_name, now)).payload


def sent_mail() -> list[Any]:
    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def take_outbox(resources: dict[str, str]) -> list[dict[str, Any]]:
    """Every message on the outbox, removed, as the consumer would receive them."""
    sqs = aws.client("sqs")
    taken: list[dict[str, Any]] = []
    while True:
        batch = sqs.receive_message(QueueUrl=resources["outbox_url"], MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            return taken
        for message in batch:
            taken.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=resources["outbox_url"], ReceiptHandle=message["ReceiptHandle"])


def sqs_event(message: dict[str, Any]) -> dict[str, Any]:
    record = {
        "attributes": {"ApproximateReceiveCount": "1"},
        "body": json.dumps(message),
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:showup-outbox",
        "messageAttributes": {},
        "messageId": "m-1",
        "receiptHandle": "receipt",
    }
    return {"Records": [record]}


class Desk:
    """HR's desk: positions and interviews booked at a chosen moment, statuses set as events would."""

    def __init__(self) -> None:
        self.positions = PositionService(positions=deps.positions())
        self.interviews = InterviewService(
            positions=deps.positions(), interviews=deps.interviews(), outbox=deps.outbox()
        )

    def position(self, **overrides: Any) -> str:
        return self.positions.create(PositionIn(**position_body(**overrides)), now=NOW).position_id

    def book(
        self,
        position_id: str,
        starts_at: str,
        timezone: str = "Asia/Shanghai",
        *,
        booked: datetime | None = None,
        name: str = "Zhang San",
        email: str | None = None,
        phone: str | None = None,
        **overrides: Any,
    ) -> Interview:
        """Book an interview at local ``starts_at`` in ``timezone``, as HR would at ``booked``."""
        start = datetime.fromisoformat(starts_at)
        booked = booked or min(NOW, start.replace(tzinfo=UTC) - timedelta(days=3))
        body = interview_body(position_id, starts_at=starts_at, timezone=timezone, **overrides)
        body["candidate"] = {
            **body["candidate"],
            "name": name,
            "email": email or f"{name.lower().replace(' ', '.')}@example.com",
        }
        if phone:
            body["candidate"]["phone"] = phone
        return self.interviews.schedule(InterviewIn(**body), now=booked)

    def set(self, interview_id: str, **fields: Any) -> Interview:
        """Change stored fields (status, flags), given in their stored shape, as the candidate pages and
        HR's API would."""
        updated, _ = deps.interviews().update(
            interview_id, lambda current: interview_from({**plain(current), **fields})
        )
        assert updated is not None
        return updated


@pytest.fixture
def desk(resources: dict[str, str]) -> Desk:
    return Desk()


@pytest.fixture
def atomic_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make moto's conditional writes atomic across threads, as DynamoDB's are.

    moto checks a condition and then writes, and another thread can slip in between; DynamoDB
    never lets it. Races between jobs are only meaningful on a table that keeps that promise.
    """
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        original = getattr(DynamoDBBackend, name)

        def atomic(*args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with lock:
                return __original(*args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, atomic)


def test_every_job_is_an_hourly_schedule(jobs: Client) -> None:
    from app import app

    found = invoke.schedules(app)

    assert {name: found[name] for name in JOBS} == dict.fromkeys(JOBS, "rate(1 hour)")


def test_a_job_takes_now_from_its_event_not_the_clock(jobs: Client, desk: Desk, resources: dict[str, str]) -> None:
    position = desk.position()
    desk.book(position, "2026-11-29T14:30")
    take_outbox(resources)

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
