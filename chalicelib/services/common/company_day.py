"""The "once a company day, from hour H" gate of the daily jobs (weather watch, digest, report).

The jobs fire hourly: the company's hour is known only at run time and moves with clock changes,
which a fixed UTC cron cannot follow. A run before the hour waits; every run from the hour on
until midnight may do the day's work, so a missed run is made up later the same day. The job
marks the day done (in the ledger) once its work succeeded, which makes it once a day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def due_day(now: datetime, timezone: str, hour: int) -> date | None:
    """The company day whose work is due at ``now``: today from ``hour`` on, ``None`` before it."""
    local = now.astimezone(ZoneInfo(timezone))
    return local.date() if local.hour >= hour else None


def opening(hour: int, timezone: str) -> str:
    """When a day's work opens, as job summaries say it: ``07:00 Asia/Shanghai``."""
    return f"{hour:02d}:00 {timezone}"
