"""How well predicted no-show probabilities match what happened: Brier score, AUC, reliability by decile.

Each measure reads *groups*: ``(probability, outcomes, no_shows)``, the interviews predicted at one
probability. Exact pairs group by their exact probability (:func:`grouped`); the statistics counters
group by whole percent (``statistics.counting``), their probability the group's mean. AUC treats a
group as a tie (half a pair each way), so from percent groups it is exact for probabilities that
differ by a percent or more.

Deciles are of the probability scale (0-10 %, 10-20 %, ... 90-100 %), as a reliability chart
plots them: a decile with no interviews is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DECILES = 10


@dataclass(frozen=True)
class Group:
    """Interviews predicted at one probability: how many had an outcome, how many were no-shows."""

    probability: float
    outcomes: int
    no_shows: int


@dataclass(frozen=True)
class Decile:
    """One tenth of the probability scale: the mean predicted and the observed no-show rate."""

    low: float
    high: float
    count: int
    predicted: float
    observed: float


def grouped(pairs: Iterable[tuple[float, bool]]) -> list[Group]:
    """``(probability, no_show)`` pairs as groups of equal probability, lowest first."""
    tally: dict[float, list[int]] = {}
    for probability, no_show in pairs:
        counts = tally.setdefault(probability, [0, 0])
        counts[0] += 1
        counts[1] += int(no_show)
    return [Group(p, n, k) for p, (n, k) in sorted(tally.items())]


def brier(pairs: Iterable[tuple[float, bool]]) -> float | None:
    """The mean squared gap between probability and outcome (0 perfect, 0.25 a coin), None for none."""
    total, count = 0.0, 0
    for probability, no_show in pairs:
        total += (probability - float(no_show)) ** 2
        count += 1
    return total / count if count else None


def auc(groups: Iterable[Group]) -> float | None:
    """The chance a no-show was given a higher probability than an attendance (ties count half);
    None unless both happened."""
    below = 0  # attendances at lower probabilities than the current group
    wins = 0.0
    no_shows = attendances = 0
    for group in sorted(groups, key=lambda g: g.probability):
        attended = group.outcomes - group.no_shows
        wins += group.no_shows * (below + attended / 2)
        below += attended
        no_shows += group.no_shows
        attendances += attended
    return wins / (no_shows * attendances) if no_shows and attendances else None


def reliability(groups: Iterable[Group]) -> list[Decile]:
    """Predicted mean against observed no-show rate in each decile of probability that has interviews."""
    sums: list[list[float]] = [[0, 0.0, 0] for _ in range(DECILES)]  # count, Σ probability, no-shows
    for group in groups:
        decile = min(DECILES - 1, max(0, int(group.probability * DECILES)))
        sums[decile][0] += group.outcomes
        sums[decile][1] += group.probability * group.outcomes
        sums[decile][2] += group.no_shows
    return [
        Decile(low=d / DECILES, high=(d + 1) / DECILES, count=int(n), predicted=total / n, observed=k / n)
        for d, (n, total, k) in enumerate(sums)
        if n
    ]


def calibration_error(deciles: Iterable[Decile]) -> float | None:
    """The outcome-weighted mean gap between predicted and observed rates across deciles."""
    found = list(deciles)
    count = sum(d.count for d in found)
    return sum(d.count * abs(d.predicted - d.observed) for d in found) / count if count else None
