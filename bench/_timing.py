"""Shared timing helpers: alternate subject and baseline so both see the same machine noise."""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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


def import_costs(statement: str, *, cwd: Path, env: dict[str, str], flags: Sequence[str] = ()) -> dict[str, int]:
    """Each module's own import time in microseconds, as ``-X importtime`` reports it."""
    result = subprocess.run(
        [sys.executable, *flags, "-X", "importtime", "-c", statement],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    costs: dict[str, int] = {}
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            costs[name.strip()] = int(self_us)
    return costs


def explain_imports(
    subject: str, baseline: str, costs: Callable[[str], dict[str, int]], *, title: str, runs: int = 5, top: int = 10
) -> None:
    """Print the packages ``subject`` imports beyond ``baseline``, heaviest first (median of runs)."""
    seen = set().union(*(costs(baseline) for _ in range(runs)))
    per_package: dict[str, list[int]] = defaultdict(list)
    for _ in range(runs):
        added: dict[str, int] = defaultdict(int)
        for module, self_us in costs(subject).items():
            if module not in seen:
                added[module.split(".")[0]] += self_us
        for package, self_us in added.items():
            per_package[package].append(self_us)
    medians = {package: statistics.median(values) for package, values in per_package.items()}
    print(f"  imported by {subject!r} beyond {baseline!r} ({title}, median of {runs} runs):")
    for package, median_us in sorted(medians.items(), key=lambda item: -item[1])[:top]:
        print(f"    {package:<28} {median_us / 1000:7.1f} ms")
