"""The candidate's side: the signed link from the notice, opened on a phone."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from chalicelib.vocabulary import InterviewStatus
from tests.support.api import interview_body, position_body
from tests.support.browser import LiveApp, candidate_link, future_day, problems, sign_in

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "candidate-page.png"


def test_a_candidate_confirms_from_their_phone_and_hr_sees_the_interview_confirmed(
    phone: Any, page: Any, live_app: LiveApp
) -> None:
    day = future_day()
    position = live_app.api("POST", "positions", position_body())
    # interview_body's candidate reads Chinese (zh-CN), the default for ShowUp's candidates.
    interview = live_app.api("POST", "interviews", interview_body(position["position_id"], starts_at=f"{day}T14:30"))

    phone.goto(candidate_link(live_app, interview))
    shown = date.fromisoformat(day)
    expect(phone.get_by_test_id("when")).to_contain_text(f"{shown.year}年{shown.month}月{shown.day}日")
    expect(phone.get_by_test_id("when")).to_contain_text("14:30")
    phone.get_by_role("button", name="确认参加").click()

    expect(phone.get_by_test_id("done")).to_contain_text("已确认")
    expect(phone.get_by_test_id("status")).to_have_text(InterviewStatus.CONFIRMED.label("zh-CN"))
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


def interview_for(live_app: LiveApp, language: str, day: str) -> dict[str, Any]:
    """An interview at 14:30 on ``day`` in Shanghai for a candidate who reads ``language``."""
    position = live_app.api("POST", "positions", position_body())
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com", "language": language}
    body = interview_body(position["position_id"], starts_at=f"{day}T14:30", candidate=candidate)
    return dict(live_app.api("POST", "interviews", body))


def weekday(day: str, language: str) -> str:
    from chalicelib.services.common.wording import WEEKDAYS

    return WEEKDAYS[language][date.fromisoformat(day).weekday()]


def fits(page: Any, width: int) -> None:
    """Nothing on the page is wider than a ``width`` px screen: no sideways scrolling to read it."""
    page.set_viewport_size({"width": width, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def accessibility_problems(page: Any) -> list[str]:
    """What the accessibility tree lacks: the main landmark, one level-1 heading, a name for every
    button, link and text field (an unnamed one reads as a bare role, with no quoted name after it)."""
    tree = page.locator("body").aria_snapshot()
    found = [] if re.search(r"^- main\b", tree, re.M) else ["no main landmark"]
    if len(re.findall(r"- heading .*\[level=1\]", tree)) != 1:
        found.append("not exactly one level-1 heading")
    found += [
        line.strip() for line in tree.splitlines() if re.search(r"- (button|link|textbox)(:|$| \[)", line.strip())
    ]
    if not page.evaluate("document.documentElement.lang"):
        found.append("no page language")
    return found


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "zh-CN",
            {"zone": "北京时间", "status": "等待您的答复", "map": "在高德地图中查看", "calendar": "添加到日历"},
        ),
        (
            "en",
            {
                "zone": "China Standard Time",
                "status": "Waiting for your answer",
                "map": "Open in OpenStreetMap",
                "calendar": "Add to calendar",
            },
        ),
    ],
)
# "page" is the desktop-sized tab, "phone" the 375px one.
@pytest.mark.parametrize("size", ["phone", "page"])
def test_the_page_states_the_interview_in_the_candidates_language_on_a_phone_and_a_desktop(
    request: pytest.FixtureRequest, live_app: LiveApp, language: str, texts: dict[str, str], size: str
) -> None:
    day = future_day()
    tab = request.getfixturevalue(size)
    seen = problems(tab)
    tab.goto(candidate_link(live_app, interview_for(live_app, language, day)))

    when = tab.get_by_test_id("when")
    expect(when).to_contain_text(weekday(day, language))
    expect(when).to_contain_text(f"14:30–15:30 {texts['zone']}")
    expect(when).to_contain_text("Asia/Shanghai")
    expect(tab.get_by_test_id("status")).to_have_text(texts["status"])
    expect(tab.get_by_role("link", name=texts["map"])).to_have_attribute("href", re.compile(r"^https://"))
    expect(tab.get_by_role("link", name="+86 21 5555 0100")).to_have_attribute("href", "tel:+862155550100")
    expect(tab.get_by_role("link", name=texts["calendar"])).to_be_visible()
    assert accessibility_problems(tab) == []
    if size == "phone":
        fits(tab, 375)
        fits(tab, 320)
    assert seen == []


def test_add_to_calendar_downloads_the_interview_as_an_ics_file(phone: Any, live_app: LiveApp) -> None:
    day = future_day()
    interview = interview_for(live_app, "zh-CN", day)
    phone.goto(candidate_link(live_app, interview))

    with phone.expect_download() as downloading:
        phone.get_by_role("link", name="添加到日历").click()

    download = downloading.value
    assert download.suggested_filename == f"interview-{day}.ics"
    (event,) = Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert str(event["uid"]) == f"{interview['interview_id']}@showup"
    assert event.decoded("dtstart") == datetime.fromisoformat(interview["starts_at_utc"]).astimezone(UTC)
    assert str(event["summary"]) == "面试：Acme Robotics · Front-end Engineer"


def test_the_decline_step_reads_on_a_small_phone_and_names_its_fields(phone: Any, live_app: LiveApp) -> None:
    seen = problems(phone)
    phone.goto(candidate_link(live_app, interview_for(live_app, "en", future_day())))
    phone.get_by_role("button", name="I can't come").click()

    expect(phone.get_by_test_id("decline-step")).to_contain_text("ask to reschedule instead")
    expect(phone.get_by_role("button", name="Yes, I can't come")).to_be_visible()
    assert accessibility_problems(phone) == []
    fits(phone, 320)
    assert seen == []


@pytest.fixture
def phone_without_script(browser: Any) -> Iterator[Any]:
    """A 375px page that runs no JavaScript at all."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_declining_asks_once_more_takes_a_reason_and_says_what_happens_next_without_javascript(
    phone_without_script: Any, live_app: LiveApp
) -> None:
    tab = phone_without_script
    interview = interview_for(live_app, "zh-CN", future_day())
    tab.goto(candidate_link(live_app, interview))

    tab.get_by_role("button", name="不参加了").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("确定不参加这场面试吗？")
    assert live_app.api("GET", f"interviews/{interview['interview_id']}")["status"] == "scheduled"
    tab.get_by_role("link", name="返回，暂不决定").click()
    expect(tab.get_by_test_id("status")).to_have_text("等待您的答复")

    tab.get_by_role("button", name="不参加了").click()
    tab.get_by_label("原因（选填，只有 HR 会看到）").fill("已经接受了其他公司的offer")
    tab.get_by_role("button", name="确定不参加").click()

    expect(tab.get_by_test_id("done")).to_contain_text("不会再给您发送提醒或通知")
    expect(tab.get_by_test_id("status")).to_have_text("您已告知不参加")
    record = live_app.api("GET", f"interviews/{interview['interview_id']}")
    assert record["status"] == "declined"
    assert record["candidate_response"]["reason"] == "已经接受了其他公司的offer"


