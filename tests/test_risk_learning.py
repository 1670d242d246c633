"""Learning the no-show model from outcomes, and the calibration measures it is judged by."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from chalicelib.services.risk.calibration import (
    Group,
    auc,
    brier,
    calibration_error,
    grouped,
    reliability,
)
from chalicelib.services.risk.learning import Row, fit, learn, penalty
from chalicelib.services.risk.model import Model, sigmoid

TODAY = date(2026, 12, 1)
# The generator's truth: a base rate near the published 36 %, a few strong factors.
TRUTH = Model(
    version="truth",
    intercept=-0.9,
    weights={"intent_low": 1.6, "intent_high": -1.1, "confirmed": -1.3, "bounced": 1.2, "lead_weeks": 0.35},
)
# A prior that is wrong on purpose, so that recovering the truth means learning.
PRIOR = Model(
    version="prior-test",
    intercept=-0.5,
    weights={"intent_low": 0.8, "intent_high": -0.5, "confirmed": -0.6, "bounced": 0.5, "lead_weeks": 0.1},
)


def synthetic(count: int, *, model: Model = TRUTH, seed: int = 7, start: date = date(2025, 1, 1)) -> list[Row]:
    """``count`` interviews, one a day-ish, with outcomes drawn from ``model``'s probabilities."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        intent = rng.choices(("low", "medium", "high"), weights=(0.25, 0.35, 0.4))[0]
        features = {
            "intent_low": float(intent == "low"),
            "intent_high": float(intent == "high"),
            "confirmed": float(rng.random() < 0.5),
            "bounced": float(rng.random() < 0.15),
            "lead_weeks": rng.randint(0, 21) / 7,
        }
        no_show = rng.random() < model.probability(features)
        rows.append(Row(features=features, no_show=no_show, day=start + timedelta(days=i // 10)))
    return rows


def test_a_fit_on_outcomes_from_known_coefficients_recovers_them() -> None:
    fitted = fit(synthetic(4000), PRIOR)

    assert fitted.intercept == pytest.approx(TRUTH.intercept, abs=0.25)
    for name, weight in TRUTH.weights.items():
        assert fitted.weights[name] == pytest.approx(weight, abs=0.25), name


def test_the_fit_is_deterministic() -> None:
    rows = synthetic(500)

    assert fit(rows, PRIOR) == fit(rows, PRIOR)


def test_few_outcomes_stay_near_the_prior() -> None:
    few = fit(synthetic(60), PRIOR)
    many = fit(synthetic(4000), PRIOR)

    def distance(model: Model) -> float:
        return max(abs(model.weights[name] - PRIOR.weights[name]) for name in PRIOR.weights)

    assert distance(few) < 0.25
    assert distance(many) > 2 * distance(few)


def test_the_prior_weighs_less_as_outcomes_grow() -> None:
    assert penalty(0) > penalty(300) > penalty(3000) > 0
    assert penalty(300) == pytest.approx(penalty(0) / 2)


def test_a_feature_the_prior_does_not_know_is_learned_from_zero() -> None:
    rows = [Row({"new_factor": 1.0}, i % 4 != 0, TODAY) for i in range(2000)]

    learned = fit(rows, PRIOR)

    assert learned.weights["new_factor"] > 0.5


def test_a_good_fit_is_promoted_refitted_on_every_outcome_and_names_its_window() -> None:
    rows = synthetic(3000)

    learned = learn(rows, PRIOR, today=TODAY)

    assert learned.promoted and learned.reason == "promoted"
    assert learned.model.version == "fit-2026-12-01-3000"
    assert learned.model.outcomes == 3000
    assert learned.model.window == (rows[0].day.isoformat(), rows[-1].day.isoformat())
    details = learned.model.details
    assert details["brier"] <= details["prior_brier"]
    assert details["held_out"] == 600
    assert 0.5 < details["auc"] <= 1


def test_a_model_trained_on_shuffled_labels_is_not_promoted() -> None:
    # The prior is the truth; the training outcomes (the first 80 %) are shuffled, so the fit learns
    # noise, and the last 20 %, as they happened, show it.
    rows = synthetic(2000)
    labels = [row.no_show for row in rows[:1600]]
    random.Random(3).shuffle(labels)
    shuffled = [Row(row.features, label, row.day) for row, label in zip(rows, labels, strict=False)] + rows[1600:]

    learned = learn(shuffled, TRUTH, today=TODAY)

    assert not learned.promoted and learned.reason == "worse_than_prior"
    assert learned.model is TRUTH
    assert learned.details["brier"] > learned.details["prior_brier"]


def test_a_model_fitted_on_a_different_past_is_not_promoted_when_the_last_outcomes_disagree() -> None:
    # The first 80 % follow an inverted world; the last 20 % follow the prior's.
    inverted = Model("inverted", 1.0, {name: -w for name, w in TRUTH.weights.items()})
    rows = synthetic(1600, model=inverted) + synthetic(400, model=TRUTH, seed=9, start=date(2026, 1, 1))

    learned = learn(rows, TRUTH, today=TODAY)

    assert learned.reason == "worse_than_prior"


def test_with_zero_outcomes_the_prior_is_used_and_says_so() -> None:
    learned = learn([], PRIOR, today=TODAY)

    assert learned.model is PRIOR and learned.model.version == "prior-test"
    assert (learned.promoted, learned.reason) == (False, "no_outcomes")


def test_too_few_outcomes_to_judge_keep_the_prior() -> None:
    learned = learn(synthetic(20), PRIOR, today=TODAY)

    assert (learned.model, learned.reason) == (PRIOR, "too_few_outcomes")


def test_brier_on_a_small_case() -> None:
    # (0.8 - 1)² + (0.3 - 0)² + (0.5 - 1)² = 0.04 + 0.09 + 0.25
    assert brier([(0.8, True), (0.3, False), (0.5, True)]) == pytest.approx(0.38 / 3)
    assert brier([]) is None


def test_auc_on_small_cases_counts_ties_as_half() -> None:
    perfect = [(0.9, True), (0.7, True), (0.2, False), (0.1, False)]
    # No-shows at 0.8 and 0.4; attendances at 0.6 and 0.4: pairs won 1 + 0 + 0.5 (tie) + 1 of 4.
    tied = [(0.8, True), (0.4, True), (0.6, False), (0.4, False)]

    assert auc(grouped(perfect)) == 1.0
    assert auc(grouped([(p, not y) for p, y in perfect])) == 0.0
    assert auc(grouped(tied)) == pytest.approx(2.5 / 4)
    assert auc(grouped([(0.5, True), (0.5, False)])) == 0.5
    assert auc(grouped([(0.5, True)])) is None


def test_auc_reads_groups_of_several_interviews() -> None:
    # 2 no-shows and 1 attendance at 30 %, 1 no-show and 3 attendances at 10 %: 2·(3 + 0.5) + 1·1.5 = 8.5 of 9.
    assert auc([Group(0.3, 3, 2), Group(0.1, 4, 1)]) == pytest.approx(8.5 / 12)


def test_reliability_compares_predicted_and_observed_per_decile() -> None:
    pairs = [(0.05, False), (0.15, False), (0.15, True), (0.95, True), (1.0, True)]

    deciles = reliability(grouped(pairs))

    assert [(d.low, d.count) for d in deciles] == [(0.0, 1), (0.1, 2), (0.9, 2)]
    assert deciles[1].predicted == pytest.approx(0.15) and deciles[1].observed == 0.5
    assert deciles[2].predicted == pytest.approx(0.975) and deciles[2].observed == 1.0
    # |0.05 - 0|·1 + |0.15 - 0.5|·2 + |0.975 - 1|·2, over 5
    assert calibration_error(deciles) == pytest.approx((0.05 + 0.7 + 0.05) / 5)


def test_the_truth_is_well_calibrated_on_its_own_outcomes() -> None:
    rows = synthetic(5000)
    pairs = [(TRUTH.probability(row.features), row.no_show) for row in rows]

    error = calibration_error(reliability(grouped(pairs)))

    assert error is not None and error < 0.03
    assert sigmoid(TRUTH.intercept) < 0.3
