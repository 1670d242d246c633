"""The interview's side panel in Chromium: its details and timeline, and correcting the candidate's details."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.vocabulary import ActorKind, EventKind
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, candidate_link, future_day, problems, report_notice, sign_in

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOTES = "Asked whether there is parking.\nCall back after 6 pm."


def booked(live_app: LiveApp, **candidate: Any) -> dict[str, Any]:
    """Zhang San booked through the API two weeks ahead, the notice sent, and a call with notes logged."""
    position = live_app.api("POST", "positions", position_body())
    body = interview_body(position["position_id"], starts_at=f"{future_day()}T14:30")
    body["candidate"] = {**body["candidate"], **candidate}
    interview = live_app.api("POST", "interviews", body)
    report_notice(interview["interview_id"], "sent")
    call = {"reached": True, "intent": "high", "notes": NOTES}
    live_app.api("POST", f"interviews/{interview['interview_id']}/call", call)
    return dict(live_app.api("GET", f"interviews/{interview['interview_id']}"))


def asks_to_reschedule(live_app: LiveApp, interview: dict[str, Any], message: str) -> None:
    """The candidate asks for another time through the link in their notice, with a message."""
    answer = live_app.http.post(
        f"{candidate_link(live_app, interview)}/reschedule", data={"reason": message}, timeout=10
    )
    answer.raise_for_status()


def add_details_button(page: Any, interview: dict[str, Any]) -> Any:
    """A Details button on the interviews panel that does what the list's own button does: send the event."""
    page.evaluate(
        """interview => {
          const button = document.createElement("button");
          button.type = "button";
          button.dataset.testid = "details-button";
          button.textContent = "Details";
          button.addEventListener("click", () =>
            document.dispatchEvent(new CustomEvent("showup:details", { detail: { interview } })));
          document.querySelector("#interviews-panel").prepend(button);
        }""",
        interview,
    )
    return page.get_by_test_id("details-button")


def edit_candidate(page: Any, live_app: LiveApp, interview: dict[str, Any]) -> None:
    """Signed in, the interview's side panel opened and its candidate edit form shown."""
    sign_in(page, live_app)
    add_details_button(page, interview).click()
    page.get_by_test_id("details-edit").click()
    expect(page.locator("#ce-candidate-name")).to_be_focused()


def event(page: Any, kind: EventKind) -> Any:
    return page.get_by_test_id("timeline").locator(f"[data-kind={kind.value}]")


