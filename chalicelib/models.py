"""Request and record models; the vocabulary they use lives in ``chalicelib.vocabulary``."""

from __future__ import annotations

import functools
import re
from datetime import date as _date
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    field_validator,
    model_validator,
)

from chalicelib.addresses import check_email
from chalicelib.characters import multi_line, single_line
from chalicelib.days import check_day
from chalicelib.errors import FieldError, Invalid
from chalicelib.services.lists.search import FILTERS, days
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


def _amount(value: Any) -> Any:
    # "面议" (negotiable) is what HR types when the pay is vague, and vague pay keeps candidates away.
    if isinstance(value, str):
        raise Invalid("salary_in_words")
    return value


# A position's pay: a number, never words, because the notice states it to the candidate.
Salary = Annotated[Money, BeforeValidator(_amount)]


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
        raise Invalid("invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise Invalid("invalid_phone")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _dialable(value: str) -> str:
    """HR's own numbers stay as typed (they are shown to candidates), but must be dialable."""
    _check_phone(value)
    return value


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise Invalid("invalid_currency")
    return value


def _website(value: str) -> str:
    if not re.fullmatch(r"https?://\S+\.\S+", value):
        raise Invalid("invalid_website")
    return value


# How a candidate is reached: booking and correcting an interview check them alike.
Email = Annotated[Line, AfterValidator(check_email)]
Phone = Annotated[Line, Field(max_length=40), AfterValidator(_check_phone)]


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
    salary_min: Salary
    salary_max: Salary
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
    # HR's own note (who asked for the role, what to watch for): never shown to candidates.
    notes: Text | None = None
    # After a no-show, the candidate gets one "sorry we missed you" message with a link to book again.
    rebook_after_no_show: Annotated[bool, Field(strict=True)] = False

    @model_validator(mode="after")
    def _salary_range(self) -> PositionIn:
        if self.salary_min > self.salary_max:
            raise FieldError("salary_max", code="salary_range")
        return self


class _Patch(_Input):
    """A change to a stored record: the fields to change, and the ``revision`` HR read it at."""

    revision: Annotated[int, Field(ge=1, strict=True)]

    @model_validator(mode="after")
    def _names_a_change(self) -> _Patch:
        if not self.model_fields_set - {"revision"}:
            raise FieldError("body", code="nothing_to_change")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the patch sets, as JSON data (``None`` clears an optional one)."""
        return self.model_dump(mode="json", include=self.model_fields_set - {"revision"})


def _optional(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s fields with the same rules, each optional: a patch names only what changes."""
    found: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        annotation: Any = field.annotation
        if field.metadata:
            annotation = Annotated[(annotation, *field.metadata)]
        found[name] = (annotation | None, None)
    return found


# ``PATCH /positions/{id}``: any field of ``PositionIn`` under the same rules, with the revision read. The
# whole position as changed is checked again as ``PositionIn`` (salary_min against the stored salary_max).
PositionPatch = create_model("PositionPatch", __base__=_Patch, __module__=__name__, **_optional(PositionIn))


class CandidateIn(_Input):
    name: ShortText
    email: Email
    phone: Phone | None = None
    expected_salary: Money | None = None
    skills: list[ShortText] = Field(default_factory=list, max_length=50)
    language: Language | None = None


@functools.cache
def _zones() -> frozenset[str]:
    # "localtime" is the machine's own zone and "Factory" a placeholder: neither is a place.
    return frozenset(available_timezones()) - {"localtime", "Factory", "posixrules"}


def _check_timezone(value: str) -> str:
    # Membership, not ZoneInfo(value): that also opens names like "localtime" or 300-character
    # paths (OSError, a 500), and the zone database lists every name a candidate can be in.
    if value not in _zones():
        raise Invalid("invalid_timezone")
    return value


def _coordinate(value: float) -> float:
    # Six decimals place a door to within a metre; more is noise, and a number as small as 1e-300
    # is finer than DynamoDB stores (its numbers stop at 1e-130): boto3 would refuse to write it.
    return round(value, 6)


def _naive_local(value: datetime | None) -> datetime | None:
    # starts_at is the wall-clock time where the interview happens; an offset would
    # contradict the separate time zone field, so refuse it rather than guess.
    if value is None:
        # Left out (null) when the candidate chooses a slot; the model says when it is required.
        return None
    if value.tzinfo is not None:
        raise Invalid("with_offset")
    return value.replace(second=0, microsecond=0)


def _channels(channels: list[Channel]) -> list[Channel]:
    """The channels once each, in the order given; email always among them."""
    if Channel.EMAIL not in channels:
        raise FieldError("channels", code="email_channel")
    return list(dict.fromkeys(channels))


Minutes = Annotated[int, Field(ge=10, le=480)]
# What HR writes down about the candidate for themselves; never shown to the candidate.
Notes = Text


class InterviewIn(_Input):
    position_id: ShortText
    candidate: CandidateIn
    # Both required unless ``choose_slot``: then the candidate books one of the position's slots.
    starts_at: datetime | None = None
    timezone: Line | None = None
    choose_slot: Annotated[bool, Field(strict=True)] = False
    duration_minutes: Minutes = 60
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
    notes: Notes | None = None

    _tz = field_validator("timezone")(_check_timezone)
    _local = field_validator("starts_at")(_naive_local)

    @model_validator(mode="after")
    def _consistent(self) -> InterviewIn:
        for name in ("starts_at", "timezone"):
            if self.choose_slot and getattr(self, name) is not None:
                raise FieldError(name, code="not_with_choose_slot")
            if not self.choose_slot and getattr(self, name) is None:
                raise FieldError(name, code="required_or_choose_slot")
        self.channels = _channels(self.channels)
        if Channel.SMS in self.channels and not self.candidate.phone:
            raise FieldError("candidate.phone", code="sms_needs_phone")
        if (self.latitude is None) != (self.longitude is None):
            raise FieldError("longitude" if self.longitude is None else "latitude", code="both_or_neither")
        return self


class RescheduleIn(_Input):
    starts_at: datetime
    timezone: Line
    # None keeps the interview's length.
    duration_minutes: Minutes | None = None

    _tz = field_validator("timezone")(_check_timezone)
    _local = field_validator("starts_at")(_naive_local)


class SlotIn(_Input):
    """A time HR opens on a position for candidates to book (``POST /positions/{id}/slots``)."""

    starts_at: datetime
    timezone: Line
    duration_minutes: Minutes = 60
    seats: Annotated[int, Field(ge=1, le=500, strict=True)] = 1
    # Where this slot is held when not at the usual place (a walk-in day in another office).
    address: Annotated[Line, Field(min_length=1, max_length=500)] | None = None
    room: Annotated[Line, Field(min_length=1, max_length=100)] | None = None

    _tz = field_validator("timezone")(_check_timezone)
    _local = field_validator("starts_at")(_naive_local)


def _kept(model: BaseModel, required: tuple[str, ...], prefix: str = "") -> None:
    """Refuse ``null`` for a field every interview must keep (``null`` removes an optional one)."""
    for name in required:
        if name in model.model_fields_set and getattr(model, name) is None:
            raise FieldError(prefix + name, code="cannot_remove")


class CandidatePatch(_Input):
    """The candidate's details to correct: only the fields given change; ``null`` removes an optional one."""

    name: ShortText | None = None
    email: Email | None = None
    phone: Phone | None = None
    language: Language | None = None

    @model_validator(mode="after")
    def _complete(self) -> CandidatePatch:
        if not self.model_fields_set:
            raise FieldError("candidate", code="nothing_to_correct")
        _kept(self, ("name", "email"), "candidate.")
        return self


class InterviewPatch(_Input):
    """``PATCH /interviews/{id}``: corrections of who the candidate is and how they are reached, on the
    ``revision`` HR read (a newer one means someone changed the interview meanwhile)."""

    revision: Annotated[int, Field(ge=1, strict=True)]
    candidate: CandidatePatch | None = None
    channels: Annotated[list[Channel], Field(min_length=1)] | None = None
    notes: Notes | None = None

    @model_validator(mode="before")
    @classmethod
    def _not_empty(cls, data: Any) -> Any:
        if isinstance(data, dict) and not set(data) - {"revision"}:
            raise FieldError("body", code="nothing_to_correct")
        return data

    @model_validator(mode="after")
    def _complete(self) -> InterviewPatch:
        _kept(self, ("candidate", "channels"))
        if self.channels is not None:
            self.channels = _channels(self.channels)
        return self


class NoticeIn(_Input):
    accept_warnings: list[WarningCode] = Field(default_factory=list)


class ResolveIn(_Input):
    """``POST /inbox/{id}/resolve``: optionally, what HR did about it."""

    notes: Annotated[Lines, Field(max_length=500)] | None = None


class TokenIn(_Input):
    """``POST /tokens``: who the token is for, what they may do and for how many days."""

    name: ShortText
    role: Role = DEFAULT_ROLE
    days: Annotated[int, Field(ge=1, le=MAX_DAYS, strict=True)] = DEFAULT_DAYS


def _day(value: Any) -> _date:
    if not isinstance(value, str):
        raise ValueError("must be a date written as text, such as 2026-12-03")
    return check_day(value)


def _day_or_none(value: Any) -> _date | None:
    # A blank date has always meant today (a form's empty date field); a blank from or to is a mistake.
    return None if value == "" else _day(value)


Day = Annotated[_date, BeforeValidator(_day)]


def _known_status(value: Any) -> Any:
    if value not in {status.value for status in InterviewStatus}:
        raise ValueError("must be one of " + ", ".join(status.value for status in InterviewStatus))
    return value


def _true_or_false(value: Any) -> Any:
    if value not in ("true", "false", True, False):
        raise ValueError("must be true or false")
    return value in ("true", True)


def _plus_restored(value: Any) -> Any:
    """A phone number whose "+" was left unencoded in the query string, which turns it into a space
    (``+86 138…`` arrives as `` 86 138…``), with its "+" back; anything else as it came."""
    if isinstance(value, str) and value[:1] == " " and value.strip()[:1].isdigit():
        try:
            return _check_phone("+" + value.strip()) or value
        except ValueError:
            return value
    return value


def _email_or_phone(value: str) -> str:
    """An email address as given, or a phone number in E.164 however it was written."""
    if "@" in value:
        return check_email(value)
    try:
        phone = _check_phone(value)
    except ValueError:
        phone = None
    if not phone:
        raise ValueError(
            "must be an email address or a phone number, such as zhang.san@example.com or +86 138 0013 8000"
        )
    return phone


EmailOrPhone = Annotated[Line, BeforeValidator(_plus_restored), Field(max_length=254), AfterValidator(_email_or_phone)]


class InterviewListQuery(_Input):
    """``GET /interviews`` and ``GET /interviews.csv``: one local day (``date``, today when nothing
    is asked), the days ``from`` … ``to``, or one ``candidate``; then the filters, each a field named
    as in ``services.lists.search.FILTERS``."""

    date: Annotated[_date | None, BeforeValidator(_day_or_none)] = None
    from_: Day | None = Field(default=None, alias="from")
    to: Day | None = None
    candidate: EmailOrPhone | None = None
    # Filters:
    status: Annotated[InterviewStatus, BeforeValidator(_known_status)] | None = None
    position_id: ShortText | None = None
    # true: only interviews with an inbox item HR has not resolved; false: only those without.
    attention: Annotated[bool, BeforeValidator(_true_or_false)] | None = None

    @model_validator(mode="after")
    def _one_question(self) -> InterviewListQuery:
        ranged = self.from_ is not None or self.to is not None
        if self.candidate is not None and (self.date is not None or ranged):
            raise FieldError("candidate", code="candidate_with_dates")
        if self.date is not None and ranged:
            raise FieldError("date", code="date_with_range")
        if self.from_ is None and self.to is not None:
            raise FieldError("from", code="required_with_to")
        if self.from_ is not None:
            if self.to is None:
                raise FieldError("to", code="required_with_from")
            days(self.from_, self.to)
        return self

    def filters(self) -> dict[str, Any]:
        """The filters asked for, by name."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name, None) is not None}


def dump(model: BaseModel) -> dict[str, Any]:
    """A model as plain JSON-ready data."""
    return model.model_dump(mode="json", exclude_none=True)


HOOK_POSITION = "is required: give position_id, or job_id or job_title for ShowUp to find the position"


class HookInterviewIn(_Input):
    """An interview booked in another system (``POST /hooks/{source}``, the generic shape): the same external
    id again moves it to its new time, or with ``status: cancelled`` cancels it."""

    external_id: ShortText
    status: Literal["scheduled", "cancelled"] = "scheduled"
    # The position: ShowUp's id, or the sender's job id (HOOK_POSITIONS maps it) or an open position's title.
    position_id: ShortText | None = None
    job_id: ShortText | None = None
    job_title: ShortText | None = None
    # Required unless cancelled. starts_at is the local time, or any instant with an offset.
    candidate: CandidateIn | None = None
    starts_at: datetime | None = None
    timezone: Line | None = None
    duration_minutes: Minutes = 60
    # The position's work location when left out.
    address: Annotated[Line, Field(min_length=1, max_length=500)] | None = None
    city: ShortText | None = None
    transit: Text | None = None

    _tz = field_validator("timezone")(_check_timezone)

    @model_validator(mode="after")
    def _complete(self) -> HookInterviewIn:
        if self.status == "cancelled":
            return self
        for name in ("candidate", "starts_at", "timezone"):
            if getattr(self, name) is None:
                raise FieldError(name, code="required")
        if self.position_id is None and self.job_id is None and self.job_title is None:
            raise FieldError("position_id", HOOK_POSITION)
        return self


class ImportQuery(_Input):
    """``POST /imports``: the position every row is for, the time zone of the file's times, and what
    each row gets unless its own cells say otherwise."""

    position_id: ShortText
    timezone: Line
    mode: ModeChoice = ModeChoice.AUTO
    city: ShortText | None = None
    address: Annotated[Line, Field(min_length=1, max_length=500)] | None = None

    _tz = field_validator("timezone")(_check_timezone)


class ImportStartIn(_Input):
    """``POST /imports/{id}/start``: create the valid rows only, or every row (refused if any is invalid)."""

    rows: Literal["valid", "all"]


class TemplateQuery(_Input):
    """``GET /imports/template``: the template's language and file kind."""

    lang: Literal["zh-CN", "en"] = "zh-CN"
    format: Literal["csv", "xlsx"] = "csv"
