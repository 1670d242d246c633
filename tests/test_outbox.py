"""The outbox consumer: each notice goes out once, throttling is retried, poison is marked failed."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends

from chalicelib import aws, deps
from chalicelib.events.queues import NoticeNotSent
from chalicelib.store.ledger import LeaseHeld
from tests.conftest import Api, Override, interview_body, position_body


def sent_mail() -> list[Any]:
    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def sent_sms() -> list[tuple[str, str]]:
    return list(sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values())


def queued(outbox_url: str) -> list[dict[str, Any]]:
    """Take every message off the outbox, as the consumer would receive them."""
    sqs = aws.client("sqs")
    messages = sqs.receive_message(QueueUrl=outbox_url, MaxNumberOfMessages=10).get("Messages", [])
    for message in messages:
        sqs.delete_message(QueueUrl=outbox_url, ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(m["Body"]) for m in messages]


def sqs_event(message: dict[str, Any], attempt: int = 1) -> dict[str, Any]:
    record = {
        "attributes": {"ApproximateReceiveCount": str(attempt)},
        "body": json.dumps(message),
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:showup-outbox",
        "messageAttributes": {},
        "messageId": f"m-{attempt}",
        "receiptHandle": "receipt",
    }
    return {"Records": [record]}


@pytest.fixture
def scheduled(api: Api, resources: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An interview whose notice is on the outbox; returns (interview, outbox message)."""
    position = api.post("/positions", position_body()).json_body
    interview = api.post("/interviews", interview_body(position["position_id"])).json_body
    (message,) = queued(resources["outbox_url"])
    return interview, message


def deliver(api: Api, message: dict[str, Any], attempt: int = 1) -> Any:
    return api.client.lambda_.invoke("send_notices", sqs_event(message, attempt))


