"""Positions: the job facts HR must know before calling anyone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.errors import NotFound
from chalicelib.models import PositionIn, dump
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.ids import new_id
from chalicelib.services.preparation.completeness import review
from chalicelib.store.positions import PositionRepository


class PositionService:
    def __init__(self, *, positions: PositionRepository) -> None:
        self._positions = positions

    def create(self, request: PositionIn, *, now: datetime) -> dict[str, Any]:
        position = {"position_id": new_id("pos"), **dump(request), "created_at": iso_utc(now)}
        self._positions.add(position)
        return _reviewed(position)

    def get(self, position_id: str) -> dict[str, Any]:
        position = self._positions.get(position_id)
        if position is None:
            raise NotFound(f"No position {position_id}")
        return _reviewed(position)

    def list(self) -> list[dict[str, Any]]:
        return [_reviewed(position) for position in self._positions.list()]


def _reviewed(position: dict[str, Any]) -> dict[str, Any]:
    # Reviewed on read, never stored: the rules improve and old positions benefit.
    return {**position, "completeness": review(position)}
