"""Positions: the job facts HR must know before calling anyone."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from chalicelib.errors import NotFound
from chalicelib.models import PositionIn, dump
from chalicelib.services.clock import iso_utc
from chalicelib.store.positions import PositionRepository


def new_id(prefix: str) -> str:
    """A short, URL-safe, unguessable id such as ``pos_3kq9...``."""
    return f"{prefix}_{secrets.token_hex(8)}"


class PositionService:
    def __init__(self, *, positions: PositionRepository) -> None:
        self._positions = positions

    def create(self, request: PositionIn, *, now: datetime) -> dict[str, Any]:
        position = {"position_id": new_id("pos"), **dump(request), "created_at": iso_utc(now)}
        self._positions.add(position)
        return position

    def get(self, position_id: str) -> dict[str, Any]:
        position = self._positions.get(position_id)
        if position is None:
            raise NotFound(f"No position {position_id}")
        return position

    def list(self) -> list[dict[str, Any]]:
        return self._positions.list()
