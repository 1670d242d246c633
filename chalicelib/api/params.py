"""Query parameters shared by the HR routes."""

from __future__ import annotations

from datetime import date

from chalicelib.days import check_day
from chalicelib.errors import Invalid, refused


def parse_day(name: str, text: str) -> date:
    """``YYYY-MM-DD`` as a date, or a 400 naming ``name``."""
    try:
        return check_day(text)
    except Invalid as exc:
        raise refused({name: exc}) from None
