"""What a candidate's text asks for, and reading the provider's payload."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.adapters.inbound_sms import (
    EndUserMessagingReader,
    InboundText,
    MalformedText,
    end_user_messaging_payload,
)
from chalicelib.services.replies.keywords import Intent, read

FIXTURE = Path(__file__).parent / "fixtures" / "two_way_sms.json"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("1", Intent.CONFIRM),
        ("１", Intent.CONFIRM),
        ("y", Intent.CONFIRM),
        ("Y", Intent.CONFIRM),
        ("Ｙ", Intent.CONFIRM),
        ("Yes", Intent.CONFIRM),
        ("确认", Intent.CONFIRM),
        ("  确认！ ", Intent.CONFIRM),
        ("2", Intent.RESCHEDULE),
        ("２", Intent.RESCHEDULE),
        ("改期", Intent.RESCHEDULE),
        ("3", Intent.DECLINE),
        ("３", Intent.DECLINE),
        ("n", Intent.DECLINE),
        ("N.", Intent.DECLINE),
        ("不来", Intent.DECLINE),
        ("是", Intent.YES),
        ("STOP", Intent.STOP),
        ("Stop", Intent.STOP),
        ("ｓｔｏｐ", Intent.STOP),
        ("TD", Intent.STOP),
        ("td", Intent.STOP),
        ("Td", Intent.STOP),
        ("退订", Intent.STOP),
        ("【退订】", Intent.STOP),
    ],
)
def test_every_keyword_in_both_languages_any_case_and_width(text: str, intent: Intent) -> None:
    assert read(text).intent is intent


@pytest.mark.parametrize(
    ("text", "message"),
    [("2 周四上午可以吗", "周四上午可以吗"), ("改期周四上午可以吗", "周四上午可以吗"), ("２，下周一？", "下周一?")],
)
def test_the_rest_of_a_reschedule_is_the_candidates_message(text: str, message: str) -> None:
    assert read(text) == read(text).__class__(Intent.RESCHEDULE, message)


@pytest.mark.parametrize("text", ["12点可以吗", "确认一下地址在哪", "你好", "Is there parking?", "not sure", ""])
def test_a_keyword_must_stand_alone_or_lead_the_text(text: str) -> None:
    reply = read(text)
    assert reply.intent is Intent.OTHER
    assert reply.message == text.strip()


def test_the_documented_two_way_payload_is_read() -> None:
    text = EndUserMessagingReader().read(FIXTURE.read_text(encoding="utf-8"))

    assert text == InboundText(
        sender="+14255550182",
        to="+12125550101",
        body="EXAMPLE",
        message_id="cae173d2-66b9-564c-8309-21f858e9fb84",
        in_reply_to="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    assert EndUserMessagingReader().read(end_user_messaging_payload(text)) == text


@pytest.mark.parametrize("payload", ["not json", "[]", '{"originationNumber": "+1"}', '{"messageBody": 3}'])
def test_a_payload_that_is_not_a_text_is_refused_without_quoting_it(payload: str) -> None:
    with pytest.raises(MalformedText) as refused:
        EndUserMessagingReader().read(payload)
    assert "+1" not in str(refused.value)
