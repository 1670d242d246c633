"""The logistic model's arithmetic: effects add on the log-odds scale, unknown features add nothing."""

import math

import pytest

from chalicelib.services.risk.model import Model, logit, sigmoid


def test_probability_is_the_logistic_of_intercept_plus_effects() -> None:
    model = Model(version="t", intercept=logit(0.25), weights={"a": 1.0, "b": -0.5})
    assert model.probability({}) == pytest.approx(0.25)
    assert model.log_odds({"a": 1.0, "b": 2.0}) == pytest.approx(logit(0.25) + 1.0 - 1.0)
    assert model.effects({"a": 2.0, "b": 0.0, "c": 3.0}) == [("a", 2.0), ("c", 0.0)]


def test_sigmoid_is_stable_at_the_extremes() -> None:
    assert sigmoid(1000) == 1.0
    assert sigmoid(-1000) == 0.0
    assert sigmoid(0) == 0.5
    assert logit(sigmoid(1.7)) == pytest.approx(1.7)
    assert not math.isnan(sigmoid(-745.2))
