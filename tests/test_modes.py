"""Notification or invitation: which notice a candidate gets, and the reason HR is shown."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models import Level, ModeChoice, NoticeMode
from chalicelib.services.common.records import Position
from chalicelib.services.scheduling.modes import FEW_APPLICANTS, decide
from tests.support.builders import position as job


def opening(**facts: Any) -> Position:
    """A position that states only ``facts`` of the two the decision reads."""
    return job(**{"level": None, "applicant_count": None, **facts})


@pytest.mark.parametrize(
    ("choice", "mode"),
    [(ModeChoice.NOTIFICATION, NoticeMode.NOTIFICATION), (ModeChoice.INVITATION, NoticeMode.INVITATION)],
)
def test_hr_choice_wins_over_the_position(choice: ModeChoice, mode: NoticeMode) -> None:
    # An executive role with few resumes would get an invitation by the rules.
    decision = decide(choice, opening(level="executive", applicant_count=1))

    assert decision.mode is mode
    assert decision.reason == "chosen by HR"


@pytest.mark.parametrize("level", ["senior", "executive", Level.SENIOR])
def test_senior_roles_get_an_invitation_whatever_the_resume_count(level: Any) -> None:
    decision = decide(ModeChoice.AUTO, opening(level=level, applicant_count=500))

    assert decision.mode is NoticeMode.INVITATION
    assert decision.reason == f"{Level(level).value} role: candidates choose among offers"


@pytest.mark.parametrize("applicants", [0, 1, FEW_APPLICANTS - 1])
def test_few_resumes_on_hand_get_an_invitation(applicants: int) -> None:
    decision = decide(ModeChoice.AUTO, opening(level="junior", applicant_count=applicants))

    assert decision.mode is NoticeMode.INVITATION
    assert decision.reason == f"few resumes on hand ({applicants} < {FEW_APPLICANTS})"


def test_many_resumes_for_a_non_senior_role_get_the_short_notification() -> None:
    decision = decide(ModeChoice.AUTO, opening(level="mid", applicant_count=FEW_APPLICANTS))

    assert decision.mode is NoticeMode.NOTIFICATION
    assert decision.reason == f"many resumes on hand ({FEW_APPLICANTS}) for a mid role"


def test_many_resumes_without_a_level_say_non_senior() -> None:
    decision = decide(ModeChoice.AUTO, opening(applicant_count=80))

    assert decision.mode is NoticeMode.NOTIFICATION
    assert decision.reason == "many resumes on hand (80) for a non-senior role"


@pytest.mark.parametrize("facts", [{}, {"level": "intern"}, {"level": None, "applicant_count": None}])
def test_no_resume_count_gets_the_short_notification(facts: dict[str, Any]) -> None:
    decision = decide(ModeChoice.AUTO, opening(**facts))

    assert decision.mode is NoticeMode.NOTIFICATION
    assert decision.reason == "no resume count given: short factual notice"


def test_thresholds_can_be_tuned() -> None:
    position = opening(level="mid", applicant_count=40)

    assert decide(ModeChoice.AUTO, position, few_applicants=50).mode is NoticeMode.INVITATION
    assert decide(ModeChoice.AUTO, position, invitation_levels=frozenset({Level.MID})).mode is NoticeMode.INVITATION
    assert decide(ModeChoice.AUTO, position).mode is NoticeMode.NOTIFICATION
