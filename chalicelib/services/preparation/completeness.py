"""Position completeness: the facts HR must know before calling, and the vague ones that make
candidates give up ("salary negotiable", "other duties").

The rules are data: ``RULES`` is a table of ``Rule(field, modes, broken, problem, deters)``.
``review`` lists every problem so HR can fix the position; ``completeness_check`` holds an
interview notice only for the problems that make candidates skip the interview (``deters``):
a vague salary or vague duties. A missing website or manager style weakens the call but does
not keep anyone away, and holding every notice for it would teach HR to accept warnings blindly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.models import InterviewIn, ModeChoice, NoticeMode, WarningCode
from chalicelib.services.common.clock import LocalTime
from chalicelib.services.common.records import Position, Warning
from chalicelib.services.scheduling import modes
from chalicelib.text import words
from chalicelib.text.warnings import said

BOTH = frozenset(NoticeMode)
INVITATION = frozenset({NoticeMode.INVITATION})

# Free-text fields where HR tends to hide "salary negotiable".
TEXT_FIELDS = ("title", "responsibilities", "requirements", "benefits", "promotion", "manager_style")
NEGOTIABLE = re.compile(r"negotiable|depending on experience|面议|薪资面谈|待遇面谈", re.IGNORECASE)

# A range whose top is more than this many times its bottom tells the candidate nothing.
WIDE_RANGE_FACTOR = 2

# Duties shorter than 40 Latin characters, or 15 Chinese ones, say too little: a CJK character
# carries about as much as 40 / 15 Latin characters, and mixed text is weighed that way.
MIN_DUTIES_CHARS = 40
MIN_DUTIES_CJK = 15

GENERIC_DUTIES = re.compile(
    r"various tasks|other duties|other tasks|other work|related work|related tasks|as assigned|"
    r"and so on|etc\.?|负责相关工作|相关工作|其他工作|其它工作|领导安排的?|临时安排的?|交办的?|等等|等工作",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Rule:
    """One fact a position must state; ``code`` names the problem, written in both languages as
    ``completeness.<code>`` (``chalicelib/text/warnings.py``) with the position's figures filled in."""

    field: str
    modes: frozenset[NoticeMode]
    broken: Callable[[Position], bool]
    code: str
    deters: bool = False

    @property
    def problem(self) -> str:
        """The problem in English, its placeholders unfilled."""
        return words("en")(f"completeness.{self.code}")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing(field: str) -> Callable[[Position], bool]:
    """A predicate: the position does not state ``field``."""
    return lambda position: _blank(getattr(position, field))


def salary_negotiable(position: Position) -> bool:
    if not position.salary_max:
        return True
    return any(NEGOTIABLE.search(str(getattr(position, name) or "")) for name in TEXT_FIELDS)


def salary_range_wide(position: Position) -> bool:
    top = position.salary_max
    return top > 0 and top > WIDE_RANGE_FACTOR * position.salary_min


def weighted_length(text: str) -> float:
    """Length in Latin-character equivalents (a CJK character counts MIN_DUTIES_CHARS / MIN_DUTIES_CJK)."""
    compact = re.sub(r"\s+", " ", text.strip())
    cjk = len(_CJK.findall(compact))
    return (len(compact) - cjk) + cjk * MIN_DUTIES_CHARS / MIN_DUTIES_CJK


def duties_short(position: Position) -> bool:
    return weighted_length(position.responsibilities) < MIN_DUTIES_CHARS


def duties_generic(position: Position) -> bool:
    # "Other duties as assigned" after real duties is harmless; only when little is left once
    # the stock phrases are taken out do the duties say nothing.
    text = position.responsibilities
    if not GENERIC_DUTIES.search(text):
        return False
    rest = re.sub(r"[\s,.;:、，。；：]+", " ", GENERIC_DUTIES.sub(" ", text))
    return weighted_length(rest) < MIN_DUTIES_CHARS


def no_contact(position: Position) -> bool:
    contact = position.contact
    return contact is None or _blank(contact.name) or _blank(contact.phone)


RULES: tuple[Rule, ...] = (
    Rule("salary", BOTH, salary_negotiable, "negotiable", deters=True),
    Rule("salary_max", BOTH, salary_range_wide, "wide_range", deters=True),
    Rule("responsibilities", BOTH, duties_short, "duties_short", deters=True),
    Rule("responsibilities", BOTH, duties_generic, "duties_generic", deters=True),
    Rule("work_location", BOTH, missing("work_location"), "no_location"),
    Rule("contact", BOTH, no_contact, "no_contact"),
    Rule("company_website", BOTH, missing("company_website"), "no_website"),
    Rule("benefits", INVITATION, missing("benefits"), "no_benefits"),
    Rule("promotion", INVITATION, missing("promotion"), "no_promotion"),
    Rule("manager_style", INVITATION, missing("manager_style"), "no_manager_style"),
)


def review(
    position: Position, mode: NoticeMode | None = None, *, rules: Sequence[Rule] = RULES, language: str = "en"
) -> list[dict[str, str]]:
    """Every missing or vague fact as ``{field, code, problem}``, the problem said in ``language``; ``mode``
    defaults to what AUTO decides."""
    mode = mode or modes.decide(ModeChoice.AUTO, position).mode
    t, facts = words(language), figures(position)
    return [
        {"field": rule.field, "code": rule.code, "problem": t(f"completeness.{rule.code}", **facts)}
        for rule in rules
        if mode in rule.modes and rule.broken(position)
    ]


def completeness_check(position: Position, request: InterviewIn, start: LocalTime, now: datetime) -> list[Warning]:
    """Warn (and so hold the notice) when the position is vague where candidates decide to come."""
    return incomplete(position, modes.decide(request.mode, position).mode)


def incomplete(position: Position, mode: NoticeMode) -> list[Warning]:
    """The ``incomplete_position`` warning for a notice in ``mode``, if the position deters candidates."""
    deterring = [rule for rule in RULES if rule.deters]
    problems = review(position, mode, rules=deterring)
    if not problems:
        return []
    # The facts the problems name, so the warning is said again in the reader's language.
    facts = {"problems": [p["code"] for p in problems], **figures(position)}
    return [Warning(WarningCode.INCOMPLETE_POSITION, said(WarningCode.INCOMPLETE_POSITION, facts, "", "en"), facts)]


def figures(position: Position) -> dict[str, str]:
    """The position's figures a problem may name, with thousands separators."""
    return {"salary_min": f"{position.salary_min:,}", "salary_max": f"{position.salary_max:,}"}
