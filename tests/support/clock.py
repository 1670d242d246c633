"""Fixed moments: tests choose the time, nothing reads the machine's clock."""

from __future__ import annotations

from datetime import UTC, datetime

# The "now" of every request: Friday 27 November 2026, 09:00 in Shanghai.
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


def at(local: str) -> datetime:
    """A Shanghai wall-clock time (``2026-11-30T10:00``) as the instant it names."""
    return datetime.fromisoformat(local + "+08:00").astimezone(UTC)
