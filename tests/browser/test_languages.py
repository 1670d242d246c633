"""The HR pages in the team's language: labels from the words catalogue, field errors for people, readable phones."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from chalicelib.text import words
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, future_day, problems, sign_in

zh, en = words("zh-CN"), words("en")
# What a field error must never show a person: a pattern, a library's words, a field's code name.
DEVELOPER_WORDS = re.compile(r"\^\[|\{3\}|Input should|should match|String should|salary_min|is required|[a-z]_[a-z]")


def test_the_hr_page_speaks_chinese_by_default_and_english_once_picked_and_keeps_it_after_reload(
    page_zh: Any, live_app: LiveApp
) -> None:
    seen = problems(page_zh)
    sign_in(page_zh, live_app)
    nav = page_zh.get_by_test_id("nav")
    for key in ("nav.interviews", "nav.schedule", "nav.positions", "nav.statistics"):
        expect(nav).to_contain_text(zh(key))
    page_zh.get_by_role("link", name=zh("nav.positions"), exact=True).click()
    expect(page_zh.locator("#positions-title")).to_have_text(zh("positions.title"))
    expect(page_zh.locator("label[for=p-salary-min]")).to_contain_text(zh("positions.salary_min"))
    expect(page_zh.get_by_test_id("position-submit")).to_have_text(zh("positions.submit"))

    page_zh.get_by_test_id("lang-en").click()
    expect(page_zh.locator("html")).to_have_attribute("lang", "en")
    page_zh.reload()
    # Still signed in (this tab keeps the token) and still in English: the cookie kept the choice.
    expect(page_zh.get_by_test_id("nav")).to_contain_text(en("nav.schedule"))
    page_zh.get_by_role("link", name=en("nav.schedule"), exact=True).click()
    expect(page_zh.locator("#schedule-title")).to_have_text(en("schedule.title"))
    expect(page_zh.locator("label[for=i-starts-at]")).to_contain_text(en("schedule.starts_at"))
    assert seen == []


def test_the_statistics_page_speaks_the_language_picked(page_zh: Any, live_app: LiveApp) -> None:
    sign_in(page_zh, live_app)
    page_zh.get_by_test_id("statistics-link").click()

    expect(page_zh.locator("#dashboard-title")).to_have_text(zh("stats.title"))
    expect(page_zh.locator("#period option:checked")).to_have_text("周")
    expect(page_zh.get_by_test_id("download-csv")).to_have_text(zh("stats.download"))
    expect(page_zh.get_by_test_id("stats-table").locator("th").first).to_have_text(zh("stats.measure"))


def test_five_wrong_fields_are_all_shown_at_once_in_chinese_next_to_each_field(page_zh: Any, live_app: LiveApp) -> None:
    sign_in(page_zh, live_app)
    page_zh.get_by_role("link", name=zh("nav.positions"), exact=True).click()
    page_zh.locator("#p-company").fill("Acme Robotics")
    page_zh.locator("#p-work-location").fill("上海浦东")
    page_zh.locator("#p-responsibilities").fill("负责 HR 网页应用的开发和测试。")
    # Five problems: no title, pay in words, a negative top, a currency in words, an unfinished email.
    page_zh.locator("#p-salary-min").fill("面议")
    page_zh.locator("#p-salary-max").fill("-3")
    page_zh.locator("#p-salary-currency").fill("人民币")
    page_zh.locator("#p-contact-email").fill("liwei@acme")

    page_zh.get_by_test_id("position-submit").click()

    expected = {
        "p-title": zh("problem.required"),
        "p-salary-min": zh("problem.salary_in_words"),
        "p-salary-max": zh("problem.too_small", min=0),
        "p-salary-currency": zh("problem.invalid_currency"),
        "p-contact-email": zh("problem.invalid_email"),
    }
    for field, message in expected.items():
        expect(page_zh.locator(f"#{field}-error")).to_have_text(message)
        expect(page_zh.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        assert not DEVELOPER_WORDS.search(message), message
    expect(page_zh.get_by_test_id("position-form-message")).to_have_text(zh("problem.summary", count=5))
    expect(page_zh.locator("#p-title")).to_be_focused()
    assert live_app.api("GET", "positions")["positions"] == []


def test_errors_only_the_server_can_see_come_back_in_the_page_language(page_zh: Any, live_app: LiveApp) -> None:
    live_app.api("POST", "positions", position_body())
    sign_in(page_zh, live_app)
    page_zh.get_by_role("link", name=zh("nav.schedule"), exact=True).click()
    page_zh.locator("#i-position-id").select_option(label="Front-end Engineer · Acme Robotics")
    page_zh.locator("#i-candidate-name").fill("张三")
    page_zh.locator("#i-candidate-email").fill("zhang.san@example.com")
    # Dialable to the page's eye, but no Chinese number has these digits.
    page_zh.locator("#i-candidate-phone").fill("+86 000 1234 5678")
    page_zh.locator("#i-starts-at").fill(f"{future_day()}T14:30")
    page_zh.locator("#i-address").fill("世纪大道 88 号 12 楼")
    page_zh.locator("#i-city").fill("上海")

    page_zh.get_by_test_id("schedule-submit").click()

    expect(page_zh.locator("#i-candidate-phone-error")).to_have_text(zh("problem.invalid_phone"))
    expect(page_zh.get_by_test_id("interview-form-message")).to_have_text(zh("problem.summary_one"))


def test_the_call_dialog_shows_the_phone_grouped_for_reading_with_the_weekday_and_zone(
    page_zh: Any, live_app: LiveApp
) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    candidate = {"name": "张三", "email": "zhang.san@example.com", "phone": "13800138000"}
    body = interview_body(position["position_id"], starts_at=f"{day}T14:30", candidate=candidate)
    interview = live_app.api("POST", "interviews", body)
    assert interview["candidate"]["phone_display"] == "+86 138 0013 8000"
    sign_in(page_zh, live_app)
    page_zh.locator("#day").fill(day)

    page_zh.get_by_test_id("interview-row").get_by_role("button", name=re.compile("Open call script|电话")).click()

    who = page_zh.locator("#call-who")
    expect(who.get_by_role("link")).to_have_text("+86 138 0013 8000")
    expect(who.get_by_role("link")).to_have_attribute("href", "tel:+8613800138000")
    expect(who).to_contain_text("北京时间（Asia/Shanghai）")
    expect(who).to_contain_text(re.compile("周[一二三四五六日]"))
