"""Records to plain JSON-ready data, and that data to and from what the DynamoDB resource holds.

``plain`` is the one shape a record has outside Python: the item the store writes (through
``to_item``) and the JSON the API shows. ``store.readers`` builds records back from that shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, cast

E = TypeVar("E", bound=Enum)


def plain(value: Any) -> Any:
    """A record (or anything holding records) as JSON-ready data: enums as their values, tuples as
    lists, and no key for a field that is None or, named in the record's ``ABSENT_WHEN_DEFAULT``,
    keeps its default."""
    kind: type[object] = type(value)
    if kind in _LEAVES:
        return value
    if isinstance(value, Enum):
        return value.value
    if hasattr(kind, "__dataclass_fields__"):
        found: dict[str, Any] = {}
        for name, default, absent in _layout(kind):
            held = getattr(value, name)
            if held is None or (absent and held == default):
                continue
            found[name] = plain(held)
        return found
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


# Values that are already plain (an enum member is a str too, hence exact types).
_LEAVES = frozenset({str, int, float, bool, type(None)})


# Record class -> its fields as (name, default, unstored at the default), worked out once per class.
_LAYOUTS: dict[type[object], tuple[tuple[str, Any, bool], ...]] = {}


def _layout(record: type[object]) -> tuple[tuple[str, Any, bool], ...]:
    found = _LAYOUTS.get(record)
    if found is None:
        absent = getattr(record, "ABSENT_WHEN_DEFAULT", ())
        found = _LAYOUTS[record] = tuple(
            (spec.name, spec.default, spec.name in absent) for spec in fields(cast(Any, record))
        )
    return found


def to_item(value: Any) -> Any:
    """Floats become Decimals, ``None`` values are dropped (DynamoDB stores no nulls usefully)."""
    if isinstance(value, dict):
        return {k: to_item(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_item(v) for v in value]
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def from_image(image: Mapping[str, Any]) -> Any:
    """The item a stream record's image holds (DynamoDB's typed JSON, as streams send it), as ``from_item``
    gives it."""
    from boto3.dynamodb.types import TypeDeserializer

    deserialize = TypeDeserializer().deserialize
    return from_item({name: deserialize(value) for name, value in image.items()})


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


def optional_member(enum: type[E], value: Any) -> E | None:
    """``value`` as a member of ``enum``, or None when no value is stored."""
    return None if value is None else enum(value)
