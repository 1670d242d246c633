"""What issue-level checks of the HR page the other files leave out: a forecast the watch could not get
reads as unknown with its reason, and the week, the side panels and the inbox pass axe-core, in both
languages, on a desk and at 375 px."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib import deps
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import Interview, WeatherState
from chalicelib.vocabulary import WeatherUnknownReason
from tests.support.a11y import assert_accessible
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, future_day, row_of, sign_in

EVERY_TAB = ["page", "page_zh", "phone", "phone_zh"]


@pytest.fixture(params=EVERY_TAB)
def tab(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


def language_of(tab: Any) -> str:
    chosen = {cookie["name"]: cookie["value"] for cookie in tab.context.cookies()}.get("showup_lang")
    return "en" if chosen == "en" else "zh-CN"


def booked(live_app: LiveApp, days: int = 3, **candidate: Any) -> dict[str, Any]:
    position = live_app.api("POST", "positions", position_body())
    body = interview_body(position["position_id"], starts_at=f"{future_day(days)}T14:30")
    body["candidate"] = {**body["candidate"], **candidate}
    return dict(live_app.api("POST", "interviews", body))


def forecast_unknown(interview: dict[str, Any], reason: WeatherUnknownReason) -> None:
    """The daily watch's record of a day it could get no forecast for, as it writes it."""

    def record(current: Interview) -> Interview:
        weather = WeatherState(
            risk="unknown", date=current.local_date, checked_at=iso_utc(datetime.now(UTC)), unknown_reason=reason.value
        )
        return dataclasses.replace(current, weather=weather)

    deps.interviews().update(interview["interview_id"], record)


def test_a_forecast_that_could_not_be_had_reads_as_unknown_with_its_reason(tab: Any, live_app: LiveApp) -> None:
    interview = booked(live_app)
    forecast_unknown(interview, WeatherUnknownReason.UNAVAILABLE)
    language = language_of(tab)
    sign_in(tab, live_app)
    tab.goto(f"{live_app.url}?day={interview['local_date']}")

    flag = row_of(tab, interview).locator("[data-flag=weather_unknown]")
    colon = "：" if language == "zh-CN" else ": "
    level = "天气未知" if language == "zh-CN" else "Weather unknown"
    expect(flag).to_have_text(f"{level}{colon}{WeatherUnknownReason.UNAVAILABLE.label(language)}")
    # Never read as calm: no "no weather warning" anywhere in the row.
    expect(row_of(tab, interview)).not_to_contain_text("无天气" if language == "zh-CN" else "no weather")


def test_the_week_the_side_panel_with_its_errors_and_the_inbox_have_no_serious_violation(
    tab: Any, live_app: LiveApp
) -> None:
    interview = booked(live_app, days=1, phone="+8613800138000")
    sign_in(tab, live_app)
    tab.goto(f"{live_app.url}?day={interview['local_date']}&view=week")
    expect(tab.get_by_test_id("week")).to_be_visible()
    assert_accessible(tab, where="the week")

    tab.goto(f"{live_app.url}?day={interview['local_date']}")
    row_of(tab, interview).get_by_test_id("details").click()
    expect(tab.get_by_test_id("timeline").locator("li").first).to_be_visible()
    tab.get_by_test_id("details-edit").click()
    tab.locator("#ce-candidate-name").fill("")
    tab.locator("#ce-candidate-email").fill("zhang.san.example.com")
    tab.get_by_test_id("candidate-edit-submit").click()
    expect(tab.locator("#ce-candidate-name")).to_have_attribute("aria-invalid", "true")
    assert_accessible(tab, where="the side panel with its timeline and the edit form's errors")
    tab.keyboard.press("Escape")

    tab.get_by_test_id("inbox-link").click()
    expect(tab.get_by_test_id("inbox-item").first).to_be_visible()
    assert_accessible(tab, where="the inbox")
