"""Editing a position from its side panel in Chromium: saving what changed, errors at once, close and reopen."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.support.api import position_body
from tests.support.browser import LiveApp, open_position_edit, problems, sign_in


def test_a_position_edit_saves_the_new_pay_and_says_candidates_get_an_update(page: Any, live_app: LiveApp) -> None:
    seen = problems(page)
    position = live_app.api("POST", "positions", position_body())
    sign_in(page, live_app)
    open_position_edit(page, position)
    expect(page.locator("#pe-title")).to_have_value("Front-end Engineer")
    expect(page.locator("#pe-salary-max")).to_have_value("22000")
    expect(page.locator("#pe-skills")).to_have_value("typescript, css")

    page.locator("#pe-salary-max").fill("25000")
    page.get_by_test_id("position-edit-submit").click()

    expect(page.get_by_test_id("toast")).to_contain_text(
        "Saved. Candidates who already have their notice get one update saying what changed."
    )
    expect(page.get_by_test_id("position-edit-panel")).to_be_hidden()
    expect(page.get_by_test_id("position-list")).to_contain_text("15,000–25,000 CNY")
    stored = live_app.api("GET", f"positions/{position['position_id']}")
    assert (stored["salary_max"], stored["revision"]) == (25000, position["revision"] + 1)
    # Nothing else was sent: the fields left alone are as they were.
    assert {k: v for k, v in stored.items() if k not in ("salary_max", "revision", "updated_at", "updated_by")} == {
        k: v for k, v in position.items() if k not in ("salary_max", "revision", "updated_at", "updated_by")
    }
    assert seen == []


def test_vague_pay_and_an_empty_title_are_marked_at_once_in_chinese_and_nothing_is_saved(
    page_zh: Any, live_app: LiveApp
) -> None:
    position = live_app.api("POST", "positions", position_body())
    sign_in(page_zh, live_app)
    open_position_edit(page_zh, position)
    page_zh.locator("#pe-title").fill("")
    page_zh.locator("#pe-salary-min").fill("面议")
    page_zh.locator("#pe-salary-currency").fill("人民币")
    page_zh.get_by_test_id("position-edit-submit").click()

    expect(page_zh.locator("#pe-title-error")).to_have_text("请填写这一项。")
    expect(page_zh.locator("#pe-salary-currency-error")).to_contain_text("三个字母的货币代码")
    expect(page_zh.locator("#pe-salary-min-error")).to_contain_text("ShowUp 需要明确的薪资范围")
    expect(page_zh.locator("#pe-salary-min")).to_have_value("面议")
    assert live_app.api("GET", f"positions/{position['position_id']}")["revision"] == position["revision"]


def test_a_position_someone_changed_meanwhile_is_shown_as_it_is_now(page: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    sign_in(page, live_app)
    open_position_edit(page, position)
    path = f"positions/{position['position_id']}"
    live_app.api("PATCH", path, {"revision": position["revision"], "title": "Web Engineer"})
    page.locator("#pe-salary-max").fill("25000")
    page.get_by_test_id("position-edit-submit").click()

    expect(page.get_by_test_id("position-edit-message")).to_contain_text(
        "Someone changed this position while you were editing."
    )
    expect(page.locator("#pe-title")).to_have_value("Web Engineer")
    expect(page.locator("#pe-salary-max")).to_have_value("22000")


def test_a_position_is_closed_after_a_confirmation_and_reopened_from_its_panel(phone: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    sign_in(phone, live_app)
    open_position_edit(phone, position)
    phone.get_by_test_id("position-close").click()
    expect(phone.get_by_test_id("ask-dialog")).to_contain_text("Close the position “Front-end Engineer”?")
    phone.get_by_test_id("ask-confirm").click()

    expect(phone.get_by_test_id("toast").last).to_contain_text("The position “Front-end Engineer” is closed.")
    expect(phone.get_by_test_id("position-edit-closed")).to_be_visible()
    expect(phone.get_by_test_id("position-reopen")).to_be_focused()
    assert live_app.api("GET", f"positions/{position['position_id']}")["closed_at"]

    phone.get_by_test_id("position-reopen").click()
    expect(phone.get_by_test_id("toast").last).to_contain_text("The position “Front-end Engineer” is open again.")
    expect(phone.get_by_test_id("position-close")).to_be_visible()
    assert live_app.api("GET", f"positions/{position['position_id']}").get("closed_at") is None
