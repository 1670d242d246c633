"""Learning the no-show model from the team's own outcomes: a logistic regression shrunk toward the prior.

The fit maximises the log-likelihood of the outcomes plus a Gaussian prior on every coefficient
(the intercept too), centred on the prior model's value with precision ``penalty(n)``:

    penalty(n) = 150 × 300 / (300 + n)        (n = outcomes fitted)

Each coefficient settles about ``n·v / (penalty + n·v)`` of the way from its prior to what the data
alone say, ``v`` being its share of the likelihood's curvature (≈ 0.2 × how often the feature is
present). A feature present in a third of the interviews so moves a fifth of the way at 300
outcomes (``penalty`` 75), nine tenths at 3,000 (``penalty`` 14): under ~300 outcomes the prior
rules; with thousands, the team's own data does. A feature the prior does not know starts at 0.

Newton's method (IRLS) on the penalised log-likelihood, which is strictly concave: deterministic,
a few iterations, stopped when no coefficient moves by more than ``TOLERANCE``. Rows are sparse
(most features are 0), so an iteration costs the squares of each row's present features.

Promotion (:func:`learn`): the outcomes in time order, fit on the first 80 %, Brier score on the
last 20 % beside the prior's on the same rows; promoted only when not worse, then refitted on all.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from chalicelib.services.risk.calibration import auc, brier, grouped
from chalicelib.services.risk.model import Model, sigmoid

PRIOR_STRENGTH = 150.0
PRIOR_OUTCOMES = 300
TOLERANCE = 1e-8
MAX_ITERATIONS = 50
TRAIN_SHARE = 0.8
# Fewer held-out outcomes than this say nothing about a fit: the prior stays.
MIN_HELD_OUT = 10


@dataclass(frozen=True)
class Row:
    """One recorded outcome: the interview's features as of its start, and whether it was a no-show."""

    features: Mapping[str, float]
    no_show: bool
    day: date


@dataclass(frozen=True)
class Learned:
    """What a night's learning decided: the model to use, whether it is a new one, and why."""

    model: Model
    promoted: bool
    # ``promoted``, ``no_outcomes``, ``too_few_outcomes`` or ``worse_than_prior``.
    reason: str
    details: Mapping[str, float] = field(default_factory=dict)


def penalty(outcomes: int) -> float:
    """The precision of the prior on each coefficient after ``outcomes`` outcomes (see the module)."""
    return PRIOR_STRENGTH * PRIOR_OUTCOMES / (PRIOR_OUTCOMES + outcomes)


def fit(rows: Sequence[Row], prior: Model, *, version: str = "fit") -> Model:
    """The penalised maximum-likelihood model for ``rows``, shrunk toward ``prior``."""
    names = sorted(set(prior.weights) | {name for row in rows for name, value in row.features.items() if value})
    index = {name: i + 1 for i, name in enumerate(names)}
    centre = [prior.intercept, *(prior.weights.get(name, 0.0) for name in names)]
    sparse = [
        ([0, *(index[n] for n, v in row.features.items() if v)], [1.0, *(v for v in row.features.values() if v)])
        for row in rows
    ]
    outcomes = [1.0 if row.no_show else 0.0 for row in rows]
    strength = penalty(len(rows))
    beta = list(centre)
    current = _objective(beta, sparse, outcomes, centre, strength)
    for _ in range(MAX_ITERATIONS):
        step = _newton_step(beta, sparse, outcomes, centre, strength)
        # Halve a step that would lower the objective's value (far from the optimum, a full one can).
        scale = 1.0
        while True:
            trial = [b - scale * s for b, s in zip(beta, step, strict=True)]
            value = _objective(trial, sparse, outcomes, centre, strength)
            if value <= current + 1e-12 or scale < 1e-6:
                break
            scale /= 2
        beta, current = trial, value
        if max(abs(scale * s) for s in step) < TOLERANCE:
            break
    return Model(
        version=version,
        intercept=beta[0],
        weights={name: beta[index[name]] for name in names},
        outcomes=len(rows),
        window=_window(rows),
        details={"penalty": strength},
    )


