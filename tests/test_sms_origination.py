"""Texts leave from the two-way number when one is configured, so a candidate's reply reaches the inbound topic."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.sms import SmsSender
from chalicelib.settings import Settings, SettingsError


class RecordingSns:
    """An SNS client that keeps what each publish asked for."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, **request: Any) -> dict[str, str]:
        self.published.append(request)
        return {"MessageId": f"m-{len(self.published)}"}


def test_the_origination_number_is_read_in_e164_and_unset_by_default() -> None:
    assert Settings.from_env({}).sms_origination_number is None
    assert Settings.from_env({"SMS_ORIGINATION_NUMBER": "+8610690000"}).sms_origination_number == "+8610690000"


@pytest.mark.parametrize("value", ["10690000", "+86 1069 0000", "+12"])
def test_an_origination_number_not_in_e164_is_refused_by_name(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"SMS_ORIGINATION_NUMBER": value})

    assert refused.value.variable == "SMS_ORIGINATION_NUMBER"


@pytest.mark.parametrize(("number", "attribute"), [("+12065550100", {"+12065550100"}), (None, set())])
def test_the_sender_publishes_from_the_origination_number_when_one_is_set(
    number: str | None, attribute: set[str]
) -> None:
    sns = RecordingSns()

    assert SmsSender(sns=sns, origination_number=number).send("+8613800138000", "hello") == "m-1"

    (request,) = sns.published
    given = request["MessageAttributes"].get("AWS.MM.SMS.OriginationNumber")
    assert ({given["StringValue"]} if given else set()) == attribute
    assert request["MessageAttributes"]["AWS.SNS.SMS.SMSType"]["StringValue"] == "Transactional"
