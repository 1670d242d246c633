"""HR's inbox in Chromium: the count on the top bar, the items with their reasons, resolving one in one click."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.vocabulary import InboxKind
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, future_day, problems, sign_in


def at_risk(live_app: LiveApp, *names: str) -> list[dict[str, Any]]:
    """Interviews whose call sounded unwilling: each puts an "at risk" item in the inbox."""
    position = live_app.api("POST", "positions", position_body())
    booked = []
    for hour, name in enumerate(names, start=9):
        body = interview_body(position["position_id"], starts_at=f"{future_day()}T{hour:02d}:00")
        body["candidate"] = {"name": name, "email": f"{name.lower().replace(' ', '.')}@example.com"}
        interview = live_app.api("POST", "interviews", body)
        live_app.api("POST", f"interviews/{interview['interview_id']}/call", {"reached": True, "intent": "low"})
        booked.append(interview)
    return booked


def test_the_count_is_on_the_top_bar_and_resolving_an_item_takes_one_click(page_zh: Any, live_app: LiveApp) -> None:
    seen = problems(page_zh)
    at_risk(live_app, "Zhang San", "Li Si")
    sign_in(page_zh, live_app)
    link = page_zh.get_by_test_id("inbox-link")
    expect(link).to_have_text("待处理 2")

    link.click()
    items = page_zh.get_by_test_id("inbox-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text(InboxKind.AT_RISK.label("zh-CN"))
    resolved_name = items.first.locator(".inbox-interview").inner_text().split(" · ")[0]
    items.first.get_by_test_id("inbox-resolve").click()

    expect(link).to_have_text("待处理 1")
    expect(items).to_have_count(1)
    expect(page_zh.get_by_test_id("toast")).to_contain_text(
        f"已处理：{InboxKind.AT_RISK.label('zh-CN')}（{resolved_name}）"
    )
    # The focus stays in the list, on what is left to do.
    expect(items.first.get_by_test_id("inbox-resolve")).to_be_focused()
    assert live_app.api("GET", "inbox")["count"] == 1
    assert seen == []


def test_the_count_follows_changes_made_elsewhere_when_the_tab_gets_the_focus_back(
    page: Any, live_app: LiveApp
) -> None:
    at_risk(live_app, "Zhang San")
    sign_in(page, live_app)
    expect(page.get_by_test_id("inbox-link")).to_have_text("Inbox 1")

    (item,) = live_app.api("GET", "inbox")["items"]
    live_app.api("POST", f"inbox/{item['id']}/resolve", {})
    page.evaluate("window.dispatchEvent(new Event('focus'))")

    expect(page.get_by_test_id("inbox-count")).to_be_hidden()
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("inbox-empty")).to_have_text("Nothing to deal with.")


def test_an_item_opens_its_interview_in_the_side_panel_on_a_phone(phone: Any, live_app: LiveApp) -> None:
    at_risk(live_app, "Zhang San")
    sign_in(phone, live_app)
    phone.get_by_test_id("inbox-link").click()
    item = phone.get_by_test_id("inbox-item")
    expect(item).to_contain_text(InboxKind.AT_RISK.label("en"))
    expect(item).to_contain_text("Zhang San · Front-end Engineer")
    item.get_by_test_id("inbox-open").click()

    expect(phone.get_by_test_id("details-panel")).to_be_visible()
    expect(phone.get_by_test_id("details-who")).to_contain_text("Zhang San")
    expect(phone.get_by_test_id("timeline").locator("[data-kind=call]")).to_contain_text("Low: hesitant")
    phone.keyboard.press("Escape")
    expect(item.get_by_test_id("inbox-open")).to_be_focused()
    # Resolved from the phone too, in one tap.
    item.get_by_test_id("inbox-resolve").click()
    expect(phone.get_by_test_id("inbox-count")).to_be_hidden()
    expect(phone.get_by_test_id("inbox-empty")).to_be_visible()


def test_an_unconfirmed_candidate_s_phone_reads_as_on_the_rows_and_dials(page_zh: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    body = interview_body(position["position_id"], starts_at=f"{future_day(1)}T15:00")
    body["candidate"] = {"name": "王五", "email": "wang.wu@example.com", "phone": "+8613800138000"}
    live_app.api("POST", "interviews", body)
    sign_in(page_zh, live_app)
    page_zh.get_by_test_id("inbox-link").click()

    item = page_zh.locator(f"[data-testid=inbox-item][data-kind={InboxKind.UNCONFIRMED_TOMORROW.value}]")
    call = item.get_by_role("link", name="+86 138 0013 8000")
    expect(call).to_have_attribute("href", "tel:+8613800138000")
