"""Reminders offer "choose another time" (the page's move form) while the candidate may still move their
booked slot themselves, and the usual request to reschedule otherwise."""

from __future__ import annotations

import email
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib import deps
from chalicelib.services.scheduling.slots import MoveRules
from tests.support import Override
from tests.support.api import Api, create_position
from tests.support.aws import sent_mail, sent_sms
from tests.support.clock import NOW, at
from tests.support.slots import choosing, publish, sent_kinds
from tests.support.stream import drain_stream

PHONE = "+8613800138000"
DAY_BEFORE = at("2026-12-02T10:00")
# Three hours before the booked 15:00 start.
DAY_OF = at("2026-12-03T12:00")


def booked(api: Api, resources: dict[str, str], **candidate: Any) -> str:
    """A candidate who chose Thursday 3 December 2026, 15:00, with another time still open; their notice sent."""
    pid = create_position(api)["position_id"]
    slot = publish(api, pid, starts_at="2026-12-03T15:00")
    publish(api, pid, starts_at="2026-12-04T10:00")
    channels = ("email", "sms") if "phone" in candidate else ("email",)
    interview = choosing(api, pid, channels=channels, **candidate)
    token = deps.link_signer().sign(interview["interview_id"], 1, now=NOW)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = api.client.http.post(f"/c/{token}/book", body=urlencode({"slot_id": slot["slot_id"]}), headers=form)
    assert answer.status_code == 200
    drain_stream()
    sent_kinds(resources)
    return str(interview["interview_id"])


def remind(kind: str, interview_id: str, now: datetime) -> str:
    """Deliver the reminder of ``kind`` at ``now``; returns the text part of the mail it sent."""
    stored = deps.interviews().get(interview_id)
    assert stored is not None
    message = {"kind": kind, "interview_id": interview_id, "version": stored.version, "sequence": 0}
    assert deps.notice_delivery().deliver(message, now=now) == "sent"
    parsed = email.message_from_string(sent_mail()[-1].raw_data)
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
    return str(part.get_payload(decode=True).decode("utf-8"))


def test_the_day_before_reminder_offers_another_time_while_the_booking_may_move(
    api: Api, resources: dict[str, str]
) -> None:
    text = remind("reminder", booked(api, resources), DAY_BEFORE)

    assert "另选时间：" in text and "#move" in text
    assert "申请改期" not in text and "#reschedule" not in text
    assert any(line.startswith("面试详情页：") for line in text.splitlines())


def test_the_day_before_reminder_asks_to_reschedule_once_the_booking_may_not_move(
    api: Api, resources: dict[str, str], override: Override
) -> None:
    interview_id = booked(api, resources, language="en", email="amy@example.com")
    # Moved as often as the rules allow.
    override(move_rules=lambda: MoveRules(min_hours=12, max_moves=0))

    text = remind("reminder", interview_id, DAY_BEFORE)

    assert "Ask to reschedule:" in text and "#reschedule" in text
    assert "Choose another time" not in text and "#move" not in text
    # The reschedule link ends its line: the page's link follows on its own.
    assert any(line.startswith("Interview page: ") for line in text.splitlines())


def test_the_day_of_reminder_offers_another_time_only_while_the_rules_allow_it(
    api: Api, resources: dict[str, str], override: Override
) -> None:
    interview_id = booked(api, resources)
    # By default a booking may not move within 12 hours of its start: the day-of reminder says how to ask.
    assert "来不了或需要改期" in remind("day_of", interview_id, DAY_OF)

    override(move_rules=lambda: MoveRules(min_hours=2, max_moves=2))
    stored = deps.interviews().get(interview_id)
    assert stored is not None
    deps.ledger().release(f"day_of#{interview_id}#v{stored.version}#s0#email")
    text = remind("day_of", interview_id, DAY_OF)

    assert "需要换个时间？可以自己另选：" in text and "#move" in text


@pytest.mark.parametrize(("rules", "offered"), [(MoveRules(min_hours=2, max_moves=2), True), (MoveRules(), False)])
def test_the_day_of_text_carries_a_link_to_another_time_only_when_it_may_move(
    api: Api, resources: dict[str, str], override: Override, rules: MoveRules, offered: bool
) -> None:
    interview_id = booked(api, resources, phone=PHONE)
    override(move_rules=lambda: rules)
    before = set(sent_sms())
    stored = deps.interviews().get(interview_id)
    assert stored is not None

    message = {"kind": "day_of", "interview_id": interview_id, "version": stored.version, "sequence": 0}
    assert deps.notice_delivery().deliver(message, now=DAY_OF) == "sent"

    (text,) = [body for key, (_, body) in sent_sms().items() if key not in before]
    assert ("另选时间" in text and "/s/" in text) is offered
    assert text.endswith("回1确认2改期3不来")
