"""The body of ``POST /dev/sms/inbound``: a text as if a candidate sent it to the two-way number."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.models import _check_phone

# The local two-way number the texts are "sent" to; any number would do, none leaves the machine.
LOCAL_NUMBER = "+8610690000000"


class InboundSms(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    sender: str = Field(alias="from", description="the candidate's number, any readable form (+86 138 0013 8000)")
    text: str = Field(max_length=1600, description="what the candidate wrote, e.g. 1, 2 周四上午可以吗, TD")

    @field_validator("sender")
    @classmethod
    def _e164(cls, value: str) -> str:
        checked = _check_phone(value)
        if checked is None:
            raise ValueError("is not a phone number")
        return checked
