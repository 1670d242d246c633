"""The nightly learning job and the store of promoted models."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib import aws, deps
from chalicelib.services.common.records import Interview
from chalicelib.services.risk.learning import Learned
from chalicelib.services.risk.model import Model
from chalicelib.services.risk.nightly import LearningConfig, NightlyLearning
from chalicelib.services.statistics import figures
from chalicelib.settings import Settings
from chalicelib.store.risk_models import RiskModels
from tests.support.builders import interview

PRIOR = Model(version="prior-test", intercept=-0.6, weights={"intent_low": 0.5, "confirmed": -0.5})
TRUTH = Model(version="truth", intercept=-1.0, weights={"intent_low": 2.0, "confirmed": -1.5})
# 03:00 on Thursday 3 December 2026 in Shanghai: after the learning hour (02:00).
NIGHT = datetime(2026, 12, 2, 19, 0, tzinfo=UTC)
TODAY = date(2026, 12, 3)


class Days:
    """Interviews by local date, as the date index gives them."""

    def __init__(self, interviews: list[Interview]) -> None:
        self.interviews = interviews
        self.read: list[str] = []

    def on_local_date(self, local_date: str) -> Iterator[Interview]:
        self.read.append(local_date)
        return iter([i for i in self.interviews if i.local_date == local_date])


def features(interview: Interview, now: datetime) -> Mapping[str, float]:
    """The test's features: intent and confirmation, read from the record as of ``now``."""
    confirmed = interview.candidate_response is not None
    return {"intent_low": float(interview.intent == "low"), "confirmed": float(confirmed)}


def history(count: int, *, seed: int = 5) -> list[Interview]:
    """``count`` held interviews over the last months, outcomes drawn from TRUTH; a few cancelled ones."""
    rng = random.Random(seed)
    found = []
    for i in range(count):
        day = TODAY - timedelta(days=1 + i % 300)
        low, confirmed = rng.random() < 0.3, rng.random() < 0.5
        no_show = rng.random() < TRUTH.probability({"intent_low": float(low), "confirmed": float(confirmed)})
        response = {"action": "confirm", "at": f"{day - timedelta(days=1)}T02:00:00Z"} if confirmed else None
        found.append(
            interview(
                interview_id=f"int_{i}",
                local_date=day.isoformat(),
                starts_at_utc=f"{day}T06:30:00Z",
                intent="low" if low else "high",
                candidate_response=response,
                status="no_show" if no_show else "attended",
            )
        )
    found.append(interview(interview_id="int_off", local_date="2026-12-01", status="cancelled"))
    return found


class Kept:
    def __init__(self) -> None:
        self.models: list[tuple[Model, datetime]] = []

    def promote(self, model: Model, *, promoted_at: datetime) -> None:
        self.models.append((model, promoted_at))


def nightly(days: Days, kept: Kept, **config: int) -> NightlyLearning:
    return NightlyLearning(
        interviews=days,
        models=kept,
        ledger=deps.ledger(),
        prior=PRIOR,
        features=features,
        config=LearningConfig(hour=2, company_timezone="Asia/Shanghai", **config),
    )


def test_the_nightly_learning_fits_the_held_outcomes_and_promotes_a_better_model(
    resources: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="showup.learning")
    days, kept = Days(history(1500)), Kept()

    summary = nightly(days, kept).run_due(NIGHT)

    assert summary["promoted"] is True and summary["outcomes"] == 1500
    assert summary["model"] == "fit-2026-12-03-1500" and summary["brier"] <= summary["prior_brier"]
    ((model, promoted_at),) = kept.models
    assert promoted_at == NIGHT and model.window == ("2026-02-06", "2026-12-02")
    # 1,500 outcomes: well past halfway from the prior's 0.5 to the truth's 2.0, the prior still pulling.
    assert 1.25 < model.weights["intent_low"] < 2.0
    # Every day of the window read by its local date, yesterday last; today's interviews are not yet outcomes.
    assert days.read[0] == "2025-12-03" and days.read[-1] == "2026-12-02" and len(days.read) == 365
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "showup.learning"]
    assert json.loads(logged.split(": ", 1)[1]) == summary


def test_the_learning_runs_once_a_company_day_from_its_hour(resources: dict[str, str]) -> None:
    days, kept = Days(history(200)), Kept()
    job = nightly(days, kept)

    early = job.run_due(NIGHT - timedelta(hours=2))  # 01:00 in Shanghai
    first = job.run_due(NIGHT)
    again = job.run_due(NIGHT + timedelta(hours=1))

    assert early == {"waiting_until": "02:00 Asia/Shanghai"}
    assert first["date"] == "2026-12-03" and "done" not in first
    assert again == {"date": "2026-12-03", "done": True}
    assert len(days.read) == 365


def test_with_no_outcomes_the_prior_stays_and_the_summary_says_so(resources: dict[str, str]) -> None:
    kept = Kept()

    summary = nightly(Days([]), kept).run_due(NIGHT)

    assert summary == {"date": "2026-12-03", "outcomes": 0, "promoted": False, "reason": "no_outcomes",
                       "model": "prior-test"}  # fmt: skip
    assert kept.models == []


def test_promoted_models_are_kept_with_their_window_and_the_latest_is_read_back(resources: dict[str, str]) -> None:
    store = deps.risk_models()
    weights = {"intent_low": 1.25, "confirmed": -0.8125}
    first = Model("fit-2026-12-01-400", -0.7, weights, 400, ("2026-01-01", "2026-11-30"))
    second = Model("fit-2026-12-02-410", -0.71, {"intent_low": 1.3}, 410, ("2026-01-01", "2026-12-01"), {"brier": 0.2})

    assert store.latest() is None
    store.promote(first, promoted_at=NIGHT - timedelta(days=1))
    store.promote(second, promoted_at=NIGHT)

    assert store.latest() == second
    assert RiskModels(table=aws.table(deps.settings().stats_table)).latest() == second


def test_kept_models_leave_the_statistics_as_they_were(resources: dict[str, str], settings: Settings) -> None:
    deps.risk_models().promote(PRIOR, promoted_at=NIGHT)

    week = figures.read("week", TODAY, stats=deps.stats())

    assert week["scheduled"] == 0 and week["no_show_rate"] is None


def test_a_night_that_promotes_nothing_emits_what_it_decided(resources: dict[str, str]) -> None:
    seen: list[Learned] = []
    job = NightlyLearning(
        interviews=Days([]), models=Kept(), ledger=deps.ledger(), prior=PRIOR, features=features, emit=seen.append
    )

    job.run(TODAY, NIGHT)

    assert [(learned.reason, learned.model.version) for learned in seen] == [("no_outcomes", "prior-test")]
