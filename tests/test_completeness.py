"""Position completeness: one test per rule, and which problems hold an interview notice."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models import InterviewIn, NoticeMode, WarningCode
from chalicelib.services.common.clock import localize
from chalicelib.services.common.records import Position
from chalicelib.services.preparation.completeness import RULES, completeness_check, review
from tests.support.api import interview_body
from tests.support.builders import position
from tests.support.clock import NOW


def fields(position: Position, mode: NoticeMode | None = None) -> list[str]:
    return [problem["field"] for problem in review(position, mode)]


def check(position: Position, **overrides: Any) -> list[Any]:
    request = InterviewIn.model_validate(interview_body("pos_1", **overrides))
    return list(completeness_check(position, request, localize(request.starts_at, request.timezone), NOW))


def test_a_complete_position_has_no_problems() -> None:
    assert review(position()) == []


# (case, position overrides, the field reported, a phrase of the problem)
CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("negotiable in benefits", {"benefits": "Salary negotiable, free lunch"}, "salary", "negotiable"),
    (
        "面议 in responsibilities",
        {"responsibilities": "负责机器人控制软件的设计、开发和测试，薪资面议。"},
        "salary",
        "negotiable",
    ),
    ("no salary top", {"salary_min": 0, "salary_max": 0}, "salary", "negotiable"),
    ("range over twice its min", {"salary_min": 3000, "salary_max": 10000}, "salary_max", "3,000–10,000"),
    ("short English duties", {"responsibilities": "Write code and fix bugs."}, "responsibilities", "too short"),
    ("short Chinese duties", {"responsibilities": "负责前端开发和测试工作。"}, "responsibilities", "too short"),
    (
        "generic English duties",
        {"responsibilities": "Various tasks and other duties as assigned by the manager on the team."},
        "responsibilities",
        "generic",
    ),
    (
        "generic Chinese duties",
        {"responsibilities": "负责相关工作以及领导安排的其他工作。"},
        "responsibilities",
        "generic",
    ),
    ("blank work location", {"work_location": " "}, "work_location", "commute"),
    ("no contact", {"contact": None}, "contact", "call back"),
    ("contact without phone", {"contact": {"name": "Li Wei", "phone": " "}}, "contact", "call back"),
    ("no website", {"company_website": None}, "company_website", "look the company up"),
    ("senior role without benefits", {"level": "senior", "benefits": None}, "benefits", "beats the others"),
    ("senior role without promotion", {"level": "executive"}, "promotion", "where the role leads"),
    ("few resumes, no manager style", {"applicant_count": 3}, "manager_style", "who they would work for"),
]


@pytest.mark.parametrize(("overrides", "field", "phrase"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_reports_its_problem_in_words(overrides: dict[str, Any], field: str, phrase: str) -> None:
    problems = [p for p in review(position(**overrides)) if p["field"] == field]
    assert problems, f"no problem reported for {field}"
    assert any(phrase in p["problem"] for p in problems)


def test_every_rule_in_the_table_has_a_case() -> None:
    reported = {p["problem"] for _, overrides, _, _ in CASES for p in review(position(**overrides))}
    for rule in RULES:
        assert any(problem.startswith(rule.problem.split("{")[0]) for problem in reported), rule.problem


def test_a_range_exactly_twice_its_min_is_not_too_wide() -> None:
    assert "salary_max" not in fields(position(salary_min=10000, salary_max=20000))


def test_fifteen_chinese_characters_of_duties_are_enough_and_fourteen_are_not() -> None:
    assert "responsibilities" not in fields(position(responsibilities="负责机器人控制软件的设计和开发"))
    assert "responsibilities" in fields(position(responsibilities="负责机器人控制软件的设计开发"))


def test_forty_english_characters_of_duties_are_enough_and_thirty_nine_are_not() -> None:
    assert "responsibilities" not in fields(position(responsibilities="x" * 40))
    assert "responsibilities" in fields(position(responsibilities="x" * 39))


def test_concrete_duties_ending_in_other_duties_are_not_generic() -> None:
    duties = "Build the HR web app in TypeScript and own its accessibility; other duties as assigned."
    assert "responsibilities" not in fields(position(responsibilities=duties))


def test_invitation_facts_are_not_required_for_a_notification() -> None:
    assert fields(position(level="junior", applicant_count=200)) == []


def test_invitation_facts_are_required_when_the_mode_is_invitation() -> None:
    assert fields(position(), NoticeMode.INVITATION) == ["benefits", "promotion", "manager_style"]


def test_check_warns_about_a_vague_salary_and_names_the_problem() -> None:
    warnings = check(position(benefits="待遇面议"))
    assert [w.code for w in warnings] == [WarningCode.INCOMPLETE_POSITION]
    assert "negotiable" in warnings[0].message


def test_check_lists_every_deterring_problem_in_one_warning() -> None:
    warnings = check(position(salary_min=3000, salary_max=9000, responsibilities="Other duties."))
    assert len(warnings) == 1
    for phrase in ("3,000–9,000", "too short", "generic"):
        assert phrase in warnings[0].message


def test_check_does_not_hold_a_notice_for_a_missing_website_or_benefits() -> None:
    vague = position(company_website=None, contact=None, level="senior")
    assert review(vague)  # the problems are reported on the position ...
    assert check(vague, mode="invitation") == []  # ... but do not keep candidates away


def test_only_vague_salary_and_vague_duties_hold_notices() -> None:
    assert {rule.field for rule in RULES if rule.deters} == {"salary", "salary_max", "responsibilities"}
