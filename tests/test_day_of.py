"""The day-of reminder: a few hours before the start, once per time the candidate was told, by text or email."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email.header import decode_header, make_header
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.models import RescheduleIn
from tests.support.aws import drain_outbox, sent_mail, sent_sms
from tests.support.clock import at
from tests.support.events import fire, sqs_event
from tests.support.jobs import Desk, desk, jobs

__all__ = ["desk", "jobs"]
PHONE = "+8613800138000"


def run(jobs: Client, now: datetime, resources: dict[str, str]) -> dict[str, Any]:
    """Fire the job at ``now`` and deliver what it queued, as at ``now``; returns the job's summary."""
    summary: dict[str, Any] = fire(jobs, "send_day_of_reminders", now)
    with deps.override(now=lambda: now):
        for message in drain_outbox(resources):
            jobs.lambda_.invoke("send_notices", sqs_event(message))
    return summary


def day_of_mail() -> list[str]:
    """The subjects of the day-of reminders mailed."""
    subjects = [str(make_header(decode_header(email.message_from_string(m.raw_data)["Subject"]))) for m in sent_mail()]
    return [subject for subject in subjects if subject.startswith("今天面试")]


def sent(interview_id: str) -> str | None:
    stored = deps.interviews().get(interview_id)
    assert stored is not None
    return stored.day_of_sent_at


@pytest.fixture
def position(desk: Desk) -> str:
    return desk.position()


def test_sent_once_three_hours_before_across_two_runs(
    desk: Desk, jobs: Client, position: str, resources: dict[str, str]
) -> None:
    interview = desk.book(position, "2026-12-03T14:30")

    assert run(jobs, at("2026-12-03T11:29"), resources)["due"] == 0
    assert run(jobs, at("2026-12-03T11:30"), resources)["queued"] == 1
    assert run(jobs, at("2026-12-03T12:30"), resources)["queued"] == 0

    assert sent(interview.interview_id) == "2026-12-03T03:30:00Z"
    assert day_of_mail() == ["今天面试：Acme Robotics · Front-end Engineer · 12月3日 14:30"]


def test_by_text_when_the_interview_uses_texts_with_route_phone_and_reply_options(
    desk: Desk, jobs: Client, position: str, resources: dict[str, str]
) -> None:
    desk.book(position, "2026-12-03T14:30", phone="+86 138 0013 8000", channels=["email", "sms"])

    run(jobs, at("2026-12-03T12:00"), resources)

    assert day_of_mail() == []
    (body,) = [body for to, body in sent_sms().values() if to == PHONE and "今天" in body]
    assert "今天14:30面试" in body and "Metro line 2" in body and "+86 21 5555 0100" in body
    # The text is past one segment already: the options go in their short form.
    assert body.endswith("回1确认2改期3不来")


def test_a_run_killed_before_queuing_is_made_up_and_a_message_queued_twice_sends_once(
    desk: Desk, jobs: Client, position: str, resources: dict[str, str]
) -> None:
    interview = desk.book(position, "2026-12-03T14:30")
    message = {"kind": "day_of", "interview_id": interview.interview_id, "version": 1, "sequence": 0}

    # The run queued the message and died before noting it: the next run queues it again.
    with deps.override(now=lambda: at("2026-12-03T12:00")):
        jobs.lambda_.invoke("send_notices", sqs_event(message))
    run(jobs, at("2026-12-03T12:30"), resources)

    assert len(day_of_mail()) == 1


def test_after_a_reschedule_it_goes_for_the_new_time_once(
    desk: Desk, jobs: Client, position: str, resources: dict[str, str]
) -> None:
    interview = desk.book(position, "2026-12-03T14:30")
    run(jobs, at("2026-12-03T12:00"), resources)
    moved = desk.interviews.reschedule(
        interview.interview_id,
        RescheduleIn.model_validate({"starts_at": "2026-12-04T14:30", "timezone": "Asia/Shanghai"}),
        now=at("2026-12-03T12:10"),
    )
    assert moved.version == 2

    assert run(jobs, at("2026-12-04T12:00"), resources)["queued"] == 1
    assert run(jobs, at("2026-12-04T13:00"), resources)["queued"] == 0

    assert sent(interview.interview_id) == "2026-12-04T04:00:00Z"
    assert len(day_of_mail()) == 2


def test_none_for_an_interview_booked_inside_the_window(
    desk: Desk, jobs: Client, position: str, resources: dict[str, str]
) -> None:
    desk.book(position, "2026-12-03T14:30", booked=at("2026-12-03T12:00"))

    assert run(jobs, at("2026-12-03T12:30"), resources)["due"] == 0


@pytest.mark.parametrize("status", ["declined", "cancelled", "reschedule_requested"])
def test_skipped_for_declined_cancelled_or_asked_to_move(
    desk: Desk, jobs: Client, position: str, resources: dict[str, str], status: str
) -> None:
    interview = desk.book(position, "2026-12-03T14:30")
    desk.set(interview.interview_id, status=status)

    assert run(jobs, at("2026-12-03T12:00"), resources)["due"] == 0
    assert sent(interview.interview_id) is None


def test_none_after_the_start(desk: Desk, jobs: Client, position: str, resources: dict[str, str]) -> None:
    desk.book(position, "2026-12-03T14:30")

    assert run(jobs, datetime(2026, 12, 3, 6, 30, tzinfo=UTC), resources)["due"] == 0
