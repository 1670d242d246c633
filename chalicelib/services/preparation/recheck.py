"""Booked interviews checked again when their position changes: the warnings that follow from the
position's facts (completeness, match) are found anew; the weather's follow from the day and place."""

from __future__ import annotations

import dataclasses

from chalicelib.services.common.records import Interview, Position
from chalicelib.services.preparation.completeness import incomplete
from chalicelib.services.preparation.matching import match
from chalicelib.vocabulary import WarningCode

FROM_POSITION = frozenset({WarningCode.INCOMPLETE_POSITION, WarningCode.SALARY_MISMATCH, WarningCode.LOW_MATCH})


def rechecked(position: Position, interview: Interview) -> Interview:
    """``interview`` with its position's warnings found again for ``position`` as it now is (a fixed salary
    lifts ``incomplete_position``) and its kept match score refreshed; its other warnings stay."""
    result = match(position, interview.candidate)
    found = [*incomplete(position, interview.mode), *result.warnings]
    kept = [warning for warning in interview.warnings if warning.code not in FROM_POSITION]
    # The match is kept once HR called (the risk score reads it); an interview not called yet has none.
    scored = result.record() if interview.match is not None else None
    return dataclasses.replace(interview, warnings=(*found, *kept), match=scored)
