"""Warnings and prompts the server writes for HR, said from their facts in the reader's language.

A warning keeps its facts (``Warning.params``: the score, the salary gap, the forecast...) and
:func:`said` writes it again in zh-CN or en when it is shown; a warning stored without facts keeps its
English ``message``. Each ``warning.<code>`` names its facts as ``{placeholders}``; the parts a warning
lists (missing position facts, lost match points, weather figures) have their own keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WORDS: dict[str, tuple[str, str]] = {
    "warning.low_match": (
        "匹配度 {score} 分，低于 {below} 分：{why}。",
        "Match score {score} is below {below}: {why}.",
    ),
    "warning.low_match_plain": ("匹配度 {score} 分，低于 {below} 分。", "Match score {score} is below {below}."),
    "warning.salary_mismatch": (
        "候选人期望月薪 {asked}，职位最高 {top}，相差 {gap} {currency}。",
        "The candidate asks {asked}, the offer tops at {top}: gap {gap} {currency}.",
    ),
    "warning.incomplete_position": (
        "候选人可能不来面试：{listed}。请完善职位信息，或接受这条警告。",
        "Candidates may skip this interview: {listed}. Fix the position or accept the warning.",
    ),
    "warning.weather_risk": (
        "{day}{city}预报有{risk}天气（{hazard}）：{figures}。{alternatives}",
        "{risk} weather ({hazard}) forecast for {day} in {city}: {figures}. {alternatives}",
    ),
    "warning.part_separator": ("；", "; "),
    # What the match lost points for.
    "match.salary": (
        "期望月薪 {asked}，职位最高 {top}，相差 {gap} {currency}",
        "asks {asked}, the offer tops at {top}: gap {gap} {currency}",
    ),
    "match.skills": (
        "具备所需 {of} 项技能中的 {has} 项（缺少 {lacking}）",
        "has {has} of {of} skills (lacks {lacking})",
    ),
    "match.level": ("候选人为{has}，职位要求{wanted}", "{has} level for a {wanted} role"),
    # What a position lacks that keeps candidates away (``completeness.RULES``).
    "completeness.negotiable": (
        "薪资写的是面议，候选人无法判断待遇就会放弃面试；请写明薪资范围",
        "salary is given as negotiable: candidates skip interviews whose pay they cannot judge; state the range",
    ),
    "completeness.wide_range": (
        "薪资范围 {salary_min}–{salary_max} 太宽（最高超过最低的两倍），候选人看不出能拿多少",
        "the range {salary_min}–{salary_max} is too wide (top over twice the bottom) to tell a candidate "
        "what they would earn",
    ),
    "completeness.duties_short": (
        "岗位职责太短，看不出这份工作做什么；请描述日常工作",
        "responsibilities are too short to show what the job is; describe the daily work",
    ),
    "completeness.duties_generic": (
        "岗位职责太笼统（如“其他工作”“相关工作”），请写出具体任务",
        'responsibilities are generic ("other duties", "相关工作"): name the concrete tasks',
    ),
    "completeness.no_location": ("没有工作地点：候选人会考虑通勤", "no work location: candidates weigh the commute"),
    "completeness.no_contact": (
        "没有联系人姓名和电话：通知里需要有人可以回电",
        "no contact name and phone: the notice needs someone to call back",
    ),
    "completeness.no_website": (
        "没有公司网站：候选人会查公司信息",
        "no company website: candidates look the company up",
    ),
    "completeness.no_benefits": (
        "没有福利说明：邀请需要说明这份工作比其他机会好在哪里",
        "no benefits: an invitation has to say why this offer beats the others",
    ),
    "completeness.no_promotion": (
        "没有晋升路径：资深候选人会问这个岗位的发展方向",
        "no promotion path: senior candidates ask where the role leads",
    ),
    "completeness.no_manager_style": (
        "没有上级管理风格：在几个机会间选择的候选人会问将和谁共事",
        "no manager style: candidates choosing among offers ask who they would work for",
    ),
    # The weather warning's parts.
    "weather.caution": ("需留意的", "Caution"),
    "weather.severe": ("恶劣", "Severe"),
    "weather.rain": ("降水 {value} 毫米", "{value} mm precipitation"),
    "weather.chance": ("降水概率 {value}%", "{value}% chance"),
    "weather.gusts": ("阵风 {value} 公里/小时", "gusts {value} km/h"),
    "weather.wmo": ("天气代码 {value}", "WMO code {value}"),
    "weather.day": ("{month}月{day}日（{weekday}）", "{weekday} {day} {month}"),
    "weather.day_year": ("{year}年{month}月{day}日（{weekday}）", "{weekday} {day} {month} {year}"),
    "weather.alternatives": ("附近风险较低的工作日：{listed}。", "Lower-risk working days nearby: {listed}."),
    "weather.no_alternative": (
        "一周内还没有风险较低的工作日预报。",
        "No lower-risk working day within a week is forecast yet.",
    ),
    "weather.alternative": ("{day}天气{risk}", "{day} ({risk})"),
    "weather.level.calm": ("平稳", "calm"),
    "weather.level.caution": ("需留意", "caution"),
    "weather.level.severe": ("恶劣", "severe"),
    "hazard.thunderstorm": ("雷暴", "thunderstorm"),
    "hazard.gale-force gusts": ("大风", "gale-force gusts"),
    "hazard.rainstorm": ("暴雨", "rainstorm"),
    "hazard.heavy rain": ("大雨", "heavy rain"),
    "hazard.likely rain": ("降雨可能性大", "likely rain"),
    "hazard.heavy snow": ("大雪", "heavy snow"),
    "hazard.heavy snow showers": ("强阵雪", "heavy snow showers"),
    "hazard.heavy freezing rain": ("冻雨", "heavy freezing rain"),
    "hazard.violent rain showers": ("强阵雨", "violent rain showers"),
    # A reschedule to the time the interview already has.
    "interview.unchanged": (
        "面试本来就是这个时间、这个时长：没有任何改动，也没有给候选人发送消息。",
        "The interview already starts then, for as long: nothing changed and the candidate was sent nothing",
    ),
    # What HR should do next when calls suggest the candidate may not come (``calls.at_risk_prompt``).
    "prompt.low_intent": (
        "候选人听起来意向不高：请直接确认是否到场，问清楚会不会来。",
        "Intent sounded low: confirm attendance directly and ask whether they will come.",
    ),
    "prompt.unreached": (
        "已连续 {missed} 次没有联系上：请直接确认是否到场（发短信，或换个时间再打）。",
        "Not reached {missed} times in a row: confirm attendance directly (text them, call at another hour).",
    ),
}


def said(code: str, params: dict[str, Any] | None, message: str, language: str) -> str:
    """The warning ``code`` in ``language`` from its facts; its stored ``message`` when it kept none."""
    if not params:
        return message
    from chalicelib.text import words

    t = words(language)
    sayer = _SAYERS.get(code)
    return sayer(t, params, language) if sayer else message


def _low_match(t: Callable[..., str], params: dict[str, Any], language: str) -> str:
    from chalicelib.vocabulary import Level

    parts = []
    if "salary" in params:
        parts.append(t("match.salary", **params["salary"]))
    if "skills" in params:
        skills = params["skills"]
        parts.append(t("match.skills", **{**skills, "lacking": _listed(t, skills["lacking"])}))
    if "level" in params:
        level = {name: Level(value).label(language) for name, value in params["level"].items()}
        parts.append(t("match.level", **level))
    if not parts:
        return t("warning.low_match_plain", score=params["score"], below=params["below"])
    why = t("warning.part_separator").join(parts)
    return t("warning.low_match", score=params["score"], below=params["below"], why=why)


def _salary(t: Callable[..., str], params: dict[str, Any], language: str) -> str:
    return str(t("warning.salary_mismatch", **params))


def _incomplete(t: Callable[..., str], params: dict[str, Any], language: str) -> str:
    facts = {name: params.get(name, "?") for name in ("salary_min", "salary_max")}
    listed = t("warning.part_separator").join(t(f"completeness.{code}", **facts) for code in params["problems"])
    return str(t("warning.incomplete_position", listed=listed))


def _weather(t: Callable[..., str], params: dict[str, Any], language: str) -> str:
    figures = [
        t(f"weather.{name}", value=f"{params[name]:g}") for name in ("rain", "chance", "gusts", "wmo") if name in params
    ]
    alternatives = [
        t("weather.alternative", day=_day(t, when, language, year=False), risk=t(f"weather.level.{risk}"))
        for when, risk in params.get("alternatives") or ()
    ]
    return str(
        t(
            "warning.weather_risk",
            risk=t(f"weather.{params['risk']}"),
            hazard=_hazard(t, params["hazard"]),
            day=_day(t, params["day"], language, year=True),
            city=params["city"],
            figures=t("fields.list_separator").join(figures),
            alternatives=t("weather.alternatives", listed=_listed(t, alternatives))
            if alternatives
            else t("weather.no_alternative"),
        )
    ).strip()


def _hazard(t: Callable[..., str], name: str) -> str:
    from chalicelib.text import catalogue

    # A severe WMO weather without its own word reads as its English name.
    return str(t(f"hazard.{name}")) if f"hazard.{name}" in catalogue() else name


def _day(t: Callable[..., str], iso: str, language: str, *, year: bool) -> str:
    from datetime import date

    from chalicelib.services.common.wording import SHORT_WEEKDAYS

    day = date.fromisoformat(iso)
    weekday = SHORT_WEEKDAYS["zh-CN" if language == "zh-CN" else "en"][day.weekday()]
    month = day.month if language == "zh-CN" else _EN_MONTHS[day.month - 1]
    return str(
        t("weather.day_year" if year else "weather.day", month=month, day=day.day, weekday=weekday, year=day.year)
    )


def _listed(t: Callable[..., str], items: list[str]) -> str:
    return str(t("fields.list_separator").join(items))


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_SAYERS = {
    "low_match": _low_match,
    "salary_mismatch": _salary,
    "incomplete_position": _incomplete,
    "weather_risk": _weather,
}
