"""An interview's timeline for HR: every event, oldest first, with who acted and when."""

from __future__ import annotations

from typing import Any

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts
from chalicelib.api.middleware import Routes
from chalicelib.vocabulary import Role

timeline = Routes(__name__)


@timeline.route("/interviews/{interview_id}/events", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts()
def interview_events(interview_id: str) -> dict[str, Any]:
    """``{"interview_id", "events": [{at, kind, actor: {kind, name}, detail}]}``; 404 for no such interview."""
    deps.interview_service().get(interview_id)
    return {"interview_id": interview_id, "events": [_shown(item) for item in deps.interviews().timeline(interview_id)]}


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    actor = {"kind": item["actor"], **({"name": item["by"]} if item.get("by") else {})}
    return {"at": item["at"], "kind": item["kind"], "actor": actor, "detail": item.get("detail") or {}}
