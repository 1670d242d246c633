"""The nightly learning: read the team's recorded outcomes, fit, and promote the model or keep the last.

Outcomes are the interviews held (attended or no-show) on the ``days`` company days before today,
read one local date at a time through the date index (never a Scan); each one's features are taken
as they stood at its start (``features(interview, now=start)``), which is what the model sees when
it predicts. ``learning.learn`` decides; a promoted model is kept (``store.risk_models``) and is the
one interviews show from then on. A model not promoted leaves the last promoted one in force.

The schedule fires hourly and acts once a company day from ``hour`` on (``common.company_day``),
marking the day done in the ledger once it has decided.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.company_day import due_day, opening
from chalicelib.services.common.records import Interview
from chalicelib.services.risk.learning import Learned, Row, learn
from chalicelib.services.risk.model import Model
from chalicelib.store.ledger import Ledger
from chalicelib.vocabulary import InterviewStatus

log = logging.getLogger("showup.learning")

DONE_TTL_SECONDS = 7 * 24 * 3600
HELD = frozenset({InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})

# features(interview, now) -> the interview's no-show features as they stood at ``now``.
Features = Callable[[Interview, datetime], Mapping[str, float]]


class DayReader(Protocol):
    def on_local_date(self, local_date: str) -> Iterator[Interview]: ...


class ModelKeeper(Protocol):
    def promote(self, model: Model, *, promoted_at: datetime) -> None: ...


@dataclass(frozen=True)
class LearningConfig:
    """When the learning runs and how far back it reads."""

    hour: int = 2
    company_timezone: str = "Asia/Shanghai"
    days: int = 365


class NightlyLearning:
    def __init__(
        self,
        *,
        interviews: DayReader,
        models: ModelKeeper,
        ledger: Ledger,
        prior: Model,
        features: Features,
        config: LearningConfig | None = None,
        emit: Callable[[Learned], None] | None = None,
    ) -> None:
        self._interviews = interviews
        self._models = models
        self._ledger = ledger
        self._prior = prior
        self._features = features
        self._config = config or LearningConfig()
        self._emit = emit

    def run_due(self, now: datetime) -> dict[str, Any]:
        """Learn once today, from the learning hour on; returns what was decided."""
        config = self._config
        today = due_day(now, config.company_timezone, config.hour)
        if today is None:
            return {"waiting_until": opening(config.hour, config.company_timezone)}
        done = f"risk-model#{today.isoformat()}#done"
        if self._ledger.get(done):
            return {"date": today.isoformat(), "done": True}
        summary = self.run(today, now)
        self._ledger.claim(done, now_epoch=int(now.timestamp()), ttl_seconds=DONE_TTL_SECONDS)
        return summary

    def run(self, today: date, now: datetime) -> dict[str, Any]:
        """Fit on the outcomes before ``today`` and promote the model if it earns it."""
        rows = self.outcomes(today)
        learned = learn(rows, self._prior, today=today)
        if learned.promoted:
            self._models.promote(learned.model, promoted_at=now)
        summary: dict[str, Any] = {
            "date": today.isoformat(),
            "outcomes": len(rows),
            "promoted": learned.promoted,
            "reason": learned.reason,
            "model": learned.model.version,
            **{name: round(value, 4) for name, value in learned.details.items()},
        }
        log.info("no-show model learning: %s", json.dumps(summary, sort_keys=True))
        if self._emit is not None:
            self._emit(learned)
        return summary

    def outcomes(self, today: date) -> list[Row]:
        """The held interviews of the ``days`` days before ``today``, oldest first, as learning rows."""
        rows = []
        for back in range(self._config.days, 0, -1):
            day = today - timedelta(days=back)
            for interview in self._interviews.on_local_date(day.isoformat()):
                if interview.status in HELD:
                    start = parse_utc(interview.starts_at_utc)
                    no_show = interview.status == InterviewStatus.NO_SHOW
                    rows.append(Row(dict(self._features(interview, start)), no_show, day))
        return rows
