"""The HR API as a client sees it: a signed-in JSON wrapper, request bodies, and what its answers must look like."""

from __future__ import annotations

import json
from typing import Any

from chalice.test import Client

ERROR_KEYS = {"error", "message"}
VALIDATION_KEYS = {"error", "message", "fields", "codes"}


class Api:
    """A small JSON wrapper over chalice's test client, signed in with an HR token."""

    def __init__(self, client: Client, token: str) -> None:
        self.client = client
        self.token = token

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"Content-Type": "application/json", "Authorization": f"Bearer {token or self.token}"}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.http.get(path, headers=kwargs.pop("headers", self.headers()), **kwargs)

    def post(self, path: str, body: Any = None, raw: bytes | str | None = None, **kwargs: Any) -> Any:
        return self.send("POST", path, body, raw, **kwargs)

    def patch(self, path: str, body: Any = None, raw: bytes | str | None = None, **kwargs: Any) -> Any:
        return self.send("PATCH", path, body, raw, **kwargs)

    def send(self, method: str, path: str, body: Any = None, raw: bytes | str | None = None, **kwargs: Any) -> Any:
        """``method`` with a JSON body (``{}`` when none is given) or exactly the ``raw`` bytes."""
        payload = raw if raw is not None else json.dumps(body if body is not None else {})
        headers = kwargs.pop("headers", self.headers())
        return self.client.http.request(method, path, body=payload, headers=headers, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.client.http.delete(path, headers=kwargs.pop("headers", self.headers()), **kwargs)


def position_body(**overrides: Any) -> dict[str, Any]:
    """A complete ``POST /positions`` body: every fact a notice needs."""
    body: dict[str, Any] = {
        "title": "Front-end Engineer",
        "company": "Acme Robotics",
        "work_location": "Pudong, Shanghai",
        "responsibilities": "Build the HR-facing web app in TypeScript; own accessibility and tests.",
        "salary_min": 15000,
        "salary_max": 22000,
        "salary_currency": "CNY",
        "company_website": "https://acme.example.com",
        "level": "mid",
        "applicant_count": 40,
        "skills": ["typescript", "css"],
        "contact": {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"},
    }
    body.update(overrides)
    return body


def interview_body(position_id: str, **overrides: Any) -> dict[str, Any]:
    """A ``POST /interviews`` body: Zhang San on Thursday 3 December 2026, 14:30 in Shanghai."""
    body: dict[str, Any] = {
        "position_id": position_id,
        "candidate": {"name": "Zhang San", "email": "zhang.san@example.com", "language": "zh-CN"},
        "starts_at": "2026-12-03T14:30",
        "timezone": "Asia/Shanghai",
        "address": "88 Century Avenue, Floor 12",
        "city": "Shanghai",
        "transit": "Metro line 2 to Lujiazui, exit 6",
    }
    body.update(overrides)
    return body


def book_interview(
    api: Api, position_id: str, starts_at: str, address: str, language: str = "zh-CN", **more: Any
) -> str:
    """Book the candidate at ``address`` (named after it) for ``starts_at`` in Shanghai; returns the interview's id."""
    candidate = {"name": address.split("@")[0], "email": address, "language": language}
    response = api.post("/interviews", interview_body(position_id, starts_at=starts_at, candidate=candidate, **more))
    assert response.status_code == 201, response.body
    return str(body_of(response)["interview_id"])


def body_of(response: Any) -> Any:
    return json.loads(response.body)


def create_position(api: Api, **overrides: Any) -> dict[str, Any]:
    """A position created through the API, as it answered."""
    response = api.post("/positions", position_body(**overrides))
    assert response.status_code == 201, response.body
    created: dict[str, Any] = body_of(response)
    return created


def schedule(api: Api, position_id: str, **overrides: Any) -> dict[str, Any]:
    """An interview created through the API (``interview_body`` with ``overrides``), as it answered."""
    response = api.post("/interviews", interview_body(position_id, **overrides))
    assert response.status_code == 201, response.body
    created: dict[str, Any] = body_of(response)
    return created


def assert_validation_error(response: Any, field: str, status: int = 400) -> dict[str, Any]:
    """The API.md error shape for a refused input, naming ``field``."""
    assert response.status_code == status, response.body
    body: dict[str, Any] = body_of(response)
    assert set(body) == VALIDATION_KEYS
    assert body["error"] == "validation_error"
    assert isinstance(body["message"], str) and body["message"]
    assert field in body["fields"], body["fields"]
    return body


def same_contact(stored: dict[str, Any], given: dict[str, Any]) -> bool:
    """The same person and number, however the number is written (``+86 21 ...`` or E.164)."""

    def digits(phone: str) -> str:
        return "".join(ch for ch in phone if ch.isdigit())

    return {**stored, "phone": digits(stored["phone"])} == {**given, "phone": digits(given["phone"])}
