"""Browser fixtures: the real app served over HTTP the way ``chalice local`` serves it, on moto server.

One moto server, one app server and one Chromium per test session (per xdist worker); every test
gets fresh AWS resources, a fresh HR token and its own browser context.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from chalice.config import Config
from chalice.local import LocalChalice, LocalDevServer, create_local_server

from chalicelib import aws, deps
from chalicelib.services.common.clock import iso_utc
from chalicelib.vocabulary import Role
from devtools.resources import create_all
from tests.support.aws import CONFIG, TEST_STAGE_ENV
from tests.support.browser import BROWSER_TIMEZONE, LiveApp, showup_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def live_environment(moto_endpoint: str) -> dict[str, str]:
    """What the app process sees: the test stage's variables, pointed at moto server."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        **CONFIG.get("environment_variables", {}),
        **TEST_STAGE_ENV,
        "AWS_ENDPOINT_URL": moto_endpoint,
    }


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """``chalice local``'s own server (threaded, authorizers run) on a free port, in a thread."""
    app = showup_app()
    config = Config(
        chalice_stage="test",
        config_from_disk=CONFIG,
        user_provided_params={"project_dir": str(PROJECT_DIR), "chalice_app": app},
    )
    original_class = app.__class__
    # create_local_server swaps the app's class for one with a per-thread current_request; it cannot
    # swap twice, so an app another fixture already served is served as it is.
    if isinstance(app, LocalChalice):
        server = LocalDevServer(app, config, "127.0.0.1", 0)
    else:
        server = create_local_server(app, config, "127.0.0.1", 0)
    thread = threading.Thread(target=server.server.serve_forever, name="showup-local", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server.server_address[1]}/"
    server.shutdown()
    server.server.server_close()
    thread.join(timeout=10)
    app.__class__ = original_class


@pytest.fixture
def live_app(
    app_url: str, moto_endpoint: str, live_environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> LiveApp:
    """The served app with fresh resources and an HR token.

    Runs after tests/conftest.py's autouse fixture, which points boto3 at in-process moto; this
    points it back at moto server for the app thread. moto server is reset first because it shares
    its in-process backends with any mock_aws test that ran before on this worker.
    """
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name, value in live_environment.items():
        monkeypatch.setenv(name, value)
    aws.reset()
    requests.post(f"{moto_endpoint}/moto-api/reset", timeout=10).raise_for_status()
    create_all(boto3.session.Session(), deps.settings())
    # Minted now: the served app reads the real clock, and a token's days count from its minting.
    token = deps.tokens().mint("browser-test", created_at=iso_utc(datetime.now(UTC)), role=Role.ADMIN)
    return LiveApp(url=app_url, token=token)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser: Any, width: int, height: int, language: str = "en") -> Any:
    """A page whose HR pages speak ``language``, as if picked with the switch (the company's is zh-CN).

    The page fixtures below ask for ``live_app`` so that each page closes before the app's environment
    is undone: a page still refreshing statuses would otherwise reach an app pointed at no emulator.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="en-US" if language == "en" else "zh-CN",
        timezone_id=BROWSER_TIMEZONE,
    )
    context.add_cookies([{"name": "showup_lang", "value": language, "domain": "127.0.0.1", "path": "/"}])
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(browser: Any, live_app: LiveApp) -> Iterator[Any]:
    """A desktop-sized page in English in its own context (sessionStorage starts empty)."""
    tab = new_page(browser, 1280, 900)
    yield tab
    tab.context.close()


@pytest.fixture
def phone(browser: Any, live_app: LiveApp) -> Iterator[Any]:
    """A 375px wide page in English, the width of a small phone."""
    tab = new_page(browser, 375, 740)
    yield tab
    tab.context.close()


@pytest.fixture
def page_zh(browser: Any, live_app: LiveApp) -> Iterator[Any]:
    """A desktop-sized page in Chinese, the company's language."""
    tab = new_page(browser, 1280, 900, "zh-CN")
    yield tab
    tab.context.close()


@pytest.fixture
def phone_zh(browser: Any, live_app: LiveApp) -> Iterator[Any]:
    """A 375px wide page in Chinese."""
    tab = new_page(browser, 375, 740, "zh-CN")
    yield tab
    tab.context.close()
