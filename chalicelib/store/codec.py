"""Records to plain JSON-ready data and back, and that data to what the DynamoDB resource accepts.

``plain`` is the one shape a record has outside Python: the item the store writes (through
``to_item``) and the JSON the API shows. The ``*_from`` readers build records from that shape;
they read what every version of ShowUp wrote, so existing items keep loading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from chalicelib.services.common.records import (
    ABSENT_WHEN_DEFAULT,
    CallLog,
    Candidate,
    CandidateResponse,
    Contact,
    MatchRecord,
    NoticeState,
    RecordedOutcome,
    Warning,
    WeatherState,
)
from chalicelib.vocabulary import Intent, Language, Level, NoShowReason, NoticeStatus, Outcome, WarningCode

E = TypeVar("E", bound=Enum)


def plain(value: Any) -> Any:
    """A record (or anything holding records) as JSON-ready data: enums as their values, tuples as
    lists, and no key for a field that is None or declared absent while it keeps its default."""
    if is_dataclass(value) and not isinstance(value, type):
        found: dict[str, Any] = {}
        for spec in fields(value):
            held = getattr(value, spec.name)
            if held is None or (spec.metadata.get(ABSENT_WHEN_DEFAULT) and held == spec.default):
                continue
            found[spec.name] = plain(held)
        return found
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


def to_item(value: Any) -> Any:
    """Floats become Decimals, ``None`` values are dropped (DynamoDB stores no nulls usefully)."""
    if isinstance(value, dict):
        return {k: to_item(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_item(v) for v in value]
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def from_item(value: Any) -> Any:
    """Decimals come back as ints when whole, floats otherwise."""
    if isinstance(value, dict):
        return {k: from_item(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_item(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def number(value: Any) -> float | None:
    """A stored number; a whole one stays the int ``from_item`` made of it, so the API shows ``98``
    where it always showed ``98``, not ``98.0``."""
    if value is None or isinstance(value, int | float):
        return value
    raise TypeError(f"not a number: {value!r}")


def texts(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def contact_from(data: Mapping[str, Any] | None) -> Contact | None:
    if not data:
        return None
    return Contact(name=data["name"], phone=data["phone"], email=data.get("email"))


def candidate_from(data: Mapping[str, Any]) -> Candidate:
    skills = data.get("skills")
    return Candidate(
        name=data["name"],
        email=data["email"],
        phone=data.get("phone"),
        expected_salary=data.get("expected_salary"),
        skills=None if skills is None else texts(skills),
        language=optional_member(Language, data.get("language")),
        level=optional_member(Level, data.get("level")),
    )


def warning_from(data: Mapping[str, Any]) -> Warning:
    return Warning(code=WarningCode(data["code"]), message=data["message"])


def notice_from(data: Mapping[str, Any]) -> NoticeState:
    return NoticeState(
        status=NoticeStatus(data["status"]),
        held_for=tuple(WarningCode(code) for code in data.get("held_for") or ()),
        sequence=int(data.get("sequence", 1)),
        kind=data.get("kind"),
        sent_at=data.get("sent_at"),
        failed_at=data.get("failed_at"),
        transient_bounces=data.get("transient_bounces"),
    )


def response_from(data: Mapping[str, Any] | None) -> CandidateResponse | None:
    if not data:
        return None
    return CandidateResponse(action=data["action"], reason=data.get("reason", ""), at=data["at"])


def call_from(data: Mapping[str, Any]) -> CallLog:
    return CallLog(
        at=data["at"],
        reached=bool(data["reached"]),
        intent=optional_member(Intent, data.get("intent")),
        notes=data.get("notes"),
        by=data.get("by"),
    )


def match_from(data: Mapping[str, Any] | None) -> MatchRecord | None:
    if not data:
        return None
    return MatchRecord(
        score=int(data["score"]),
        reasons=texts(data.get("reasons")),
        salary_gap=data.get("salary_gap"),
        warnings=tuple(WarningCode(code) for code in data.get("warnings") or ()),
    )


def weather_from(data: Mapping[str, Any] | None) -> WeatherState | None:
    if not data:
        return None
    code = data.get("weather_code")
    return WeatherState(
        risk=data["risk"],
        date=data["date"],
        checked_at=data["checked_at"],
        latitude=number(data.get("latitude")),
        longitude=number(data.get("longitude")),
        precipitation_sum=number(data.get("precipitation_sum")),
        probability=number(data.get("probability")),
        weather_code=None if code is None else int(code),
        gusts=number(data.get("gusts")),
        last_known=data.get("last_known"),
    )


def outcome_from(data: Mapping[str, Any] | None) -> RecordedOutcome | None:
    if not data:
        return None
    return RecordedOutcome(
        outcome=Outcome(data["outcome"]),
        at=data["at"],
        reason=optional_member(NoShowReason, data.get("reason")),
        answer=data.get("answer"),
    )


def optional_member(enum: type[E], value: Any) -> E | None:
    """``value`` as a member of ``enum``, or None when no value is stored."""
    return None if value is None else enum(value)
