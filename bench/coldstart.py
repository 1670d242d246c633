"""Cold start: wall time of a fresh ``import app`` over a fresh ``import boto3, chalice``.

Every Lambda cold start pays for the app's imports; boto3 and chalice are the floor any
Chalice app on AWS pays, so the ratio shows what ShowUp adds on top. Goal: at most 1.3.

    python -m bench.coldstart [--runs 11]

When the goal is missed, ``-X importtime`` shows which packages the app adds, by their own time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bench._timing import MIN_RUNS, compare, explain_imports, import_costs, report, timed

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.3
APP = "import app"
BASELINE = "import boto3, chalice"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Only the repository root on the path, exactly as Lambda sees the package.
    env.pop("PYTHONPATH", None)
    env.pop("AWS_ENDPOINT_URL", None)
    return env


def import_seconds(statement: str) -> float:
    """Wall time of a fresh interpreter that runs ``statement`` and exits."""
    command = [sys.executable, "-c", statement]
    env = _environment()
    return timed(lambda: subprocess.run(command, cwd=ROOT, env=env, check=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11, help=f"runs of each (at least {MIN_RUNS})")
    parser.add_argument("--explain", action="store_true", help="always show what the app adds to the import")
    args = parser.parse_args(argv)

    # Compile bytecode and warm the file cache first: a deployed package ships warm .pyc files.
    import_seconds(APP)
    import_seconds(BASELINE)

    comparison = compare(lambda: import_seconds(APP), lambda: import_seconds(BASELINE), args.runs)
    report(f"cold start: {APP!r} over {BASELINE!r}", comparison, unit="ms", scale=1000, goal=GOAL)
    if args.explain or comparison.ratio > GOAL:
        explain_imports(
            APP,
            BASELINE,
            lambda statement: import_costs(statement, cwd=ROOT, env=_environment()),
            title="own time",
            top=12,
        )
    # A report, not a gate: the figures matter, not the exit code.
    return 0


if __name__ == "__main__":
    sys.exit(main())
