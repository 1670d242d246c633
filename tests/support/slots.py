"""Slots for tests: publish them and invite candidates to choose through the API, and see what was sent."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from tests.support.api import Api, body_of, interview_body
from tests.support.aws import drain_outbox
from tests.support.clock import NOW

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def slot_body(**overrides: Any) -> dict[str, Any]:
    """Thursday 3 December 2026, 10:00 in Shanghai, three seats."""
    body: dict[str, Any] = {"starts_at": "2026-12-03T10:00", "timezone": "Asia/Shanghai", "seats": 3}
    body.update(overrides)
    return body


def publish(api: Api, position_id: str, **overrides: Any) -> dict[str, Any]:
    response = api.post(f"/positions/{position_id}/slots", slot_body(**overrides))
    assert response.status_code == 201, response.body
    return dict(body_of(response))


def choosing(api: Api, position_id: str, channels: tuple[str, ...] = ("email",), **candidate: Any) -> dict[str, Any]:
    """An interview whose candidate chooses the time, as the API answered."""
    body = interview_body(position_id, choose_slot=True, channels=list(channels))
    del body["starts_at"], body["timezone"]
    body["candidate"].update(candidate)
    response = api.post("/interviews", body)
    assert response.status_code == 201, response.body
    return dict(body_of(response))


def sent_kinds(resources: dict[str, str]) -> list[str]:
    """The kinds of the messages queued, once the outbox consumer sent them."""
    from chalicelib import deps

    kinds = []
    for message in drain_outbox(resources):
        kinds.append(message["kind"])
        deps.notice_delivery().deliver(message, now=deps.now())
    return kinds


def page_of(interview: dict[str, Any], version: int = 1) -> str:
    """The candidate's page (its signed link) for ``interview`` at ``version``."""
    from chalicelib import deps

    return f"/c/{deps.link_signer().sign(interview['interview_id'], version, now=NOW)}"


def post(api: Api, path: str, **form: str) -> Any:
    """A form posted from the candidate's page."""
    return api.client.http.post(path, body=urlencode(form), headers=FORM)


def seats(api: Api, position_id: str) -> dict[str, tuple[int, int]]:
    """Each slot's (seats taken, seats free), by slot id."""
    listed = body_of(api.get(f"/positions/{position_id}/slots"))["slots"]
    return {slot["slot_id"]: (slot["seats_taken"], slot["seats_free"]) for slot in listed}


def kinds(api: Api, interview_id: str) -> list[str]:
    """The kinds of the interview's timeline events, oldest first."""
    return [event["kind"] for event in body_of(api.get(f"/interviews/{interview_id}/events"))["events"]]
