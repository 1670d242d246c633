"""SMS: segment arithmetic, the one-segment notice text, and publishing through SNS (moto)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from chalicelib.adapters.sms import SmsSender, fits_one_segment, segment_count, units
from chalicelib.services.notices.content import CandidateLinks, NoticeKind
from tests.support.aws import sent_sms
from tests.support.notices import LINKS, PAGE, composed, notice_for, records


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("a" * 160, True),
        ("a" * 161, False),
        ("é@£$¥" + "a" * 155, True),  # accented letters of the GSM alphabet cost one septet
        ("a" * 69 + "中", True),  # one Chinese character switches the text to UCS-2: 70
        ("a" * 70 + "中", False),
        ("中" * 70, True),
        ("€" * 80, True),  # extension characters cost two septets
        ("€" * 80 + "a", False),
        ("{}[]" * 20, True),
        ("{}[]" * 20 + "a", False),
        ("…" + "a" * 69, True),  # the ellipsis is not GSM: UCS-2
        ("…" + "a" * 70, False),
        ("😀" * 35, True),  # outside the BMP: two UTF-16 units each
        ("😀" * 35 + "a", False),
    ],
)
def test_segment_rules(text: str, fits: bool) -> None:
    assert fits_one_segment(text) is fits


@pytest.mark.parametrize(
    ("text", "count"),
    [("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("中" * 70, 1), ("中" * 71, 2), ("中" * 135, 3)],
)
def test_segment_count(text: str, count: int) -> None:
    assert segment_count(text) == count


def test_units_count_septets_or_utf16_units() -> None:
    assert units("€a") == 3
    assert units("中a") == 2


@pytest.mark.parametrize(
    ("language", "company", "time"),
    [("zh-CN", "Acme Robotics", "12月3日周四 14:30"), ("en", "Acme Robotics", "Thu 3 Dec 14:30")],
)
@pytest.mark.parametrize("kind", [NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.REMINDER])
def test_composed_sms_fits_one_segment_with_company_time_and_link(
    kind: NoticeKind, language: str, company: str, time: str
) -> None:
    text = composed(kind, "notification", language).sms
    assert text is not None
    assert fits_one_segment(text), text
    assert company in text
    assert time in text
    assert text.endswith(PAGE)


def test_english_sms_keeps_the_whole_address_when_it_fits() -> None:
    text = composed(NoticeKind.NOTICE, "notification", "en").sms
    assert text == (
        f"Acme Robotics interview: Thu 3 Dec 14:30, 88 Century Avenue, Floor 12, Shanghai. Details and confirm: {PAGE}"
    )


def test_long_address_is_shortened_to_whole_parts() -> None:
    address = "Building 7, Zhangjiang Hi-Tech Park, 1000 Zuchongzhi Road, Pudong New Area"
    interview, position = records("en", address=address)
    text = notice_for(NoticeKind.NOTICE, interview, position).sms
    assert text is not None
    assert fits_one_segment(text)
    assert "Building 7, Zhangjiang Hi-Tech Park" in text
    assert address not in text
    assert text.endswith(PAGE)


def test_chinese_address_is_cut_after_an_address_unit() -> None:
    interview, position = records("zh-CN", address="上海市浦东新区张江高科技园区祖冲之路1000号7号楼")
    short_link = "https://s.t/Ab"
    links = CandidateLinks(page=short_link, confirm=short_link, decline=short_link, reschedule=short_link)
    text = notice_for(NoticeKind.NOTICE, interview, position, links=links).sms
    assert text is not None
    assert fits_one_segment(text), text
    assert "，上海市浦东新区张江高科技园区祖冲之路。" in text
    assert text.endswith(short_link)


def test_when_nothing_fits_the_shortest_text_goes() -> None:
    long_link = "https://abcdefghij.execute-api.ap-east-1.amazonaws.com/api/c/" + "x" * 110
    links = CandidateLinks(page=long_link, confirm=long_link, decline=long_link, reschedule=long_link)
    interview, position = records("zh-CN")
    text = notice_for(NoticeKind.NOTICE, interview, position, links=links).sms
    assert text == f"【Acme Robotics】面试通知：12月3日周四 14:30。详情 {long_link}"


def test_cancel_sms_gives_the_contact_phone() -> None:
    interview, position = records("en")
    text = notice_for(NoticeKind.CANCEL, interview, position, links=None).sms
    assert text == (
        "Acme Robotics: your interview on Thu 3 Dec 14:30 is cancelled; please do not travel. "
        "Questions: +86 21 5555 0100"
    )
    assert fits_one_segment(text)


def test_sender_publishes_through_sns() -> None:
    with mock_aws():
        sns = boto3.client("sns", region_name="us-east-1")
        message_id = SmsSender(sns=sns).send("+8613800138000", "【Acme Robotics】面试通知")
        assert message_id
        sent = sent_sms()[message_id]
    assert sent == ("+8613800138000", "【Acme Robotics】面试通知")


def test_sender_marks_texts_transactional_and_names_the_sender() -> None:
    sns: Any = boto3.client("sns", region_name="us-east-1")
    with Stubber(sns) as stub:
        stub.add_response(
            "publish",
            {"MessageId": "m-1"},
            {
                "PhoneNumber": "+8613800138000",
                "Message": "hello",
                "MessageAttributes": {
                    "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                    "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "ShowUp"},
                },
            },
        )
        assert SmsSender(sns=sns, sender_id="ShowUp").send("+8613800138000", "hello") == "m-1"


def test_links_fixture_is_short_enough_for_one_chinese_segment() -> None:
    # The one-segment Chinese text leaves about 34 characters for the link.
    assert len(LINKS.page) <= 34
