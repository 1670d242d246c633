"""What the server writes shows in the page's language: a held notice's warnings and a refusal, in Chinese."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.text import words
from chalicelib.vocabulary import InterviewStatus
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, future_day, sign_in

zh = words("zh-CN")


def test_a_held_warning_and_a_refusal_show_in_chinese(page_zh: Any, live_app: LiveApp) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body(salary_min=3000, salary_max=4000))
    candidate = {"name": "王五", "email": "wang.wu@example.com", "expected_salary": 5000, "skills": ["cobol"]}
    body = interview_body(position["position_id"], starts_at=f"{day}T09:00", candidate=candidate)
    held = live_app.api("POST", "interviews", body)
    assert held["notice"]["status"] == "held"
    sign_in(page_zh, live_app)
    page_zh.locator("#day").fill(day)
    row = page_zh.get_by_test_id("interview-row")
    warnings = row.get_by_test_id("held-warnings")
    salary = warnings.locator("[data-code=salary_mismatch]")
    salary.locator("summary").click()
    expect(salary).to_contain_text("候选人期望月薪 5,000，职位最高 4,000，相差 1,000 CNY。")
    low = warnings.locator("[data-code=low_match]")
    low.locator("summary").click()
    expect(low).to_contain_text("匹配度")
    expect(low).to_contain_text("缺少")

    # Someone else cancels the interview meanwhile: sending the held notice is refused, in Chinese.
    live_app.api("POST", f"interviews/{held['interview_id']}/cancel", {})
    row.get_by_role("button", name=zh("list.accept_send")).click()
    page_zh.get_by_test_id("ask-confirm").click()
    refusal = zh("refusal.cannot_send", status=InterviewStatus.CANCELLED.label("zh-CN"))
    expect(page_zh.locator("body")).to_contain_text(refusal)
