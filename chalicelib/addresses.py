"""Email addresses as ShowUp accepts them (no pydantic: the erase route checks them too)."""

from __future__ import annotations

import re

from chalicelib.errors import Invalid

# An address a mail server will take: something@domain.tld, no spaces, one @.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def check_email(value: str) -> str:
    """The address without surrounding spaces, or ``ValueError`` saying why it is refused."""
    value = value.strip()
    if not _EMAIL.match(value) or ".." in value:
        raise Invalid("invalid_email")
    return value
