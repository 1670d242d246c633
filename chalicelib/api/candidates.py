"""Candidates' personal data on request (API.md ``DELETE /candidates/{email}``), behind the HR token."""

from __future__ import annotations

from urllib.parse import unquote

from chalicelib import aws, deps
from chalicelib.addresses import check_email
from chalicelib.api.auth import hr_token
from chalicelib.api.middleware import Routes
from chalicelib.errors import invalid
from chalicelib.services.privacy.erasure import CandidateErasure
from chalicelib.store.interviews import CandidateIndex

candidates = Routes(__name__)


def erasure_service() -> CandidateErasure:
    """Built per request from the shared repositories (cheap: the AWS clients are cached)."""
    return CandidateErasure(
        interviews=deps.interviews(),
        index=CandidateIndex(table=aws.table(deps.settings().interviews_table)),
        ledger=deps.ledger(),
    )


@candidates.route("/candidates/{email}", methods=["DELETE"], authorizer=hr_token)
def erase_candidate(email: str) -> dict[str, int]:
    """Erase the candidate's name, address, phone and what they said; the counts stay. Repeating is harmless."""
    # Clients percent-encode the "@"; an address with a literal "@" arrived decoded already.
    address = email if "@" in email else unquote(email)
    try:
        address = check_email(address)
    except ValueError as exc:
        raise invalid("email", str(exc)) from None
    return {"erased": erasure_service().erase(address, now=deps.now())}
