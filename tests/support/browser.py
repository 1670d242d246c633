"""The HR app served over HTTP, as the browser tests drive it: its address and token, and what they do first."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests
from chalice import Chalice
from playwright.sync_api import expect

from chalicelib import deps
from chalicelib.api.pages import pages
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.notices.delivery import update_notice
from chalicelib.store.codec import plain
from chalicelib.vocabulary import NoticeStatus
from devtools import seed

# The browser runs where most ShowUp users are, so default time zones and "today" are predictable.
BROWSER_TIMEZONE = "Asia/Shanghai"


@dataclass
class LiveApp:
    """The app at ``url`` with a valid HR ``token``; ``api`` calls it over HTTP to seed data."""

    url: str
    token: str
    http: requests.Session = field(default_factory=requests.Session)

    def api(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(
            method,
            self.url + path,
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()


def future_day(days: int = 14) -> str:
    """A day safely after the app's real "now" (the served app reads the real clock)."""
    return (datetime.now(ZoneInfo(BROWSER_TIMEZONE)).date() + timedelta(days=days)).isoformat()


def candidate_link(live_app: LiveApp, interview: dict[str, Any]) -> str:
    """The candidate's page for ``interview``, signed as the notice would sign it.

    The app is served from this process with the environment ``live_app`` set, so the signer
    built here reads the same LINK_SECRET as the server's.
    """
    token = deps.link_signer().sign(interview["interview_id"], interview["version"], now=datetime.now(UTC))
    return f"{live_app.url}c/{token}"


def report_notice(interview_id: str, status: str, **flags: Any) -> None:
    """Record what delivery learnt about a notice (sent, delivered, failed, bounced), as its consumers do."""
    now = datetime.now(UTC)
    # Delivery stamps the attempt on sent and failed notices; SES reports only change the status.
    stamp: dict[str, Any] = {"sent_at": iso_utc(now)} if status in ("sent", "failed") else {}
    also = (lambda interview: dataclasses.replace(interview, **flags)) if flags else None
    update_notice(deps.interviews(), interview_id, now=now, status=NoticeStatus(status), also=also, **stamp)


def showup_app() -> Chalice:
    """The app from app.py, with the HR pages blueprint registered."""
    from app import app

    # app.py registers the HR pages once wired; until then the tests add them, once.
    if "/" not in app.routes:
        app.register_blueprint(pages)
    return app


# What the sign-in form says, in English, when ShowUp refuses a token.
REFUSED = "This token is not valid or has expired. Ask your administrator for a new one."


def sign_in(page: Any, live_app: LiveApp) -> None:
    """Open the HR app and sign in with the test token."""
    from playwright.sync_api import expect

    page.goto(live_app.url)
    page.locator("#token").fill(live_app.token)
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("nav")).to_be_visible()


def problems(page: Any) -> list[str]:
    """Console errors (Chromium reports every refusal of the Content-Security-Policy there) and crashes."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def past_day(days: int = 2) -> date:
    """A day safely before the app's real "now", in the interviews' (and the browser's) time zone."""
    return datetime.now(ZoneInfo(BROWSER_TIMEZONE)).date() - timedelta(days=days)


def candidate(name: str, email: str) -> dict[str, Any]:
    return {"name": name, "email": email, "skills": ["Java", "MySQL"], "expected_salary": 11000}


def held_on(live_app: LiveApp, day: date, *stories: dict[str, Any]) -> list[dict[str, Any]]:
    """Past interviews on ``day``, replayed as ``make run``'s demo data is (notified, answered, maybe closed)."""
    position = live_app.api("POST", "positions", seed.JUNIOR)
    history = seed.History.from_settings()
    # In their stored shape, as the API shows them.
    return [
        dict(plain(history.replay(seed.Story(role="junior", day=day, **story), position_id=position["position_id"])))
        for story in stories
    ]


def row_of(page: Any, interview: dict[str, Any]) -> Any:
    return page.locator(f"[data-testid=interview-row][data-interview-id='{interview['interview_id']}']")


def open_position_edit(page: Any, position: dict[str, Any]) -> None:
    """What the positions list's Edit button does: send the event with the position as listed."""
    page.evaluate(
        "position => document.dispatchEvent(new CustomEvent('showup:edit-position', { detail: { position } }))",
        position,
    )
    expect(page.get_by_test_id("position-edit-panel")).to_be_visible()
    # The panel reloads the stored position before it may be edited, as a person sees it finish loading.
    expect(page.locator("#position-edit-form")).not_to_have_attribute("aria-busy", "true")
