"""Shared fixtures: moto in-process, every resource created, a signed-in HR client; each test marked with its group.

Helpers that are not fixtures live in ``tests/support``; groups are explained in ``tests/support/groups.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime
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
from devtools import moto_transactions
from devtools.resources import create_all
from tests.support import Override
from tests.support.api import Api
from tests.support.aws import REGION, TEST_STAGE_ENV
from tests.support.clock import NOW
from tests.support.groups import GROUPS, group

# boto3 sends every call of a unit test here, past mock_aws (which serves only AWS's own hosts): a unit
# test that reaches AWS, moto included, fails at its first call. Use a fake, or the ``resources`` fixture.
UNIT_TESTS_HAVE_NO_AWS = "http://unit-tests-have-no-aws.invalid"


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by these marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test ``unit``, ``moto`` or ``browser`` (see tests/support/groups.py), unless marked by hand."""
    for item in items:
        if any(item.get_closest_marker(name) for name in GROUPS):
            continue
        function = getattr(item, "originalname", item.name)
        item.add_marker(group(item.path, function, getattr(item, "fixturenames", ())))
    for item in items:
        if shares_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def shares_module_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a module- or session-wide fixture of its own module (a package, a server).

    Such tests run on one xdist worker (``--dist loadgroup``), so the fixture is built once, not once
    per worker; fixtures every worker needs anyway (the conftests' servers, Chromium) group nothing.
    """
    module = item.nodeid.split("::")[0]
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    return any(
        fixture.scope in ("module", "session") and fixture.baseid == module
        for fixtures in definitions
        for fixture in fixtures
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many requests the property-based API test generated (xdist carries each test's count back)."""
    counts = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "generated_cases"
    ]
    if counts:
        terminalreporter.write_line(
            f"property-based API test: {sum(counts)} generated requests over {len(counts)} operations"
        )


# Each test's fresh boto3 sessions would re-parse botocore's JSON service models, which is most
# of a moto test's setup time; the models never change, so every session may share one loader.
_shared_loader = functools.cache(botocore.loaders.create_loader)


@pytest.fixture(autouse=True)
def shared_service_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let every boto3 session in the test reuse already parsed service models."""
    monkeypatch.setattr(botocore.session, "create_loader", _shared_loader)


@pytest.fixture(autouse=True)
def aws_environment(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # AWS_ENDPOINT_URL would send boto3 past mock_aws to a real endpoint.
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        **TEST_STAGE_ENV,
    }.items():
        monkeypatch.setenv(name, value)
    if request.node.get_closest_marker("unit"):
        monkeypatch.setenv("AWS_ENDPOINT_URL", UNIT_TESTS_HAVE_NO_AWS)
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    # Each test is a fresh container: no client, and no model in force, kept from the one before.
    aws.reset()
    deps.reset()
    yield
    aws.reset()
    deps.reset()


@pytest.fixture
def settings() -> Settings:
    return deps.settings()


class _CreatingSession:
    """What ``create_all`` builds its clients from: one client per service and worker, not per test.

    mock_aws serves a client built before it started (its hook is in every client), so each test's
    fresh backends are made through the same clients. Tests hook only the app's own clients
    (``chalicelib.aws``), which are still built anew for every test.
    """

    def client(self, service: str) -> Any:
        return _creating_client(service)


@functools.cache
def _creating_client(service: str) -> Any:
    return _creating_session().client(service)


@functools.cache
def _creating_session() -> boto3.session.Session:
    return boto3.session.Session(region_name=REGION)


@pytest.fixture
def resources(settings: Settings) -> Iterator[dict[str, str]]:
    # Every interview write is a transaction: without its copy of whole tables, moto keeps up.
    moto_transactions.install()
    with mock_aws():
        yield create_all(_CreatingSession(), settings)


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


@pytest.fixture
def client(resources: dict[str, str]) -> Iterator[Client]:
    from app import app

    with Client(app, stage_name="test") as chalice_client:
        yield chalice_client


@pytest.fixture
def api(client: Client, token: str, now: datetime) -> Api:
    return Api(client, token)
