"""HR sign-in: ``Authorization: Bearer <token>``, valid when its SHA-256 is in the tokens table."""

from __future__ import annotations

import time

from chalice import AuthResponse, Blueprint
from chalice.app import AuthRequest

from chalicelib import deps
from chalicelib.store.tokens import token_hash

auth = Blueprint(__name__)

# API Gateway caches this authorizer's answer for 300 s per token; a warm container keeps the
# tokens it has accepted for as long, so `chalice local` and the Lambda behave alike.
_ACCEPTED_SECONDS = 300
_accepted: dict[str, tuple[str, float]] = {}


def bearer_token(header: str | None) -> str | None:
    """The token in ``Bearer <token>``, or ``None`` for anything else."""
    scheme, _, token = (header or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@auth.authorizer(ttl_seconds=300)
def hr_token(request: AuthRequest) -> AuthResponse:
    # A missing header never reaches here: API Gateway answers 401 itself.
    token = bearer_token(request.token)
    holder = _holder(token) if token else None
    if holder is None:
        return AuthResponse(routes=[], principal_id="unknown")
    return AuthResponse(routes=["*"], principal_id=holder)


def _holder(token: str) -> str | None:
    # Keyed by the hash, as the table is: no clear token stays in memory after the request.
    key, now = token_hash(token), time.monotonic()
    known = _accepted.get(key)
    if known is not None and known[1] > now:
        return known[0]
    holder = deps.tokens().holder(token)
    if holder is not None:
        _accepted[key] = (holder, now + _ACCEPTED_SECONDS)
    return holder
