"""Correcting, closing and reopening a position.

HR edits with the revision they read (optimistic locking: a stale one changes nothing), checked as a new
position would be. The request writes the position alone: its upcoming interviews follow from the
positions table's stream (``position_fanout``), so a request that dies after saving loses nothing, and
HR does not wait for every candidate to be told.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalicelib.errors import Conflict, NotFound
from chalicelib.models import PositionIn
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import Position
from chalicelib.services.scheduling.positions import facts_of
from chalicelib.store.codec import plain
from chalicelib.store.positions import PositionRepository, StalePosition
from chalicelib.validation import validate


class OutdatedRevision(Conflict):
    """HR changed a position from an older read than the stored one: nothing is written, they reload."""

    def __init__(self, sent: int, current: int) -> None:
        super().__init__(
            f"The position changed since you read it (you sent revision {sent}, it is now at {current}); "
            "reload it and make your change again",
            {"revision": f"is not the current revision ({current}): reload the position"},
        )
        self.current = current

    def body(self) -> dict[str, Any]:
        return {**super().body(), "revision": self.current}


class PositionEdits:
    def __init__(self, *, positions: PositionRepository) -> None:
        self._positions = positions

    def edit(self, position_id: str, revision: int, changes: dict[str, Any], *, now: datetime) -> Position:
        """Apply ``changes`` (``PositionIn`` fields as JSON) to the position HR read at ``revision``, checked
        as a new position would be; its upcoming interviews follow from the stream."""
        current = self._get(position_id)
        stored = plain(current)
        request = validate(PositionIn, {**{k: stored[k] for k in PositionIn.model_fields if k in stored}, **changes})
        if revision != current.revision:
            raise OutdatedRevision(revision, current.revision)
        corrected = dataclasses.replace(current, **facts_of(request))
        if corrected == current:
            return current
        try:
            return self._positions.replace(
                dataclasses.replace(corrected, updated_at=iso_utc(now)), expected_revision=current.revision
            )
        except StalePosition:
            raise OutdatedRevision(revision, self._get(position_id).revision) from None

    def close(self, position_id: str, *, now: datetime) -> Position:
        """Close the position: it takes no new interviews and leaves the lists. Repeating is harmless."""
        return self._update(position_id, lambda p: None if p.closed_at else _touched(p, now, closed_at=iso_utc(now)))

    def reopen(self, position_id: str, *, now: datetime) -> Position:
        """Open a closed position again. Repeating is harmless."""
        return self._update(position_id, lambda p: _touched(p, now, closed_at=None) if p.closed_at else None)

    def _get(self, position_id: str) -> Position:
        position = self._positions.get(position_id)
        if position is None:
            raise NotFound(reason="no_position", position_id=position_id)
        return position

    def _update(self, position_id: str, change: Callable[[Position], Position | None]) -> Position:
        position = self._positions.update(position_id, change)
        if position is None:
            raise NotFound(reason="no_position", position_id=position_id)
        return position


def _touched(position: Position, now: datetime, **changes: Any) -> Position:
    return dataclasses.replace(position, updated_at=iso_utc(now), **changes)