def test_confirm_and_reschedule_work_without_javascript_and_say_what_happens_next(
    phone_without_script: Any, live_app: LiveApp
) -> None:
    tab = phone_without_script
    interview = interview_for(live_app, "en", future_day())
    tab.goto(candidate_link(live_app, interview))

    tab.get_by_role("button", name="I'll be there").click()
    expect(tab.get_by_test_id("done")).to_contain_text("We will remind you the day before")
    expect(tab.get_by_test_id("status")).to_have_text("Confirmed")

    tab.get_by_label("Reason or times that suit you (optional)").fill("Friday morning suits me better")
    tab.get_by_role("button", name="Ask to reschedule").click()
    expect(tab.get_by_test_id("done")).to_contain_text("usually within one working day")
    expect(tab.get_by_test_id("status")).to_have_text("You asked to reschedule")
    assert live_app.api("GET", f"interviews/{interview['interview_id']}")["status"] == "reschedule_requested"


@pytest.mark.skipif(
    os.environ.get("SHOWUP_SCREENSHOT") != "1", reason="SHOWUP_SCREENSHOT=1 refreshes docs/candidate-page.png"
)
def test_screenshot_of_the_candidate_page_on_a_phone(phone: Any, live_app: LiveApp) -> None:
    contact = {"name": "李伟", "phone": "+8613800138000", "email": "liwei@acme.example.com"}
    position = live_app.api(
        "POST", "positions", position_body(company="艾克米机器人", title="前端工程师", contact=contact)
    )
    body = interview_body(
        position["position_id"],
        candidate={"name": "张三", "email": "zhang.san@example.com", "language": "zh-CN"},
        starts_at=f"{future_day()}T14:30",
        address="世纪大道88号12楼",
        city="上海",
        transit="地铁2号线陆家嘴站6号口出，步行5分钟",
    )
    phone.goto(candidate_link(live_app, live_app.api("POST", "interviews", body)))
    expect(phone.get_by_test_id("contact")).to_contain_text("+86 138 0013 8000")
    phone.screenshot(path=str(SCREENSHOT), full_page=True)
