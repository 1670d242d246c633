"""Match check: salary against the range, skills, level, and the warnings that hold a notice."""

from __future__ import annotations

import pytest

from chalicelib.models import InterviewIn, WarningCode
from chalicelib.services.common.clock import localize
from chalicelib.services.preparation import matching
from chalicelib.services.preparation.matching import (
    LEVEL_WEIGHT,
    LOW_MATCH_BELOW,
    SALARY_WEIGHT,
    SKILLS_WEIGHT,
    match,
    match_check,
)
from tests.support.api import interview_body
from tests.support.builders import candidate, position
from tests.support.clock import NOW


def codes(result: matching.MatchResult) -> list[WarningCode]:
    return [w.code for w in result.warnings]


def test_an_ask_above_the_top_is_a_salary_mismatch_stating_the_gap() -> None:
    result = match(position(salary_min=3000, salary_max=4000), candidate(expected_salary=5000))
    assert codes(result) == [WarningCode.SALARY_MISMATCH]
    assert result.salary_gap == 1000
    assert "asks 5,000, the offer tops at 4,000: gap 1,000 CNY" in result.warnings[0].message


def test_the_gap_is_in_the_positions_currency() -> None:
    result = match(position(salary_min=3000, salary_max=4000, salary_currency="USD"), candidate(expected_salary=4500))
    assert "gap 500 USD" in result.warnings[0].message


def test_an_ask_within_or_below_the_range_earns_full_salary_points() -> None:
    for asked in (2000, 3500, 4000):
        result = match(position(salary_min=3000, salary_max=4000), candidate(expected_salary=asked))
        assert result.salary_gap == 0
        assert result.score == 100
        assert result.warnings == []


def test_salary_points_fall_with_the_gap_and_vanish_at_the_tolerance() -> None:
    offer = position(salary_min=3000, salary_max=4000)
    quarter_over = match(offer, candidate(expected_salary=5000))
    half_over = match(offer, candidate(expected_salary=6000))
    assert quarter_over.score == 100 - SALARY_WEIGHT // 2
    assert half_over.score == 100 - SALARY_WEIGHT


def test_no_expected_salary_or_no_range_is_not_held_against_the_candidate() -> None:
    assert match(position(), candidate()).salary_gap is None
    assert match(position(salary_min=0, salary_max=0), candidate(expected_salary=9000)).warnings == []


def test_skills_match_ignoring_case_spaces_and_punctuation() -> None:
    offer = position(skills=["TypeScript", "Node.js", "C++"])
    result = match(offer, candidate(skills=[" typescript ", "NODEJS", "c++"]))
    assert result.score == 100
    assert "has 3 of 3" in result.reasons[1]


def test_c_is_not_c_plus_plus() -> None:
    result = match(position(skills=["C++"]), candidate(skills=["C"]))
    assert "lacks C++" in result.reasons[1]


def test_skill_points_are_the_share_of_the_positions_skills() -> None:
    result = match(position(skills=["typescript", "css", "react", "sql"]), candidate(skills=["CSS", "SQL"]))
    assert result.score == round(SALARY_WEIGHT + SKILLS_WEIGHT / 2 + LEVEL_WEIGHT)
    assert "lacks typescript, react" in result.reasons[1]


def test_none_of_the_skills_is_a_low_match() -> None:
    result = match(position(skills=["typescript", "css"]), candidate(skills=["cobol"]))
    assert result.score < LOW_MATCH_BELOW
    assert codes(result) == [WarningCode.LOW_MATCH]
    assert "lacks typescript, css" in result.warnings[0].message


def test_half_the_skills_and_a_high_ask_is_a_low_match_with_both_warnings() -> None:
    offer = position(salary_min=3000, salary_max=4000, skills=["python", "sql"])
    result = match(offer, candidate(expected_salary=5000, skills=["python"]))
    assert codes(result) == [WarningCode.SALARY_MISMATCH, WarningCode.LOW_MATCH]


def test_level_points_halve_per_step_and_vanish_two_steps_apart() -> None:
    assert match(position(level="senior"), candidate(level="junior")).score == 100 - LEVEL_WEIGHT
    assert match(position(level="senior"), candidate(level="mid")).score == round(100 - LEVEL_WEIGHT / 2)
    assert match(position(level="senior"), candidate(level="senior")).score == 100


def test_every_factor_is_explained_with_its_points() -> None:
    reasons = match(position(), candidate(expected_salary=16000, skills=["css"])).reasons
    assert [r.split(":")[0] for r in reasons] == ["salary", "skills", "level"]
    assert all(r.endswith(")") and "(+" in r for r in reasons)


def test_the_threshold_is_the_module_constant(monkeypatch: pytest.MonkeyPatch) -> None:
    asking = candidate(expected_salary=5000)
    offer = position(salary_min=3000, salary_max=4000)
    assert WarningCode.LOW_MATCH not in codes(match(offer, asking))
    monkeypatch.setattr(matching, "LOW_MATCH_BELOW", 81)
    assert WarningCode.LOW_MATCH in codes(match(offer, asking))


def test_match_check_returns_the_warnings_for_the_requests_candidate() -> None:
    body = interview_body(
        "pos_1", candidate={"name": "Wang Wu", "email": "wang.wu@example.com", "expected_salary": 5000}
    )
    request = InterviewIn.model_validate(body)
    start = localize(request.starts_at, request.timezone)
    warnings = match_check(position(salary_min=3000, salary_max=4000), request, start, NOW)
    assert [w.code for w in warnings] == [WarningCode.SALARY_MISMATCH]


def test_the_record_keeps_score_reasons_gap_and_warning_codes() -> None:
    record = match(position(salary_min=3000, salary_max=4000), candidate(expected_salary=5000)).record()
    assert record.score == 80
    assert record.salary_gap == 1000
    assert record.warnings == (WarningCode.SALARY_MISMATCH,)
    assert len(record.reasons) == 3