def test_the_side_panel_shows_the_interview_and_its_timeline_in_chinese(page_zh: Any, live_app: LiveApp) -> None:
    seen = problems(page_zh)
    interview = booked(live_app)
    asks_to_reschedule(live_app, interview, "下周二上午可以吗？")
    sign_in(page_zh, live_app)
    add_details_button(page_zh, interview).click()

    panel = page_zh.get_by_test_id("details-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="面试详情")).to_be_focused()
    expect(page_zh.get_by_test_id("details-who")).to_contain_text("Zhang San")
    expect(page_zh.get_by_test_id("fact-when")).to_contain_text(re.compile(r"周[一二三四五六日].*14:30.*北京时间"))
    expect(page_zh.get_by_test_id("fact-email")).to_have_text("zhang.san@example.com")

    created = event(page_zh, EventKind.CREATED)
    expect(created.get_by_test_id("event-label")).to_have_text(EventKind.CREATED.label("zh-CN"))
    expect(created.get_by_test_id("event-actor")).to_have_text("HR · browser-test")
    expect(created.get_by_test_id("event-at")).to_have_text(re.compile(r"周[一二三四五六日].*\d{2}:\d{2}"))
    sent = event(page_zh, EventKind.NOTICE_SENT)
    expect(sent.get_by_test_id("event-label")).to_have_text(EventKind.NOTICE_SENT.label("zh-CN"))
    expect(sent.get_by_test_id("event-actor")).to_have_text(ActorKind.JOB.label("zh-CN"))
    call = event(page_zh, EventKind.CALL)
    expect(call.get_by_test_id("event-actor")).to_have_text("HR · browser-test")
    expect(call).to_contain_text("已接通")
    expect(call).to_contain_text("已接通 · 高：积极")
    expect(call.locator("blockquote")).to_contain_text("Asked whether there is parking.")
    expect(call.locator("blockquote")).to_contain_text("Call back after 6 pm.")
    answered = event(page_zh, EventKind.ANSWERED)
    expect(answered.get_by_test_id("event-actor")).to_have_text(ActorKind.CANDIDATE.label("zh-CN"))
    expect(answered).to_contain_text("要求改期")
    expect(answered.locator("blockquote")).to_contain_text("下周二上午可以吗？")
    assert seen == []


def test_esc_closes_the_panel_and_the_focus_returns_to_the_button_that_opened_it(page: Any, live_app: LiveApp) -> None:
    interview = booked(live_app)
    sign_in(page, live_app)
    button = add_details_button(page, interview)
    button.click()
    expect(page.get_by_test_id("details-panel")).to_be_visible()
    expect(event(page, EventKind.CALL).get_by_test_id("event-label")).to_have_text("Call")

    page.keyboard.press("Escape")

    expect(page.get_by_test_id("details-panel")).to_be_hidden()
    expect(button).to_be_focused()


def test_a_corrected_email_is_saved_said_in_a_message_and_added_to_the_timeline(page: Any, live_app: LiveApp) -> None:
    interview = booked(live_app)
    edit_candidate(page, live_app, interview)
    page.locator("#ce-candidate-email").fill("zhang.san@example.org")
    page.get_by_test_id("candidate-edit-submit").click()

    expect(page.get_by_test_id("toast")).to_contain_text(
        "Saved. The notice goes to the new email address now; the old one gets nothing more."
    )
    expect(page.get_by_test_id("candidate-edit-form")).to_be_hidden()
    expect(page.get_by_test_id("fact-email")).to_have_text("zhang.san@example.org")
    edited = event(page, EventKind.EDITED)
    expect(edited.get_by_test_id("event-label")).to_have_text("Edited")
    expect(edited.get_by_test_id("event-actor")).to_have_text("HR · browser-test")
    expect(edited).to_contain_text("Email: zhang.san@example.com → zhang.san@example.org")
    stored = live_app.api("GET", f"interviews/{interview['interview_id']}")
    assert stored["candidate"]["email"] == "zhang.san@example.org"
    assert stored["revision"] > interview["revision"]


def test_an_edit_of_an_interview_someone_changed_meanwhile_says_so_and_shows_the_current_details(
    page: Any, live_app: LiveApp
) -> None:
    interview = booked(live_app)
    edit_candidate(page, live_app, interview)
    # A colleague corrects the name while this form is open.
    path = f"interviews/{interview['interview_id']}"
    live_app.api("PATCH", path, {"revision": interview["revision"], "candidate": {"name": "Zhang Sanfeng"}})
    page.locator("#ce-candidate-email").fill("zhang.san@example.org")
    page.get_by_test_id("candidate-edit-submit").click()

    expect(page.get_by_test_id("candidate-edit-message")).to_contain_text(
        "Someone changed this interview while you were editing."
    )
    expect(page.locator("#ce-candidate-name")).to_have_value("Zhang Sanfeng")
    expect(page.locator("#ce-candidate-email")).to_have_value("zhang.san@example.com")
    expect(page.get_by_test_id("fact-email")).to_have_text("zhang.san@example.com")
    assert live_app.api("GET", path)["candidate"]["email"] == "zhang.san@example.com"


def test_wrong_candidate_details_are_marked_next_to_their_fields_all_at_once_in_chinese(
    page_zh: Any, live_app: LiveApp
) -> None:
    interview = booked(live_app)
    edit_candidate(page_zh, live_app, interview)
    page_zh.locator("#ce-candidate-name").fill("")
    page_zh.locator("#ce-candidate-email").fill("zhang.san.example.com")
    page_zh.locator("#ce-channels-sms").check()
    page_zh.get_by_test_id("candidate-edit-submit").click()

    # The same words as every other form (checks.js): one set of rules for the whole page.
    expect(page_zh.locator("#ce-candidate-name-error")).to_have_text("请填写这一项。")
    expect(page_zh.locator("#ce-candidate-email-error")).to_contain_text("邮箱地址不完整或有误")
    expect(page_zh.locator("#ce-candidate-phone-error")).to_have_text("要发短信，请填写候选人的手机号。")
    expect(page_zh.get_by_test_id("candidate-edit-message")).to_contain_text("有 3 处需要修改")
    expect(page_zh.locator("#ce-candidate-name")).to_be_focused()
    assert live_app.api("GET", f"interviews/{interview['interview_id']}")["revision"] == interview["revision"]


def test_the_side_panel_fills_a_phone_screen(phone: Any, live_app: LiveApp) -> None:
    interview = booked(live_app)
    sign_in(phone, live_app)
    add_details_button(phone, interview).click()
    panel = phone.get_by_test_id("details-panel")
    expect(event(phone, EventKind.CALL)).to_be_visible()

    box = panel.bounding_box()
    assert box is not None and box["x"] == 0 and box["width"] == 375
    # Nothing in it is wider than the screen.
    assert phone.evaluate("document.querySelector('#details-panel').scrollWidth") <= 375
    phone.get_by_test_id("details-close").click()
    expect(panel).to_be_hidden()


@pytest.mark.skipif(
    os.environ.get("SHOWUP_SCREENSHOT") != "1",
    reason="SHOWUP_SCREENSHOT=1 refreshes docs/inbox.png and docs/timeline.png",
)
def test_screenshots_of_the_inbox_and_a_timeline(page_zh: Any, live_app: LiveApp) -> None:
    # The company's own data, in Chinese like the page.
    role = {"title": "数据分析师", "company": "蓝河物流", "work_location": "上海市徐汇区漕溪北路 18 号"}
    position = live_app.api(
        "POST", "positions", position_body(**role, responsibilities="分析仓储与配送数据，制作每周报表。")
    )
    booked_here = []
    for name, email, at, notes, intent in (
        ("张三", "zhang.san@example.com", "14:30", "问有没有停车位。\n晚上 6 点后回电。", "high"),
        ("李四", "li.si@example.com", "10:00", "说要考虑一下", "low"),
    ):
        body = interview_body(
            position["position_id"],
            starts_at=f"{future_day()}T{at}",
            address="上海市浦东新区张江路 88 号 3 层",
            city="上海",
            transit="地铁 2 号线张江高科站 1 号口出，步行 5 分钟",
        )
        body["candidate"] = {"name": name, "email": email, "language": "zh-CN", "phone": "+86 138 0013 8000"}
        interview = live_app.api("POST", "interviews", body)
        report_notice(interview["interview_id"], "sent")
        live_app.api(
            "POST", f"interviews/{interview['interview_id']}/call", {"reached": True, "intent": intent, "notes": notes}
        )
        booked_here.append(live_app.api("GET", f"interviews/{interview['interview_id']}"))
    asks_to_reschedule(live_app, booked_here[0], "下周二上午可以吗？")
    sign_in(page_zh, live_app)
    page_zh.get_by_test_id("inbox-link").click()
    expect(page_zh.get_by_test_id("inbox-item")).to_have_count(2)
    expect(page_zh.get_by_test_id("busy")).to_be_hidden()
    page_zh.screenshot(path=str(DOCS / "inbox.png"))

    page_zh.get_by_test_id("inbox-item").filter(has_text="张三").get_by_test_id("inbox-open").click()
    expect(event(page_zh, EventKind.ANSWERED)).to_be_visible()
    expect(page_zh.get_by_test_id("busy")).to_be_hidden()
    page_zh.screenshot(path=str(DOCS / "timeline.png"))
    assert (DOCS / "inbox.png").stat().st_size > 10_000 and (DOCS / "timeline.png").stat().st_size > 10_000
