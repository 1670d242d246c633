"""The candidate's side: the signed link from the notice, opened on a phone."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.vocabulary import InterviewStatus
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, candidate_link, future_day, problems, sign_in


def test_a_candidate_confirms_from_their_phone_and_hr_sees_the_interview_confirmed(
    phone: Any, page: Any, live_app: LiveApp
) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    # interview_body's candidate reads Chinese (zh-CN), the default for ShowUp's candidates.
    interview = live_app.api("POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T14:30"))

    phone.goto(candidate_link(live_app, interview))
    expect(phone.get_by_test_id("when")).to_contain_text(f"{day} 14:30")
    phone.get_by_role("button", name="确认参加").click()

    expect(phone.get_by_test_id("done")).to_contain_text("已确认")
    expect(phone.get_by_test_id("status")).to_have_text("confirmed")
    sign_in(page, live_app)
    page.locator("#day").fill(day)
    row = page.get_by_test_id("interview-row")
    expect(row.get_by_test_id("interview-status")).to_have_text(InterviewStatus.CONFIRMED.label("en"))
    expect(row.get_by_test_id("status-note")).to_contain_text("replied")


def test_the_candidate_page_runs_under_its_policy_styled_by_its_own_file_before_and_after_answering(
    phone: Any, live_app: LiveApp
) -> None:
    seen = problems(phone)
    position = live_app.api("POST", "positions", position_body())
    interview = live_app.api(
        "POST", "interviews", interview_body(position["position_id"], starts_at=f"{future_day()}T10:00")
    )

    phone.goto(candidate_link(live_app, interview))
    confirm = phone.get_by_role("button", name="确认参加")
    # The brand colour comes from candidate.css: the stylesheet loaded under the page's policy.
    expect(confirm).to_have_css("background-color", "rgb(28, 100, 242)")
    confirm.click()

    expect(phone.get_by_test_id("done")).to_contain_text("已确认")
    expect(phone.get_by_role("button", name="确认参加")).to_have_css("background-color", "rgb(28, 100, 242)")
    assert seen == []
