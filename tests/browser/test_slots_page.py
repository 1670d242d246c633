"""A position's slots on the HR page in Chromium: publishing one, its seats, closing it, and an interview
whose candidate chooses the time, on a desktop and a 375 px phone, in Chinese and English."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.vocabulary import InterviewStatus
from tests.support.a11y import assert_accessible
from tests.support.api import position_body
from tests.support.browser import LiveApp, future_day, problems, row_of, sign_in


def open_slots(tab: Any, title: str = "Front-end Engineer") -> None:
    """The positions panel, then the position's "times to book" button."""
    tab.locator("[data-panel-link=positions]").first.click()
    tab.locator("[data-testid=position-list] > li", has_text=title).get_by_test_id("position-slots").click()
    expect(tab.get_by_test_id("slots-panel")).to_be_visible()


def publish_on_page(tab: Any, starts_at: str, seats: int) -> None:
    tab.locator("#s-starts-at").fill(starts_at)
    tab.locator("#s-seats").fill(str(seats))
    tab.get_by_test_id("slot-submit").click()


def ask_to_choose(tab: Any, position: dict[str, Any]) -> None:
    """The scheduling form for ``position``, with "let the candidate choose a time" ticked."""
    tab.locator("[data-panel-link=schedule]").first.click()
    tab.locator("#i-position-id").select_option(value=position["position_id"])
    tab.get_by_test_id("choose-slot").check()


def fill_candidate(tab: Any, name: str, email: str, address: str, city: str) -> None:
    tab.locator("#i-candidate-name").fill(name)
    tab.locator("#i-candidate-email").fill(email)
    tab.locator("#i-address").fill(address)
    tab.locator("#i-city").fill(city)


