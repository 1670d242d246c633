"""Shared fixtures: moto in-process, every resource created, a signed-in HR client."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import botocore.loaders
import botocore.session
import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib import aws, deps
from chalicelib.settings import Settings
from chalicelib.vocabulary import Role
from devtools.resources import create_all

# A fixed "now" for every request: Friday 27 November 2026, 09:00 in Shanghai.
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
CONFIG = json.loads((Path(__file__).parent.parent / ".chalice" / "config.json").read_text())
TEST_STAGE_ENV = CONFIG["stages"]["test"]["environment_variables"]


# Each test's fresh boto3 sessions would re-parse botocore's JSON service models, which is most
# of a moto test's setup time; the models never change, so every session may share one loader.
_shared_loader = functools.cache(botocore.loaders.create_loader)


@pytest.fixture(autouse=True)
def shared_service_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let every boto3 session in the test reuse already parsed service models."""
    monkeypatch.setattr(botocore.session, "create_loader", _shared_loader)


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # AWS_ENDPOINT_URL would send boto3 past mock_aws to a real endpoint.
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        **TEST_STAGE_ENV,
    }.items():
        monkeypatch.setenv(name, value)
    aws.reset()
    yield
    aws.reset()


@pytest.fixture
def settings() -> Settings:
    return deps.settings()


@pytest.fixture
def resources(settings: Settings) -> Iterator[dict[str, str]]:
    with mock_aws():
        yield create_all(boto3.session.Session(), settings)


# override(name=factory, ...): build that part of the composition root (chalicelib.deps) with
# ``factory`` for the rest of the test, e.g. ``override(now=lambda: NOW)``.
Override = Callable[..., None]


@pytest.fixture
def override() -> Iterator[Override]:
    """The one way tests replace a clock, a repository or a service: undone when the test ends."""
    with ExitStack() as stack:
        yield lambda **parts: stack.enter_context(deps.override(**parts))


@pytest.fixture
def now(override: Override) -> datetime:
    override(now=lambda: NOW)
    return NOW


@pytest.fixture
def token(resources: dict[str, str]) -> str:
    """An admin's token: the API tests reach every route; tests/test_roles.py holds each role to its own."""
    return deps.tokens().mint("hr-desk", created_at="2026-11-27T00:00:00Z", role=Role.ADMIN)


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
        payload = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.http.post(path, body=payload, headers=kwargs.pop("headers", self.headers()), **kwargs)


@pytest.fixture
def client(resources: dict[str, str]) -> Iterator[Client]:
    from app import app

    with Client(app, stage_name="test") as chalice_client:
        yield chalice_client


@pytest.fixture
def api(client: Client, token: str, now: datetime) -> Api:
    return Api(client, token)


def position_body(**overrides: Any) -> dict[str, Any]:
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
