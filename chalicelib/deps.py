"""The one place that builds services from configuration and cached AWS clients."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib import aws
from chalicelib.outbox import Outbox
from chalicelib.services.interviews import InterviewService
from chalicelib.services.positions import PositionService
from chalicelib.settings import Settings, get_settings
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository
from chalicelib.store.stats import StatsRepository
from chalicelib.store.tokens import TokenRepository


def settings() -> Settings:
    return get_settings()


def now() -> datetime:
    """The current instant; requests use it, jobs take theirs from the event."""
    return datetime.now(UTC)


def tokens() -> TokenRepository:
    return TokenRepository(table=aws.table(settings().tokens_table))


def positions() -> PositionRepository:
    return PositionRepository(table=aws.table(settings().positions_table))


def interviews() -> InterviewRepository:
    return InterviewRepository(table=aws.table(settings().interviews_table))


def ledger() -> Ledger:
    return Ledger(table=aws.table(settings().ledger_table))


def stats() -> StatsRepository:
    return StatsRepository(table=aws.table(settings().stats_table))


def outbox() -> Outbox:
    return Outbox(sqs=aws.client("sqs"), queue_url=lambda: aws.queue_url(settings().outbox_queue))


def position_service() -> PositionService:
    return PositionService(positions=positions())


def interview_service() -> InterviewService:
    return InterviewService(
        positions=positions(),
        interviews=interviews(),
        outbox=outbox(),
        retention_days=settings().retention_days,
    )
