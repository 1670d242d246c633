"""Request and record models; the vocabulary they use lives in ``chalicelib.vocabulary``."""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from chalicelib.addresses import check_email
from chalicelib.characters import multi_line, single_line
from chalicelib.errors import FieldError
from chalicelib.store.tokens import DEFAULT_DAYS, DEFAULT_ROLE, MAX_DAYS

# Re-exported: the enums are defined, with their labels, in the vocabulary.
from chalicelib.vocabulary import Channel as Channel
from chalicelib.vocabulary import InterviewStatus as InterviewStatus
from chalicelib.vocabulary import Language as Language
from chalicelib.vocabulary import Level as Level
from chalicelib.vocabulary import ModeChoice as ModeChoice
from chalicelib.vocabulary import NoShowReason as NoShowReason
from chalicelib.vocabulary import NoticeMode as NoticeMode
from chalicelib.vocabulary import NoticeStatus as NoticeStatus
from chalicelib.vocabulary import Outcome as Outcome
from chalicelib.vocabulary import Role as Role
from chalicelib.vocabulary import WarningCode as WarningCode

# Every text field is one of these two kinds: one line (names, titles, addresses, codes), or several
# lines typed into a text area (duties, directions, notes). Neither takes invisible control characters.
Line = Annotated[str, AfterValidator(single_line)]
Lines = Annotated[str, AfterValidator(multi_line)]
Text = Annotated[Lines, Field(min_length=1, max_length=2000)]
ShortText = Annotated[Line, Field(min_length=1, max_length=200)]
# Monthly pay in any currency fits well below this; larger numbers are typos.
# Strict: JSON true must not count as 1 yuan.
Money = Annotated[int, Field(ge=0, le=1_000_000_000, strict=True)]


class _Input(BaseModel):
    """Requests refuse unknown fields: a misspelt field must not vanish silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_phone(value: str | None) -> str | None:
    """Any readable phone number becomes E.164 (+8613812345678); numbers without a country
    code are read as Chinese, the market ShowUp started in."""
    if value is None or not value.strip():
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("is not a valid phone number; include the country code, e.g. +86 138 0013 8000")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _dialable(value: str) -> str:
    """HR's own numbers stay as typed (they are shown to candidates), but must be dialable."""
    _check_phone(value)
    return value


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("must be a three-letter currency code in capitals, such as CNY or USD")
    return value


def _website(value: str) -> str:
    if not re.fullmatch(r"https?://\S+\.\S+", value):
        raise ValueError("must be a web address starting with http:// or https://, such as https://acme.com")
    return value


class Contact(_Input):
    name: ShortText
    phone: Annotated[Line, Field(min_length=3, max_length=40)]
    email: Line | None = None

    _email = field_validator("email")(lambda v: None if v is None else check_email(v))
    _phone = field_validator("phone")(_dialable)


class PositionIn(_Input):
    title: ShortText
    company: ShortText
    work_location: ShortText
    responsibilities: Text
    salary_min: Money
    salary_max: Money
    salary_currency: Annotated[Line, AfterValidator(_currency)] = "CNY"
    company_website: Annotated[Line, Field(max_length=500), AfterValidator(_website)] | None = None
    requirements: Text | None = None
    benefits: Text | None = None
    promotion: Text | None = None
    manager_style: Text | None = None
    level: Level | None = None
    applicant_count: Annotated[int, Field(ge=0, le=1_000_000, strict=True)] | None = None
    skills: list[ShortText] = Field(default_factory=list, max_length=50)
    contact: Contact | None = None

    @model_validator(mode="after")
    def _salary_range(self) -> PositionIn:
        if self.salary_min > self.salary_max:
            raise FieldError("salary_max", "must be at least salary_min")
        return self


class CandidateIn(_Input):
    name: ShortText
    email: Line
    phone: Annotated[Line, Field(max_length=40)] | None = None
    expected_salary: Money | None = None
    skills: list[ShortText] = Field(default_factory=list, max_length=50)
    language: Language | None = None

    _email = field_validator("email")(check_email)
    _phone = field_validator("phone")(_check_phone)


@functools.cache
def _zones() -> frozenset[str]:
    # "localtime" is the machine's own zone and "Factory" a placeholder: neither is a place.
    return frozenset(available_timezones()) - {"localtime", "Factory", "posixrules"}


def _check_timezone(value: str) -> str:
    # Membership, not ZoneInfo(value): that also opens names like "localtime" or 300-character
    # paths (OSError, a 500), and the zone database lists every name a candidate can be in.
    if value not in _zones():
        raise ValueError("is not an IANA time zone such as Asia/Shanghai")
    return value


def _coordinate(value: float) -> float:
    # Six decimals place a door to within a metre; more is noise, and a number as small as 1e-300
    # is finer than DynamoDB stores (its numbers stop at 1e-130): boto3 would refuse to write it.
    return round(value, 6)


def _naive_local(value: datetime) -> datetime:
    # starts_at is the wall-clock time where the interview happens; an offset would
    # contradict the separate time zone field, so refuse it rather than guess.
    if value.tzinfo is not None:
        raise ValueError("must be a local date-time without offset, e.g. 2026-12-03T14:30")
    return value.replace(second=0, microsecond=0)


class InterviewIn(_Input):
    position_id: ShortText
    candidate: CandidateIn
    starts_at: datetime
    timezone: Line
    duration_minutes: Annotated[int, Field(ge=10, le=480)] = 60
    address: Annotated[Line, Field(min_length=1, max_length=500)]
    city: ShortText
    latitude: Annotated[float, Field(ge=-90, le=90), AfterValidator(_coordinate)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180), AfterValidator(_coordinate)] | None = None
    transit: Text | None = None
    what_to_bring: Text | None = None
    contact: Contact | None = None
    channels: list[Channel] = Field(default_factory=lambda: [Channel.EMAIL], min_length=1)
    mode: ModeChoice = ModeChoice.AUTO
    accept_warnings: list[WarningCode] = Field(default_factory=list)

    _tz = field_validator("timezone")(_check_timezone)
    _local = field_validator("starts_at")(_naive_local)

    @model_validator(mode="after")
    def _consistent(self) -> InterviewIn:
        if Channel.EMAIL not in self.channels:
            raise FieldError("channels", "must include email: the written notice is what candidates keep")
        if Channel.SMS in self.channels and not self.candidate.phone:
            raise FieldError("candidate.phone", "is required when channels include sms")
        if (self.latitude is None) != (self.longitude is None):
            raise FieldError("longitude" if self.longitude is None else "latitude", "give both or neither")
        self.channels = list(dict.fromkeys(self.channels))
        return self


class RescheduleIn(_Input):
    starts_at: datetime
    timezone: Line

    _tz = field_validator("timezone")(_check_timezone)
    _local = field_validator("starts_at")(_naive_local)


class NoticeIn(_Input):
    accept_warnings: list[WarningCode] = Field(default_factory=list)


class TokenIn(_Input):
    """``POST /tokens``: who the token is for, what they may do and for how many days."""

    name: ShortText
    role: Role = DEFAULT_ROLE
    days: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = DEFAULT_DAYS


def dump(model: BaseModel) -> dict[str, Any]:
    """A model as plain JSON-ready data."""
    return model.model_dump(mode="json", exclude_none=True)
