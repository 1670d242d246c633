"""The position setting that offers a missed candidate a new slot, ticked on the HR page in Chromium."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.text import words
from tests.support.api import position_body
from tests.support.browser import LiveApp, open_position_edit, problems, sign_in


def test_the_setting_ticked_in_the_edit_panel_is_saved_and_shown_ticked_after_a_reload(
    page_zh: Any, live_app: LiveApp
) -> None:
    zh = words("zh-CN")
    seen = problems(page_zh)
    position = live_app.api("POST", "positions", position_body())
    assert position["rebook_after_no_show"] is False
    sign_in(page_zh, live_app)
    open_position_edit(page_zh, position)
    box = page_zh.get_by_test_id("position-edit-form").get_by_label(zh("rebook.setting"))
    expect(box).not_to_be_checked()
    expect(page_zh.locator("#pe-rebook-after-no-show-hint")).to_have_text(zh("rebook.hint"))

    box.check()
    page_zh.get_by_test_id("position-edit-submit").click()

    expect(page_zh.get_by_test_id("toast")).to_contain_text(zh("position_edit.saved_quiet"))
    expect(page_zh.get_by_test_id("position-edit-panel")).to_be_hidden()
    stored = live_app.api("GET", f"positions/{position['position_id']}")
    assert (stored["rebook_after_no_show"], stored["revision"]) == (True, position["revision"] + 1)

    page_zh.reload()
    expect(page_zh.get_by_test_id("nav")).to_be_visible()
    open_position_edit(page_zh, position)
    expect(page_zh.get_by_test_id("position-edit-form").get_by_label(zh("rebook.setting"))).to_be_checked()
    assert seen == []


def test_a_position_created_with_the_setting_ticked_has_it_on(page: Any, live_app: LiveApp) -> None:
    en = words("en")
    sign_in(page, live_app)
    page.get_by_role("link", name=en("nav.positions"), exact=True).click()
    facts = {"title": "Front-end Engineer", "company": "Acme Robotics", "work-location": "Shanghai Pudong"}
    facts |= {"responsibilities": "Build and test the HR web app.", "salary-min": "15000", "salary-max": "22000"}
    for field, value in facts.items():
        page.locator(f"#p-{field}").fill(value)
    page.locator("#position-form").get_by_label(en("rebook.setting")).check()
    page.get_by_test_id("position-submit").click()

    expect(page.locator("#position-result")).to_be_visible()
    expect(page.locator("#position-form").get_by_label(en("rebook.setting"))).not_to_be_checked()
    (created,) = live_app.api("GET", "positions")["positions"]
    assert created["rebook_after_no_show"] is True
