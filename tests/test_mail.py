"""The raw MIME message and sending it through SES (moto), throttling included."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import ANY, Stubber
from icalendar import Calendar
from moto import mock_aws

from chalicelib.adapters.mail import Mailer, build_raw, is_quota_exceeded, is_throttling, ses_tags, tags_of
from chalicelib.services.notices.content import Notice, NoticeKind
from tests.support.aws import sent_mail
from tests.support.notices import SENDER, Desk, composed, en_interview, en_position, notice_for

TO = "zhang.san@example.com"


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> dict[str, EmailMessage]:
    found: dict[str, EmailMessage] = {}
    for part in message.walk():
        assert isinstance(part, EmailMessage)
        found.setdefault(part.get_content_type(), part)
    return found


def text_of(part: EmailMessage) -> str:
    return str(part.get_content()).replace("\r\n", "\n")


@pytest.fixture
def zh_notice() -> Notice:
    return composed(NoticeKind.NOTICE, "notification", "zh-CN")


def test_message_has_text_html_and_calendar_parts(zh_notice: Notice) -> None:
    message = parse(build_raw(sender=SENDER, to=TO, notice=zh_notice))
    found = parts(message)
    assert message.get_content_type() == "multipart/mixed"
    alternative = found["multipart/alternative"]
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html", "text/calendar"]
    assert text_of(found["text/plain"]) == zh_notice.text
    assert text_of(found["text/html"]).rstrip("\n") == zh_notice.html.rstrip("\n")
    assert found["text/plain"].get_content_charset() == "utf-8"
    assert found["text/html"].get_content_charset() == "utf-8"
    assert found["text/calendar"].get_param("method") == "REQUEST"
    assert found["text/calendar"].get_content_charset() == "utf-8"
    attachment = found["application/ics"]
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == zh_notice.ics


def test_chinese_subject_is_encoded_and_decodes_back(zh_notice: Notice) -> None:
    raw = build_raw(sender=SENDER, to=TO, notice=zh_notice)
    assert "面试".encode() not in raw
    raw.decode("ascii")  # nothing 8-bit anywhere: every relay accepts it
    message = parse(raw)
    assert message["Subject"] == "面试通知：Acme Robotics · 前端工程师 · 12月3日 14:30"


def test_headers_identify_and_date_the_message(zh_notice: Notice) -> None:
    now = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    message = parse(build_raw(sender=SENDER, to=TO, notice=zh_notice, configuration_set="showup-events", now=now))
    assert message["From"] == SENDER
    assert message["To"] == TO
    assert message["Reply-To"] == "liwei@acme.example.com"
    assert message["Message-ID"].endswith("@showup.test>")
    assert message["Date"].datetime == now
    assert message["X-SES-CONFIGURATION-SET"] == "showup-events"
    assert message["Content-Language"] == "zh-CN"
    assert message["MIME-Version"] == "1.0"
    assert all(part["MIME-Version"] is None for part in message.walk() if part is not message)


def test_calendar_part_parses_with_the_interview_start(zh_notice: Notice) -> None:
    found = parts(parse(build_raw(sender=SENDER, to=TO, notice=zh_notice)))
    calendar = Calendar.from_ical(found["text/calendar"].get_content())
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "REQUEST"
    assert event.decoded("dtstart") == datetime(2026, 12, 3, 6, 30, tzinfo=UTC)


def test_cancel_carries_a_cancel_invite() -> None:
    desk = Desk()
    position = en_position(desk)
    cancelled = desk.cancel(en_interview(desk, position))
    notice = notice_for(NoticeKind.CANCEL, cancelled, position, links=None)
    found = parts(parse(build_raw(sender=SENDER, to=TO, notice=notice)))
    assert found["text/calendar"].get_param("method") == "CANCEL"
    assert str(Calendar.from_ical(found["application/ics"].get_content())["method"]) == "CANCEL"


def test_reminder_has_no_invite() -> None:
    notice = composed(NoticeKind.REMINDER, "notification", "en")
    message = parse(build_raw(sender=SENDER, to=TO, notice=notice))
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


@pytest.fixture
def ses() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("ses", region_name="us-east-1")
        client.verify_email_identity(EmailAddress=SENDER)
        yield client


def test_mailer_sends_raw_mail_through_ses(ses: Any, zh_notice: Notice) -> None:
    message_id = Mailer(ses=ses, sender=SENDER).send(TO, zh_notice)
    assert message_id
    (sent,) = sent_mail()
    assert sent.id == message_id
    assert sent.source == SENDER
    assert TO in sent.destinations
    delivered = parse(sent.raw_data.encode())
    assert delivered["Subject"] == zh_notice.subject
    assert "text/calendar" in parts(delivered)


def test_unverified_sender_is_refused(ses: Any, zh_notice: Notice) -> None:
    with pytest.raises(ClientError) as refused:
        Mailer(ses=ses, sender="nobody@elsewhere.test").send(TO, zh_notice)
    assert not is_throttling(refused.value)


def test_configuration_set_goes_with_the_request(zh_notice: Notice) -> None:
    client = boto3.client("ses", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_response(
            "send_raw_email",
            {"MessageId": "0100-abc"},
            {
                "Source": SENDER,
                "Destinations": [TO],
                "RawMessage": {"Data": ANY},
                "ConfigurationSetName": "showup-events",
            },
        )
        assert Mailer(ses=client, sender=SENDER, configuration_set="showup-events").send(TO, zh_notice) == "0100-abc"


def test_tags_go_as_ses_message_tags_and_as_headers(zh_notice: Notice) -> None:
    client = boto3.client("ses", region_name="us-east-1")
    tags = {"interview": "int_3f9a", "kind": "notice", "sequence": "2"}
    expected = {
        "Source": SENDER,
        "Destinations": [TO],
        "RawMessage": {"Data": ANY},
        "Tags": [{"Name": name, "Value": value} for name, value in tags.items()],
    }
    with Stubber(client) as stub:
        stub.add_response("send_raw_email", {"MessageId": "0100-abc"}, expected)
        assert Mailer(ses=client, sender=SENDER).send(TO, zh_notice, tags) == "0100-abc"
    message = parse(build_raw(sender=SENDER, to=TO, notice=zh_notice, tags=tags))
    assert (message["X-ShowUp-Interview"], message["X-ShowUp-Kind"], message["X-ShowUp-Sequence"]) == (
        "int_3f9a",
        "notice",
        "2",
    )


def test_a_tag_ses_would_refuse_travels_in_its_header_only(zh_notice: Notice) -> None:
    tags = {"interview": "int_3f9a", "note": "a b#c", "long": "x" * 257, "bad name": "v"}

    assert ses_tags(tags) == [{"Name": "interview", "Value": "int_3f9a"}]
    assert parse(build_raw(sender=SENDER, to=TO, notice=zh_notice, tags=tags))["X-ShowUp-Note"] == "a b#c"


def test_an_ses_event_gives_back_the_tags_and_prefers_message_tags_to_headers() -> None:
    mail = {
        "tags": {"interview": ["int_tagged"], "ses:configuration-set": ["showup-dev-mail"]},
        "headers": [
            {"name": "From", "value": SENDER},
            {"name": "X-ShowUp-Interview", "value": "int_header"},
            {"name": "x-showup-sequence", "value": "3"},
        ],
    }

    assert tags_of(mail) == {"interview": "int_tagged", "ses:configuration-set": "showup-dev-mail", "sequence": "3"}
    assert tags_of({"headers": mail["headers"]})["interview"] == "int_header"
    assert tags_of({}) == {}


def test_throttling_propagates_for_the_queue_to_retry(zh_notice: Notice) -> None:
    client = boto3.client("ses", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_client_error("send_raw_email", "Throttling", "Maximum sending rate exceeded.", 400)
        with pytest.raises(ClientError) as throttled:
            Mailer(ses=client, sender=SENDER).send(TO, zh_notice)
    assert is_throttling(throttled.value)


def client_error(code: str, message: str = "") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "SendRawEmail")


@pytest.mark.parametrize(
    "error",
    [
        client_error("Throttling", "Rate exceeded"),
        client_error("ThrottlingException"),
        client_error("TooManyRequestsException"),
        client_error("Throttling", "Maximum sending rate exceeded."),
        client_error("MessageRejected", "Maximum sending rate exceeded."),
    ],
)
def test_rate_limits_are_throttling(error: ClientError) -> None:
    assert is_throttling(error)


@pytest.mark.parametrize(
    "error",
    [
        client_error("MessageRejected", "Email address is not verified."),
        client_error("Throttling", "Daily message quota exceeded."),
        ValueError("Throttling"),
    ],
)
def test_other_errors_are_not_throttling(error: Exception) -> None:
    assert not is_throttling(error)


def test_daily_quota_is_told_apart() -> None:
    assert is_quota_exceeded(client_error("Throttling", "Daily message quota exceeded."))
    assert not is_quota_exceeded(client_error("Throttling", "Maximum sending rate exceeded."))
