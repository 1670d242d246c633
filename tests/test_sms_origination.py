"""Texts leave from the two-way number when one is configured, so a candidate's reply reaches the inbound topic."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.adapters.sms import SmsSender
from chalicelib.settings import Settings, SettingsError


def test_the_origination_number_is_read_in_e164_and_unset_by_default() -> None:
    assert Settings.from_env({}).sms_origination_number is None
    assert Settings.from_env({"SMS_ORIGINATION_NUMBER": "+8610690000"}).sms_origination_number == "+8610690000"


@pytest.mark.parametrize("value", ["10690000", "+86 1069 0000", "+12"])
def test_an_origination_number_not_in_e164_is_refused_by_name(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"SMS_ORIGINATION_NUMBER": value})

    assert refused.value.variable == "SMS_ORIGINATION_NUMBER"


def test_the_sender_publishes_from_the_origination_number() -> None:
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
                    "AWS.MM.SMS.OriginationNumber": {"DataType": "String", "StringValue": "+12065550100"},
                },
            },
        )
        sender = SmsSender(sns=sns, origination_number="+12065550100")
        assert sender.send("+8613800138000", "hello") == "m-1"