def test_a_queued_notice_is_sent_as_email_with_an_invite(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    interview, message = scheduled
    assert message == {"kind": "notice", "interview_id": interview["interview_id"], "version": 1, "sequence": 1}
    deliver(api, message)
    (mail,) = sent_mail()
    parsed = email.message_from_string(mail.raw_data, policy=email.policy.default)
    assert parsed["To"] == "zhang.san@example.com"
    assert any(part.get_content_type() == "text/calendar" for part in parsed.walk())
    stored = api.get(f"/interviews/{interview['interview_id']}").json_body
    assert stored["notice"]["status"] == "sent"


def test_a_message_delivered_twice_sends_one_email(api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, message = scheduled
    deliver(api, message)
    deliver(api, message)
    assert len(sent_mail()) == 1


def test_two_consumers_racing_send_one_email(api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, message = scheduled
    barrier = threading.Barrier(2)
    results: list[str] = []

    def consume() -> None:
        barrier.wait()
        try:
            results.append(deps.notice_delivery().deliver(message, now=deps.now()))
        except LeaseHeld:
            results.append("retry later")

    threads = [threading.Thread(target=consume) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The second finds the send finished, or still in the first one's hands: never sends it again.
    assert sorted(results) in (["duplicate", "sent"], ["retry later", "sent"])
    assert len(sent_mail()) == 1


def _throttle_first(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    ses = aws.client("ses")
    real = ses.send_raw_email
    calls: list[int] = []

    def flaky(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= failures:
            raise ClientError(
                {"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "SendRawEmail"
            )
        return real(**kwargs)

    monkeypatch.setattr(ses, "send_raw_email", flaky)
    return calls


def test_throttling_is_retried_through_the_queue_and_then_sent(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview, message = scheduled
    calls = _throttle_first(monkeypatch, failures=1)
    backoffs: list[int] = []
    monkeypatch.setattr(
        aws.client("sqs"), "change_message_visibility", lambda **kwargs: backoffs.append(kwargs["VisibilityTimeout"])
    )
    with pytest.raises(NoticeNotSent, match="Throttling"):
        deliver(api, message, attempt=1)
    assert backoffs == [30]
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "queued"
    deliver(api, message, attempt=2)
    assert len(calls) == 2
    assert len(sent_mail()) == 1
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "sent"


def test_a_notice_that_keeps_failing_is_marked_failed_on_its_last_attempt(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview, message = scheduled
    _throttle_first(monkeypatch, failures=100)
    monkeypatch.setattr(aws.client("sqs"), "change_message_visibility", lambda **kwargs: None)
    last = deps.settings().outbox_max_receives
    for attempt in range(1, last + 1):
        with pytest.raises(NoticeNotSent):
            deliver(api, message, attempt=attempt)
        status = api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"]
        assert status == ("failed" if attempt == last else "queued")
    assert sent_mail() == []


def test_poison_messages_land_in_the_dead_letter_queue(settings: Any, resources: dict[str, str]) -> None:
    sqs = aws.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=resources["outbox_url"], AttributeNames=["RedrivePolicy"])
    redrive = json.loads(attributes["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":showup-outbox-dlq")
    assert int(redrive["maxReceiveCount"]) == settings.outbox_max_receives


def test_sms_goes_out_once_when_chosen(api: Api, resources: dict[str, str]) -> None:
    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"], channels=["email", "sms"])
    body["candidate"]["phone"] = "+86 138 0013 8000"
    api.post("/interviews", body)
    (message,) = queued(resources["outbox_url"])
    deliver(api, message)
    deliver(api, message)
    ((phone, text),) = sent_sms()
    assert phone == "+8613800138000"
    assert "Acme Robotics" in text


def test_the_sms_carries_a_short_link_that_fits_one_segment_and_opens_the_page(
    api: Api, resources: dict[str, str]
) -> None:
    from chalicelib.adapters.sms import fits_one_segment

    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"], channels=["email", "sms"])
    # English fits 160 GSM characters with the short link. Chinese texts get 70 characters,
    # which only a short custom domain leaves room for.
    body["candidate"].update(phone="+86 138 0013 8000", language="en")
    api.post("/interviews", body)
    (message,) = queued(resources["outbox_url"])
    deliver(api, message)
    ((_, text),) = sent_sms()
    assert fits_one_segment(text), text
    short = text[text.index("https://showup.test/api/s/") :].split()[0].removeprefix("https://showup.test/api")
    redirect = api.client.http.get(short)
    assert redirect.status_code == 302
    location = redirect.headers["Location"]
    assert location.startswith("../c/")
    assert api.client.http.get("/c/" + location.removeprefix("../c/")).status_code == 200
    assert api.client.http.get("/s/unknown0000").status_code == 403


def test_cancelling_sends_a_calendar_cancellation_and_kills_the_queued_notice(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], resources: dict[str, str]
) -> None:
    interview, message = scheduled
    deliver(api, message)
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    (cancel,) = queued(resources["outbox_url"])
    assert cancel["kind"] == "cancel"
    deliver(api, cancel)
    # The original notice, redelivered late, is stale: the candidate gets no contradicting mail.
    assert deps.notice_delivery().deliver(message, now=deps.now()) == "stale"
    mails = sent_mail()
    assert len(mails) == 2
    parsed = email.message_from_string(mails[-1].raw_data, policy=email.policy.default)
    calendar = next(part for part in parsed.walk() if part.get_content_type() == "text/calendar")
    assert "METHOD:CANCEL" in calendar.get_content()


def test_a_held_notice_released_by_hr_goes_out(api: Api, resources: dict[str, str]) -> None:
    position = api.post("/positions", position_body()).json_body
    interview = api.post("/interviews", interview_body(position["position_id"])).json_body
    (first,) = queued(resources["outbox_url"])
    deliver(api, first)
    api.post(f"/interviews/{interview['interview_id']}/notice", {"accept_warnings": []})
    (resend,) = queued(resources["outbox_url"])
    assert resend["sequence"] == 2
    deliver(api, resend)
    assert len(sent_mail()) == 2


def test_a_retry_after_the_send_but_before_the_record_still_records_the_notice_as_sent(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.services.notices import delivery

    interview, message = scheduled
    real = delivery.NoticeDelivery._record_sent
    calls: list[int] = []

    def lost_once(self: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the Lambda ran out of time right after SES accepted the mail")
        real(self, *args, **kwargs)

    monkeypatch.setattr(delivery.NoticeDelivery, "_record_sent", lost_once)
    with pytest.raises(NoticeNotSent):
        deliver(api, message)
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "queued"
    deliver(api, message)
    assert len(sent_mail()) == 1
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "sent"


def test_a_reminder_that_keeps_failing_leaves_the_notice_as_it_was(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview, message = scheduled
    deliver(api, message)
    _throttle_first(monkeypatch, failures=100)
    monkeypatch.setattr(aws.client("sqs"), "change_message_visibility", lambda **kwargs: None)
    reminder = {"kind": "reminder", "interview_id": interview["interview_id"], "version": 1, "sequence": 0}
    with pytest.raises(NoticeNotSent):
        deliver(api, reminder, attempt=deps.settings().outbox_max_receives)
    stored = api.get(f"/interviews/{interview['interview_id']}").json_body
    assert stored["notice"]["status"] == "sent"
    assert stored["reminder_failed_at"] == "2026-11-27T01:00:00Z"


def test_no_notice_goes_out_with_links_that_lead_nowhere(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], override: Override
) -> None:
    import dataclasses

    _, message = scheduled
    unconfigured = dataclasses.replace(deps.settings(), public_base_url="")
    override(settings=lambda: unconfigured)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        deps.notice_delivery().deliver(message, now=deps.now())
    assert sent_mail() == []
