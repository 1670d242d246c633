"""Calibration on the statistics page: counters per percent of probability, read back as Brier, AUC and deciles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pytest

from chalicelib.services.risk.calibration import auc, brier, grouped
from chalicelib.services.statistics import calibration, counting
from tests.support.builders import interview

TODAY = date(2026, 12, 3)
HELD = {"outcome": "attended", "at": "2026-12-03T08:00:00Z", "answer": ""}


class DaysOfCounters:
    """A statistics source holding the ``all`` counters of some days, as the stats table would."""

    def __init__(self, days: dict[str, dict[str, int]]) -> None:
        self.days = days
        self.asked: list[str] = []

    def totals(self, period_keys: Sequence[str]) -> dict[str, dict[str, int]]:
        self.asked = list(period_keys)
        return {key: self.days[key] for key in period_keys if key in self.days}


def summed(pairs: list[tuple[float, bool]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for probability, no_show in pairs:
        for name, value in calibration.predicted_counts(probability, no_show).items():
            total[name] = total.get(name, 0) + value
    return total


def test_a_held_interview_counts_its_probability_in_its_percent_group() -> None:
    assert calibration.predicted_counts(0.4237, True) == {
        "predicted_42_outcome": 1,
        "predicted_42_no_show": 1,
        "predicted_42_sum": 4237,
        "predicted_brier": (4237 - 10000) ** 2,
    }
    assert calibration.predicted_counts(1.0, False)["predicted_99_outcome"] == 1


def test_only_held_interviews_with_a_stored_probability_count_in_the_calibration() -> None:
    no_show = interview(status="no_show", outcome={**HELD, "outcome": "no_show"}, probability_at_outcome=0.61)
    unknown = interview(status="attended", outcome=HELD)
    cancelled = interview(status="cancelled", probability_at_outcome=0.61)

    assert counting.counts(no_show)["predicted_61_no_show"] == 1
    assert not [name for name in counting.counts(unknown) if name.startswith("predicted_")]
    assert not [name for name in counting.counts(cancelled) if name.startswith("predicted_")]


def test_the_last_90_days_read_as_the_exact_brier_and_the_auc_of_percent_groups() -> None:
    early = [(0.12, False), (0.18, True), (0.55, True), (0.71, False)]
    late = [(0.33, False), (0.92, True), (0.95, True), (0.05, False)]
    # Three interviews were at the call level when their outcome was recorded; two did not come.
    called = {"risk_band_high_outcome": 3, "risk_band_high_no_show": 2, "risk_band_low_outcome": 5}
    source = DaysOfCounters(
        {"day#2026-09-05": summed(early), "day#2026-12-03": summed(late) | called, "day#2026-09-04": called}
    )

    found = calibration.read(TODAY, stats=source)

    pairs = early + late
    assert (found["from"], found["to"]) == ("2026-09-05", "2026-12-03")
    assert len(source.asked) == 90 and "day#2026-09-04" not in source.asked
    assert (found["outcomes"], found["no_shows"]) == (8, 4)
    assert found["brier"] == pytest.approx(brier(pairs), abs=1e-4)
    assert found["auc"] == pytest.approx(auc(grouped(pairs)), abs=1e-4)
    assert found["call_level"] == {"asked": 3, "no_shows": 2}
    first = found["deciles"][0]
    assert first == {"low": 0.0, "high": 0.1, "count": 1, "predicted": 0.05, "observed": 0.0}
    assert [d["count"] for d in found["deciles"]] == [1, 2, 1, 1, 1, 2]


def test_no_outcomes_read_as_no_scores() -> None:
    found = calibration.read(TODAY, stats=DaysOfCounters({}))

    assert (found["outcomes"], found["brier"], found["auc"], found["deciles"]) == (0, None, None, [])
    assert found["call_level"]["asked"] == 0


@pytest.mark.parametrize(
    ("lang", "title", "readout"),
    [
        ("en", "Predicted vs observed no-show rate, last 90 days", "observed 100%"),
        ("zh-CN", "预测与实际爽约率对比（最近 90 天）", "实际 100%"),
    ],
)
def test_the_reliability_chart_is_an_accessible_svg_in_each_language(lang: str, title: str, readout: str) -> None:
    found = calibration.read(TODAY, stats=DaysOfCounters({"day#2026-12-03": summed([(0.92, True)])}))

    svg = calibration.chart(found, lang=lang)

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f'<title id="calibration-title">{title}</title>' in svg
    described = re.search(r'<desc id="calibration-desc">([^<]*)</desc>', svg)
    assert described is not None and readout in described.group(1)
    assert svg.count("<circle") == 1


def test_an_empty_chart_says_there_is_nothing_yet() -> None:
    svg = calibration.chart(calibration.read(TODAY, stats=DaysOfCounters({})), lang="en")

    assert "No interviews with a predicted probability and an outcome yet" in svg
    assert "<circle" not in svg
