"""Who may use the HR API (``GET /me``, ``GET``/``POST /tokens``, ``DELETE /tokens/{token_id}``).

Admins list, mint and revoke tokens; the token itself is shown once, in the answer that mints it,
and the list never holds a token or its hash. Anyone signed in may ask who they are."""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import REVOCATION_BOUND_SECONDS, hr_token, requires, signed_in
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.errors import NotFound
from chalicelib.vocabulary import Role

tokens = Routes(__name__)


@tokens.route("/me", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def who_am_i() -> dict[str, Any]:
    """The holder, role and expiry of the token this request came with: the page shows what it allows."""
    return signed_in().public()


@tokens.route("/tokens", methods=["GET"], authorizer=hr_token)
@requires(Role.ADMIN)
@accepts()
def list_tokens() -> dict[str, Any]:
    return {"tokens": [record.public() for record in deps.tokens().every()]}


@tokens.route("/tokens", methods=["POST"], authorizer=hr_token)
@requires(Role.ADMIN)
@accepts("chalicelib.models.TokenIn")
@answers(201)
def mint_token() -> Response:
    from chalicelib.models import TokenIn
    from chalicelib.validation import parse

    request = tokens.current_request
    body = parse(TokenIn, request.raw_body if request is not None else None)
    minted = deps.tokens().issue(body.name, now=deps.now(), role=body.role, days=body.days)
    return Response(body={**minted.record.public(), "token": minted.token}, status_code=201)


@tokens.route("/tokens/{token_id}", methods=["DELETE"], authorizer=hr_token)
@requires(Role.ADMIN)
@accepts()
def revoke_token(token_id: str) -> dict[str, Any]:
    """Revoke a token; it stops working within ``REVOCATION_BOUND_SECONDS``. Repeating is harmless."""
    record = deps.tokens().revoke(token_id, now=deps.now())
    if record is None:
        raise NotFound(reason="no_token", token_id=token_id)
    return {**record.public(), "stops_within_seconds": REVOCATION_BOUND_SECONDS}
