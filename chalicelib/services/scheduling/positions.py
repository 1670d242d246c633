"""Positions: the job facts HR must know before calling anyone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.errors import NotFound
from chalicelib.models import Contact as ContactIn
from chalicelib.models import PositionIn
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.ids import new_id
from chalicelib.services.common.records import Contact, Position
from chalicelib.store.positions import PositionRepository


class PositionService:
    def __init__(self, *, positions: PositionRepository) -> None:
        self._positions = positions

    def create(self, request: PositionIn, *, now: datetime) -> Position:
        position = Position(position_id=new_id("pos"), created_at=iso_utc(now), **facts_of(request))
        return self._positions.add(position)

    def get(self, position_id: str) -> Position:
        position = self._positions.get(position_id)
        if position is None:
            raise NotFound(reason="no_position", position_id=position_id)
        return position

    def list(self, *, include_closed: bool = False) -> list[Position]:
        """The positions, newest first; closed ones only when asked for."""
        return [p for p in self._positions.list() if include_closed or not p.closed_at]


def facts_of(request: PositionIn) -> dict[str, Any]:
    """A request's facts as the fields of a position record."""
    return {
        "title": request.title,
        "company": request.company,
        "work_location": request.work_location,
        "responsibilities": request.responsibilities,
        "salary_min": request.salary_min,
        "salary_max": request.salary_max,
        "salary_currency": request.salary_currency,
        "company_website": request.company_website,
        "requirements": request.requirements,
        "benefits": request.benefits,
        "promotion": request.promotion,
        "manager_style": request.manager_style,
        "level": request.level,
        "applicant_count": request.applicant_count,
        "skills": tuple(request.skills),
        "contact": contact_of(request.contact),
        "notes": request.notes,
        "rebook_after_no_show": request.rebook_after_no_show,
    }


def contact_of(request: ContactIn | None) -> Contact | None:
    """A request's contact as a record."""
    if request is None:
        return None
    return Contact(name=request.name, phone=request.phone, email=request.email)