def learn(rows: Sequence[Row], prior: Model, *, today: date) -> Learned:
    """Fit on the earliest 80 % of ``rows``, promote if its Brier on the rest is not worse than the
    prior's, and then return the model refitted on every row; else the prior, saying why."""
    if not rows:
        return Learned(model=prior, promoted=False, reason="no_outcomes")
    ordered = sorted(rows, key=lambda row: row.day)
    cut = int(len(ordered) * TRAIN_SHARE)
    trained, held_out = ordered[:cut], ordered[cut:]
    if not trained or len(held_out) < MIN_HELD_OUT:
        return Learned(model=prior, promoted=False, reason="too_few_outcomes", details={"outcomes": len(rows)})
    trial = fit(trained, prior)
    details = {"outcomes": float(len(rows)), "held_out": float(len(held_out))}
    details.update(_scores("", trial, held_out))
    details.update(_scores("prior_", prior, held_out))
    if details["brier"] > details["prior_brier"]:
        return Learned(model=prior, promoted=False, reason="worse_than_prior", details=details)
    model = fit(ordered, prior, version=f"fit-{today.isoformat()}-{len(ordered)}")
    details["penalty"] = model.details["penalty"]
    return Learned(model=replace(model, details=details), promoted=True, reason="promoted", details=details)


def _scores(prefix: str, model: Model, rows: Sequence[Row]) -> dict[str, float]:
    pairs = [(model.probability(row.features), row.no_show) for row in rows]
    found = {f"{prefix}brier": brier(pairs) or 0.0}
    area = auc(grouped(pairs))
    if area is not None:
        found[f"{prefix}auc"] = area
    return found


def _window(rows: Sequence[Row]) -> tuple[str, str] | None:
    days = [row.day for row in rows]
    return (min(days).isoformat(), max(days).isoformat()) if days else None


Sparse = list[tuple[list[int], list[float]]]


def _objective(beta: list[float], rows: Sparse, outcomes: list[float], centre: list[float], strength: float) -> float:
    """The penalised negative log-likelihood (lower is better)."""
    total = 0.0
    for (columns, values), y in zip(rows, outcomes, strict=True):
        z = sum(beta[c] * v for c, v in zip(columns, values, strict=True))
        # log(1 + e^z) - y·z, written so that neither sign of z overflows.
        total += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - y * z
    return total + strength / 2 * sum((b - c) ** 2 for b, c in zip(beta, centre, strict=True))


def _newton_step(
    beta: list[float], rows: Sparse, outcomes: list[float], centre: list[float], strength: float
) -> list[float]:
    """H⁻¹·g for the penalised negative log-likelihood at ``beta``."""
    size = len(beta)
    gradient = [strength * (b - c) for b, c in zip(beta, centre, strict=True)]
    hessian = [[strength if i == j else 0.0 for j in range(size)] for i in range(size)]
    for (columns, values), y in zip(rows, outcomes, strict=True):
        p = sigmoid(sum(beta[c] * v for c, v in zip(columns, values, strict=True)))
        weight, residual = p * (1.0 - p), p - y
        for c, v in zip(columns, values, strict=True):
            gradient[c] += residual * v
            row = hessian[c]
            for d, u in zip(columns, values, strict=True):
                row[d] += weight * v * u
    return _solve(hessian, gradient)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """``matrix⁻¹ · vector`` for a symmetric positive definite matrix (Cholesky)."""
    size = len(vector)
    lower = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1):
            total = matrix[i][j] - sum(lower[i][k] * lower[j][k] for k in range(j))
            lower[i][j] = math.sqrt(total) if i == j else total / lower[j][j]
    forward = [0.0] * size
    for i in range(size):
        forward[i] = (vector[i] - sum(lower[i][k] * forward[k] for k in range(i))) / lower[i][i]
    result = [0.0] * size
    for i in reversed(range(size)):
        result[i] = (forward[i] - sum(lower[k][i] * result[k] for k in range(i + 1, size))) / lower[i][i]
    return result
