"""Event blueprints: scheduled jobs, queue / topic consumers and the tables' stream consumers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

R = TypeVar("R")


def images(records: Iterable[Any], read: Callable[[Mapping[str, Any]], R]) -> list[tuple[R | None, R | None]]:
    """Each stream record's item before and after its write, as ``read`` makes records of them (None
    before a creation and after a deletion)."""
    return [
        (read(record.old_image) if record.old_image else None, read(record.new_image) if record.new_image else None)
        for record in records
    ]


def stream_of(setting: str) -> str:
    """The ARN standing for the stream of the table that ``setting`` (``INTERVIEWS_TABLE``) names.

    Chalice wants a stream's ARN when app.py is imported, before any stage is known, and a stream's ARN
    is only known once its table exists. Packaging puts the table's StreamArn in its place
    (devtools/package.py); locally, the runner reads the emulator's stream of the table that setting
    names (chalicelib/localdev/streams.py)."""
    return f"arn:aws:dynamodb:us-east-1:123456789012:table/{setting}/stream/latest"
