"""The HR list reads true: no risk badge where no one expects the candidate, and warnings one line each."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib.vocabulary import InterviewStatus, WarningCode
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, candidate_link, future_day, row_of, sign_in


@pytest.fixture(params=["page", "page_zh", "phone", "phone_zh"])
def tab(request: pytest.FixtureRequest) -> Any:
    """Both languages, on a desk and at 375 px."""
    return request.getfixturevalue(request.param)


def test_a_declined_interview_has_no_risk_badge_though_its_call_sounded_low(tab: Any, live_app: LiveApp) -> None:
    page = tab
    english = {c["name"]: c["value"] for c in page.context.cookies()}.get("showup_lang") == "en"
    language = "en" if english else "zh-CN"
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    body = interview_body(position["position_id"], starts_at=f"{day}T10:00")
    unsure, declined = (
        live_app.api("POST", "interviews", {**body, "candidate": {**body["candidate"], "email": email}})
        for email in ("unsure@example.com", "gone@example.com")
    )
    for interview in (unsure, declined):
        live_app.api("POST", f"interviews/{interview['interview_id']}/call", {"reached": True, "intent": "low"})
    link = candidate_link(live_app, live_app.api("GET", f"interviews/{declined['interview_id']}"))
    answered = live_app.http.post(f"{link}/decline", data={"reason": "", "sure": "yes"}, timeout=10)
    assert answered.status_code == 200

    sign_in(page, live_app)
    page.locator("#day").fill(day)

    expect(row_of(page, unsure).locator("[data-flag=at_risk]")).to_be_visible()
    expect(row_of(page, declined).get_by_test_id("interview-status")).to_contain_text(
        InterviewStatus.DECLINED.label(language)
    )
    expect(row_of(page, declined).locator("[data-flag=at_risk]")).to_have_count(0)
    expect(row_of(page, declined)).not_to_have_class("is-at-risk")
    expect(row_of(page, declined)).not_to_contain_text("confirm attendance directly" if english else "直接确认是否出席")
    expect(page.locator("#interviews-summary")).to_contain_text("1 at risk" if english else "1 场有爽约风险")


def test_the_notice_column_shows_one_line_per_warning_with_its_message_on_demand(page: Any, live_app: LiveApp) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body(salary_min=3000, salary_max=4000))
    email = "wang.wu.with.a.rather.long.address@example-recruiting.com.cn"
    candidate = {"name": "Wang Wu", "email": email, "expected_salary": 5000, "skills": ["cobol"]}
    held = live_app.api(
        "POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T09:00", candidate=candidate)
    )
    sign_in(page, live_app)
    page.locator("#day").fill(day)
    row = row_of(page, held)

    lines = row.get_by_test_id("held-warnings").locator("li")
    expect(lines).to_have_count(2)
    expect(lines.locator("summary")).to_have_text(
        [WarningCode.SALARY_MISMATCH.label("en"), WarningCode.LOW_MATCH.label("en")]
    )
    for line in lines.locator("summary").all():
        assert line.bounding_box()["height"] < 30, "a warning's label takes one line"
    message = lines.first.locator(".warning-message")
    expect(message).to_be_hidden()
    lines.first.locator("summary").click()
    expect(message).to_be_visible()
    expect(message).to_contain_text("gap 1,000 CNY")

    # The address breaks after "@" and dots, the places a reader expects, and not mid-word.
    shown = row.locator(".email")
    expect(shown).to_have_text(email)
    assert shown.locator("wbr").count() == email.count(".") + email.count("@")
    assert shown.evaluate("(node) => getComputedStyle(node.closest('td')).overflowWrap") == "break-word"
