"""HR's inbox (API.md): the open items that need a person, newest first, and resolving one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires, signed_in
from chalicelib.api.contract import accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.vocabulary import LANGUAGES, Role

if TYPE_CHECKING:
    from chalicelib.services.followup.inbox import Item

inbox = Routes(__name__)


def shown(item: Item) -> dict[str, Any]:
    """An item as the API shows it: its kind with labels, its interview in brief, and what to know."""
    from chalicelib.store.codec import plain

    interview = item.interview
    body: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "label": {language: item.kind.label(language) for language in LANGUAGES},
        "raised_at": item.raised_at,
        "interview_id": interview.interview_id,
        "interview": {
            "candidate": interview.candidate.name,
            "position": interview.position_title,
            "company": interview.company,
            "starts_at": interview.starts_at,
            "timezone": interview.timezone,
            "starts_at_utc": interview.starts_at_utc,
            "status": interview.status.value,
        },
        "detail": _readable(_said(item)),
    }
    if item.resolution is not None:
        body["resolved"] = plain(item.resolution)
    return body


def _readable(detail: dict[str, Any]) -> dict[str, Any]:
    """The item's detail, a phone in it also written for reading (``phone_display``) as on the rows."""
    if not detail.get("phone"):
        return detail
    from chalicelib.api.hr import readable_phone

    return {**detail, "phone_display": readable_phone(str(detail["phone"]))}


def _said(item: Item) -> dict[str, Any]:
    """The item's detail, an at-risk prompt said in the language the request asks for."""
    from chalicelib.api.hr import asked_language
    from chalicelib.services.preparation.calls import at_risk_prompt

    language = asked_language()
    if language is None or not item.detail.get("prompt"):
        return item.detail
    return {**item.detail, "prompt": at_risk_prompt(item.interview, language) or item.detail["prompt"]}


@inbox.route("/inbox", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def open_items() -> dict[str, Any]:
    found = deps.inbox().open(deps.now())
    return {"count": len(found), "items": [shown(item) for item in found]}


@inbox.route("/inbox/{item_id}/resolve", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.ResolveIn")
@answers(errors=(409,))
def resolve_item(item_id: str) -> dict[str, Any]:
    from chalicelib.models import ResolveIn
    from chalicelib.validation import parse

    request = inbox.current_request
    body = parse(ResolveIn, request.raw_body if request is not None else None)
    resolved = deps.inbox().resolve(item_id, now=deps.now(), by=signed_in().holder, notes=body.notes)
    return shown(resolved)
