"""The HR web app in headless Chromium against the real app over HTTP (moto server behind it)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.text import words
from chalicelib.vocabulary import InterviewStatus, NoticeStatus, WarningCode
from tests.support.api import interview_body, position_body
from tests.support.browser import BROWSER_TIMEZONE, REFUSED, LiveApp, candidate_link, future_day, report_notice, sign_in

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "hr-page.png"


def fill_position(page: Any) -> None:
    page.locator("#p-title").fill("Front-end Engineer")
    page.locator("#p-company").fill("Acme Robotics")
    page.locator("#p-work-location").fill("Pudong, Shanghai")
    page.locator("#p-level").select_option("mid")
    page.locator("#p-responsibilities").fill("Build the HR-facing web app; own accessibility and tests.")
    page.locator("#p-skills").fill("typescript, css")
    page.locator("#p-salary-min").fill("15000")
    page.locator("#p-salary-max").fill("22000")
    page.locator("#p-benefits").fill("Lunch, 15 days of paid leave")
    page.locator("#p-company-website").fill("https://acme.example.com")
    page.locator("#p-contact-name").fill("Li Wei")
    page.locator("#p-contact-phone").fill("+86 21 5555 0100")
    page.locator("#p-contact-email").fill("liwei@acme.example.com")


def fill_interview(page: Any, day: str, email: str = "zhang.san@example.com") -> None:
    page.locator("#i-candidate-name").fill("Zhang San")
    page.locator("#i-candidate-email").fill(email)
    page.locator("#i-candidate-skills").fill("typescript, react")
    page.locator("#i-starts-at").fill(f"{day}T14:30")
    page.locator("#i-address").fill("88 Century Avenue, Floor 12")
    page.locator("#i-city").fill("Shanghai")
    page.locator("#i-transit").fill("Metro line 2 to Lujiazui, exit 6")


def test_hr_signs_in_creates_a_position_and_an_interview_and_sees_it_on_its_day(page: Any, live_app: LiveApp) -> None:
    day = future_day()
    sign_in(page, live_app)

    page.get_by_role("link", name="Positions", exact=True).click()
    fill_position(page)
    page.get_by_test_id("position-submit").click()
    expect(page.get_by_test_id("position-result")).to_contain_text("Created: Front-end Engineer at Acme Robotics")
    expect(page.get_by_test_id("position-list")).to_contain_text("15,000–22,000 CNY")

    page.get_by_role("link", name="Schedule interview", exact=True).click()
    # The position just created is already chosen, and the time zone defaults to the browser's.
    expect(page.locator("#i-position-id option:checked")).to_have_text("Front-end Engineer · Acme Robotics")
    expect(page.locator("#i-timezone")).to_have_value(BROWSER_TIMEZONE)
    fill_interview(page, day)
    page.get_by_test_id("schedule-submit").click()
    expect(page.get_by_test_id("interview-result")).to_contain_text("Scheduled: Zhang San")
    expect(page.get_by_test_id("result-notice")).to_have_text(NoticeStatus.QUEUED.label("en"))

    page.get_by_role("link", name="Interviews", exact=True).click()
    expect(page.locator("#day")).to_have_value(day)
    row = page.get_by_test_id("interview-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.SCHEDULED.label("en"))
    expect(row.get_by_test_id("notice-status")).to_have_text(NoticeStatus.QUEUED.label("en"))
    for text in ("14:30", "Zhang San", "Front-end Engineer", "Acme Robotics"):
        expect(row).to_contain_text(text)


def test_a_bad_candidate_email_is_shown_next_to_its_field_and_nothing_is_created(page: Any, live_app: LiveApp) -> None:
    day = future_day()
    live_app.api("POST", "positions", position_body())
    sign_in(page, live_app)
    page.get_by_role("link", name="Schedule interview", exact=True).click()
    page.locator("#i-position-id").select_option(label="Front-end Engineer · Acme Robotics")
    fill_interview(page, day, email="zhang.san@example")

    page.get_by_test_id("schedule-submit").click()

    expect(page.locator("#i-candidate-email-error")).to_have_text(words("en")("problem.invalid_email"))
    expect(page.locator("#i-candidate-email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("interview-form-message")).to_be_visible()
    expect(page.get_by_test_id("interview-result")).to_be_hidden()
    assert live_app.api("GET", f"interviews?date={day}")["interviews"] == []


def test_a_wrong_token_is_not_accepted_and_sign_out_forgets_the_right_one(page: Any, live_app: LiveApp) -> None:
    page.goto(live_app.url)
    page.locator("#token").fill("not-a-token")
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("token-error")).to_have_text(REFUSED)
    expect(page.locator("#token")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("nav")).to_be_hidden()

    sign_in(page, live_app)
    page.get_by_test_id("sign-out").click()
    expect(page.locator("#token")).to_be_visible()
    assert page.evaluate("sessionStorage.length") == 0


def test_hr_reschedules_then_cancels_an_interview_from_the_list(page: Any, live_app: LiveApp) -> None:
    day, later = future_day(14), future_day(15)
    position = live_app.api("POST", "positions", position_body())
    live_app.api("POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T10:00"))
    sign_in(page, live_app)
    page.locator("#day").fill(day)
    row = page.get_by_test_id("interview-row")
    expect(row).to_contain_text("10:00")

    row.get_by_role("button", name="Reschedule").click()
    page.locator("#r-starts-at").fill(f"{later}T16:00")
    page.get_by_test_id("reschedule-submit").click()
    expect(page.locator("#day")).to_have_value(later)
    expect(row).to_contain_text("16:00")

    row.get_by_role("button", name="Cancel").click()
    page.get_by_test_id("ask-confirm").click()
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.CANCELLED.label("en"))
    # Nothing left to do but read its details.
    expect(row.get_by_role("button")).to_have_text(["Details"])


def test_a_salary_mismatch_is_shown_first_and_holds_the_notice_until_hr_accepts_it(
    page: Any, live_app: LiveApp
) -> None:
    live_app.api("POST", "positions", position_body(salary_min=3000, salary_max=4000, skills=["typescript", "react"]))
    sign_in(page, live_app)
    page.get_by_role("link", name="Schedule interview", exact=True).click()
    page.locator("#i-position-id").select_option(label="Front-end Engineer · Acme Robotics")
    fill_interview(page, future_day())
    page.locator("#i-candidate-expected-salary").fill("5000")

    page.get_by_test_id("schedule-submit").click()

    result = page.get_by_test_id("interview-result")
    expect(result.locator(":scope > *").first).to_have_attribute("data-testid", "result-warnings")
    mismatch = result.locator("[data-code=salary_mismatch]")
    expect(mismatch).to_contain_text(WarningCode.SALARY_MISMATCH.label("en"))
    expect(mismatch).to_contain_text("asks 5,000, the offer tops at 4,000: gap 1,000 CNY")
    expect(page.get_by_test_id("result-notice")).to_have_text(NoticeStatus.HELD.label("en"))

    result.get_by_role("button", name="Accept and send").click()

    expect(page.get_by_test_id("result-notice")).to_have_text(NoticeStatus.QUEUED.label("en"))
    expect(result.get_by_role("button", name="Accept and send")).to_have_count(0)
    interview = live_app.api("GET", f"interviews/{result.get_attribute('data-interview-id')}")
    assert interview["notice"]["status"] == "queued"
    assert interview["accepted_warnings"] == ["salary_mismatch"]


def test_a_held_notice_in_the_list_shows_its_warnings_and_accept_and_send_releases_it(
    page: Any, live_app: LiveApp
) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body(salary_min=3000, salary_max=4000))
    # Asks too much and has none of the skills: held for both salary_mismatch and low_match.
    candidate = {"name": "Wang Wu", "email": "wang.wu@example.com", "expected_salary": 5000, "skills": ["cobol"]}
    held = live_app.api(
        "POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T09:00", candidate=candidate)
    )
    assert (held["notice"]["status"], held["notice"]["held_for"]) == ("held", ["salary_mismatch", "low_match"])
    sign_in(page, live_app)
    page.locator("#day").fill(day)
    row = page.get_by_test_id("interview-row")
    expect(row.get_by_test_id("notice-status")).to_have_text(NoticeStatus.HELD.label("en"))
    warnings = row.get_by_test_id("held-warnings")
    expect(warnings.locator("[data-code=salary_mismatch]")).to_contain_text("gap 1,000 CNY")
    expect(warnings.locator("[data-code=low_match]")).to_contain_text(WarningCode.LOW_MATCH.label("en"))

    row.get_by_role("button", name="Accept and send").click()
    page.get_by_test_id("ask-confirm").click()

    expect(row.get_by_test_id("notice-status")).to_have_text(NoticeStatus.QUEUED.label("en"))
    expect(row).to_contain_text(
        f"accepted: {WarningCode.SALARY_MISMATCH.label('en')}, {WarningCode.LOW_MATCH.label('en')}"
    )
    expect(row.get_by_role("button", name="Accept and send")).to_have_count(0)
    released = live_app.api("GET", f"interviews/{held['interview_id']}")
    assert released["accepted_warnings"] == ["salary_mismatch", "low_match"]


def test_failed_and_bounced_notices_are_red_with_what_to_do_and_can_be_resent(page: Any, live_app: LiveApp) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    ids = {}
    for time, name in (("09:00", "Failed"), ("10:00", "Bounced"), ("11:00", "Fine")):
        candidate = {"name": name, "email": f"{name.lower()}@example.com"}
        body = interview_body(position["position_id"], starts_at=f"{day}T{time}", candidate=candidate)
        ids[name] = live_app.api("POST", "interviews", body)["interview_id"]
    report_notice(ids["Failed"], "failed")
    report_notice(ids["Bounced"], "bounced", email_bounced=True)
    report_notice(ids["Fine"], "delivered")
    sign_in(page, live_app)
    page.locator("#day").fill(day)
    rows = page.get_by_test_id("interview-row")
    failed, bounced, fine = rows.nth(0), rows.nth(1), rows.nth(2)

    expect(failed.locator("[data-testid=notice-status] .badge")).to_have_class(re.compile(r"\bbad\b"))
    expect(failed.get_by_test_id("notice-hint")).to_have_text("Not sent: resend")
    expect(bounced.locator("[data-testid=notice-status] .badge")).to_have_class(re.compile(r"\bbad\b"))
    expect(bounced.get_by_test_id("notice-hint")).to_have_text("Call and re-check the address")
    expect(bounced.locator("[data-flag=email_bounced]")).to_contain_text("Email bounced")
    expect(fine.locator("[data-testid=notice-status] .badge")).to_have_class(re.compile(r"\bok\b"))
    expect(fine.get_by_test_id("notice-hint")).to_have_count(0)
    expect(fine.get_by_role("button", name="Resend notice")).to_have_count(0)

    bounced.get_by_role("button", name="Resend notice").click()

    expect(bounced.get_by_test_id("notice-status")).to_have_text(NoticeStatus.QUEUED.label("en"))
    expect(bounced.get_by_role("button", name="Resend notice")).to_have_count(0)
    expect(failed.get_by_test_id("notice-status")).to_have_text(NoticeStatus.FAILED.label("en"))
    assert live_app.api("GET", f"interviews/{ids['Bounced']}")["notice"]["status"] == "queued"


def test_the_positions_list_shows_what_each_position_is_missing(page: Any, live_app: LiveApp) -> None:
    live_app.api("POST", "positions", position_body())
    vague = {k: v for k, v in position_body().items() if k not in ("company_website", "contact")}
    vague.update(title="Warehouse Assistant", responsibilities="Other duties as assigned.", salary_max=40000)
    live_app.api("POST", "positions", vague)
    sign_in(page, live_app)

    page.get_by_role("link", name="Positions", exact=True).click()

    cards = page.get_by_test_id("position-list").locator("li[data-position-id]")
    complete = cards.filter(has_text="Front-end Engineer").get_by_test_id("position-completeness")
    expect(complete).to_have_text("Nothing missing")
    gaps = cards.filter(has_text="Warehouse Assistant").get_by_test_id("position-completeness")
    expect(gaps).to_contain_text("facts to fix")
    for field in ("salary_max", "responsibilities", "contact", "company_website"):
        expect(gaps.locator(f"[data-field={field}]").first).to_be_visible()
    expect(gaps.locator("[data-field=salary_max]")).to_contain_text("15,000–40,000 is too wide")


def test_at_phone_width_every_control_is_labelled_and_nothing_scrolls_sideways(phone: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    live_app.api("POST", "interviews", interview_body(position["position_id"], starts_at=f"{future_day()}T14:30"))
    sign_in(phone, live_app)
    phone.locator("#day").fill(future_day())
    expect(phone.get_by_test_id("interview-row")).to_have_count(1)
    unlabelled = """() => [...document.querySelectorAll("input, select, textarea")]
        .filter((control) => control.type !== "hidden" && control.labels.length === 0)
        .map((control) => control.id || control.name)"""
    too_wide = "() => document.documentElement.scrollWidth > window.innerWidth"

    for panel in ("Interviews", "Schedule interview", "Positions"):
        phone.get_by_role("link", name=panel, exact=True).click()
        expect(phone.locator("[data-panel]:visible h1")).to_be_visible()
        assert phone.evaluate(too_wide) is False, panel
    assert phone.evaluate(unlabelled) == []
    phone.get_by_role("link", name="Interviews", exact=True).click()
    button = phone.get_by_role("button", name="Reschedule").bounding_box()
    assert button is not None and button["height"] >= 44

    phone.get_by_role("button", name="Open call script").click()
    expect(phone.get_by_test_id("email-spelled")).to_be_visible()
    assert phone.evaluate(too_wide) is False, "call script"
    assert phone.evaluate(unlabelled) == []


@pytest.mark.skipif(
    os.environ.get("SHOWUP_SCREENSHOT") != "1", reason="SHOWUP_SCREENSHOT=1 refreshes docs/hr-page.png and hr-week.png"
)
def test_screenshot_of_a_busy_day(page_zh: Any, live_app: LiveApp) -> None:
    page = page_zh
    day = future_day(7)
    engineer = live_app.api(
        "POST",
        "positions",
        position_body(
            title="前端开发工程师",
            company="蓝河科技",
            work_location="上海市浦东新区张江路 88 号",
            responsibilities="负责 HR 系统前端开发，保证可访问性与测试。",
        ),
    )
    analyst = live_app.api(
        "POST",
        "positions",
        position_body(
            title="数据分析师",
            company="蓝河物流",
            work_location="上海市徐汇区漕溪北路 18 号",
            responsibilities="分析仓储与配送数据，制作每周报表。",
            salary_min=12000,
            salary_max=18000,
            skills=["sql", "python"],
        ),
    )
    people = [
        ("09:30", engineer, "张伟", "zhang.wei@example.com", {"phone": "+86 138 0013 8000"}),
        ("10:30", analyst, "陈静", "chen.jing@example.com", {"phone": "+86 139 1234 5678"}),
        ("11:30", engineer, "王芳", "wang.fang@example.com", {"expected_salary": 26000, "skills": ["typescript"]}),
        ("14:00", analyst, "刘洋", "liu.yang@example.com", {"phone": "+86 137 5555 0199"}),
        ("15:30", engineer, "周杰", "zhou.jie@exmaple.com", {}),
        ("16:30", analyst, "李娜", "li.na@example.com", {"phone": "+86 136 2020 4411"}),
    ]
    confirmed, sent, _held, at_risk, bounced, moved = (
        live_app.api(
            "POST",
            "interviews",
            interview_body(
                position["position_id"],
                starts_at=f"{day}T{time}",
                candidate={"name": name, "email": email, "language": "zh-CN", **extra},
                channels=["email", "sms"] if "phone" in extra else ["email"],
            ),
        )
        for time, position, name, email, extra in people
    )
    for interview, status in ((confirmed, "delivered"), (sent, "sent"), (at_risk, "delivered"), (moved, "delivered")):
        report_notice(interview["interview_id"], status)
    report_notice(bounced["interview_id"], "bounced", email_bounced=True)
    live_app.http.post(f"{candidate_link(live_app, confirmed)}/confirm", timeout=10).raise_for_status()
    reason = {"reason": "周四上午可以吗？"}
    live_app.http.post(f"{candidate_link(live_app, moved)}/reschedule", data=reason, timeout=10).raise_for_status()
    call = {"reached": True, "intent": "low", "attendance": "unsure", "notes": "犹豫，手上还有别的offer。"}
    live_app.api("POST", f"interviews/{at_risk['interview_id']}/call", call)

    sign_in(page, live_app)
    page.locator("#day").fill(day)
    page.locator("#day").dispatch_event("change")
    expect(page.get_by_test_id("interview-row")).to_have_count(len(people))
    # The picture shows what it claims: each kind of row HR meets on a real day.
    kinds = ("[data-flag=at_risk]", "[data-flag=email_bounced]", "[data-code=salary_mismatch]", ".status-confirmed")
    for shown in kinds:
        expect(page.locator(shown)).to_have_count(1)
    page.locator("#day").blur()
    expect(page.get_by_test_id("busy")).to_be_hidden()
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

    page.get_by_test_id("view-week").click()
    expect(page.get_by_test_id("week")).to_be_visible()
    expect(page.get_by_test_id("busy")).to_be_hidden()
    page.screenshot(path=str(SCREENSHOT.with_name("hr-week.png")))
    assert SCREENSHOT.with_name("hr-week.png").stat().st_size > 10_000
