"""Query parameters shared by the HR routes."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import invalid

# Days outside these years are typos, and near 0001 or 9999 week and month arithmetic overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_day(name: str, text: str) -> date:
    """``YYYY-MM-DD`` as a date, or a 400 naming ``name``."""
    try:
        day = date.fromisoformat(text)
        # Python 3.11 also reads 20261203 and 2026-W49-4; the API promises YYYY-MM-DD only.
        valid = len(text) == 10 and day.isoformat() == text and FIRST_YEAR <= day.year <= LAST_YEAR
    except ValueError:
        valid = False
    if not valid:
        raise invalid(name, f"must be a date such as 2026-12-03, between {FIRST_YEAR} and {LAST_YEAR}")
    return day
