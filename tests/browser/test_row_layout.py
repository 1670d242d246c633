"""The interview list's time column: the time, then the zone's everyday name on a line of its own, and no
word cut in two, in both languages, on a desk and at 375 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, candidate_link, future_day, report_notice, row_of, sign_in

# The places where a line ends inside a word (between two characters neither of which is a space) in an
# element's own text: a word cut in two, which the column must never show.
CUT_WORDS = """(element) => [...element.childNodes]
  .filter((node) => node.nodeType === Node.TEXT_NODE)
  .flatMap((node) => {
    const text = node.textContent;
    const tops = [...text].map((_, i) => {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return Math.round(range.getBoundingClientRect().top);
    });
    const cut = (i) => i && tops[i] !== tops[i - 1] && text[i - 1] !== " " && text[i] !== " ";
    return tops.flatMap((_, i) => (cut(i) ? [text.slice(0, i) + "|" + text.slice(i)] : []));
  })"""


@pytest.fixture(params=["page_zh", "page", "phone_zh", "phone"])
def tab(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize(
    ("zone", "names"),
    [
        ("Asia/Shanghai", {"zh-CN": "北京时间", "en": "China Standard Time"}),
        ("America/Argentina/Buenos_Aires", {"zh-CN": "阿根廷标准时间", "en": "Argentina Standard Time"}),
    ],
)
def test_the_time_column_shows_the_zone_s_everyday_name_on_its_own_line_and_cuts_no_word(
    tab: Any, live_app: LiveApp, zone: str, names: dict[str, str]
) -> None:
    position = live_app.api("POST", "positions", position_body())
    body = interview_body(position["position_id"], starts_at=f"{future_day(2)}T14:30", timezone=zone)
    interview = live_app.api("POST", "interviews", body)
    sign_in(tab, live_app)
    tab.goto(f"{live_app.url}?day={interview['local_date']}")
    row = row_of(tab, interview)
    language = "zh-CN" if "zh" in (tab.evaluate("document.documentElement.lang") or "") else "en"

    expect(row.locator(".time")).to_have_text("14:30")
    name = row.get_by_test_id("row-zone-name")
    expect(name).to_have_text(names[language])
    expect(row.get_by_test_id("row-zone")).to_have_text(zone)
    # The name starts its own line, below the time.
    time_box, name_box = row.locator(".time").bounding_box(), name.bounding_box()
    assert time_box is not None and name_box is not None and name_box["y"] >= time_box["y"] + time_box["height"] - 1
    for piece in (name, row.get_by_test_id("row-zone")):
        assert piece.evaluate(CUT_WORDS) == []


def test_a_confirmation_says_its_weekday_and_time_apart_in_chinese(page_zh: Any, live_app: LiveApp) -> None:
    position = live_app.api("POST", "positions", position_body())
    interview = live_app.api(
        "POST", "interviews", interview_body(position["position_id"], starts_at=f"{future_day(2)}T10:00")
    )
    live_app.http.post(f"{candidate_link(live_app, interview)}/confirm", timeout=10).raise_for_status()
    sign_in(page_zh, live_app)
    page_zh.goto(f"{live_app.url}?day={interview['local_date']}")

    expect(row_of(page_zh, interview).get_by_test_id("status-note")).to_have_text(
        re.compile(r"^周[一二三四五六日] \d{2}:\d{2} 回复$")
    )


def test_a_phone_corrected_in_the_side_panel_shows_in_its_row_once_the_panel_closes(
    page_zh: Any, live_app: LiveApp
) -> None:
    position = live_app.api("POST", "positions", position_body())
    body = interview_body(position["position_id"], starts_at=f"{future_day(2)}T10:00")
    body["candidate"] = {**body["candidate"], "phone": "+8613800138000"}
    interview = live_app.api("POST", "interviews", body)
    # Delivered: the list has no notice to follow, so only the edit itself can redraw the row.
    report_notice(interview["interview_id"], "delivered")
    sign_in(page_zh, live_app)
    page_zh.goto(f"{live_app.url}?day={interview['local_date']}")
    row_of(page_zh, interview).get_by_test_id("details").click()
    page_zh.get_by_test_id("details-edit").click()
    page_zh.locator("#ce-candidate-phone").fill("139 1234 5678")
    page_zh.get_by_test_id("candidate-edit-submit").click()
    expect(page_zh.get_by_test_id("fact-phone")).to_have_text("+86 139 1234 5678")

    page_zh.keyboard.press("Escape")
    # The row (and so its call script) now reads the stored phone, and the focus is back where it was.
    expect(row_of(page_zh, interview)).to_contain_text("+86 139 1234 5678")
    expect(row_of(page_zh, interview).get_by_test_id("details")).to_be_focused()
