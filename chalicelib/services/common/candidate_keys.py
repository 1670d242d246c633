"""How the interviews table finds a candidate without an address or a number in any index key:
the SHA-256 of the lower-cased email (index ``by_candidate``) or of the E.164 phone (``by_phone``).

A hash of a phone number can be reversed by trying every number, so a key is only as private as the
item beside it: it goes when the candidate's data goes (``privacy.erasure``)."""

from __future__ import annotations

import hashlib


def candidate_key(email: str) -> str:
    """Who an interview is with, without their address: what the ``by_candidate`` index is keyed on."""
    return _sha256(email.strip().lower())


def phone_key(e164: str) -> str:
    """The ``by_phone`` index's key for a number in E.164 (``+8613800138000``), as candidates' are stored."""
    return _sha256(e164.strip())


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
