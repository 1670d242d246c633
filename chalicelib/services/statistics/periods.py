"""Days, ISO weeks and months: their keys in the stats table, their first and last days, and ranges of them."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from chalicelib.errors import invalid
from chalicelib.vocabulary import Period

DAY, WEEK, MONTH = Period.DAY.value, Period.WEEK.value, Period.MONTH.value
PERIODS = (DAY, WEEK, MONTH)
# The longest range one request may ask for: a bit over a year of days, two years of weeks, three of months.
MAX_PERIODS = {DAY: 400, WEEK: 120, MONTH: 36}


def period_key(period: str, day: date) -> str:
    """``day#2026-11-28``, ``week#2026-W48`` (ISO week and ISO year) or ``month#2026-11``."""
    if period == DAY:
        return f"day#{day.isoformat()}"
    if period == WEEK:
        iso = day.isocalendar()
        return f"week#{iso.year}-W{iso.week:02d}"
    if period == MONTH:
        return f"month#{day.year}-{day.month:02d}"
    raise ValueError(f"unknown period {period!r}")


def bounds(period: str, day: date) -> tuple[date, date]:
    """First and last day of the period that contains ``day``."""
    if period == DAY:
        return day, day
    if period == WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    raise ValueError(f"unknown period {period!r}")


def label(period: str, day: date) -> str:
    """The period as people write it: ``2026-11-28``, ``2026-W48``, ``2026-11``."""
    return period_key(period, day).partition("#")[2]


def starts(period: str, first: date, last: date) -> list[date]:
    """The first day of each period from the one containing ``first`` to the one containing ``last``."""
    found: list[date] = []
    start = bounds(period, first)[0]
    while start <= last:
        found.append(start)
        start = bounds(period, start)[1] + timedelta(days=1)
    return found


def count(period: str, first: date, last: date) -> int:
    """How many periods the range from ``first`` to ``last`` touches."""
    if period == DAY:
        return (last - first).days + 1
    if period == WEEK:
        return (bounds(WEEK, last)[0] - bounds(WEEK, first)[0]).days // 7 + 1
    return (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1


def check_range(period: str, first: date, last: date) -> list[date]:
    """The periods from ``first`` to ``last``, or a 400 naming ``to`` for a reversed or too long range."""
    if last < first:
        raise invalid("to", code="to_before_from")
    limit = MAX_PERIODS[period]
    if count(period, first, last) > limit:
        raise invalid("to", code=f"at_most_{period}s", max=limit)
    return starts(period, first, last)


def recent(period: str, day: date, count: int) -> tuple[date, date]:
    """The first and last day of the ``count`` periods that end with the one containing ``day``."""
    start = bounds(period, day)[0]
    for _ in range(count - 1):
        start = bounds(period, start - timedelta(days=1))[0]
    return start, bounds(period, day)[1]
