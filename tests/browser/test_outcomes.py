"""Outcomes on the HR page and the statistics dashboard, tried as a new user would, in headless Chromium."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from chalicelib import deps
from chalicelib.services.statistics.counting import REASONS
from chalicelib.text import words
from chalicelib.vocabulary import InterviewStatus, NoShowReason, labels
from devtools import seed
from tests.support.browser import LiveApp, candidate, held_on, past_day, row_of, sign_in
from tests.support.stream import drain_stream

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"


def stats_csv(live_app: LiveApp, period: str, day: date) -> dict[str, str]:
    """The one CSV row of the period containing ``day``, fetched as HR's spreadsheet would get it."""
    response = live_app.http.get(
        f"{live_app.url}stats.csv?period={period}&from={day}&to={day}",
        headers={"Authorization": f"Bearer {live_app.token}"},
        timeout=10,
    )
    response.raise_for_status()
    (row,) = csv.DictReader(io.StringIO(response.text))
    return row


def reasons_shown(page: Any) -> dict[str, int]:
    """The reasons chart's figures, read from the description it gives screen readers."""
    desc = page.locator("[data-chart=reasons] svg desc").text_content() or ""
    codes = {label: code for code, label in labels(NoShowReason, "en").items()}
    return {codes[label]: int(count) for label, count in re.findall(r"([^:;]+): (\d+) \(", desc.replace("; ", ";"))}


def tiles(page: Any) -> dict[str, str]:
    shown = page.get_by_test_id("tiles")
    return dict(zip(shown.locator("dt").all_text_contents(), shown.locator("dd").all_text_contents(), strict=True))


def table_row(page: Any, measure: str) -> list[str]:
    """A measure's figures in the statistics table: all, notification, invitation, email, email + SMS."""
    row = page.get_by_test_id("stats-table").locator("tbody tr").filter(has=page.get_by_role("rowheader", name=measure))
    return list(row.locator("td").all_text_contents())


def test_hr_records_what_happened_on_a_past_day_and_the_dashboard_counts_it_as_the_csv_does(
    page: Any, live_app: LiveApp
) -> None:
    day = past_day()
    came, missed, pending, earlier = held_on(
        live_app,
        day,
        {"start": time(9, 30), "candidate": candidate("Zhang San", "zhang.san@example.com"), "outcome": None},
        {"start": time(11, 0), "candidate": candidate("Li Si", "li.si@example.com"), "outcome": None},
        {"start": time(14, 0), "candidate": candidate("Wang Wu", "wang.wu@example.com"), "outcome": None},
        {
            "start": time(8, 30),
            "candidate": candidate("Zhao Liu", "zhao.liu@example.com"),
            "answer": None,
            "outcome": "no_show",
            "reason": "personal",
        },
    )
    sign_in(page, live_app)

    page.locator("#day").fill(day.isoformat())
    expect(page.get_by_test_id("interview-row")).to_have_count(4)
    expect(page.get_by_test_id("interviews-summary")).to_contain_text("3 outcomes to record")
    expect(row_of(page, earlier).get_by_test_id("status-note")).to_have_text("Personal reasons")

    row_of(page, came).get_by_label("Outcome").select_option("attended")
    row_of(page, came).get_by_role("button", name="Record outcome").click()
    expect(row_of(page, came).get_by_test_id("interview-status")).to_have_text(InterviewStatus.ATTENDED.label("en"))

    # A no-show without its reason: the page asks for it next to the reason field before sending.
    form = row_of(page, missed).get_by_test_id("outcome-form")
    form.get_by_label("Outcome").select_option("no_show")
    reason = form.get_by_label("Why they did not come")
    expect(reason).to_be_visible()
    form.get_by_role("button", name="Record outcome").click()
    expect(form.locator(f"#o-{missed['interview_id']}-reason-error")).to_have_text(words("en")("problem.choose"))
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(row_of(page, missed).get_by_test_id("interview-status")).to_have_text(InterviewStatus.CONFIRMED.label("en"))

    reason.select_option("better_offer")
    form.get_by_role("button", name="Record outcome").click()
    expect(row_of(page, missed).get_by_test_id("interview-status")).to_have_text(InterviewStatus.NO_SHOW.label("en"))
    expect(row_of(page, missed).get_by_test_id("status-note")).to_have_text("Better offer")
    expect(page.get_by_test_id("interviews-summary")).to_contain_text("1 outcome to record")
    expect(row_of(page, pending).get_by_label("Outcome")).to_have_value("")

    # The statistics follow the outcomes from the interviews table's stream, as `make run`'s driver hands it on.
    drain_stream()
    page.get_by_role("link", name="Statistics").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    page.locator("#period").select_option("day")
    page.locator("#date").fill(day.isoformat())
    expect(page.get_by_test_id("stats-summary")).to_have_text(f"{day:%a}, {day:%b} {day.day}, {day.year}")

    expect(page.get_by_test_id("charts").locator("figure.chart svg")).to_have_count(5)
    exported = stats_csv(live_app, "day", day)
    assert (exported["scheduled"], exported["attended"], exported["no_show"]) == ("4", "1", "2")
    shown = tiles(page)
    assert (shown["Interviews"], shown["Attended"], shown["No-shows"]) == (
        exported["scheduled"],
        exported["attended"],
        exported["no_show"],
    )
    assert shown["No-show rate"] == f"{round(float(exported['no_show_rate']) * 100)}%"
    assert table_row(page, "Attended")[0] == exported["attended"]
    assert table_row(page, "No-shows")[0] == exported["no_show"]
    assert reasons_shown(page) == {reason: int(exported[f"no_show_{reason}"]) for reason in REASONS}
    assert reasons_shown(page)["better_offer"] == reasons_shown(page)["personal"] == 1

    page.get_by_test_id("hr-page-link").click()
    expect(page.get_by_test_id("interviews-summary")).to_be_visible()


