"""Every page ShowUp serves, checked by axe-core in Chromium: no serious or critical violation, in
both languages, on a desktop and a 375 px phone, with the states HR and candidates actually meet."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.a11y import assert_accessible, report, violations
from tests.support.api import interview_body, position_body
from tests.support.browser import (
    LiveApp,
    candidate,
    candidate_link,
    future_day,
    held_on,
    past_day,
    report_notice,
    sign_in,
)

# The tabs of tests/browser/conftest.py: English and Chinese, desktop and phone.
EVERY_TAB = ["page", "page_zh", "phone", "phone_zh"]
# Pages whose layout barely changes with the width: both languages on a desktop, Chinese on a phone.
SOME_TABS = ["page", "page_zh", "phone_zh"]


@pytest.fixture(params=EVERY_TAB)
def any_tab(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=SOME_TABS)
def tab(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


def signed_in(tab: Any, live_app: LiveApp, panel: str = "interviews") -> None:
    """Signed in to the HR page, on one of its panels (by its link, whatever the language)."""
    sign_in(tab, live_app)
    tab.locator(f"[data-panel-link={panel}]").first.click()
    expect(tab.locator(f"[data-panel={panel}]")).to_be_visible()


def module_url(tab: Any, name: str) -> str:
    """Where the page loads its module ``name`` (static/name.js) from, under its content-hashed name."""
    url: str = tab.evaluate(
        """(name) => [...document.querySelectorAll("link[rel=modulepreload]")]
            .map((link) => link.href).find((href) => href.includes(`/static/${name}.`))""",
        name,
    )
    return url


def a_day_of_every_kind(live_app: LiveApp, day: str) -> None:
    """Interviews on ``day`` in each state a badge or a warning shows: held, confirmed, at risk, bounced, failed."""
    position = live_app.api("POST", "positions", position_body())
    people = {
        "held": {"name": "Wang Fang", "email": "wang.fang@example.com", "expected_salary": 30000},
        "confirmed": {"name": "Zhang San", "email": "zhang.san@example.com"},
        "at_risk": {"name": "Liu Yang", "email": "liu.yang@example.com", "phone": "+86 137 5555 0199"},
        "bounced": {"name": "Emma Wilson", "email": "emma.wilson@example.con", "language": "en"},
        "failed": {"name": "Li Na", "email": "li.na@example.com"},
    }
    booked = {
        kind: live_app.api(
            "POST",
            "interviews",
            interview_body(position["position_id"], starts_at=f"{day}T{9 + hour:02d}:30", candidate=person),
        )
        for hour, (kind, person) in enumerate(people.items())
    }
    for kind in ("confirmed", "at_risk"):
        report_notice(booked[kind]["interview_id"], "delivered")
    report_notice(booked["bounced"]["interview_id"], "bounced", email_bounced=True)
    report_notice(booked["failed"]["interview_id"], "failed")
    live_app.http.post(f"{candidate_link(live_app, booked['confirmed'])}/confirm", timeout=10).raise_for_status()
    call = {"reached": True, "intent": "low", "notes": "Hesitant; has another offer."}
    live_app.api("POST", f"interviews/{booked['at_risk']['interview_id']}/call", call)


def test_the_check_fails_on_grey_text_and_an_unlabelled_field_naming_each(page: Any) -> None:
    page.set_content(
        '<html lang="en"><title>Bad</title><main><h1>Bad</h1>'
        '<p style="color:#aaa">Faint words</p><input id="nameless"></main></html>'
    )

    found = violations(page)

    assert sorted(violation["id"] for violation in found) == ["color-contrast", "label"]
    lines = report(found).splitlines()
    assert lines[0].startswith("color-contrast (serious) at p: Elements must meet minimum color contrast ratio")
    assert lines[1].startswith("label (critical) at #nameless: Form elements must have labels")
    with pytest.raises(AssertionError, match="Accessibility violations on a bad page:\ncolor-contrast"):
        assert_accessible(page, where="a bad page")


def test_the_sign_in_form_has_no_serious_violation(any_tab: Any, live_app: LiveApp) -> None:
    any_tab.goto(live_app.url)
    expect(any_tab.locator("#token")).to_be_focused()
    assert_accessible(any_tab, where="sign-in")

    any_tab.locator("#token").fill("not-a-token")
    any_tab.get_by_test_id("sign-in").click()
    expect(any_tab.locator("#token")).to_have_attribute("aria-invalid", "true")
    assert_accessible(any_tab, where="sign-in with its error")


def test_a_day_with_interviews_of_every_kind_and_a_past_day_to_record_have_no_serious_violation(
    any_tab: Any, live_app: LiveApp
) -> None:
    day = future_day()
    a_day_of_every_kind(live_app, day)
    earlier = past_day()
    held_on(
        live_app,
        earlier,
        {"start": time(9, 30), "candidate": candidate("Zhao Liu", "zhao.liu@example.com"), "outcome": None},
        {
            "start": time(11, 0),
            "candidate": candidate("Li Si", "li.si@example.com"),
            "outcome": "no_show",
            "reason": "personal",
        },
    )
    signed_in(any_tab, live_app)

    any_tab.locator("#day").fill(day)
    expect(any_tab.get_by_test_id("interview-row")).to_have_count(5)
    assert_accessible(any_tab, where="a day with interviews")
    any_tab.locator("#day").fill(earlier.isoformat())
    expect(any_tab.get_by_test_id("outcome-form").first).to_be_visible()
    assert_accessible(any_tab, where="a past day with an outcome to record")


def test_the_schedule_form_with_its_errors_shown_has_no_serious_violation(tab: Any, live_app: LiveApp) -> None:
    live_app.api("POST", "positions", position_body())
    signed_in(tab, live_app, "schedule")
    assert_accessible(tab, where="the schedule form")

    tab.get_by_test_id("schedule-submit").click()
    expect(tab.get_by_test_id("interview-form-message")).to_be_visible()
    assert_accessible(tab, where="the schedule form with its errors")


def test_the_positions_with_one_listed_and_the_form_refused_have_no_serious_violation(
    tab: Any, live_app: LiveApp
) -> None:
    live_app.api("POST", "positions", position_body())
    live_app.api(
        "POST", "positions", position_body(title="Warehouse Assistant", salary_max=40000, company_website=None)
    )
    signed_in(tab, live_app, "positions")
    expect(tab.get_by_test_id("position-list").locator(":scope > li")).to_have_count(2)
    assert_accessible(tab, where="positions")

    tab.get_by_test_id("position-submit").click()
    expect(tab.get_by_test_id("position-form-message")).to_be_visible()
    assert_accessible(tab, where="the position form with its errors")


def test_people_and_tokens_with_a_new_token_shown_have_no_serious_violation(tab: Any, live_app: LiveApp) -> None:
    signed_in(tab, live_app, "tokens")
    tab.locator("#t-name").fill("Wang Fang")
    tab.get_by_test_id("token-submit").click()
    expect(tab.get_by_test_id("token-result")).to_be_visible()
    expect(tab.get_by_test_id("token-list").locator(":scope > li")).to_have_count(2)
    assert_accessible(tab, where="people and tokens")


def test_the_call_script_dialog_and_the_logged_calls_risk_have_no_serious_violation(
    tab: Any, live_app: LiveApp
) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    interview = live_app.api(
        "POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T14:30", mode="notification")
    )
    signed_in(tab, live_app)
    tab.locator("#day").fill(day)
    expect(tab.get_by_test_id("interview-row")).to_have_count(1)
    # What the row's button does, whatever the button reads in the page's language.
    tab.evaluate(
        "async ([url, interview]) => (await import(url)).openCallScript(interview)",
        [module_url(tab, "hr-call"), interview],
    )
    dialog = tab.get_by_test_id("call-dialog")
    expect(dialog.get_by_test_id("script-section").first).to_be_visible()
    assert_accessible(tab, where="the call script")

    dialog.locator("#c-reached-yes").check()
    dialog.locator("#c-intent-low").check()
    dialog.get_by_test_id("call-submit").click()
    expect(dialog.get_by_test_id("at-risk-prompt")).to_be_visible()
    assert_accessible(tab, where="the call script with the call's risk")


def test_the_statistics_dashboard_has_no_serious_violation(tab: Any, live_app: LiveApp) -> None:
    held_on(
        live_app,
        past_day(),
        {"start": time(9, 30), "candidate": candidate("Zhang San", "zhang.san@example.com")},
        {
            "start": time(11, 0),
            "candidate": candidate("Li Si", "li.si@example.com"),
            "outcome": "no_show",
            "reason": "better_offer",
        },
    )
    tab.goto(f"{live_app.url}dashboard")
    assert_accessible(tab, where="the statistics sign-in")
    tab.locator("#token").fill(live_app.token)
    tab.get_by_test_id("sign-in").click()
    expect(tab.get_by_test_id("charts").locator("figure.chart svg")).to_have_count(5)
    assert_accessible(tab, where="the statistics dashboard")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("size", ["phone", "page"])
def test_the_candidate_page_and_its_decline_step_have_no_serious_violation(
    request: pytest.FixtureRequest, live_app: LiveApp, language: str, size: str
) -> None:
    tab = request.getfixturevalue(size)
    position = live_app.api("POST", "positions", position_body())
    person = {"name": "Zhang San", "email": "zhang.san@example.com", "language": language}
    interview = live_app.api(
        "POST",
        "interviews",
        interview_body(position["position_id"], starts_at=f"{future_day()}T14:30", candidate=person),
    )
    tab.goto(candidate_link(live_app, interview))
    assert_accessible(tab, where="the candidate page")

    tab.locator("#confirm button").click()
    expect(tab.get_by_test_id("done")).to_be_visible()
    assert_accessible(tab, where="the candidate page once confirmed")

    tab.locator("#decline button").click()
    expect(tab.get_by_test_id("decline-step")).to_be_visible()
    assert_accessible(tab, where="the decline step")


def test_the_confirmation_dialog_messages_and_spinner_have_no_serious_violation(tab: Any, live_app: LiveApp) -> None:
    signed_in(tab, live_app)
    # As an action shows them (static/feedback.js): the page's own module, imported under its policy.
    tab.evaluate(
        """async (url) => {
            const feedback = await import(url);
            feedback.tell("Notice sent to Zhang San", "ok");
            feedback.tell("The notice could not be sent", "error");
            document.querySelector("#busy").hidden = false;
            feedback.ask({title: "Cancel the interview?", body: "Zhang San will be told by email.",
                          details: ["Thu 3 Dec 14:30"], confirm: "Cancel the interview", danger: true});
        }""",
        module_url(tab, "feedback"),
    )
    expect(tab.get_by_test_id("ask-dialog")).to_be_visible()
    expect(tab.get_by_test_id("toast")).to_have_count(2)
    assert_accessible(tab, where="the confirmation dialog over the page, its messages and the spinner")


def test_the_reschedule_dialog_has_no_serious_violation(tab: Any, live_app: LiveApp) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    live_app.api("POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T14:30"))
    signed_in(tab, live_app)
    tab.locator("#day").fill(day)
    tab.get_by_test_id("interview-row").locator("button").first.wait_for()
    tab.evaluate("document.querySelector('#reschedule-dialog').showModal()")
    tab.get_by_test_id("reschedule-submit").click()
    expect(tab.locator("#r-starts-at")).to_have_attribute("aria-invalid", "true")
    assert_accessible(tab, where="the reschedule dialog with its error")


@pytest.mark.parametrize("size", ["phone", "page"])
def test_a_link_that_leads_nowhere_has_no_serious_violation(
    request: pytest.FixtureRequest, live_app: LiveApp, size: str
) -> None:
    tab = request.getfixturevalue(size)
    tab.goto(f"{live_app.url}c/not-a-link")
    expect(tab.locator("h1")).to_be_visible()
    assert_accessible(tab, where="a refused candidate link")


def test_the_local_outbox_page_has_no_serious_violation(page: Any) -> None:
    from chalicelib.localdev.captured import Attachment, Outbox, Sent
    from chalicelib.render import render

    mail = Sent(
        id="1",
        channel="email",
        to="陈晓明 <chen.xiaoming@example.com>",
        sender="ShowUp <interviews@showup.test>",
        subject="面试通知：Java 后端开发工程师",
        text="陈晓明您好：\n明天 10:00 面试。",
        html="<p>陈晓明您好：<b>明天 10:00</b> 面试。</p>",
        attachments=[Attachment("invite.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")],
        sent_at="2026-11-27T01:05:00Z",
    )
    text = Sent(id="2", channel="sms", to="+8613800138001", text="【星途科技】陈晓明您好，明天 10:00 面试。")
    # Only `make run` serves it (tests have no local stage): the page as the route renders it.
    page.set_content(render("web/outbox.html", outbox=Outbox(messages=[mail, text], start=3, total=5)))
    expect(page.locator("article.message")).to_have_count(2)
    assert_accessible(page, where="the local outbox")
