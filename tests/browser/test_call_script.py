"""The call script and call log in the HR app, against the real call API."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from chalicelib.text import words
from chalicelib.vocabulary import NoticeMode
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, future_day, sign_in


def open_script(page: Any, live_app: LiveApp) -> tuple[dict[str, Any], Any]:
    """An English notification interview on its day in the list, with its call script open."""
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com", "language": "en"}
    body = interview_body(position["position_id"], starts_at=f"{day}T14:30", candidate=candidate, mode="notification")
    interview = live_app.api("POST", "interviews", body)
    sign_in(page, live_app)
    page.locator("#day").fill(day)
    page.get_by_test_id("interview-row").get_by_role("button", name="Open call script").click()
    dialog = page.get_by_test_id("call-dialog")
    expect(dialog.get_by_test_id("script-section").first).to_be_visible()
    return interview, dialog


def test_the_call_script_shows_its_sections_timing_and_the_spelled_email_in_large_type(
    page: Any, live_app: LiveApp
) -> None:
    _, dialog = open_script(page, live_app)

    titles = dialog.get_by_test_id("script-section").locator("h3")
    expect(titles).to_contain_text(["Opening", "The facts", "Attendance", "Email", "Close"])
    expect(dialog.get_by_test_id("script-mode")).to_have_text(NoticeMode.NOTIFICATION.label("en"))
    expect(dialog.get_by_test_id("script-timing")).to_have_text(re.compile(r"^≈ \d+ s of 30 s target$"))
    spelled = dialog.get_by_test_id("email-spelled")
    expect(spelled.locator(".email")).to_have_text("zhang.san@example.com")
    letters = spelled.locator("li")
    expect(letters.first).to_have_text("z as in Zulu")
    expect(letters).to_have_count(len("zhang.san@example.com"))
    expect(spelled).to_contain_text("at")
    line_size = dialog.locator(".script-section .line").first.evaluate("(line) => getComputedStyle(line).fontSize")
    assert float(line_size.removesuffix("px")) >= 20


def test_a_low_intent_call_shows_the_at_risk_prompt_and_flags_the_interview(page: Any, live_app: LiveApp) -> None:
    interview, dialog = open_script(page, live_app)

    dialog.get_by_label("Yes, we spoke").check()
    dialog.get_by_label(re.compile("^Low")).check()
    dialog.get_by_label("Notes").fill("Asked twice whether the salary is negotiable.")
    dialog.get_by_test_id("call-submit").click()

    expect(dialog.get_by_test_id("at-risk-prompt")).to_contain_text("Intent sounded low: confirm attendance directly")
    expect(dialog.get_by_test_id("risk-score")).to_contain_text(re.compile(r"No-show probability \d+%"))
    low = dialog.get_by_test_id("risk-factors").locator("tr[data-factor=intent_low]")
    expect(low).to_contain_text("Sounded hesitant on the call")
    expect(low).to_contain_text("+0.80")
    dialog.get_by_role("button", name="Close").click()
    row = page.get_by_test_id("interview-row")
    expect(row.locator("[data-flag=at_risk]")).to_contain_text("At risk")
    logged = live_app.api("GET", f"interviews/{interview['interview_id']}")
    assert logged["intent"] == "low" and logged["at_risk"] is True


def test_a_call_that_reached_the_candidate_asks_for_intent_next_to_its_field(page: Any, live_app: LiveApp) -> None:
    interview, dialog = open_script(page, live_app)

    dialog.get_by_label("Yes, we spoke").check()
    dialog.get_by_test_id("call-submit").click()

    expect(dialog.locator("#c-intent-error")).to_have_text(words("en")("problem.intent_required"))
    expect(dialog.locator("#c-intent-low")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_test_id("call-result")).to_be_hidden()
    assert "calls" not in live_app.api("GET", f"interviews/{interview['interview_id']}")


def test_the_candidates_answer_and_the_commitments_the_script_asked_are_one_tap_each(
    page: Any, live_app: LiveApp
) -> None:
    interview, dialog = open_script(page, live_app)

    # A notification asks two commitment questions: they come first, the others wait under "volunteered".
    asked = dialog.locator("#c-commitments-asked [data-commitment]")
    expect(asked).to_have_count(2)
    expect(dialog.locator("#c-commitments-more")).not_to_have_attribute("open", "")
    dialog.get_by_label("Yes, we spoke").check()
    dialog.get_by_label(re.compile("^Medium")).check()
    dialog.get_by_label("Not sure").check()
    dialog.get_by_test_id("c-commitment-call_before").get_by_label("No", exact=True).check()
    dialog.get_by_test_id("c-commitment-venue_clear").get_by_label("No", exact=True).check()
    dialog.get_by_test_id("call-submit").click()

    expect(dialog.get_by_test_id("risk-score")).to_contain_text("Call to confirm")
    factors = dialog.get_by_test_id("risk-factors")
    expect(factors.locator("tr[data-factor=attendance_unsure]")).to_contain_text("Said they are not sure")
    expect(factors.locator("tr[data-factor=call_before_no]")).to_contain_text("+0.90")
    logged = live_app.api("GET", f"interviews/{interview['interview_id']}")["calls"][-1]
    assert logged["attendance"] == "unsure"
    assert logged["commitments"] == {"call_before": "no", "venue_clear": "no"}


def test_a_call_nobody_answered_sends_no_answers(page: Any, live_app: LiveApp) -> None:
    interview, dialog = open_script(page, live_app)

    dialog.get_by_label("No answer").check()
    expect(dialog.locator("#c-attendance-yes")).to_be_disabled()
    dialog.get_by_test_id("call-submit").click()

    expect(dialog.get_by_test_id("call-result")).to_be_visible()
    logged = live_app.api("GET", f"interviews/{interview['interview_id']}")["calls"][-1]
    assert logged["reached"] is False and "attendance" not in logged and "commitments" not in logged