def test_a_recorded_outcome_can_be_corrected_and_a_conflict_shows_above_the_form(page: Any, live_app: LiveApp) -> None:
    day = past_day(3)
    came, gone = held_on(
        live_app,
        day,
        {"start": time(10, 0), "candidate": candidate("Zhang San", "zhang.san@example.com")},
        {"start": time(15, 0), "candidate": candidate("Li Si", "li.si@example.com"), "outcome": None},
    )
    sign_in(page, live_app)
    page.locator("#day").fill(day.isoformat())
    form = row_of(page, came).get_by_test_id("outcome-form")
    expect(form.get_by_label("Outcome")).to_have_value("attended")

    form.get_by_label("Outcome").select_option("no_show")
    form.get_by_label("Why they did not come").select_option("found_job")
    form.get_by_role("button", name="Record outcome").click()

    expect(row_of(page, came).get_by_test_id("status-note")).to_have_text("Already found a job")
    drain_stream()
    figures = live_app.api("GET", f"stats?period=day&date={day}")
    assert (figures["attended"], figures["no_show"], figures["reasons"]["found_job"]) == (0, 1, 1)

    # Someone else closed the other interview meanwhile: the refusal is shown above that form.
    live_app.api("POST", f"interviews/{gone['interview_id']}/outcome", {"outcome": "cancelled"})
    other = row_of(page, gone).get_by_test_id("outcome-form")
    other.get_by_label("Outcome").select_option("attended")
    other.get_by_role("button", name="Record outcome").click()
    expect(other.locator(".form-message")).to_have_text("The interview is cancelled.")
    assert live_app.api("GET", f"interviews/{gone['interview_id']}")["status"] == "cancelled"


def test_at_phone_width_the_outcome_form_is_labelled_and_fits(phone: Any, live_app: LiveApp) -> None:
    day = past_day()
    held_on(live_app, day, {"start": time(10, 0), "candidate": candidate("Zhang San", "zhang.san@example.com")})
    sign_in(phone, live_app)
    phone.locator("#day").fill(day.isoformat())
    form = phone.get_by_test_id("outcome-form")
    form.get_by_label("Outcome").select_option("no_show")
    expect(form.get_by_label("Why they did not come")).to_be_visible()

    assert phone.evaluate("() => document.documentElement.scrollWidth > window.innerWidth") is False
    unlabelled = """() => [...document.querySelectorAll("input, select, textarea")]
        .filter((control) => control.labels.length === 0).map((control) => control.id)"""
    assert phone.evaluate(unlabelled) == []
    for control in (form.get_by_label("Why they did not come"), form.get_by_role("button", name="Record outcome")):
        box = control.bounding_box()
        assert box is not None and box["height"] >= 44


@pytest.mark.skipif(
    os.environ.get("SHOWUP_SCREENSHOT") != "1", reason="SHOWUP_SCREENSHOT=1 refreshes docs/dashboard.png"
)
def test_screenshot_of_the_dashboard_with_the_demo_data(page: Any, live_app: LiveApp) -> None:
    seeded = seed.seed(datetime.now(UTC), positions=deps.position_service(), interviews=deps.interview_service())
    drain_stream()
    # What HR sees first: this week, its trend beside the weeks of the history.
    sign_in(page, live_app)
    page.get_by_role("link", name="Statistics").click()
    week = past_day(0).isocalendar()
    expect(page.get_by_test_id("stats-summary")).to_contain_text(f"Week {week.week}, {week.year}")
    expect(page.get_by_test_id("charts").locator("figure.chart svg")).to_have_count(5)
    assert len(seeded.history) == 40
    page.locator("#date").blur()
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
