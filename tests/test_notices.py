"""Interview notices: every fact in both parts, both modes, both languages, and each kind's wording."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from markupsafe import escape

from chalicelib.services.notices.content import NoticeKind, compose
from chalicelib.services.scheduling.interviews import NoticeKind as OutboxKind
from tests.support.notices import (
    LINKS,
    PAGE,
    SENDER,
    WHY_EN,
    WHY_ZH,
    Desk,
    composed,
    en_interview,
    en_position,
    notice_for,
    records,
    zh_interview,
    zh_position,
)

# What each fact reads like for the records of tests/support/notices.py, written out by hand.
EXPECTED: dict[str, dict[str, str]] = {
    "zh-CN": {
        "greeting": "张三，您好",
        "time": "2026年12月3日 星期四 14:30 北京时间 (Asia/Shanghai, UTC+08:00)",
        "duration": "60 分钟",
        "address": "上海市浦东新区世纪大道88号12楼",
        "transit": "地铁2号线陆家嘴站6号口出，步行5分钟",
        "map": "https://uri.amap.com/marker?position=121.4998,31.2397&name=Acme%20Robotics&coordinate=wgs84",
        "contact_name": "李伟",
        "contact_phone": "+86 21 5555 0100",
        "title": "前端工程师",
        "responsibilities": "负责招聘系统前端开发（TypeScript）；\n负责可访问性与自动化测试。",
        "salary": "15,000–22,000 CNY / 月",
        "work_location": "上海市浦东新区张江",
        "company": "Acme Robotics",
        "website": "https://acme.example.com",
        "what_to_bring": "身份证、打印版简历一份、作品集（如有）",
        "confirm": f"{PAGE}#confirm",
        "decline": f"{PAGE}#decline",
        "reschedule": f"{PAGE}#reschedule",
    },
    "en": {
        "greeting": "Dear Zhang San",
        "time": "Thursday 3 December 2026, 14:30 China Standard Time (Asia/Shanghai, UTC+08:00)",
        "duration": "60 minutes",
        "address": "88 Century Avenue, Floor 12, Shanghai",
        "transit": "Metro line 2 to Lujiazui, exit 6",
        "map": "https://www.openstreetmap.org/search?query=88%20Century%20Avenue,%20Floor%2012,%20Shanghai",
        "contact_name": "Li Wei",
        "contact_phone": "+86 21 5555 0100",
        "title": "Front-end Engineer",
        "responsibilities": "Build the HR-facing web app in TypeScript; own accessibility and tests.",
        "salary": "15,000–22,000 CNY / month",
        "work_location": "Pudong, Shanghai",
        "company": "Acme Robotics",
        "website": "https://acme.example.com",
        "what_to_bring": "ID card or passport, a printed copy of your resume, your portfolio if you have one",
        "confirm": f"{PAGE}#confirm",
        "decline": f"{PAGE}#decline",
        "reschedule": f"{PAGE}#reschedule",
    },
}
FIELDS = list(EXPECTED["en"])
MODES = ["notification", "invitation"]
LANGUAGES = ["zh-CN", "en"]
FULL_KINDS = [NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.REMINDER]


def in_html(value: str, html: str) -> bool:
    return str(escape(value)) in html


@pytest.mark.parametrize("kind", FULL_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("field", FIELDS)
def test_notice_states_every_fact_in_text_and_html(field: str, mode: str, language: str, kind: NoticeKind) -> None:
    notice = composed(kind, mode, language)
    expected = EXPECTED[language][field]
    assert expected in notice.text
    assert in_html(expected, notice.html)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fact", ["benefits", "promotion", "manager_style"])
def test_only_the_invitation_sells_the_role(fact: str, language: str) -> None:
    value = (WHY_ZH if language == "zh-CN" else WHY_EN)[fact]
    invitation = composed(NoticeKind.NOTICE, "invitation", language)
    notification = composed(NoticeKind.NOTICE, "notification", language)
    assert value in invitation.text
    assert in_html(value, invitation.html)
    assert value not in notification.text
    assert not in_html(value, notification.html)


@pytest.mark.parametrize(
    ("mode", "language", "subject"),
    [
        ("notification", "zh-CN", "面试通知：Acme Robotics · 前端工程师 · 12月3日 14:30"),
        ("invitation", "zh-CN", "面试邀请：Acme Robotics · 前端工程师 · 12月3日 14:30"),
        ("notification", "en", "Interview notice: Acme Robotics · Front-end Engineer · Thu 3 Dec 14:30"),
        ("invitation", "en", "Interview invitation: Acme Robotics · Front-end Engineer · Thu 3 Dec 14:30"),
    ],
)
def test_subject_names_company_role_and_time(mode: str, language: str, subject: str) -> None:
    assert composed(NoticeKind.NOTICE, mode, language).subject == subject


@pytest.mark.parametrize(
    ("language", "opening"),
    [("zh-CN", "诚挚邀请您"), ("en", "would like to invite you")],
)
def test_invitation_opens_with_an_invitation(language: str, opening: str) -> None:
    assert opening in composed(NoticeKind.NOTICE, "invitation", language).text
    assert opening not in composed(NoticeKind.NOTICE, "notification", language).text


@pytest.mark.parametrize("language", LANGUAGES)
def test_company_name_is_escaped_in_html_and_plain_in_text(language: str) -> None:
    desk = Desk()
    maker = zh_position if language == "zh-CN" else en_position
    position = maker(desk, company="Smith & <Sons>", title="Tools <Lead> & QA")
    interview = (zh_interview if language == "zh-CN" else en_interview)(desk, position)
    notice = notice_for(NoticeKind.NOTICE, interview, position)
    assert "Smith &amp; &lt;Sons&gt;" in notice.html
    assert "Tools &lt;Lead&gt; &amp; QA" in notice.html
    assert "<Sons>" not in notice.html
    assert "<Lead>" not in notice.html
    assert "Smith & <Sons>" in notice.text
    assert "Smith & <Sons>" in notice.subject


def test_html_loads_nothing_from_outside() -> None:
    html = composed(NoticeKind.NOTICE, "invitation", "zh-CN").html
    assert "<img" not in html
    assert "<link" not in html
    assert "@import" not in html
    assert 'name="viewport"' in html


@pytest.mark.parametrize(
    ("language", "coordinates", "url"),
    [
        ("zh-CN", True, "https://uri.amap.com/marker?position=121.4998,31.2397&name=Acme%20Robotics&coordinate=wgs84"),
        (
            "zh-CN",
            False,
            "https://uri.amap.com/search?keyword=%E4%B8%8A%E6%B5%B7%E5%B8%82%E6%B5%A6%E4%B8%9C%E6%96%B0%E5%8C%BA%E4%B8%96"
            "%E7%BA%AA%E5%A4%A7%E9%81%9388%E5%8F%B712%E6%A5%BC&city=%E4%B8%8A%E6%B5%B7",
        ),
        ("en", True, "https://www.openstreetmap.org/?mlat=31.2397&mlon=121.4998#map=17/31.2397/121.4998"),
        ("en", False, "https://www.openstreetmap.org/search?query=88%20Century%20Avenue,%20Floor%2012,%20Shanghai"),
    ],
)
def test_map_link_pins_coordinates_or_searches_the_address(language: str, coordinates: bool, url: str) -> None:
    place: dict[str, Any] = {"latitude": 31.2397, "longitude": 121.4998} if coordinates else {}
    desk = Desk()
    if language == "zh-CN":
        position = zh_position(desk)
        interview = zh_interview(desk, position, latitude=place.get("latitude"), longitude=place.get("longitude"))
    else:
        position = en_position(desk)
        interview = en_interview(desk, position, **place)
    notice = notice_for(NoticeKind.NOTICE, interview, position)
    assert url in notice.text
    assert in_html(url, notice.html)


@pytest.mark.parametrize(("language", "route"), [("zh-CN", "请用地图链接规划路线"), ("en", "Plan your route")])
def test_missing_transit_gets_a_route_hint(language: str, route: str) -> None:
    interview, position = records(language, transit=None)
    notice = notice_for(NoticeKind.NOTICE, interview, position)
    assert route in notice.text
    assert route in notice.html


def test_what_to_bring_given_by_hr_replaces_the_default() -> None:
    interview, position = records("en", what_to_bring="Your laptop with a recent project")
    notice = notice_for(NoticeKind.NOTICE, interview, position)
    assert "Your laptop with a recent project" in notice.text
    assert "printed copy of your resume" not in notice.text


@pytest.mark.parametrize(
    ("starts_at", "timezone", "duration", "expected"),
    [
        (
            "2026-12-03T09:00",
            "America/New_York",
            45,
            "Thursday 3 December 2026, 09:00 Eastern Time (America/New_York, UTC-05:00)",
        ),
        ("2027-06-14T10:00", "Europe/London", 60, "Monday 14 June 2027, 10:00 UK Time (Europe/London, UTC+01:00)"),
        (
            "2026-12-05T23:30",
            "Asia/Kolkata",
            90,
            "Saturday 5 December 2026, 23:30 India Standard Time (Asia/Kolkata, UTC+05:30)",
        ),
    ],
)
def test_time_zone_weekday_and_offset_come_from_the_zone(
    starts_at: str, timezone: str, duration: int, expected: str
) -> None:
    interview, position = records("en", starts_at=starts_at, timezone=timezone, duration_minutes=duration)
    notice = notice_for(NoticeKind.NOTICE, interview, position)
    assert expected in notice.text
    assert f"{duration} minutes" in notice.text


def test_an_interview_past_midnight_says_it_ends_the_next_day() -> None:
    interview, position = records("zh-CN", starts_at="2026-12-05T23:30", duration_minutes=90)
    notice = notice_for(NoticeKind.NOTICE, interview, position)
    assert "90 分钟（次日 01:00 结束）" in notice.text


def test_update_says_the_interview_moved_and_shows_the_new_time() -> None:
    desk = Desk()
    position = en_position(desk)
    moved = desk.reschedule(en_interview(desk, position), "2026-12-04T10:00")
    notice = notice_for(OutboxKind.UPDATE, moved, position)
    assert notice.kind is NoticeKind.UPDATE
    assert "has moved" in notice.text
    assert "New time: Friday 4 December 2026, 10:00 China Standard Time (Asia/Shanghai, UTC+08:00)" in notice.text
    assert "New time: Friday 4 December 2026, 10:00" in notice.html
    assert notice.subject == "Interview moved: Acme Robotics · Front-end Engineer · Fri 4 Dec 10:00"
    assert notice.ics_method == "REQUEST"


@pytest.mark.parametrize(
    ("language", "cancelled", "contact"),
    [("zh-CN", "已取消", "李伟，电话 +86 21 5555 0100"), ("en", "is cancelled", "Li Wei, phone +86 21 5555 0100")],
)
def test_cancel_says_so_with_time_company_and_contact(language: str, cancelled: str, contact: str) -> None:
    desk = Desk()
    interview, position = records(language, desk=desk)
    notice = notice_for(NoticeKind.CANCEL, desk.cancel(interview), position, links=None)
    for fact in (cancelled, EXPECTED[language]["time"], "Acme Robotics", contact):
        assert fact in notice.text
    assert EXPECTED[language]["time"] in notice.html
    assert PAGE not in notice.text
    assert notice.ics_method == "CANCEL"
    assert notice.ics is not None and b"METHOD:CANCEL" in notice.ics


@pytest.mark.parametrize(
    ("language", "tomorrow"), [("zh-CN", "明天（12月3日 星期四）14:30"), ("en", "tomorrow, Thursday 3 December")]
)
def test_reminder_says_tomorrow_and_puts_the_buttons_first(language: str, tomorrow: str) -> None:
    notice = composed(NoticeKind.REMINDER, "notification", language)
    assert tomorrow in notice.text
    assert notice.ics is None
    address_label = "地址" if language == "zh-CN" else "Address"
    assert notice.html.index(str(escape(LINKS.confirm))) < notice.html.index(address_label)
    assert notice.text.index(LINKS.confirm) < notice.text.index(address_label)


@pytest.mark.parametrize(("language", "leave_early"), [("zh-CN", "提前出发"), ("en", "leave earlier")])
def test_advisory_passes_the_warning_on_with_advice_and_a_reschedule_link(language: str, leave_early: str) -> None:
    interview, position = records(language)
    advisory = "Heavy rain & strong wind expected from 12:00 to 18:00."
    notice = notice_for(NoticeKind.ADVISORY, interview, position, advisory=advisory)
    assert advisory in notice.text
    assert "Heavy rain &amp; strong wind" in notice.html
    assert leave_early in notice.text
    assert LINKS.reschedule in notice.text
    assert in_html(LINKS.reschedule, notice.html)
    assert EXPECTED[language]["time"] in notice.text
    assert notice.ics is None


def test_advisory_without_its_text_is_refused() -> None:
    interview, position = records("en")
    with pytest.raises(ValueError, match="advisory"):
        notice_for(NoticeKind.ADVISORY, interview, position)


def test_language_falls_back_to_the_default() -> None:
    interview, position = records("en")
    interview = dataclasses.replace(interview, candidate=dataclasses.replace(interview.candidate, language=None))
    assert notice_for(NoticeKind.NOTICE, interview, position).language == "zh-CN"
    english = compose(NoticeKind.NOTICE, interview, position, LINKS, default_language="en", sender=SENDER)
    assert english.language == "en"


def test_sms_text_only_for_sms_channel() -> None:
    with_sms, position = records("en")
    assert notice_for(NoticeKind.NOTICE, with_sms, position).sms
    email_only, position = records("en", channels=["email"])
    assert notice_for(NoticeKind.NOTICE, email_only, position).sms is None


def test_replies_go_to_the_contact() -> None:
    assert composed(NoticeKind.NOTICE, "notification", "en").reply_to == "liwei@acme.example.com"


def test_kinds_use_the_outbox_message_values() -> None:
    assert {OutboxKind.NOTICE, OutboxKind.UPDATE, OutboxKind.CANCEL} <= {kind.value for kind in NoticeKind}


def test_compose_is_repeatable() -> None:
    interview, position = records("zh-CN", "invitation")
    first = notice_for(NoticeKind.NOTICE, interview, position)
    assert notice_for(NoticeKind.NOTICE, interview, position) == first
