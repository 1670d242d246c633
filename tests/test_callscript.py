"""Call scripts: timing against the 30 s / 2 min targets, the sections HR needs, no filler words."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from chalicelib.render import TEMPLATES
from chalicelib.services.common.records import Interview
from chalicelib.services.preparation.callscript import brief, filler_words, script, speaking_seconds
from chalicelib.services.preparation.spelling import parse_spelled
from tests.support.builders import candidate, position
from tests.support.builders import interview as booked

ZH_CONTACT = {"name": "李伟", "phone": "+86 21 5555 0100"}

# Realistic positions: the conftest one (mid level, many resumes: a notification) and a senior
# role with everything an invitation sells, in English and in Chinese.
EN_NOTIFICATION_POSITION = position()
EN_INVITATION_POSITION = position(
    title="Senior Backend Engineer",
    level="senior",
    applicant_count=4,
    salary_min=30000,
    salary_max=45000,
    responsibilities=(
        "Design and run the payment services that 2 million riders use every day. "
        "Lead code reviews, mentor two junior engineers and own on-call for the checkout API."
    ),
    requirements="Five years of Python or Go, production experience with PostgreSQL and AWS.",
    benefits="Fourteen months of salary, full social insurance, a yearly health check and 15 days of paid leave.",
    promotion="Tech lead within 18 months; we promote from within and review every six months.",
    manager_style="Direct and hands-off: weekly one-to-ones, written goals, no micromanaging.",
)
ZH_NOTIFICATION_POSITION = position(
    title="前端工程师",
    company="艾克米机器人",
    work_location="上海浦东",
    responsibilities="负责招聘系统网页前端的开发和维护，使用TypeScript编写组件；负责页面无障碍和自动化测试。",
    contact=ZH_CONTACT,
)
ZH_INVITATION_POSITION = position(
    title="高级后端工程师",
    company="艾克米机器人",
    work_location="上海浦东",
    level="senior",
    applicant_count=4,
    salary_min=30000,
    salary_max=45000,
    responsibilities="设计并维护每天服务两百万用户的支付系统；负责代码评审，指导两名初级工程师，并负责结算接口的值班。",
    requirements="五年以上Python或Go开发经验，熟悉PostgreSQL和AWS。",
    benefits="十四薪，五险一金全额缴纳，每年体检，十五天带薪年假。",
    promotion="十八个月内可晋升技术负责人，每半年评估一次。",
    manager_style="直接、放手：每周一对一沟通，目标写清楚，不做微观管理。",
    contact=ZH_CONTACT,
)
POSITIONS = {
    ("en", "notification"): EN_NOTIFICATION_POSITION,
    ("en", "invitation"): EN_INVITATION_POSITION,
    ("zh-CN", "notification"): ZH_NOTIFICATION_POSITION,
    ("zh-CN", "invitation"): ZH_INVITATION_POSITION,
}


def interview(language: str | None, mode: str, *, email: str = "zhang.san@example.com", **overrides: Any) -> Interview:
    """An interview in ``mode`` with a candidate who reads ``language`` (None: not given)."""
    chinese = language == "zh-CN"
    facts = {
        "candidate": candidate(name="张三" if chinese else "Zhang San", email=email, language=language),
        "mode": mode,
        "address": "世纪大道88号12楼" if chinese else "88 Century Avenue, Floor 12",
        "city": "上海" if chinese else "Shanghai",
        "transit": "地铁2号线陆家嘴站6号口" if chinese else "Metro line 2 to Lujiazui, exit 6",
    }
    return booked(**{**facts, **overrides})


def all_scripts() -> list[dict[str, Any]]:
    scripts = [script(interview(lang, mode), pos, default_language="zh-CN") for (lang, mode), pos in POSITIONS.items()]
    # English facts read in a Chinese script, and a sparse position in an invitation.
    scripts.append(script(interview("zh-CN", "notification"), EN_NOTIFICATION_POSITION, default_language="en"))
    scripts.append(script(interview("en", "invitation"), EN_NOTIFICATION_POSITION, default_language="en"))
    return scripts


@pytest.mark.parametrize(("language", "mode"), list(POSITIONS), ids=[f"{lang}-{mode}" for lang, mode in POSITIONS])
def test_script_is_within_a_fifth_of_its_target(language: str, mode: str) -> None:
    result = script(interview(language, mode), POSITIONS[(language, mode)], default_language="en")
    assert result["target_seconds"] == {"notification": 30, "invitation": 120}[mode]
    assert abs(result["estimated_seconds"] - result["target_seconds"]) <= 0.2 * result["target_seconds"]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_notification_by_email_and_sms_with_things_to_bring_stays_on_time(language: str) -> None:
    record = interview(language, "notification", channels=["email", "sms"], what_to_bring="ID card and resume")
    result = script(record, POSITIONS[(language, "notification")], default_language="en")
    assert 24 <= result["estimated_seconds"] <= 36
    assert "ID card" not in result["text"]  # left to the written notice


def test_english_facts_in_a_chinese_notification_still_fit_the_target() -> None:
    result = script(interview("zh-CN", "notification"), EN_NOTIFICATION_POSITION, default_language="en")
    assert 24 <= result["estimated_seconds"] <= 36


@pytest.mark.parametrize("mode", ["notification", "invitation"])
def test_long_position_texts_are_cut_so_the_call_stays_on_time(mode: str) -> None:
    long_text = "Own the design, build and operation of the payment services used every day by riders. " * 20
    long = dataclasses.replace(POSITIONS[("en", mode)], responsibilities=long_text, benefits=long_text)
    result = script(interview("en", mode, transit=long_text), long, default_language="en")
    assert result["estimated_seconds"] <= 1.2 * result["target_seconds"]


def test_response_has_the_api_fields() -> None:
    result = script(interview("en", "notification"), EN_NOTIFICATION_POSITION, default_language="en")
    assert set(result) >= {
        "mode",
        "target_seconds",
        "estimated_seconds",
        "language",
        "sections",
        "email_spelled",
        "text",
        "commitments",
    }
    assert all(set(section) == {"title", "lines"} and section["lines"] for section in result["sections"])


# What each commitment question sounds like in the scripts, to find the ones a script asks.
QUESTION_WORDS = {
    "en": {
        "time_off": "take the time off",
        "no_clash": "anything else booked",
        "call_before": "a few hours before",
        "venue_clear": "clear",
    },
    "zh-CN": {
        "time_off": "请好假",
        "no_clash": "别的安排",
        "call_before": "面试前几小时我再打给您",
        "venue_clear": "清楚吗",
    },
}


@pytest.mark.parametrize(("language", "mode"), list(POSITIONS), ids=[f"{lang}-{mode}" for lang, mode in POSITIONS])
def test_a_notification_asks_the_two_commitments_that_carry_most_and_an_invitation_more(
    language: str, mode: str
) -> None:
    result = script(interview(language, mode), POSITIONS[(language, mode)], default_language="en")
    attendance = "\n".join(result["sections"][-3]["lines"])
    asked = [question for question, words in QUESTION_WORDS[language].items() if words in attendance]
    assert asked == result["commitments"]
    if mode == "notification":
        assert asked == ["call_before", "venue_clear"]
    else:
        assert len(asked) > 2


def test_english_notification_covers_opening_facts_questions_attendance_email_and_close() -> None:
    result = script(interview("en", "notification"), EN_NOTIFICATION_POSITION, default_language="en")
    titles = [s["title"] for s in result["sections"]]
    assert titles == ["Opening", "The facts", "Likely questions", "Attendance", "Email", "Close"]
    text = result["text"]
    for fact in (
        "Li Wei",
        "Acme Robotics",
        "Front-end Engineer",
        "Thursday 3 December at 14:30",
        "88 Century Avenue, Floor 12",
        "Metro line 2 to Lujiazui, exit 6",
        "15,000 to 22,000 CNY",
        "Build the HR-facing web app",
        "Pudong, Shanghai",
        "call a few hours before",
    ):
        assert fact in text, fact


def test_chinese_notification_states_weekday_address_route_and_salary() -> None:
    result = script(interview("zh-CN", "notification"), ZH_NOTIFICATION_POSITION, default_language="en")
    titles = [s["title"] for s in result["sections"]]
    assert titles == ["开场", "面试信息", "常见问题（主动说明）", "确认出席", "核对邮箱", "结束"]
    for fact in (
        "李伟",
        "艾克米机器人",
        "12月3日（星期四）下午2:30",
        "上海世纪大道88号12楼",
        "陆家嘴站6号口",
        "15,000到22,000元",
    ):
        assert fact in result["text"], fact


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_invitation_sells_the_role_with_benefits_promotion_and_manager(language: str) -> None:
    position = POSITIONS[(language, "invitation")]
    text = script(interview(language, "invitation"), position, default_language="en")["text"]
    for name in ("benefits", "promotion", "manager_style"):
        assert str(getattr(position, name))[:8] in text, name
    assert "acme.example.com" in text


def test_notification_does_not_sell_benefits() -> None:
    lunch = dataclasses.replace(EN_NOTIFICATION_POSITION, benefits="Free lunch and a gym")
    assert "Free lunch" not in script(interview("en", "notification"), lunch, default_language="en")["text"]


def test_the_candidates_language_wins_and_the_default_fills_in() -> None:
    chosen = script(interview("en", "notification"), EN_NOTIFICATION_POSITION, default_language="zh-CN")
    defaulted = script(interview(None, "notification"), EN_NOTIFICATION_POSITION, default_language="zh-CN")
    assert chosen["language"] == "en"
    assert defaulted["language"] == "zh-CN"


def test_an_unknown_default_language_falls_back_to_english() -> None:
    result = script(interview(None, "notification"), EN_NOTIFICATION_POSITION, default_language="fr")
    assert result["language"] == "en"


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_email_is_spelled_in_the_script_and_reads_back(language: str) -> None:
    record = interview(language, "notification", email="Zhang.San+Jobs_2026@Mail-Box.example.cn")
    result = script(record, POSITIONS[(language, "notification")], default_language="en")
    assert parse_spelled(result["email_spelled"]) == "Zhang.San+Jobs_2026@Mail-Box.example.cn"
    email_lines = next(s["lines"] for s in result["sections"] if s["title"] in ("Email", "核对邮箱"))
    assert any(result["email_spelled"] in line for line in email_lines)


@pytest.mark.parametrize("mode", ["notification", "invitation"])
def test_the_chinese_script_spells_the_email_with_chinese_words_and_digits(mode: str) -> None:
    record = interview("zh-CN", mode, email="zhang.san1@example.com")
    result = script(record, POSITIONS[("zh-CN", mode)], default_language="en")
    email_lines = next(s["lines"] for s in result["sections"] if s["title"] == "核对邮箱")
    spoken = next(line for line in email_lines if result["email_spelled"] in line)
    assert "z（自己的自），h（好坏的好）" in spoken and "1（幺），@（艾特）" in spoken and ".（点）" in spoken
    assert "Zulu" not in result["text"] and "数字" not in result["email_spelled"]
    # HR is told how to read the brackets before the address comes.
    assert "【念法" in email_lines[0] and "自己的自" in email_lines[0]


@pytest.mark.parametrize("mode", ["notification", "invitation"])
def test_the_english_script_keeps_radio_words_and_notes_how_the_chinese_script_spells(mode: str) -> None:
    result = script(interview("en", mode), POSITIONS[("en", mode)], default_language="en")
    assert result["email_spelled"].startswith("z as in Zulu, h as in Hotel")
    email_lines = next(s["lines"] for s in result["sections"] if s["title"] == "Email")
    assert email_lines[0].startswith("[") and "Chinese script" in email_lines[0] and "自己的自" in email_lines[0]


def test_spelling_time_is_reported_apart_from_the_script() -> None:
    short = script(interview("en", "notification"), EN_NOTIFICATION_POSITION, default_language="en")
    record = interview("en", "notification", email="a.very.long.address.for.spelling@example.com")
    long = script(record, EN_NOTIFICATION_POSITION, default_language="en")
    assert long["estimated_seconds"] == short["estimated_seconds"]
    assert long["spelling_seconds"] > short["spelling_seconds"]


def test_a_position_without_a_salary_range_gets_a_stage_direction_not_a_made_up_figure() -> None:
    position = dataclasses.replace(EN_NOTIFICATION_POSITION, salary_min=0, salary_max=0)
    text = script(interview("en", "notification"), position, default_language="en")["text"]
    assert "[The position states no salary range" in text
    assert "Salary:" not in text


def test_sms_channel_is_mentioned_in_the_close() -> None:
    record = interview("en", "notification", channels=["email", "sms"])
    assert "text message" in script(record, EN_NOTIFICATION_POSITION, default_language="en")["text"]


def test_no_template_contains_a_filler_word() -> None:
    files = sorted(Path(TEMPLATES, "call").rglob("*.txt"))
    assert len(files) == 4
    for path in files:
        assert filler_words(path.read_text(encoding="utf-8")) == [], path


def test_no_rendered_script_contains_a_filler_word() -> None:
    for result in all_scripts():
        assert filler_words(result["text"]) == [], result["text"]


def test_filler_word_scan_finds_fillers_in_both_languages_but_not_inside_words() -> None:
    assert filler_words("So, um, you know, the interview") == ["um", "you know"]
    assert filler_words("嗯，那个面试") == ["嗯", "那个"]
    assert filler_words("Senior Engineer, likely") == []


def test_speaking_time_counts_words_at_150_and_chinese_characters_at_250_a_minute() -> None:
    assert speaking_seconds("word " * 150) == 60
    assert speaking_seconds("面" * 250) == 60
    assert speaking_seconds("面试TypeScript工程师") == pytest.approx(5 * 0.24 + 0.4)
    assert speaking_seconds("15,000 to 22,000 CNY at 14:30") == pytest.approx(6 * 0.4)


def test_stage_directions_are_not_counted_as_speech() -> None:
    assert speaking_seconds("Can you attend? [Listen to the tone.] 【听语气】") == pytest.approx(3 * 0.4)


def test_brief_keeps_whole_sentences_then_clauses_then_cuts() -> None:
    assert brief("One two three. Four five six seven eight.", 2) == "One two three"
    assert brief("负责前端开发和维护，编写组件和测试", 3) == "负责前端开发和维护"
    assert brief("one two three four five six", 1) == "one two…"
    assert brief("  ", 5) is None


@pytest.mark.parametrize("mode", ["notification", "invitation"])
def test_the_city_is_said_once_when_the_address_names_it_already(mode: str) -> None:
    named = interview("zh-CN", mode, address="上海市浦东新区张江高科技园区碧波路690号")
    bare = interview("zh-CN", mode)
    english = interview("en", mode, address="690 Bibo Road, Pudong, Shanghai")

    assert "上海上海市" not in script(named, POSITIONS[("zh-CN", mode)], default_language="zh-CN")["text"]
    assert (
        "在上海市浦东新区张江高科技园区碧波路690号"
        in script(named, POSITIONS[("zh-CN", mode)], default_language="zh-CN")["text"]
    )
    assert "上海世纪大道88号12楼" in script(bare, POSITIONS[("zh-CN", mode)], default_language="zh-CN")["text"]
    assert "Shanghai, Shanghai" not in script(english, POSITIONS[("en", mode)], default_language="en")["text"]
