"""Query parameters shared by the HR routes."""

from __future__ import annotations

from datetime import date

from chalicelib.days import check_day
from chalicelib.errors import invalid


def parse_day(name: str, text: str) -> date:
    """``YYYY-MM-DD`` as a date, or a 400 naming ``name``."""
    try:
        return check_day(text)
    except ValueError as exc:
        raise invalid(name, str(exc)) from None
