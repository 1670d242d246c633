"""Match check: does the candidate fit the position before anyone is invited?

A candidate who asks 5,000 for a job that pays at most 4,000 will decline or not show up;
inviting them only to fill the calendar wastes both sides' time. The score is a weighted sum
of three explained factors, out of 100:

| factor | weight | full points when | falls to 0 when |
| --- | --- | --- | --- |
| salary | 40 | the expected salary is at most the range's top | the ask is ``SALARY_TOLERANCE`` (50 %) above the top |
| skills | 45 | the candidate has every skill the position lists | they have none of them |
| level  | 15 | same level as the position | two or more levels apart |

A fact nobody gave (no expected salary, no skills on either side, no candidate level) earns
full points: HR picked the resume, and the check flags evidence of a mismatch, not missing
data. Below ``LOW_MATCH_BELOW`` the candidate lacks most of a heavy factor, e.g. none of the
skills, or half of them and an ask a quarter above the top: that is a ``low_match`` warning.
An ask above the top is always a ``salary_mismatch`` warning that states the gap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib.models import InterviewIn, Level, WarningCode
from chalicelib.services.common.clock import LocalTime
from chalicelib.services.common.records import Candidate, MatchRecord, Position, Warning
from chalicelib.services.scheduling.interviews import candidate_of

SALARY_WEIGHT = 40
SKILLS_WEIGHT = 45
LEVEL_WEIGHT = 15
# An ask this fraction above the top of the range earns no salary points.
SALARY_TOLERANCE = 0.5
# Scores below this are low matches (see the module docstring for what that means).
LOW_MATCH_BELOW = 60

LEVELS = list(Level)


@dataclass(frozen=True)
class MatchResult:
    score: int
    reasons: list[str]
    salary_gap: int | None
    warnings: list[Warning] = field(default_factory=list)

    def record(self) -> MatchRecord:
        """The result as kept on an interview (``interview.match``)."""
        return MatchRecord(
            score=self.score,
            reasons=tuple(self.reasons),
            salary_gap=self.salary_gap,
            warnings=tuple(w.code for w in self.warnings),
        )


def normalise_skill(skill: str) -> str:
    """``" Node.JS "`` and ``"nodejs"`` are one skill; ``C++`` and ``C#`` stay apart from ``C``."""
    return re.sub(r"[\s._\-]+", "", unicodedata.normalize("NFKC", skill).casefold())


def money(amount: int) -> str:
    return f"{amount:,}"


def match(position: Position, candidate: Candidate) -> MatchResult:
    """Score how well ``candidate`` fits ``position`` (0-100), with the reasons and warnings."""
    reasons: list[str] = []
    warnings: list[Warning] = []
    # The facts behind the points lost, for the warnings said in the reader's language.
    facts: dict[str, Any] = {}
    salary_points, gap = _salary(position, candidate, reasons, warnings, facts)
    points = salary_points + _skills(position, candidate, reasons, facts) + _level(position, candidate, reasons, facts)
    score = round(points)
    if score < LOW_MATCH_BELOW:
        why = "; ".join(reasons)
        message = f"Match score {score} is below {LOW_MATCH_BELOW}: {why}"
        warnings.append(Warning(WarningCode.LOW_MATCH, message, {"score": score, "below": LOW_MATCH_BELOW, **facts}))
    return MatchResult(score=score, reasons=reasons, salary_gap=gap, warnings=warnings)


def _salary(
    position: Position, candidate: Candidate, reasons: list[str], warnings: list[Warning], facts: dict[str, Any]
) -> tuple[float, int | None]:
    asked = candidate.expected_salary
    top = position.salary_max
    currency = position.salary_currency or "CNY"
    if asked is None:
        reasons.append(f"salary: no expected salary given (+{SALARY_WEIGHT})")
        return SALARY_WEIGHT, None
    if top <= 0:
        reasons.append(f"salary: the position states no range to compare with (+{SALARY_WEIGHT})")
        return SALARY_WEIGHT, None
    if asked <= top:
        reasons.append(f"salary: asks {money(asked)}, within the offer of up to {money(top)} (+{SALARY_WEIGHT})")
        return SALARY_WEIGHT, 0
    gap = asked - top
    share = max(0.0, 1 - gap / (top * SALARY_TOLERANCE))
    points = SALARY_WEIGHT * share
    text = f"asks {money(asked)}, the offer tops at {money(top)}: gap {money(gap)} {currency}"
    reasons.append(f"salary: {text} (+{points:.0f})")
    facts["salary"] = {"asked": money(asked), "top": money(top), "gap": money(gap), "currency": currency}
    warnings.append(Warning(WarningCode.SALARY_MISMATCH, f"The candidate {text}", dict(facts["salary"])))
    return points, gap


def _skills(position: Position, candidate: Candidate, reasons: list[str], facts: dict[str, Any]) -> float:
    wanted = _skill_set(position.skills)
    has = _skill_set(candidate.skills or ())
    if not wanted:
        reasons.append(f"skills: the position lists none (+{SKILLS_WEIGHT})")
        return SKILLS_WEIGHT
    if not has:
        reasons.append(f"skills: the candidate's skills are not given (+{SKILLS_WEIGHT})")
        return SKILLS_WEIGHT
    common = wanted.keys() & has.keys()
    points = SKILLS_WEIGHT * len(common) / len(wanted)
    lacking = [wanted[k] for k in wanted if k not in common]
    text = f"skills: has {len(common)} of {len(wanted)}"
    if lacking:
        text += " (lacks " + ", ".join(lacking) + ")"
        facts["skills"] = {"has": len(common), "of": len(wanted), "lacking": lacking}
    reasons.append(f"{text} (+{points:.0f})")
    return points


def _skill_set(skills: Iterable[str]) -> dict[str, str]:
    """Normalised skill -> the name as the position or candidate wrote it."""
    found: dict[str, str] = {}
    for skill in skills:
        key = normalise_skill(str(skill))
        if key:
            found.setdefault(key, str(skill).strip())
    return found


def _level(position: Position, candidate: Candidate, reasons: list[str], facts: dict[str, Any]) -> float:
    wanted, has = position.level, candidate.level
    if wanted is None or has is None:
        reasons.append(f"level: not known for both sides (+{LEVEL_WEIGHT})")
        return LEVEL_WEIGHT
    steps = abs(LEVELS.index(wanted) - LEVELS.index(has))
    points = LEVEL_WEIGHT * max(0.0, 1 - steps / 2)
    if steps:
        facts["level"] = {"has": has.value, "wanted": wanted.value}
    reasons.append(f"level: {has} for a {wanted} role (+{points:.0f})")
    return points


def match_check(position: Position, request: InterviewIn, start: LocalTime, now: datetime) -> list[Warning]:
    """The salary_mismatch and low_match warnings for an interview about to be scheduled."""
    return match(position, candidate_of(request.candidate)).warnings
