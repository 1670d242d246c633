"""EventBridge schedule expressions, ``rate(...)`` and ``cron(...)``, read well enough to fire them locally.

Times are UTC, as EventBridge schedules are. Cron's ``L``, ``W`` and ``#`` are not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

MINUTE = timedelta(minutes=1)
# After a long sleep (laptop lid closed) look back at most this far for a missed cron tick.
CRON_LOOKBACK = timedelta(days=2)

_RATE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$", re.IGNORECASE)
_CRON = re.compile(r"^cron\((.*)\)$", re.IGNORECASE)
_UNITS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}
_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_WEEKDAYS = {name: i for i, name in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], start=1)}


class UnsupportedSchedule(ValueError):
    pass


class Cadence(Protocol):
    def latest(self, after: datetime, until: datetime) -> datetime | None:
        """The latest moment in ``(after, until]`` at which the schedule fires, if any."""


@dataclass(frozen=True)
class Rate:
    """Fires every ``every``, counting from ``anchor`` (when the schedule was created), not at it."""

    every: timedelta
    anchor: datetime

    def latest(self, after: datetime, until: datetime) -> datetime | None:
        ticks = (until - self.anchor) // self.every
        if ticks < 1:
            return None
        moment = self.anchor + ticks * self.every
        return moment if moment > after else None


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int] | None  # None: "?", the day is chosen by weekday
    months: frozenset[int]
    weekdays: frozenset[int] | None  # 1 = Sunday ... 7 = Saturday, as in EventBridge
    years: frozenset[int]

    def matches(self, moment: datetime) -> bool:
        weekday = (moment.weekday() + 1) % 7 + 1
        return (
            moment.minute in self.minutes
            and moment.hour in self.hours
            and moment.month in self.months
            and moment.year in self.years
            and (self.days is None or moment.day in self.days)
            and (self.weekdays is None or weekday in self.weekdays)
        )

    def latest(self, after: datetime, until: datetime) -> datetime | None:
        moment = until.replace(second=0, microsecond=0)
        floor = max(after, until - CRON_LOOKBACK)
        while moment > floor:
            if self.matches(moment):
                return moment
            moment -= MINUTE
        return None


def parse(expression: str, *, anchor: datetime) -> Rate | Cron:
    """Read a schedule expression; ``anchor`` is when a rate schedule starts counting."""
    expression = expression.strip()
    rate = _RATE.match(expression)
    if rate:
        count = int(rate.group(1))
        if count < 1:
            raise UnsupportedSchedule(f"{expression}: the rate must be at least 1")
        return Rate(every=count * _UNITS[rate.group(2).lower().rstrip("s")], anchor=anchor)
    cron = _CRON.match(expression)
    if not cron:
        raise UnsupportedSchedule(f"{expression}: not a rate(...) or cron(...) expression")
    fields = cron.group(1).split()
    if len(fields) != 6:
        raise UnsupportedSchedule(f"{expression}: cron needs 6 fields (minutes hours day month weekday year)")
    minutes, hours, days, months, weekdays, years = fields
    return Cron(
        minutes=_field(minutes, 0, 59),
        hours=_field(hours, 0, 23),
        days=None if days == "?" else _field(days, 1, 31),
        months=_field(months, 1, 12, _MONTHS),
        weekdays=None if weekdays == "?" else _field(weekdays, 1, 7, _WEEKDAYS),
        years=_field(years, 1970, 2199),
    )


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    values: set[int] = set()
    for part in text.upper().split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span in ("*", "?"):
            start, end = low, high
        elif "-" in span:
            first, last = span.split("-", 1)
            start, end = _value(first, names), _value(last, names)
        else:
            start = _value(span, names)
            end = high if step_text else start
        if not low <= start <= high or not low <= end <= high or step < 1:
            raise UnsupportedSchedule(f"{text}: out of range {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


def _value(text: str, names: dict[str, int] | None) -> int:
    if names and text in names:
        return names[text]
    try:
        return int(text)
    except ValueError:
        raise UnsupportedSchedule(f"{text}: only numbers, names, *, ?, -, / and , are supported locally") from None
