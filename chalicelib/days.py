"""Calendar days as the API accepts them (no pydantic: query parameters are checked with it too)."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import Invalid

# Days outside these years are typos, and near 0001 or 9999 week and month arithmetic overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_day(text: str) -> date:
    """``YYYY-MM-DD`` as a date, or ``ValueError`` saying what a day must look like."""
    try:
        day = date.fromisoformat(text)
        # Python 3.11 also reads 20261203 and 2026-W49-4; the API promises YYYY-MM-DD only.
        valid = len(text) == 10 and day.isoformat() == text and FIRST_YEAR <= day.year <= LAST_YEAR
    except ValueError:
        valid = False
    if not valid:
        raise Invalid("invalid_day", first=FIRST_YEAR, last=LAST_YEAR)
    return day
