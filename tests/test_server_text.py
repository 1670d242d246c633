"""What the server writes for HR says itself in the page's language: refusals, warnings and at-risk prompts.

Every reason and field code raised in chalicelib has both languages (found by reading the source, so a new
one is covered), each warning is said from its facts in zh-CN and en, and the API answers in the language
an ``Accept-Language`` header asks for, English without one.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from chalicelib.adapters.weather_api import DailyForecast
from chalicelib.errors import Conflict, NotFound
from chalicelib.services.common.records import Warning
from chalicelib.services.preparation.completeness import incomplete
from chalicelib.services.preparation.matching import match
from chalicelib.services.weather.thresholds import Risk, Thresholds
from chalicelib.services.weather.wording import warning_facts, warning_text
from chalicelib.store.codec import from_item, plain, to_item
from chalicelib.store.readers import warning_from
from chalicelib.text import catalogue, placeholders
from chalicelib.text.warnings import said
from chalicelib.vocabulary import InterviewStatus, NoticeMode, WarningCode
from tests.support import builders
from tests.support.api import Api, create_position, interview_body, schedule

SOURCE = Path(__file__).parent.parent / "chalicelib"
REASON = re.compile(r"""(?:Conflict|NotFound|Forbidden|Allowed|__init__)\(reason="(\w+)\"""")
CODE = re.compile(r"""code=f?"(\w+)\"""")
AT = re.compile(r"""\.at\(\s*\w+,\s*"(\w+)\"""")
PERIODS = ("day", "week", "month")
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _raised(pattern: re.Pattern[str]) -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        # The completeness rules' codes name position problems (``completeness.<code>``), checked below.
        if path.name != "completeness.py":
            found.update(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_reason_raised_has_words_in_both_languages() -> None:
    reasons = _raised(REASON)
    assert {"revision_changed", "no_interview", "position_closed"} <= reasons
    words = catalogue()
    assert sorted(reason for reason in reasons if f"refusal.{reason}" not in words) == []


def test_every_field_code_raised_has_words_in_both_languages() -> None:
    # ``code=f"at_most_{period}s"`` reads as at_most_ and names one code per period.
    codes = {code for code in _raised(CODE) | _raised(AT) if not code.endswith("_")}
    codes |= {f"at_most_{period}s" for period in PERIODS}
    words = catalogue()
    assert sorted(code for code in codes if f"problem.{code}" not in words and code != "invalid") == []


def test_every_position_problem_has_words_in_both_languages() -> None:
    from chalicelib.services.preparation.completeness import RULES

    assert sorted(rule.code for rule in RULES if f"completeness.{rule.code}" not in catalogue()) == []


def test_the_new_words_have_matching_placeholders() -> None:
    for key, texts in catalogue().items():
        if key.split(".")[0] in ("refusal", "warning", "match", "completeness", "weather", "prompt", "hazard"):
            assert placeholders(texts["zh-CN"]) == placeholders(texts["en"]), key
            assert texts["zh-CN"] != texts["en"], key


def test_a_coded_conflict_says_its_message_and_fields_in_the_language_asked() -> None:
    error = Conflict(reason="revision_changed").at("revision", "stale_revision", given=3, now=4)
    assert error.status == 409
    assert error.message == error.said_in(None)["message"] == error.said_in("en")["message"]
    chinese = error.said_in("zh-CN")
    assert chinese["message"] == "在你打开之后，有人修改了这场面试：请刷新后重新修改。"
    assert chinese["fields"] == {"revision": "你看到的是第 3 版，这场面试现在是第 4 版：请刷新。"}
    assert chinese["codes"] == {"revision": "stale_revision"}


def test_a_status_in_a_refusal_reads_as_its_label() -> None:
    error = Conflict(reason="cannot_send", status=InterviewStatus.CANCELLED)
    assert error.message == "No notice can go out for an interview that is cancelled."
    assert error.said_in("zh-CN")["message"] == "状态为「已取消」的面试不能发送通知。"


def test_a_not_found_keeps_its_shape_in_both_languages() -> None:
    error = NotFound(reason="no_interview", interview_id="iv_1")
    assert error.said_in("zh-CN") == {"error": "not_found", "message": "找不到面试 iv_1，可能已被删除，请刷新页面。"}
    assert error.said_in("en")["message"].startswith("No interview iv_1")


def _warnings() -> list[Warning]:
    position = builders.position(
        responsibilities="Other duties", salary_min=5000, salary_max=20000, skills=["go", "rust", "sql"], level="senior"
    )
    candidate = builders.candidate(expected_salary=30000, skills=["go"], level="junior")
    found = [*match(position, candidate).warnings, *incomplete(position, NoticeMode.NOTIFICATION)]
    day = DailyForecast(
        day="2026-12-03", precipitation_sum=60.5, precipitation_probability=90, wind_gusts=None, weather_code=65
    )
    alternatives = [(date(2026, 12, 4), Risk.CALM)]
    limits = Thresholds()
    weather = Warning(
        WarningCode.WEATHER_RISK,
        warning_text(day, Risk.SEVERE, "上海", alternatives, limits),
        warning_facts(day, Risk.SEVERE, "上海", alternatives, limits),
    )
    return [*found, weather]


def test_each_warning_is_said_from_its_facts_in_both_languages() -> None:
    warnings = _warnings()
    assert {w.code for w in warnings} == set(WarningCode)
    for warning in warnings:
        chinese = said(warning.code, warning.params, warning.message, "zh-CN")
        english = said(warning.code, warning.params, warning.message, "en")
        assert CHINESE.search(chinese), chinese
        assert "{" not in chinese and "{" not in english
        assert chinese != english
    salary = next(w for w in warnings if w.code == WarningCode.SALARY_MISMATCH)
    assert (
        said(salary.code, salary.params, salary.message, "zh-CN")
        == "候选人期望月薪 30,000，职位最高 20,000，相差 10,000 CNY。"
    )


def test_a_warning_stored_without_facts_keeps_its_english_message() -> None:
    old = warning_from({"code": "low_match", "message": "Match score 12 is below 60"})
    assert old.params is None
    assert said(old.code, old.params, old.message, "zh-CN") == "Match score 12 is below 60"


def test_a_warning_keeps_its_facts_through_the_store() -> None:
    for warning in _warnings():
        assert warning_from(from_item(to_item(plain(warning)))) == warning


def test_the_at_risk_prompt_is_said_in_the_language_asked() -> None:
    from chalicelib.services.preparation.calls import at_risk_prompt

    interview = builders.interview(intent="low")
    assert (
        at_risk_prompt(interview) == "Intent sounded low: confirm attendance directly and ask whether they will come."
    )
    assert at_risk_prompt(interview, "zh-CN") == "候选人听起来意向不高：请直接确认是否到场，问清楚会不会来。"


# The API in the language the request asks for.


def _zh(api: Api) -> dict[str, str]:
    return {**api.headers(), **ZH}


def test_a_warning_is_shown_in_chinese_when_the_request_asks_for_it(api: Api) -> None:
    position = create_position(api)
    body = interview_body(position["position_id"])
    body["candidate"] = {**body["candidate"], "expected_salary": 30000}
    response = api.post("/interviews", body, headers=_zh(api))
    assert response.status_code == 201
    shown = {w["code"]: w for w in response.json_body["warnings"]}
    assert shown["salary_mismatch"]["message"] == "候选人期望月薪 30,000，职位最高 22,000，相差 8,000 CNY。"
    interview_id = response.json_body["interview_id"]
    english = api.get(f"/interviews/{interview_id}").json_body
    assert {w["code"]: w["message"] for w in english["warnings"]}["salary_mismatch"] == (
        "The candidate asks 30,000, the offer tops at 22,000: gap 8,000 CNY"
    )
    listed = api.get("/interviews?date=2026-12-03", headers=_zh(api)).json_body["interviews"]
    assert CHINESE.search(listed[0]["warnings"][0]["message"])


def test_a_conflict_is_said_in_chinese_when_the_request_asks_for_it(api: Api) -> None:
    interview = schedule(api, create_position(api)["position_id"])
    patch = {"revision": interview["revision"] + 5, "notes": "Asked for a later time"}
    response = api.patch(f"/interviews/{interview['interview_id']}", patch, headers=_zh(api))
    assert response.status_code == 409
    assert response.json_body["error"] == "conflict"
    assert response.json_body["message"] == "在你打开之后，有人修改了这场面试：请刷新后重新修改。"
    assert response.json_body["codes"] == {"revision": "stale_revision"}
    english = api.patch(f"/interviews/{interview['interview_id']}", patch)
    assert english.json_body["message"].startswith("Someone changed this interview since you opened it")


def test_a_not_found_is_said_in_chinese_when_the_request_asks_for_it(api: Api) -> None:
    response = api.get("/interviews/iv_missing", headers=_zh(api))
    assert response.status_code == 404
    assert response.json_body == {"error": "not_found", "message": "找不到面试 iv_missing，可能已被删除，请刷新页面。"}
    assert api.get("/interviews/iv_missing").json_body["message"].startswith("No interview iv_missing")


def test_a_closed_position_is_said_in_chinese(api: Api) -> None:
    position = create_position(api)
    closed = api.post(f"/positions/{position['position_id']}/close")
    assert closed.status_code == 200, closed.body
    response = api.post("/interviews", interview_body(position["position_id"]), headers=_zh(api))
    assert response.status_code == 409
    assert response.json_body["message"] == "职位「Front-end Engineer」已关闭，不再安排新的面试；请先重新开放。"
    assert response.json_body["fields"] == {"position_id": "这个职位已关闭：请重新开放后再安排面试。"}


def test_the_dashboard_charts_follow_accept_language(api: Api) -> None:
    answer = api.get("/stats/charts?period=week&date=2026-12-03", headers=_zh(api)).json_body
    assert answer["charts"][0]["title"] == "未到场率走势"
    assert api.get("/stats/charts?period=week&date=2026-12-03").json_body["charts"][0]["title"] == (
        "No-show rate over time"
    )
