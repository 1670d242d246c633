"""Candidates' personal data on request (API.md ``DELETE /candidates/{email}``), behind the HR token."""

from __future__ import annotations

from urllib.parse import unquote

from chalicelib import deps
from chalicelib.addresses import check_email
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.errors import Invalid, refused
from chalicelib.vocabulary import Role

candidates = Routes(__name__)


@candidates.route("/candidates/{email}", methods=["DELETE"], authorizer=hr_token)
@requires(Role.ADMIN)
@accepts()
@answers(errors=(400,))
def erase_candidate(email: str) -> dict[str, int]:
    """Erase the candidate's name, address, phone and what they said; the counts stay. Repeating is harmless."""
    # Clients percent-encode the "@"; an address with a literal "@" arrived decoded already.
    address = email if "@" in email else unquote(email)
    try:
        address = check_email(address)
    except Invalid as exc:
        raise refused({"email": exc}) from None
    return {"erased": deps.candidate_erasure().erase(address, now=deps.now())}
