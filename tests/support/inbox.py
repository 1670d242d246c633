"""HR's inbox as the tests drive it: interviews booked and answered through the real routes, the inbox read
and resolved through its own, and the outbox consumer giving up while SES refuses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws, deps
from chalicelib.events.queues import NoticeNotSent
from tests.support.api import Api, create_position, interview_body
from tests.support.events import deliver

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def position_id(api: Api) -> str:
    """A complete position, created through the API."""
    return str(create_position(api)["position_id"])


def book(api: Api, position_id: str, starts_at: str = "2026-12-03T14:30", name: str = "Zhang San", **more: Any) -> str:
    """An interview booked through the API (Shanghai unless ``timezone=`` says otherwise); returns its id."""
    body = interview_body(position_id, starts_at=starts_at, **more)
    email = name.lower().replace(" ", ".") + "@example.com"
    body["candidate"] = {**body["candidate"], "name": name, "email": email, "phone": "+86 138 0013 8000"}
    response = api.post("/interviews", body)
    assert response.status_code == 201, response.body
    return str(response.json_body["interview_id"])


def answer(api: Api, interview_id: str, action: str, reason: str = "") -> None:
    """The candidate answers (confirm, decline, reschedule) through the link in their email; a decline
    is the second step of the page's "are you sure?" (``sure=yes``), which the other answers ignore."""
    record = deps.interviews().get(interview_id)
    assert record is not None
    token = deps.link_signer().sign(interview_id, record.version, now=deps.now())
    page = api.client.http.post(f"/c/{token}/{action}", body=urlencode({"reason": reason, "sure": "yes"}), headers=FORM)
    assert page.status_code == 200, page.body


def call(api: Api, interview_id: str, intent: str) -> None:
    """HR logs a call that reached the candidate, with the intent they heard."""
    response = api.post(f"/interviews/{interview_id}/call", {"reached": True, "intent": intent})
    assert response.status_code == 200, response.body


def inbox(api: Api) -> dict[str, Any]:
    """``GET /inbox``; its count always matches its items."""
    response = api.get("/inbox")
    assert response.status_code == 200, response.body
    listed: dict[str, Any] = response.json_body
    assert listed["count"] == len(listed["items"])
    return listed


def kinds(api: Api) -> list[str]:
    return [item["kind"] for item in inbox(api)["items"]]


def only_item(api: Api) -> dict[str, Any]:
    (item,) = inbox(api)["items"]
    return dict(item)


def resolve(api: Api, item_id: str, body: Any = None) -> dict[str, Any]:
    """``POST /inbox/{id}/resolve``, which must succeed; returns the item as resolved."""
    response = api.post(f"/inbox/{item_id}/resolve", body)
    assert response.status_code == 200, response.body
    return dict(response.json_body)


@contextmanager
def ses_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """SES refuses every send (throttled) for the length of the block, and the queue keeps no back-off."""
    error = ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "SendRawEmail")

    def refuse(**_: Any) -> Any:
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(aws.client("ses"), "send_raw_email", refuse)
        patch.setattr(aws.client("sqs"), "change_message_visibility", lambda **_: None)
        yield


def give_up_on(api: Api, message: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The outbox consumer's last try at ``message`` fails, as SES keeps refusing."""
    with ses_down(monkeypatch), pytest.raises(NoticeNotSent):
        deliver(api, message, attempt=deps.settings().outbox_max_receives)
