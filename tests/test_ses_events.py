"""SES events through SNS: bounces, complaints and deliveries flip the right flags."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chalicelib import aws, deps
from chalicelib.services.notices.delivery import suppression_key
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import drain_outbox, sent_mail
from tests.support.events import BOUNCE, COMPLAINT, DELIVERY, deliver, publish


@pytest.fixture
def sent(api: Api, resources: dict[str, str]) -> tuple[str, str]:
    """An interview whose notice went out; returns (interview id, SES message id)."""
    position = api.post("/positions", position_body()).json_body
    interview = api.post("/interviews", interview_body(position["position_id"])).json_body
    (message,) = drain_outbox(resources)
    deliver(api, message)
    (mail,) = sent_mail()
    return interview["interview_id"], mail.id


def interview(api: Api, interview_id: str) -> dict[str, Any]:
    return dict(api.get(f"/interviews/{interview_id}").json_body)


def test_a_permanent_bounce_flags_the_interview_and_alerts_the_contact(api: Api, sent: tuple[str, str]) -> None:
    interview_id, message_id = sent
    assert publish(api, BOUNCE, message_id) == "bounced"
    record = interview(api, interview_id)
    assert record["notice"]["status"] == "bounced"
    assert record["email_bounced"] is True
    alert = sent_mail()[-1]
    assert alert.destinations["ToAddresses"] == ["liwei@acme.example.com"]
    assert "逐个字母核对邮箱地址" in alert.body


def test_the_event_publishing_shape_is_read_too(api: Api, sent: tuple[str, str]) -> None:
    interview_id, message_id = sent
    event = {k: v for k, v in BOUNCE.items() if k != "notificationType"}
    assert publish(api, event, message_id, eventType="Bounce") == "bounced"
    assert interview(api, interview_id)["email_bounced"] is True


def test_a_transient_bounce_is_retried_later(api: Api, sent: tuple[str, str], resources: dict[str, str]) -> None:
    interview_id, message_id = sent
    transient = copy.deepcopy(BOUNCE)
    transient["bounce"]["bounceType"] = "Transient"
    transient["bounce"]["bounceSubType"] = "MailboxFull"
    assert publish(api, transient, message_id) == "transient_retry"
    record = interview(api, interview_id)
    assert record["notice"]["status"] == "sent"
    assert "email_bounced" not in record
    sqs = aws.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=resources["outbox_url"], AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessagesDelayed"] == "1"


def test_a_complaint_stops_email_to_that_address(api: Api, sent: tuple[str, str]) -> None:
    interview_id, message_id = sent
    assert publish(api, COMPLAINT, message_id) == "complaint"
    assert interview(api, interview_id)["email_complained"] is True
    assert deps.ledger().get(suppression_key("Zhang.San@example.com")) is not None
    before = len(sent_mail())
    api.post(f"/interviews/{interview_id}/notice", {"accept_warnings": []})
    result = deps.notice_delivery().deliver(
        {"kind": "notice", "interview_id": interview_id, "version": 1, "sequence": 2}, now=deps.now()
    )
    assert result == "suppressed"
    assert len(sent_mail()) == before


def test_a_delivery_marks_the_notice_delivered(api: Api, sent: tuple[str, str]) -> None:
    interview_id, message_id = sent
    assert publish(api, DELIVERY, message_id) == "delivered"
    assert interview(api, interview_id)["notice"]["status"] == "delivered"


def test_events_for_unknown_messages_are_ignored(api: Api, resources: dict[str, str]) -> None:
    assert publish(api, DELIVERY, "not-ours") == "unknown"
    assert sent_mail() == []


def test_a_bounce_that_sns_delivers_twice_alerts_hr_once(api: Api, sent: tuple[str, str]) -> None:
    _, message_id = sent
    assert publish(api, BOUNCE, message_id) == "bounced"
    assert publish(api, BOUNCE, message_id) == "duplicate"
    alerts = [m for m in sent_mail() if "逐个字母核对邮箱地址" in str(getattr(m, "body", ""))]
    assert len(alerts) == 1


def test_a_soft_bounced_advisory_is_sent_again_with_its_text(api: Api, sent: tuple[str, str]) -> None:
    from chalicelib.services.notices.bounces import SesEvents

    interview_id, _ = sent
    text = "Heavy rain (60 mm) is forecast: leave early, or ask to reschedule."
    deliver(api, {"kind": "advisory", "interview_id": interview_id, "version": 1, "sequence": 2, "advisory": text})
    retries: list[tuple[dict[str, Any], int]] = []
    events = SesEvents(
        interviews=deps.interviews(),
        ledger=deps.ledger(),
        alert=lambda i: None,
        retry=lambda m, d: retries.append((m, d)),
    )
    transient = copy.deepcopy(BOUNCE)
    transient["bounce"]["bounceType"] = "Transient"
    transient["mail"]["messageId"] = sent_mail()[-1].id
    assert events.handle(transient, now=deps.now()) == "transient_retry"
    ((message, delay),) = retries
    assert message == {
        "kind": "advisory",
        "interview_id": interview_id,
        "version": 1,
        "sequence": 2,
        "attempt": 1,
        "advisory": text,
    }
    assert delay == 300
