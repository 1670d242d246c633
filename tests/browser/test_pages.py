"""Both pages in headless Chromium: their own files only, one sign-in, and a second visit from the cache."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from chalicelib.text import words
from tests.support.browser import REFUSED, LiveApp, problems, sign_in


def test_both_pages_run_under_their_policy_without_an_error(page: Any, live_app: LiveApp) -> None:
    seen = problems(page)
    sign_in(page, live_app)
    expect(page.get_by_test_id("interviews-summary")).to_contain_text("No interviews")

    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_test_id("charts").locator("figure.chart svg")).to_have_count(5)
    page.get_by_test_id("hr-page-link").click()
    expect(page.get_by_test_id("interviews-summary")).to_contain_text("No interviews")

    assert seen == []


def test_the_statistics_page_signs_in_and_out_as_the_hr_page_does(page: Any, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}dashboard")
    page.locator("#token").fill("not-a-token")
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("token-error")).to_have_text(REFUSED)
    expect(page.locator("#token")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#dashboard")).to_be_hidden()

    page.locator("#token").fill(live_app.token)
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("tiles").locator("dt")).to_have_count(5)
    page.get_by_test_id("sign-out").click()
    expect(page.locator("#token")).to_be_visible()
    expect(page.locator("#dashboard")).to_be_hidden()
    assert page.evaluate("sessionStorage.length") == 0


def test_an_export_the_api_refuses_names_the_field_at_fault(page: Any, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}dashboard")
    page.locator("#token").fill(live_app.token)
    page.get_by_test_id("sign-in").click()

    page.locator("#export-from").fill("2026-11-20")
    page.locator("#export-to").fill("2026-11-10")
    page.get_by_test_id("download-csv").click()

    expect(page.locator("#export-to-error")).to_have_text(words("en")("problem.to_before_from"))
    expect(page.locator("#export-to")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#export-form .form-message")).to_have_text(words("en")("problem.summary_one"))


def test_a_second_visit_takes_every_script_and_stylesheet_from_the_cache(page: Any, live_app: LiveApp) -> None:
    cdp = page.context.new_cdp_session(page)
    files: dict[str, str] = {}
    cached: set[str] = set()
    cdp.on(
        "Network.requestWillBeSent",
        lambda event: (
            files.update({event["requestId"]: event["request"]["url"]})
            if event["type"] in ("Script", "Stylesheet")
            else None
        ),
    )
    cdp.on("Network.requestServedFromCache", lambda event: cached.add(event["requestId"]))
    cdp.send("Network.enable")
    page.goto(live_app.url)
    expect(page.locator("#token")).to_be_focused()
    page.goto("about:blank")
    files.clear()

    page.goto(live_app.url)
    expect(page.locator("#token")).to_be_focused()

    assert len(files) > 2
    assert sorted(url for request, url in files.items() if request not in cached) == []
