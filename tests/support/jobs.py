"""The scheduled jobs' bench: the app with its schedules, and HR's desk booking interviews at a chosen moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.models import InterviewIn, PositionIn
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from tests.support.api import interview_body, position_body
from tests.support.clock import NOW


@pytest.fixture
def jobs(client: Client) -> Client:
    """The app whose scheduled functions a test fires (``tests.support.events.fire``)."""
    return client


class Desk:
    """HR's desk: positions and interviews booked at a chosen moment, statuses set as events would."""

    def __init__(self) -> None:
        self.positions = PositionService(positions=deps.positions())
        self.interviews = InterviewService(
            positions=deps.positions(), interviews=deps.interviews(), outbox=deps.outbox()
        )

    def position(self, **overrides: Any) -> str:
        position: dict[str, Any] = self.positions.create(PositionIn(**position_body(**overrides)), now=NOW)
        return str(position["position_id"])

    def book(
        self,
        position_id: str,
        starts_at: str,
        timezone: str = "Asia/Shanghai",
        *,
        booked: datetime | None = None,
        name: str = "Zhang San",
        email: str | None = None,
        phone: str | None = None,
        **overrides: Any,
    ) -> dict[str, Any]:
        """Book an interview at local ``starts_at`` in ``timezone``, as HR would at ``booked``."""
        start = datetime.fromisoformat(starts_at)
        booked = booked or min(NOW, start.replace(tzinfo=UTC) - timedelta(days=3))
        body = interview_body(position_id, starts_at=starts_at, timezone=timezone, **overrides)
        body["candidate"] = {
            **body["candidate"],
            "name": name,
            "email": email or f"{name.lower().replace(' ', '.')}@example.com",
        }
        if phone:
            body["candidate"]["phone"] = phone
        created: dict[str, Any] = self.interviews.schedule(InterviewIn(**body), now=booked)
        return created

    def set(self, interview_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored fields (status, flags) as the candidate pages and HR's API would."""
        stored, _ = deps.interviews().update(interview_id, lambda current: {**current, **fields})
        assert stored is not None, interview_id
        return stored


@pytest.fixture
def desk(resources: dict[str, str]) -> Desk:
    return Desk()
