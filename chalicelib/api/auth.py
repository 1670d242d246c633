"""HR sign-in: ``Authorization: Bearer <token>``, valid when its SHA-256 is in the tokens table."""

from __future__ import annotations

from chalice import AuthResponse, Blueprint
from chalice.app import AuthRequest

from chalicelib import deps

auth = Blueprint(__name__)


def bearer_token(header: str | None) -> str | None:
    """The token in ``Bearer <token>``, or ``None`` for anything else."""
    scheme, _, token = (header or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@auth.authorizer(ttl_seconds=300)
def hr_token(request: AuthRequest) -> AuthResponse:
    # A missing header never reaches here: API Gateway answers 401 itself.
    token = bearer_token(request.token)
    holder = deps.tokens().holder(token) if token else None
    if holder is None:
        return AuthResponse(routes=[], principal_id="unknown")
    return AuthResponse(routes=["*"], principal_id=holder)
