"""The statistics bench: the app's interviews, counted from the table's stream, and a desk with every service
they see."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import pytest

from chalicelib import aws, deps
from chalicelib.models import InterviewIn, NoticeStatus, PositionIn, RescheduleIn
from chalicelib.services.notices.delivery import update_interview, update_notice
from chalicelib.services.notices.links import LinkSigner
from chalicelib.services.notices.responses import Action, CandidateResponses
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from chalicelib.services.statistics.outcomes import OutcomeIn, OutcomeService
from chalicelib.settings import Settings
from chalicelib.store.codec import plain
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.stats import StatsRepository
from tests.support.api import interview_body, position_body
from tests.support.clock import NOW, at
from tests.support.stream import drain_stream

SHANGHAI = "Asia/Shanghai"


@pytest.fixture
def counted(resources: dict[str, str]) -> InterviewRepository:
    """The app's interviews, whose writes the statistics count once the table's stream is read."""
    return deps.interviews()


def reader(settings: Settings) -> StatsRepository:
    """The stats table, read as the statistics API reads it, once every write so far was read from
    the stream."""
    drain_stream()
    return StatsRepository(table=aws.table(settings.stats_table))


class Desk:
    """HR's desk with every service the statistics see: scheduling, notices, candidate answers, outcomes."""

    def __init__(self, interviews: InterviewRepository) -> None:
        self.repository = interviews
        self.positions = PositionService(positions=deps.positions())
        self.service = InterviewService(positions=deps.positions(), interviews=interviews)
        self.links = LinkSigner(secret="statistics-test", max_age_seconds=30 * 24 * 3600)
        self.responses = CandidateResponses(interviews=interviews, links=self.links)
        self.outcomes = OutcomeService(
            interviews=interviews, cancel=lambda interview_id, now: self.service.cancel(interview_id, now=now)
        )

    def position(self, **overrides: Any) -> str:
        return self.positions.create(PositionIn(**position_body(**overrides)), now=NOW).position_id

    def book(self, position_id: str, starts_at: str, *, sms: bool = False) -> str:
        extra: dict[str, Any] = {}
        if sms:
            extra = {
                "channels": ["email", "sms"],
                "candidate": {"name": "Zhang San", "email": "zhang.san@example.com", "phone": "+86 138 0013 8000"},
            }
        body = interview_body(position_id, starts_at=starts_at, **extra)
        return self.service.schedule(InterviewIn(**body), now=NOW).interview_id

    def notified(self, interview_id: str, when: str) -> None:
        sent = NoticeStatus.SENT
        update_notice(self.repository, interview_id, now=at(when), status=sent, sent_at=at(when).isoformat())

    def failed(self, interview_id: str, when: str) -> None:
        failed = NoticeStatus.FAILED
        update_notice(self.repository, interview_id, now=at(when), status=failed, sent_at=at(when).isoformat())

    def bounced(self, interview_id: str, when: str) -> None:
        update_notice(
            self.repository,
            interview_id,
            now=at(when),
            status=NoticeStatus.BOUNCED,
            also=lambda i: dataclasses.replace(i, email_bounced=True),
        )

    def reminded(self, interview_id: str, when: str) -> None:
        reminded = at(when).isoformat()
        update_interview(
            self.repository, interview_id, lambda i: dataclasses.replace(i, reminded_at=reminded), now=at(when)
        )

    def answer(self, interview_id: str, action: Action, when: str) -> None:
        interview = self.repository.get(interview_id)
        assert interview is not None
        token = self.links.sign(interview_id, interview.version, now=at(when))
        self.responses.respond(token, action, now=at(when))

    def cancel(self, interview_id: str, when: str) -> None:
        self.service.cancel(interview_id, now=at(when))

    def reschedule(self, interview_id: str, starts_at: str, when: str) -> None:
        request = RescheduleIn(starts_at=datetime.fromisoformat(starts_at), timezone=SHANGHAI)
        self.service.reschedule(interview_id, request, now=at(when))

    def outcome(self, interview_id: str, outcome: str, when: str, reason: str | None = None) -> dict[str, Any]:
        """Record an outcome as HR would; returns the interview in its stored shape."""
        request = OutcomeIn(outcome=outcome, reason=reason)
        return dict(plain(self.outcomes.record(interview_id, request, now=at(when))))


@pytest.fixture
def desk(counted: InterviewRepository) -> Desk:
    return Desk(counted)
