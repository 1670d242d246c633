"""SES events through SNS: bounces, complaints and deliveries flip the right flags."""

from __future__ import annotations

import copy
import email
import email.policy
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import aws, deps
from chalicelib.services.notices.delivery import message_key, suppression_key
from chalicelib.store.ledger import Ledger
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import drain_outbox, sent_mail
from tests.support.events import BOUNCE, BOUNCE_EVENT, COMPLAINT, DELIVERY, deliver, publish
from tests.support.faults import Faulty


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
    assert publish(api, BOUNCE_EVENT, message_id) == "bounced"
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


@pytest.fixture
def sent_unindexed(api: Api, resources: dict[str, str], override: Override) -> tuple[str, Any, list[dict[str, str]]]:
    """A notice sent while the ledger could not index its message id; returns (interview id, the
    mail as SES took it, the tags it was sent with)."""
    table = aws.table(deps.settings().ledger_table)
    # The row that maps an SES message id to its interview cannot be written.
    unindexed = Faulty(table, "put_item", lambda request: str(request["Item"]["ledger_key"]).startswith("ses#"))
    override(ledger=lambda: Ledger(table=unindexed))
    requests: list[dict[str, Any]] = []
    aws.client("ses").meta.events.register(
        "provide-client-params.ses.SendRawEmail", lambda params, **_: requests.append(dict(params))
    )
    position = api.post("/positions", position_body()).json_body
    created = api.post("/interviews", interview_body(position["position_id"])).json_body
    (message,) = drain_outbox(resources)
    deliver(api, message)
    (mail,) = sent_mail()
    assert deps.ledger().get(message_key(mail.id)) is None
    assert interview(api, created["interview_id"])["notice"]["status"] == "sent"
    return created["interview_id"], mail, requests[0]["Tags"]


def assert_bounced_and_hr_alerted(api: Api, interview_id: str) -> None:
    record = interview(api, interview_id)
    assert (record["notice"]["status"], record["email_bounced"]) == ("bounced", True)
    assert sent_mail()[-1].destinations["ToAddresses"] == ["liwei@acme.example.com"]


def test_a_bounce_finds_its_interview_from_the_message_tags_when_the_ledger_lost_the_message(
    api: Api, sent_unindexed: tuple[str, Any, list[dict[str, str]]]
) -> None:
    interview_id, mail, tags = sent_unindexed
    # A configuration-set event: SES echoes the message tags beside its own, here without ShowUp's headers.
    event = copy.deepcopy(BOUNCE_EVENT)
    event["mail"]["tags"].update({tag["Name"]: [tag["Value"]] for tag in tags})

    assert publish(api, event, mail.id) == "bounced"

    assert_bounced_and_hr_alerted(api, interview_id)


def test_a_bounce_finds_its_interview_from_the_message_headers_when_the_ledger_lost_the_message(
    api: Api, sent_unindexed: tuple[str, Any, list[dict[str, str]]]
) -> None:
    interview_id, mail, _ = sent_unindexed
    parsed = email.message_from_string(mail.raw_data, policy=email.policy.default)
    # An identity notification with headers included: no tags, the message's own headers.
    event = copy.deepcopy(BOUNCE)
    event["mail"]["headers"] = [{"name": name, "value": str(value)} for name, value in parsed.items()]

    assert publish(api, event, mail.id) == "bounced"

    assert_bounced_and_hr_alerted(api, interview_id)


def _changed(change: Callable[[dict[str, Any]], None], base: dict[str, Any] = BOUNCE) -> str:
    event = copy.deepcopy(base)
    event["mail"]["messageId"] = "0100-abc"
    change(event)
    return json.dumps(event)


# Every shape SES never sends, as the SNS Message: the consumer cannot read them however often it tries.
MALFORMED = {
    "not JSON": '{"notificationType": "Bounce", "mail": {"destination": ["zhang.san@example.com"]',
    "JSON null": "null",
    "a list": json.dumps([BOUNCE]),
    "a string": json.dumps("zhang.san@example.com"),
    "no type": _changed(lambda e: e.pop("notificationType")),
    "no mail": _changed(lambda e: e.pop("mail")),
    "mail a string": _changed(lambda e: e.update(mail="zhang.san@example.com")),
    "no message id": _changed(lambda e: e["mail"].pop("messageId")),
    "no bounce": _changed(lambda e: e.pop("bounce")),
    "bounced recipients as strings": _changed(
        lambda e: e["bounce"].update(bouncedRecipients=["zhang.san@example.com"])
    ),
    "complained recipients a string": _changed(
        lambda e: e["complaint"].update(complainedRecipients="zhang.san@example.com"), COMPLAINT
    ),
    "delivery a string": _changed(lambda e: e.update(delivery="zhang.san@example.com"), DELIVERY),
    "tags a list": _changed(lambda e: e["mail"].update(tags=["interview"])),
    "a tag's values a string": _changed(lambda e: e["mail"].update(tags={"interview": "int_1"})),
    "headers an object": _changed(lambda e: e["mail"].update(headers={"To": "zhang.san@example.com"})),
    "a header a string": _changed(lambda e: e["mail"].update(headers=["To: zhang.san@example.com"])),
}


def set_aside(failed_events_url: str) -> list[dict[str, Any]]:
    sqs = aws.client("sqs")
    found = sqs.receive_message(QueueUrl=failed_events_url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    return list(found.get("Messages", []))


@pytest.mark.parametrize("message", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_ses_event_is_set_aside_and_logged_without_addresses(
    client: Client, resources: dict[str, str], now: datetime, capsys: pytest.CaptureFixture[str], message: str
) -> None:
    sns_event = client.events.generate_sns_event(message=message, subject="")

    assert client.lambda_.invoke("ses_events", sns_event).payload == "set_aside"

    (kept,) = set_aside(resources["failed_events_url"])
    assert json.loads(kept["Body"]) == sns_event
    attributes = {name: value["StringValue"] for name, value in kept["MessageAttributes"].items()}
    assert attributes["ErrorMessage"] and attributes["RequestID"]
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    (warning,) = [line for line in lines if line["level"] == "WARNING" and line["logger"] == "showup.queues"]
    assert warning["message"] == f"SES event set aside: {attributes['ErrorMessage']}"
    assert "@" not in json.dumps(lines) and "<email>" not in json.dumps(lines)
    assert sent_mail() == []


def test_an_event_of_a_type_showup_does_not_act_on_is_ignored_without_a_mail_object(
    client: Client, resources: dict[str, str], now: datetime
) -> None:
    message = json.dumps({"notificationType": "AmazonSnsSubscriptionSucceeded", "message": "ok"})
    sns_event = client.events.generate_sns_event(message=message, subject="")

    assert client.lambda_.invoke("ses_events", sns_event).payload == "ignored"
    assert set_aside(resources["failed_events_url"]) == []
