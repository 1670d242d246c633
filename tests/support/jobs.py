"""The scheduled jobs' bench: the app with its schedules, and HR's desk booking interviews at a chosen moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.models import InterviewIn, PositionIn
from chalicelib.services.common.records import Interview
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from chalicelib.store.codec import plain
from chalicelib.store.readers import interview_from
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
        self.interviews = InterviewService(positions=deps.positions(), interviews=deps.interviews())

    def position(self, **overrides: Any) -> str:
        return self.positions.create(PositionIn(**position_body(**overrides)), now=NOW).position_id

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
    ) -> Interview:
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
        return self.interviews.schedule(InterviewIn(**body), now=booked)

    def set(self, interview_id: str, **fields: Any) -> Interview:
        """Change stored fields (status, flags), given in their stored shape, as the candidate pages and
        HR's API would."""
        stored, _ = deps.interviews().update(interview_id, lambda current: interview_from({**plain(current), **fields}))
        assert stored is not None, interview_id
        return stored


@pytest.fixture
def desk(resources: dict[str, str]) -> Desk:
    return Desk()
