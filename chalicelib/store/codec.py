"""Conversions between plain JSON-ready data and what the DynamoDB resource accepts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


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
