"""Bytes a browser transfers to show the HR page and the statistics page, again with a warm cache.

The app is served as the browser tests serve it (chalice's local server in a thread, on in-process
moto). Each page gets a fresh Chromium context: the first load signs in, then the page is left and
loaded again, still signed in, as HR does the next morning in the same tab. Bytes are what Chromium
reports per response (CDP ``encodedDataLength``: headers and body as they came over the wire, 0 for
what its cache answered); the API calls the page makes count too. Subject: the second load.
Baseline: the first load. Goal: the second load at most half the first.

    python -m bench.page_bytes
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.api import use_test_stage_environment

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.5
# Each page's path, and what shows once its data has arrived (every API call it makes has answered).
PAGES = {
    "HR page": ("", "[data-testid=interviews-summary]:not(:empty)"),
    "statistics page": ("dashboard", "[data-testid=tiles] dt"),
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]


@dataclass(frozen=True)
class Load:
    """What one load of a page transferred: the page's own files (HTML, CSS, JS) and its API calls."""

    page_bytes: int
    api_bytes: int
    responses: int

    @property
    def total(self) -> int:
        return self.page_bytes + self.api_bytes

    def __str__(self) -> str:
        return f"{self.total:,} bytes ({self.page_bytes:,} page, {self.api_bytes:,} API) in {self.responses} responses"


class Recorder:
    """Bytes per response as Chromium received them, split into the page's files and API calls."""

    def __init__(self, cdp: Any) -> None:
        self.kinds: dict[str, str] = {}
        self.received: list[tuple[str, int]] = []
        cdp.on("Network.requestWillBeSent", lambda event: self.kinds.update({event["requestId"]: event["type"]}))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")

    def _finished(self, event: dict[str, Any]) -> None:
        kind = self.kinds.get(event["requestId"], "Other")
        self.received.append((kind, int(event["encodedDataLength"])))

    def take(self) -> Load:
        """What arrived since the last take."""
        received, self.received = self.received, []
        api = sum(size for kind, size in received if kind in ("Fetch", "XHR"))
        total = sum(size for _, size in received)
        return Load(total - api, api, sum(1 for _, size in received if size))


@contextmanager
def served() -> Iterator[tuple[str, str]]:
    """The app's base URL on in-process moto, and a valid HR token."""
    import boto3
    from chalice.config import Config
    from chalice.local import create_local_server
    from moto import mock_aws

    from chalicelib import aws, deps
    from devtools.resources import create_all

    use_test_stage_environment()
    aws.reset()
    with mock_aws():
        create_all(boto3.session.Session(), deps.settings())
        token = deps.tokens().mint("bench", created_at=datetime.now(UTC).isoformat())
        from app import app

        config = Config(chalice_stage="test", user_provided_params={"project_dir": str(ROOT), "chalice_app": app})
        server = create_local_server(app, config, "127.0.0.1", 0)
        thread = threading.Thread(target=server.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server.server_address[1]}/", token
        finally:
            server.shutdown()
            server.server.server_close()
            thread.join(timeout=10)
            aws.reset()


def measure(browser: Any, url: str, ready: str, token: str) -> tuple[Load, Load]:
    """Load ``url`` and sign in, leave it, load it again: what each load transferred."""
    context = browser.new_context()
    page = context.new_page()
    recorder = Recorder(context.new_cdp_session(page))
    page.goto(url)
    page.locator("#token").fill(token)
    page.locator("[data-testid=sign-in]").click()
    page.locator(ready).first.wait_for()
    first = recorder.take()
    page.goto("about:blank")
    recorder.take()
    page.goto(url)
    page.locator(ready).first.wait_for()
    second = recorder.take()
    context.close()
    return first, second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with served() as (base, token), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = {name: measure(browser, base + path, ready, token) for name, (path, ready) in PAGES.items()}
        browser.close()

    ratios = {name: second.total / first.total for name, (first, second) in results.items()}
    for name, (first, second) in results.items():
        print(f"{name}:\n  first load   {first}\n  second load  {second}\n  ratio {ratios[name]:.3f}")
    worst = max(ratios.values())
    verdict = "meets" if worst <= GOAL else "MISSES"
    print(f"second load over first: at most {worst:.2f} ({verdict} the goal of at most {GOAL})")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