def slots_of(live_app: LiveApp, position: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = live_app.api("GET", f"positions/{position['position_id']}/slots")["slots"]
    return found


def test_a_slot_is_published_listed_with_its_seats_and_closed_after_a_confirmation(
    page_zh: Any, live_app: LiveApp
) -> None:
    seen = problems(page_zh)
    position = live_app.api("POST", "positions", position_body())
    day = future_day(3)
    sign_in(page_zh, live_app)
    open_slots(page_zh)
    expect(page_zh.get_by_test_id("slots-none")).to_have_text("还没有发布时间。")
    expect(page_zh.locator("#s-timezone")).to_have_value("Asia/Shanghai")

    publish_on_page(page_zh, f"{day}T10:00", 3)

    expect(page_zh.get_by_test_id("toast")).to_contain_text("已发布")
    slot = page_zh.get_by_test_id("slot")
    expect(slot).to_have_count(1)
    # The slot's own wall clock with its weekday and the zone's everyday name.
    expect(slot).to_contain_text("10:00")
    expect(slot).to_contain_text("周")
    expect(slot).to_contain_text("北京时间")
    expect(slot.get_by_test_id("slot-facts")).to_have_text("60 分钟 · 已约 0 / 3 个名额")
    expect(slot.get_by_test_id("slot-state")).to_have_text("开放预约")
    [stored] = slots_of(live_app, position)
    assert (stored["starts_at"], stored["seats"], stored["open"]) == (f"{day}T10:00", 3, True)

    slot.get_by_test_id("slot-close").click()
    expect(page_zh.get_by_test_id("ask-dialog")).to_contain_text("已预约的 0 人保留名额")
    # The safe choice has the focus: Enter alone does not close it.
    expect(page_zh.locator("#ask-cancel")).to_be_focused()
    page_zh.get_by_test_id("ask-confirm").click()

    expect(page_zh.get_by_test_id("toast").last).to_contain_text("已停止预约")
    expect(slot.get_by_test_id("slot-state")).to_have_text("已关闭")
    expect(slot.get_by_test_id("slot-close")).to_have_count(0)
    expect(page_zh.locator("#slots-list-title")).to_be_focused()
    assert slots_of(live_app, position)[0]["open"] is False
    assert seen == []


def test_a_slot_form_shows_problems_next_to_their_fields_and_publishes_nothing(page: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    sign_in(page, live_app)
    open_slots(page)

    # The page's own checks, all at once.
    publish_on_page(page, "", 0)
    expect(page.locator("#s-starts-at-error")).to_have_text("Please fill this in.")
    expect(page.locator("#s-seats-error")).to_have_text("Enter 1 or more.")
    expect(page.locator("#s-seats")).to_have_attribute("aria-invalid", "true")

    # What only the server knows: the time is in the past.
    publish_on_page(page, "2020-01-06T10:00", 2)
    expect(page.locator("#s-starts-at-error")).not_to_be_empty()
    expect(page.get_by_test_id("slot-form-message")).to_be_visible()
    assert slots_of(live_app, position) == []


def test_a_full_slot_shows_its_seats_taken_and_a_waitlist_when_the_api_gives_one(page: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    day = future_day(4)
    live_app.api(
        "POST",
        f"positions/{position['position_id']}/slots",
        {"starts_at": f"{day}T15:00", "timezone": "Asia/Shanghai", "seats": 1, "address": "Hall B", "room": "Room 3"},
    )
    sign_in(page, live_app)
    # The waitlist is counted by the API once candidates may join one; shown as it gives it.
    page.route(
        "**/positions/*/slots",
        lambda route: route.fulfill(
            json={
                "slots": [
                    {**slot, "seats_taken": 1, "seats_free": 0, "waitlist": 2} for slot in slots_of(live_app, position)
                ]
            }
        ),
    )
    open_slots(page)
    slot = page.get_by_test_id("slot")
    expect(slot.get_by_test_id("slot-facts")).to_have_text("60 min · 1 of 1 seats taken · 2 on the waitlist")
    expect(slot.get_by_test_id("slot-state")).to_have_text("Full")
    expect(slot).to_contain_text("At Hall B, Room 3")


def test_a_candidate_asked_to_choose_reads_as_choosing_with_no_time_in_the_list(page: Any, live_app: LiveApp) -> None:
    seen = problems(page)
    position = live_app.api("POST", "positions", position_body())
    day = future_day(2)
    live_app.api(
        "POST", f"positions/{position['position_id']}/slots", {"starts_at": f"{day}T09:30", "timezone": "Asia/Shanghai"}
    )
    sign_in(page, live_app)
    ask_to_choose(page, position)

    expect(page.locator("#i-starts-at")).to_be_hidden()
    expect(page.locator("#i-timezone")).to_be_hidden()
    expect(page.get_by_test_id("slot-choice-text")).to_contain_text("This position has one open time:")
    expect(page.get_by_test_id("slot-choice-text")).to_contain_text("9:30")
    fill_candidate(page, "Zhang San", "zhang.san@example.com", "88 Century Avenue, Floor 12", "Shanghai")
    page.get_by_test_id("schedule-submit").click()

    expect(page.get_by_test_id("interview-result")).to_contain_text("Zhang San is asked to choose a time")
    # No day was chosen yet, so the result offers the list rather than a day.
    expect(page.get_by_test_id("interview-result").get_by_role("link")).to_have_text("See the interview list")
    [interview] = live_app.api("GET", f"interviews?date={day}")["interviews"]
    assert interview["status"] == "choosing"

    page.locator("[data-panel-link=interviews]").first.click()
    row = row_of(page, interview)
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.CHOOSING.label("en"))
    expect(row).to_contain_text("Time not chosen yet")
    expect(row).not_to_contain_text("09:30")
    expect(row.get_by_test_id("status-note")).to_have_text("The candidate is choosing from the open times.")
    # The week reads the same, and so does the interview's panel.
    page.get_by_test_id("view-week").click()
    expect(page.locator(f"[data-testid=week-item][data-interview-id='{interview['interview_id']}']")).to_contain_text(
        "Time not chosen yet"
    )
    page.get_by_test_id("view-day").click()
    row.get_by_test_id("details").click()
    expect(page.get_by_test_id("fact-when")).to_have_text("Time not chosen yet")
    assert seen == []


def test_choosing_needs_an_open_slot_and_says_so_with_a_way_to_publish_one(phone_zh: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    sign_in(phone_zh, live_app)
    ask_to_choose(phone_zh, position)
    expect(phone_zh.get_by_test_id("slot-choice-text")).to_have_text(
        "这个职位还没有可预约的时间（开放且有空余名额）：请先发布时间。"
    )
    fill_candidate(phone_zh, "张三", "zhang.san@example.com", "世纪大道 88 号 12 层", "上海")
    phone_zh.get_by_test_id("schedule-submit").click()
    expect(phone_zh.locator("#i-choose-slot-error")).to_contain_text("还没有可预约的时间")
    assert live_app.api("GET", "interviews?candidate=zhang.san@example.com")["interviews"] == []

    # Publishing from there, on a phone, and the choice then names the time.
    phone_zh.get_by_test_id("choose-publish").click()
    expect(phone_zh.get_by_test_id("slots-panel")).to_be_visible()
    publish_on_page(phone_zh, f"{future_day(5)}T14:00", 2)
    expect(phone_zh.get_by_test_id("slot")).to_have_count(1)
    wide = phone_zh.evaluate("() => document.getElementById('slots-panel').scrollWidth")
    assert wide <= 375
    phone_zh.get_by_test_id("slots-close").click()
    expect(phone_zh.get_by_test_id("choose-slot")).to_be_focused()
    expect(phone_zh.get_by_test_id("slot-choice-text")).to_contain_text("这个职位有 1 个可预约的时间")
    phone_zh.get_by_test_id("schedule-submit").click()
    expect(phone_zh.get_by_test_id("interview-result")).to_contain_text("已邀请 张三 选择面试时间")


def test_the_slots_panel_has_no_serious_accessibility_violation(page_zh: Any, phone: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    day = future_day(3)
    for hour, seats in ((9, 1), (14, 4)):
        live_app.api(
            "POST",
            f"positions/{position['position_id']}/slots",
            {"starts_at": f"{day}T{hour:02d}:00", "timezone": "Asia/Shanghai", "seats": seats},
        )
    first = slots_of(live_app, position)[0]
    live_app.api("POST", f"positions/{position['position_id']}/slots/{first['slot_id']}/close")
    for tab in (page_zh, phone):
        sign_in(tab, live_app)
        open_slots(tab)
        expect(tab.get_by_test_id("slot")).to_have_count(2)
        publish_on_page(tab, "", 0)
        expect(tab.get_by_test_id("slot-form-message")).to_be_visible()
        width = tab.viewport_size["width"]
        assert_accessible(tab, "#slots-panel", where=f"the slots panel ({width} px)")
        tab.get_by_test_id("slots-close").click()
        # The choice in the scheduling form, with the position's open time named.
        ask_to_choose(tab, position)
        expect(tab.get_by_test_id("slot-choice-text")).to_be_visible()
        assert_accessible(tab, "#schedule-panel", where=f"the scheduling form choosing slots ({width} px)")


def test_the_close_button_keeps_one_line_beside_a_long_position_title(page_zh: Any, live_app: LiveApp) -> None:
    title = "Java 后端开发工程师（初级）"
    live_app.api("POST", "positions", position_body(title=title, company="上海星途网络科技有限公司"))
    sign_in(page_zh, live_app)

    open_slots(page_zh, title)

    close = page_zh.get_by_test_id("slots-close")
    expect(close).to_have_text("关闭")
    # One line box for its text: squeezed by the title, "关闭" used to break into two lines.
    lines = close.evaluate(
        "b => { const r = document.createRange(); r.selectNodeContents(b); return r.getClientRects().length; }"
    )
    assert lines == 1
