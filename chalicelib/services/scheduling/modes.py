"""Notification or invitation: many resumes and junior roles get the short notification;
few resumes or senior roles get the warmer invitation that sells the role."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.models import Level, ModeChoice, NoticeMode
from chalicelib.services.common.records import Position

INVITATION_LEVELS = frozenset({Level.SENIOR, Level.EXECUTIVE})
# With fewer resumes than this on hand, every candidate is worth inviting.
FEW_APPLICANTS = 10


@dataclass(frozen=True)
class ModeDecision:
    mode: NoticeMode
    reason: str


def decide(
    choice: ModeChoice,
    position: Position,
    *,
    few_applicants: int = FEW_APPLICANTS,
    invitation_levels: frozenset[Level] = INVITATION_LEVELS,
) -> ModeDecision:
    """The notice mode for an interview, with the reason HR sees."""
    if choice is not ModeChoice.AUTO:
        return ModeDecision(NoticeMode(choice.value), "chosen by HR")
    level = position.level
    if level and level in invitation_levels:
        return ModeDecision(NoticeMode.INVITATION, f"{level} role: candidates choose among offers")
    applicants = position.applicant_count
    if applicants is not None and applicants < few_applicants:
        return ModeDecision(NoticeMode.INVITATION, f"few resumes on hand ({applicants} < {few_applicants})")
    if applicants is None:
        return ModeDecision(NoticeMode.NOTIFICATION, "no resume count given: short factual notice")
    return ModeDecision(
        NoticeMode.NOTIFICATION, f"many resumes on hand ({applicants}) for a {level or 'non-senior'} role"
    )
