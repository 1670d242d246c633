"""Candidate links: signed (HMAC-SHA256), expiring, and bound to the interview's version.

A reschedule or cancellation raises the version, so every older link stops working.
The token carries no personal data: only the interview id, its version and an expiry.
Time is passed in, so a job replaying a chosen ``now`` signs links that expire accordingly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

# Bumping this retires every link signed before.
_CONTEXT = b"showup.candidate-link.v1"


class BadLink(Exception):
    """Tampered or expired: the candidate gets a 403 page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkTarget:
    interview_id: str
    version: int


class LinkSigner:
    def __init__(self, *, secret: str, max_age_seconds: int) -> None:
        if not secret:
            raise ValueError("a link secret is required")
        self._key = hmac.new(secret.encode(), _CONTEXT, hashlib.sha256).digest()
        self.max_age_seconds = max_age_seconds

    def sign(self, interview_id: str, version: int, *, now: datetime) -> str:
        """A URL-safe token for ``/c/{token}`` that expires ``max_age_seconds`` after ``now``."""
        claims = {"i": interview_id, "v": version, "e": int(now.timestamp()) + self.max_age_seconds}
        payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
        return f"{payload}.{_b64(self._mac(payload))}"

    def verify(self, token: str, *, now: datetime) -> LinkTarget:
        """The interview and version a token points at, or :class:`BadLink`."""
        payload, _, signature = token.partition(".")
        try:
            valid = hmac.compare_digest(_unb64(signature), self._mac(payload))
            claims = json.loads(_unb64(payload)) if valid else None
        except ValueError:
            valid, claims = False, None
        if not valid or not isinstance(claims, dict):
            raise BadLink("tampered")
        interview_id, version, expires = claims.get("i"), claims.get("v"), claims.get("e")
        if not isinstance(interview_id, str) or not isinstance(version, int) or not isinstance(expires, int):
            raise BadLink("tampered")
        if now.timestamp() > expires:
            raise BadLink("expired")
        return LinkTarget(interview_id=interview_id, version=version)

    def _mac(self, payload: str) -> bytes:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
