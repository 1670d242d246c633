"""Shared timing helpers: alternate subject and baseline so both see the same machine noise."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MIN_RUNS = 7


@dataclass(frozen=True)
class Comparison:
    """Per-run timings of a subject and its baseline, measured in the same process run."""

    subject: list[float]
    baseline: list[float]

    @property
    def subject_median(self) -> float:
        return statistics.median(self.subject)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def ratio(self) -> float:
        return self.subject_median / self.baseline_median


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Keep the collector out of a timed block (as timeit does); collect before it starts."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes, once."""
    with quiet_gc():
        start = time.perf_counter()
        action()
        return time.perf_counter() - start


def compare(subject: Callable[[], float], baseline: Callable[[], float], runs: int) -> Comparison:
    """Run ``subject`` and ``baseline`` alternately ``runs`` times each; each returns its own timing.

    The order flips every round so neither side always runs on a warmer (or hotter) machine.
    """
    if runs < MIN_RUNS:
        raise ValueError(f"at least {MIN_RUNS} runs are needed for a stable median, not {runs}")
    subject_times: list[float] = []
    baseline_times: list[float] = []
    for round_number in range(runs):
        if round_number % 2 == 0:
            subject_times.append(subject())
            baseline_times.append(baseline())
        else:
            baseline_times.append(baseline())
            subject_times.append(subject())
    return Comparison(subject=subject_times, baseline=baseline_times)


def report(title: str, comparison: Comparison, *, unit: str, scale: float, goal: float) -> None:
    """Print both medians, the spread and the ratio against its goal."""
    verdict = "meets" if comparison.ratio <= goal else "MISSES"

    def line(name: str, values: list[float], median: float) -> str:
        spread = f"{min(values) * scale:.1f}-{max(values) * scale:.1f}"
        return f"  {name:<9} median {median * scale:10.1f} {unit}   (range {spread}, {len(values)} runs)"

    print(title)
    print(line("subject", comparison.subject, comparison.subject_median))
    print(line("baseline", comparison.baseline, comparison.baseline_median))
    print(f"  ratio     {comparison.ratio:.2f}  (goal <= {goal:.2f}: {verdict})")
