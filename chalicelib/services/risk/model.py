"""A no-show model: log-odds ``intercept + Σ weight × feature``, named and versioned.

Features are plain numbers by name (``{"intent_low": 1.0, "lead_days": 4.0}``); a feature the
model has no weight for adds nothing, and one the interview lacks counts as 0, so an unasked
question simply leaves the probability where the other factors put it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Model:
    """Coefficients on the log-odds scale, with the version that names them and what they were fitted on."""

    version: str
    intercept: float
    weights: Mapping[str, float]
    # The outcomes the model was fitted on (0 for the prior) and their time span, ISO dates.
    outcomes: int = 0
    window: tuple[str, str] | None = None
    details: Mapping[str, float] = field(default_factory=dict)

    def log_odds(self, features: Mapping[str, float]) -> float:
        """The model's log-odds of a no-show for these features."""
        return self.intercept + sum(effect for _, effect in self.effects(features))

    def effects(self, features: Mapping[str, float]) -> list[tuple[str, float]]:
        """Each present feature's contribution on the log-odds scale, in the features' order."""
        return [(name, self.weights.get(name, 0.0) * value) for name, value in features.items() if value]

    def probability(self, features: Mapping[str, float]) -> float:
        """The probability of a no-show, in [0, 1]."""
        return sigmoid(self.log_odds(features))


def sigmoid(z: float) -> float:
    """The logistic function, without overflow for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def logit(p: float) -> float:
    """The log-odds of probability ``p`` (0 < p < 1)."""
    return math.log(p / (1.0 - p))
