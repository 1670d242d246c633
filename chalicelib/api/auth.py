"""HR sign-in and roles: ``Authorization: Bearer <token>``, valid when its SHA-256 is in the tokens
table, not revoked and not expired; each route declares with :func:`requires` the role it needs.

The authorizer names the holder (principal) and the role; the route refuses a role below its own
with a 403 in the API's error shape, whatever the page showed. A revoked token stops within
``REVOCATION_BOUND_SECONDS``: a warm container trusts a token it accepted for ``ACCEPTED_SECONDS``
and API Gateway caches the authorizer's answer for ``AUTHORIZER_TTL_SECONDS`` on top of that. An
expired token stops at once: every route checks the expiry the authorizer passed along.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from chalice import AuthResponse, Blueprint
from chalice.app import AuthRequest

from chalicelib import deps
from chalicelib.errors import Forbidden
from chalicelib.services.common.clock import parse_utc
from chalicelib.store import actor
from chalicelib.store.tokens import TokenRecord, token_hash
from chalicelib.vocabulary import Role

auth = Blueprint(__name__)

ACCEPTED_SECONDS = 30
AUTHORIZER_TTL_SECONDS = 30
REVOCATION_BOUND_SECONDS = ACCEPTED_SECONDS + AUTHORIZER_TTL_SECONDS
# Keyed by the hash, as the table is: no clear token stays in memory after the request.
_accepted: dict[str, tuple[TokenRecord, datetime]] = {}

View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Principal:
    """The person a request acts for, as the authorizer vouched for them."""

    holder: str
    role: Role
    expires_at: str
    token_id: str

    def public(self) -> dict[str, Any]:
        return {**asdict(self), "role": self.role.value}


def bearer_token(header: str | None) -> str | None:
    """The token in ``Bearer <token>``, or ``None`` for anything else."""
    scheme, _, token = (header or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@auth.authorizer(ttl_seconds=AUTHORIZER_TTL_SECONDS)
def hr_token(request: AuthRequest) -> AuthResponse:
    # A missing header never reaches here: API Gateway answers 401 itself.
    token = bearer_token(request.token)
    record = _valid(token, deps.now()) if token else None
    if record is None:
        return AuthResponse(routes=[], principal_id="unknown")
    # API Gateway passes only strings, numbers and booleans on to the route.
    context = {"role": record.role.value, "expires_at": record.expires_at, "token_id": record.token_id}
    return AuthResponse(routes=["*"], principal_id=record.holder, context=context)


def _valid(token: str, now: datetime) -> TokenRecord | None:
    key = token_hash(token)
    known = _accepted.get(key)
    if known is None or known[1] <= now:
        record = deps.tokens().find(token)
        if record is None or not record.valid_at(now):
            _accepted.pop(key, None)
            return None
        known = _accepted[key] = (record, now + timedelta(seconds=ACCEPTED_SECONDS))
    return known[0] if known[0].valid_at(now) else None


def principal(context: Mapping[str, Any] | None, now: datetime) -> Principal | None:
    """Who the authorizer let in (from ``request.context``), or ``None`` when nobody or when the
    token has expired since API Gateway cached the answer."""
    found = (context or {}).get("authorizer") or {}
    holder, expires_at = found.get("principalId"), found.get("expires_at")
    role = next((member for member in Role if member.value == found.get("role")), None)
    if not holder or role is None or not expires_at or parse_utc(expires_at) <= now:
        return None
    return Principal(holder=holder, role=role, expires_at=expires_at, token_id=str(found.get("token_id") or ""))


def signed_in() -> Principal:
    """The person the current request acts for, or a 403 when the token has expired meanwhile."""
    request = auth.current_request
    who = principal(request.context if request is not None else None, deps.now())
    if who is None:
        raise Forbidden(reason="signed_out")
    return who


class RoleTooLow(Forbidden):
    """A valid token whose role may not do this: the page keeps its holder signed in."""

    def __init__(self, needed: Role, held: Role) -> None:
        super().__init__(f"This needs the {needed.label('en')} role; your token is for {held.label('en')}")
        self.needed = needed

    def body(self) -> dict[str, Any]:
        return {**super().body(), "needs": self.needed.value}


def requires(role: Role) -> Callable[[View], View]:
    """Declare the least role a route needs (under ``route(..., authorizer=hr_token)``).

    A caller below it gets a 403 and the view never runs; a caller who may acts as themselves:
    what the view writes carries their name."""

    def declare(view: View) -> View:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            who = signed_in()
            if not who.role.includes(role):
                raise RoleTooLow(role, who.role)
            with actor.acting_as(who.holder):
                return view(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return declare
