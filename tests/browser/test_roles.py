"""The HR page says who is signed in and offers only what their role may do, in headless Chromium."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib import deps
from chalicelib.services.common.clock import iso_utc
from chalicelib.vocabulary import Role
from tests.support.browser import LiveApp, candidate, future_day, held_on, past_day, row_of

# Everything on the HR page that changes data: none of it may show for a viewer.
WRITES = ("Cancel", "Reschedule", "Accept and send", "Resend notice", "Record outcome", "Log call", "Create position")
WRITE_BUTTONS = re.compile(rf"^({'|'.join(WRITES)}|Schedule interview)")


def token_for(role: Role, name: str) -> str:
    return deps.tokens().mint(name, created_at=iso_utc(datetime.now(UTC)), role=role)


def sign_in_as(page: Any, live_app: LiveApp, token: str, path: str = "") -> None:
    page.goto(live_app.url + path)
    page.locator("#token").fill(token)
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()


@pytest.fixture
def day_with_interviews(live_app: LiveApp) -> dict[str, Any]:
    """An interview to come and one that was held, so rows offer both kinds of actions."""
    past = past_day()
    (held,) = held_on(
        live_app, past, {"start": time(9, 30), "candidate": candidate("Li Si", "li.si@example.com"), "outcome": None}
    )
    position = live_app.api("GET", "positions")["positions"][0]
    coming = live_app.api(
        "POST",
        "interviews",
        {
            "position_id": position["position_id"],
            "candidate": {"name": "Zhang San", "email": "zhang.san@example.com"},
            "starts_at": f"{future_day()}T14:30",
            "timezone": "Asia/Shanghai",
            "address": "88 Century Avenue, Floor 12",
            "city": "Shanghai",
        },
    )
    return {"past": past.isoformat(), "held": held, "coming": coming}


def visible_write_buttons(page: Any) -> list[str]:
    found = page.get_by_role("button", name=WRITE_BUTTONS)
    return [text for index, text in enumerate(found.all_inner_texts()) if found.nth(index).is_visible()]


def open_day_as(page: Any, live_app: LiveApp, role: Role, name: str, world: dict[str, Any]) -> Any:
    """Sign in as ``name`` in ``role``, see the top bar say so, open the day of the interview to come: its row."""
    sign_in_as(page, live_app, token_for(role, name))
    expect(page.get_by_test_id("signed-in-as")).to_have_text(f"{name} · {role.label('en')}")
    page.locator("#day").fill(world["coming"]["local_date"])
    row = row_of(page, world["coming"])
    expect(row).to_be_visible()
    return row


def test_a_viewer_sees_who_is_signed_in_and_no_button_that_would_change_anything(
    page: Any, live_app: LiveApp, day_with_interviews: dict[str, Any]
) -> None:
    coming = open_day_as(page, live_app, Role.VIEWER, "Auditor", day_with_interviews)

    expect(page.get_by_role("link", name="Schedule interview")).to_be_hidden()
    # Reading the call script or the details changes nothing, so a viewer may; logging the call is not offered.
    expect(coming.get_by_role("button")).to_have_text(["Open call script", "Details"])
    coming.get_by_role("button", name="Open call script").click()
    expect(page.get_by_test_id("call-script")).not_to_be_empty()
    expect(page.locator("#call-form")).to_be_hidden()
    page.locator("#call-close").click()
    assert visible_write_buttons(page) == []

    page.locator("#day").fill(day_with_interviews["past"])
    held = row_of(page, day_with_interviews["held"])
    expect(held).to_be_visible()
    expect(held.get_by_test_id("outcome-form")).to_have_count(0)
    assert visible_write_buttons(page) == []

    page.get_by_role("link", name="Positions").click()
    expect(page.get_by_test_id("position-list").locator("li")).not_to_have_count(0)
    expect(page.locator("#position-form")).to_be_hidden()
    assert visible_write_buttons(page) == []

    # Typing the address of a panel the role may not use shows the interviews instead.
    page.goto(live_app.url + "#schedule")
    expect(page.locator("#interviews-panel")).to_be_visible()
    expect(page.locator("#schedule-panel")).to_be_hidden()


def test_a_recruiter_is_offered_what_a_viewer_is_not(
    page: Any, live_app: LiveApp, day_with_interviews: dict[str, Any]
) -> None:
    coming = open_day_as(page, live_app, Role.RECRUITER, "Wang Fang", day_with_interviews)

    expect(page.get_by_role("link", name="Schedule interview")).to_be_visible()
    expect(coming.get_by_role("button", name="Cancel")).to_be_visible()
    expect(coming.get_by_role("button", name="Reschedule")).to_be_visible()
    assert {"Cancel", "Reschedule"} <= set(visible_write_buttons(page))
    page.locator("#day").fill(day_with_interviews["past"])
    expect(row_of(page, day_with_interviews["held"]).get_by_test_id("outcome-form")).to_be_visible()


def test_signing_out_and_in_as_someone_else_shows_their_role_not_the_last_ones(
    page: Any, live_app: LiveApp, day_with_interviews: dict[str, Any]
) -> None:
    sign_in_as(page, live_app, token_for(Role.RECRUITER, "Wang Fang"))
    expect(page.get_by_role("link", name="Schedule interview")).to_be_visible()
    page.get_by_test_id("sign-out").click()
    expect(page.get_by_test_id("signed-in-as")).to_be_hidden()

    page.locator("#token").fill(token_for(Role.VIEWER, "Auditor"))
    page.get_by_test_id("sign-in").click()

    expect(page.get_by_test_id("signed-in-as")).to_have_text("Auditor · Viewer (read-only)")
    expect(page.get_by_role("link", name="Schedule interview")).to_be_hidden()


def test_the_statistics_page_says_who_is_signed_in(page: Any, live_app: LiveApp) -> None:
    sign_in_as(page, live_app, token_for(Role.VIEWER, "Auditor"), path="dashboard")

    expect(page.get_by_test_id("signed-in-as")).to_have_text("Auditor · Viewer (read-only)")
    expect(page.get_by_test_id("charts").locator("figure.chart svg")).not_to_have_count(0)


def test_an_admin_mints_a_token_shown_once_and_revokes_it(page: Any, live_app: LiveApp) -> None:
    sign_in_as(page, live_app, token_for(Role.ADMIN, "Li Wei"))
    page.get_by_role("link", name="People and tokens").click()

    page.get_by_label("Holder").fill("Auditor")
    page.get_by_label("Role").select_option("viewer")
    page.get_by_label("Valid for (days)").fill("7")
    page.get_by_test_id("token-submit").click()

    minted = page.get_by_test_id("minted-token")
    expect(minted).to_be_visible()
    token = minted.inner_text()
    record = deps.tokens().find(token)
    assert record is not None and (record.holder, record.role) == ("Auditor", Role.VIEWER)
    item = page.locator(f"[data-testid=token-item][data-token-id='{record.token_id}']")
    expect(item).to_contain_text("Viewer (read-only)")
    expect(item).to_contain_text("Active")

    item.get_by_role("button", name="Revoke").click()
    expect(page.get_by_test_id("ask-dialog")).to_contain_text("Revoke the token of Auditor?")
    page.get_by_test_id("ask-confirm").click()
    expect(item).to_contain_text("Revoked")
    expect(item.get_by_role("button", name="Revoke")).to_have_count(0)
    revoked = deps.tokens().find(token)
    assert revoked is not None and revoked.revoked_at is not None

    page.get_by_test_id("sign-out").click()
    expect(minted).to_have_count(0)


def test_only_an_admin_is_offered_people_and_tokens(page: Any, live_app: LiveApp) -> None:
    sign_in_as(page, live_app, token_for(Role.RECRUITER, "Wang Fang"))

    expect(page.get_by_role("link", name="Schedule interview")).to_be_visible()
    expect(page.get_by_role("link", name="People and tokens")).to_be_hidden()
    expect(page.locator("#tokens-panel")).to_be_hidden()
