"""The HR page's interview list as HR works it: days and weeks, search, filters, export, confirmations and
statuses that follow the notice, in Chinese and English, on a desk and on a phone."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.localdev import invoke
from chalicelib.vocabulary import InterviewStatus, NoticeStatus, Outcome
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, candidate, future_day, held_on, past_day, row_of, showup_app, sign_in

ZH_WEEKDAYS = "一二三四五六日"


def day_name(day: str, language: str) -> str:
    """A day as the list names it: "12月3日 周四" or "Thu, Dec 3"."""
    d = date.fromisoformat(day)
    if language == "zh-CN":
        return f"{d.month}月{d.day}日 周{ZH_WEEKDAYS[d.weekday()]}"
    return f"{d:%a}, {d:%b} {d.day}"


def book(live_app: LiveApp, position_id: str, day: str, at: str, name: str, **candidate_more: Any) -> dict[str, Any]:
    email = f"{name.lower().replace(' ', '.')}@example.com"
    person = {"name": name, "email": email, "language": "zh-CN", **candidate_more}
    body = interview_body(position_id, starts_at=f"{day}T{at}", candidate=person)
    return dict(live_app.api("POST", "interviews", body))


def position(live_app: LiveApp, **overrides: Any) -> str:
    return str(live_app.api("POST", "positions", position_body(**overrides))["position_id"])


@pytest.fixture(params=["page_zh", "page"])
def tab(request: pytest.FixtureRequest) -> Any:
    """The desktop page in Chinese, then in English."""
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["page_zh", "page", "phone_zh", "phone"])
def any_tab(request: pytest.FixtureRequest) -> Any:
    """The page in Chinese and English, on a desk and at 375 px."""
    return request.getfixturevalue(request.param)


def language_of(tab: Any) -> str:
    """The language the page's cookie asks for (the switch's choice)."""
    chosen = {cookie["name"]: cookie["value"] for cookie in tab.context.cookies()}.get("showup_lang")
    return "en" if chosen == "en" else "zh-CN"


def test_a_new_user_lands_on_the_next_day_with_interviews_and_is_told_so(any_tab: Any, live_app: LiveApp) -> None:
    tab = any_tab
    day = future_day(3)
    zhang = book(live_app, position(live_app), day, "10:00", "Zhang San")
    language = language_of(tab)

    sign_in(tab, live_app)

    expect(tab.locator("#day")).to_have_value(day)
    expect(row_of(tab, zhang)).to_be_visible()
    told = "今天没有面试，显示" if language == "zh-CN" else "No interviews today: showing"
    expect(tab.get_by_test_id("interviews-note")).to_have_text(f"{told} {day_name(day, language)}")
    # The address keeps the day: a reload shows it again, without saying today was empty.
    expect(tab).to_have_url(f"{live_app.url}?day={day}")
    tab.reload()
    expect(row_of(tab, zhang)).to_be_visible()
    expect(tab.get_by_test_id("interviews-note")).to_be_hidden()


def test_previous_and_next_day_move_one_day(tab: Any, live_app: LiveApp) -> None:
    first, second = future_day(3), future_day(4)
    position_id = position(live_app)
    zhang, li = (
        book(live_app, position_id, first, "10:00", "Zhang San"),
        book(live_app, position_id, second, "11:00", "Li Si"),
    )
    sign_in(tab, live_app)
    expect(row_of(tab, zhang)).to_be_visible()

    tab.get_by_test_id("next-day").click()
    expect(tab.locator("#day")).to_have_value(second)
    expect(row_of(tab, li)).to_be_visible()
    expect(tab.get_by_test_id("interview-row")).to_have_count(1)
    expect(tab.get_by_test_id("interviews-summary")).to_contain_text(day_name(second, language_of(tab)))

    tab.get_by_test_id("prev-day").click()
    expect(tab.locator("#day")).to_have_value(first)
    expect(row_of(tab, zhang)).to_be_visible()


@pytest.mark.parametrize("screen", ["page", "phone_zh"])
def test_the_week_is_seven_columns_on_a_desk_and_a_list_by_day_on_a_phone(
    screen: str, request: pytest.FixtureRequest, live_app: LiveApp
) -> None:
    tab = request.getfixturevalue(screen)
    day = future_day(10)
    zhang = book(live_app, position(live_app), day, "10:00", "Zhang San")
    sign_in(tab, live_app)
    expect(row_of(tab, zhang)).to_be_visible()

    tab.get_by_test_id("view-week").click()

    columns = tab.get_by_test_id("week-day")
    expect(columns).to_have_count(7)
    expect(columns.first).to_contain_text(ZH_WEEKDAYS[0] if screen == "phone_zh" else "Mon")
    card = tab.locator(f"[data-testid=week-item][data-interview-id='{zhang['interview_id']}']")
    expect(card).to_contain_text("Zhang San")
    expect(card.get_by_test_id("interview-status")).to_have_text(
        InterviewStatus.SCHEDULED.label("zh-CN" if screen == "phone_zh" else "en")
    )
    boxes = [columns.nth(n).bounding_box() for n in range(7)]
    if screen == "page":
        assert len({round(box["y"]) for box in boxes}) == 1, boxes
        assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
    else:
        assert len({round(box["x"]) for box in boxes}) == 1, boxes
        assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)
        assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    expect(tab).to_have_url(f"{live_app.url}?day={day}&view=week")

    # A day's heading opens that day with its rows and their actions.
    tab.locator(f"[data-testid=week-day][data-day='{day}'] h2 button").click()
    expect(row_of(tab, zhang)).to_be_visible()
    expect(tab.get_by_test_id("view-day")).to_have_attribute("aria-pressed", "true")


def test_search_finds_a_candidate_by_name_among_the_days_shown_and_by_phone_on_every_day(
    tab: Any, live_app: LiveApp
) -> None:
    day, later = future_day(3), future_day(9)
    position_id = position(live_app)
    li = book(live_app, position_id, day, "10:00", "Li Lei", phone="+86 138 0013 8000")
    han = book(live_app, position_id, day, "11:00", "Han Meimei")
    li_again = book(live_app, position_id, later, "15:00", "Li Lei", phone="+86 138 0013 8000")
    sign_in(tab, live_app)
    expect(tab.get_by_test_id("interview-row")).to_have_count(2)

    tab.get_by_test_id("search").fill("meimei")
    tab.get_by_test_id("search").press("Enter")
    expect(tab.get_by_test_id("interview-row")).to_have_count(1)
    expect(row_of(tab, han)).to_be_visible()

    tab.get_by_test_id("search").fill("13800138000")
    tab.get_by_test_id("find").click()
    expect(tab.get_by_test_id("interview-row")).to_have_count(2)
    expect(row_of(tab, li)).to_be_visible()
    expect(row_of(tab, li_again)).to_be_visible()

    tab.get_by_test_id("clear-filters").click()
    expect(tab.get_by_test_id("interview-row")).to_have_count(2)
    expect(row_of(tab, han)).to_be_visible()


def test_a_status_filter_keeps_only_that_status_and_stays_in_the_address(tab: Any, live_app: LiveApp) -> None:
    day = future_day(3)
    position_id = position(live_app)
    kept = book(live_app, position_id, day, "10:00", "Zhang San")
    gone = book(live_app, position_id, day, "11:00", "Li Si")
    live_app.api("POST", f"interviews/{gone['interview_id']}/cancel", {})
    sign_in(tab, live_app)
    expect(tab.get_by_test_id("interview-row")).to_have_count(2)

    tab.get_by_test_id("status-filter").select_option(label=InterviewStatus.CANCELLED.label(language_of(tab)))

    expect(tab.get_by_test_id("interview-row")).to_have_count(1)
    expect(row_of(tab, gone)).to_be_visible()
    expect(row_of(tab, kept)).to_have_count(0)
    expect(tab).to_have_url(f"{live_app.url}?day={day}&status=cancelled")


def test_export_downloads_the_rows_shown_as_a_csv_file_excel_reads(page: Any, live_app: LiveApp) -> None:
    day = future_day(3)
    position_id = position(live_app)
    book(live_app, position_id, day, "10:00", "Zhang San")
    book(live_app, position_id, day, "11:00", "Han Meimei")
    sign_in(page, live_app)
    expect(page.get_by_test_id("interview-row")).to_have_count(2)
    page.get_by_test_id("search").fill("Meimei")
    page.get_by_test_id("search").press("Enter")
    expect(page.get_by_test_id("interview-row")).to_have_count(1)

    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()

    assert download.value.suggested_filename == f"showup-interviews-{day}.csv"
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("日期 / Date,")
    assert "Han Meimei" in lines[1]
    expect(page.get_by_test_id("toast")).to_contain_text("Exported the 1 shown")


def test_after_send_the_badge_turns_to_sent_without_a_reload(tab: Any, live_app: LiveApp) -> None:
    position_id = position(live_app, salary_min=3000, salary_max=4000)
    held = book(live_app, position_id, future_day(3), "10:00", "Wang Wu", expected_salary=5000)
    assert held["notice"]["status"] == "held"
    language = language_of(tab)
    sign_in(tab, live_app)
    row = row_of(tab, held)

    row.locator(".row-actions .button.primary").click()
    dialog = tab.get_by_test_id("ask-dialog")
    expect(dialog).to_contain_text("Wang Wu")
    expect(dialog.locator("#ask-details li")).to_have_count(1)
    tab.get_by_test_id("ask-confirm").click()
    expect(row.get_by_test_id("notice-status")).to_have_text(NoticeStatus.QUEUED.label(language))
    expect(tab.get_by_test_id("toast")).to_contain_text("Wang Wu")

    # The outbox consumer sends it, as the local runner would; the page asks again by itself.
    invoke.drain(showup_app())

    expect(row.get_by_test_id("notice-status")).to_have_text(NoticeStatus.SENT.label(language), timeout=15_000)


def test_the_cancel_dialog_names_the_candidate_and_esc_leaves_nothing_done(tab: Any, live_app: LiveApp) -> None:
    zhang = book(live_app, position(live_app), future_day(3), "10:00", "Zhang San")
    language = language_of(tab)
    sign_in(tab, live_app)
    row = row_of(tab, zhang)
    cancel = row.locator(".row-actions .button.danger")

    cancel.click()
    dialog = tab.get_by_test_id("ask-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#ask-title")).to_contain_text("Zhang San")
    expect(dialog.locator("#ask-body")).to_contain_text("邮件" if language == "zh-CN" else "by email")
    expect(tab.get_by_test_id("ask-cancel")).to_be_focused()
    tab.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.SCHEDULED.label(language))
    assert live_app.api("GET", f"interviews/{zhang['interview_id']}")["status"] == "scheduled"

    cancel.click()
    tab.get_by_test_id("ask-confirm").click()
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.CANCELLED.label(language))
    expect(tab.get_by_test_id("toast")).to_contain_text("Zhang San")


def tab_to(page: Any, selector: str, presses: int = 200) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user reaches it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement?.matches(selector) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page: Any, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_keyboard_only_create_then_send_then_record_an_outcome(page: Any, live_app: LiveApp) -> None:
    """Tab, Enter, Space and typing: no pointer from signing in to the recorded outcome."""
    live_app.api("POST", "positions", position_body(salary_min=3000, salary_max=4000))
    yesterday = past_day(1)
    (came,) = held_on(
        live_app,
        yesterday,
        {"start": time(9, 30), "candidate": candidate("Zhao Liu", "zhao.liu@example.com"), "outcome": None},
    )
    day = date.fromisoformat(future_day(5))
    page.goto(live_app.url)
    page.keyboard.type(live_app.token)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("nav")).to_be_visible()

    # Create: the interview's notice is held (the candidate asks more than the position pays).
    tab_to(page, "a[href='#schedule']")
    page.keyboard.press("Enter")
    type_into(page, "#i-position-id", "Front-end")
    type_into(page, "#i-candidate-name", "Kim Keys")
    type_into(page, "#i-candidate-email", "kim.keys@example.com")
    type_into(page, "#i-candidate-expected-salary", "5000")
    # A date-time field takes its parts in the browser's order (en-US: month, day, year; then the time,
    # after a Tab, since a year may have more than four digits).
    type_into(page, "#i-starts-at", f"{day:%m%d%Y}")
    page.keyboard.press("Tab")
    page.keyboard.type("1030AM")
    type_into(page, "#i-address", "88 Century Avenue, Floor 12")
    type_into(page, "#i-city", "Shanghai")
    tab_to(page, "[data-testid=schedule-submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("result-notice")).to_have_text(NoticeStatus.HELD.label("en"))

    # Send, from the list, through the confirmation dialog.
    tab_to(page, "a[href='#interviews']")
    page.keyboard.press("Enter")
    expect(page.locator("#day")).to_have_value(day.isoformat())
    tab_to(page, "[data-testid=interview-row] .row-actions .button.primary")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("ask-dialog")).to_contain_text("Kim Keys")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("interview-row").get_by_test_id("notice-status")).to_have_text(
        NoticeStatus.QUEUED.label("en")
    )

    # Outcome: yesterday's interview, reached with the previous-day button.
    tab_to(page, "#prev-day")
    for _ in range((day - yesterday).days):
        page.keyboard.press("Enter")
    expect(page.locator("#day")).to_have_value(yesterday.isoformat())
    row = row_of(page, came)
    tab_to(page, f"#o-{came['interview_id']}-outcome")
    page.keyboard.type(Outcome.ATTENDED.label("en"))
    tab_to(page, f"[data-interview-id='{came['interview_id']}'] [data-testid=outcome-submit]")
    page.keyboard.press("Space")
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.ATTENDED.label("en"))
    expect(page.get_by_test_id("toast").last).to_contain_text("Outcome recorded for Zhao Liu")
