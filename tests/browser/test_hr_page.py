"""GET / without a browser: what the page promises before any script runs (no Chromium needed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from chalice.test import Client

from tests.support.browser import showup_app


class Controls(HTMLParser):
    """Collects form controls, <label for> targets, inline scripts and styles, and every URL the markup names."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[str] = []
        self.labelled: set[str] = set()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self.styled: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append(found.get("id") or f"<{tag} name={found.get('name')}> without id")
        if tag == "label" and found.get("for"):
            self.labelled.add(str(found["for"]))
        self.urls += [str(found[name]) for name in ("href", "src", "action") if found.get(name)]
        if tag == "style" or "style" in found:
            self.styled.append(tag)
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture
def page_response() -> Iterator[Any]:
    with Client(showup_app(), stage_name="test") as client:
        yield client.http.get("/")


@pytest.fixture
def parsed(page_response: Any) -> Controls:
    parser = Controls()
    parser.feed(page_response.body.decode("utf-8"))
    return parser


def test_the_page_is_served_as_utf8_html_without_a_token_and_checked_again_on_each_visit(
    page_response: Any,
) -> None:
    assert page_response.status_code == 200
    assert page_response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page_response.headers["Cache-Control"] == "no-cache"
    assert page_response.headers["ETag"]


def test_no_inline_script_or_style_is_on_the_page(parsed: Controls) -> None:
    # The policy refuses them (script-src 'self', style-src 'self'): one would silently not run.
    assert [script for script in parsed.scripts if script.strip()] == []
    assert parsed.styled == []


def test_every_control_has_a_label_for_it(parsed: Controls) -> None:
    assert parsed.controls
    assert [control for control in parsed.controls if control not in parsed.labelled] == []


def test_nothing_is_named_from_elsewhere_or_from_the_host_root(parsed: Controls) -> None:
    # Deployed behind a stage prefix (/api), an absolute path would miss the API.
    elsewhere = [url for url in parsed.urls if url.startswith("/") or re.match(r"[a-z]+://", url)]
    assert elsewhere == []
    assert "dashboard" in parsed.urls
