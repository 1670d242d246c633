"""Local wall-clock times and the instants they name, across time zones and clock changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class NonexistentLocalTime(ValueError):
    """The wall-clock time is skipped by a clock change (e.g. 02:30 on a spring-forward day)."""


@dataclass(frozen=True)
class LocalTime:
    """An interview's start: where it happens (time zone) and when (UTC)."""

    local: datetime  # naive wall-clock time
    timezone: str
    utc: datetime

    @property
    def local_date(self) -> str:
        return self.local.date().isoformat()

    @property
    def utc_iso(self) -> str:
        return iso_utc(self.utc)


def localize(local: datetime, timezone: str) -> LocalTime:
    """Pin a naive local time to ``timezone``; ambiguous times take the first (earlier) one."""
    zone = ZoneInfo(timezone)
    aware = local.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        raise NonexistentLocalTime(f"{local:%Y-%m-%d %H:%M} does not exist in {timezone} (the clocks change)")
    return LocalTime(local=local, timezone=timezone, utc=utc)


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def today_in(timezone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
