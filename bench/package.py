"""The deployment package: its size, and a cold start of ``import app`` from it over ``import boto3``.

Lambda unpacks the zip into a read-only directory and brings boto3 itself. So the zip is unpacked
into a scratch directory and imported from there, next to the virtualenv's boto3, botocore, jmespath
and s3transfer only (no site-packages), with no bytecode written: a read-only directory keeps none,
so every cold start compiles whatever the zip does not ship compiled. ``import boto3`` in the same
setting is the baseline (the runtime's own boto3 is compiled). Goals: zip under 10 MB, ratio at most 1.3.

    python -m bench.package [--stage prod] [--reuse] [--runs 9]

The same import is then measured once more with the zip's modules compiled in advance
(``compileall``, unchecked-hash: valid whatever the unpacked files' times), to show what shipping
bytecode would save.
"""

from __future__ import annotations

import argparse
import compileall
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from bench._timing import MIN_RUNS, compare, explain_imports, import_costs, report, timed
from devtools.package import BUILD_DIR, package

SIZE_GOAL_MB = 10.0
RATIO_GOAL = 1.3
APP = "import app"
BASELINE = "import boto3"
# What the Lambda Python runtime provides beside the function's own code.
RUNTIME_PACKAGES = ("boto3", "botocore", "jmespath", "s3transfer")


def deployment_zip(stage: str, reuse: bool) -> Path:
    built = BUILD_DIR / stage / "deployment.zip"
    if reuse and built.exists():
        return built
    return package(stage) / "deployment.zip"


def show_size(path: Path, top: int = 8) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
    packed: Counter[str] = Counter()
    unpacked: Counter[str] = Counter()
    for entry in entries:
        name = entry.filename.split("/")[0]
        packed[name] += entry.compress_size
        unpacked[name] += entry.file_size
    size = path.stat().st_size / 1e6
    verdict = "meets" if size < SIZE_GOAL_MB else "MISSES"
    print(f"deployment package: {path}")
    print(f"  zip       {size:6.2f} MB  (unpacked {sum(unpacked.values()) / 1e6:.1f} MB; goal < 10 MB: {verdict})")
    for name, amount in packed.most_common(top):
        print(f"    {name:<28} {amount / 1e6:6.2f} MB  (unpacked {unpacked[name] / 1e6:5.1f} MB)")


def lambda_layout(zip_path: Path, scratch: Path) -> Path:
    """The zip unpacked as Lambda sees it, with the runtime's own packages beside it."""
    task, runtime = scratch / "task", scratch / "runtime"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(task)
    # Bytecode the developer's tree left in chalicelib would not match the unpacked files' times anyway.
    for cache in list(task.rglob("__pycache__")):
        shutil.rmtree(cache)
    runtime.mkdir()
    for name in RUNTIME_PACKAGES:
        module = __import__(name)
        (runtime / name).symlink_to(Path(module.__file__ or "").parent)
    return task


def environment(task: Path) -> dict[str, str]:
    """Imports from ``task`` and the runtime's packages only, writing no bytecode (read-only, as in Lambda)."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(task), str(task.parent / "runtime")]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "LANG": "C.UTF-8",
    }


def compiled_copy(task: Path) -> Path:
    """``task`` with every module compiled in advance (unchecked-hash: valid whatever the files' times)."""
    copy = task.parent / "task-compiled"
    shutil.copytree(task, copy)
    compileall.compile_dir(copy, quiet=1, workers=0, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    return copy


def import_seconds(statement: str, task: Path, env: dict[str, str]) -> float:
    """Wall time of a fresh interpreter, without site-packages, that runs ``statement`` and exits."""
    command = [sys.executable, "-S", "-c", statement]
    return timed(lambda: subprocess.run(command, cwd=task, env=env, check=True))


def warm(task: Path) -> None:
    # The file cache only: no bytecode is written, so nothing else carries over between runs.
    import_seconds(APP, task, environment(task))
    import_seconds(BASELINE, task, environment(task))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", default="prod", help="stage to package (default: prod)")
    parser.add_argument("--reuse", action="store_true", help="measure build/<stage>/deployment.zip as it is")
    parser.add_argument("--runs", type=int, default=9, help=f"runs of each (at least {MIN_RUNS})")
    args = parser.parse_args(argv)

    zip_path = deployment_zip(args.stage, args.reuse)
    show_size(zip_path)
    with tempfile.TemporaryDirectory(prefix="showup-bench-") as scratch:
        task = lambda_layout(zip_path, Path(scratch))
        compiled = compiled_copy(task)
        env, compiled_env = environment(task), environment(compiled)
        warm(task)
        warm(compiled)
        shipped = compare(
            lambda: import_seconds(APP, task, env), lambda: import_seconds(BASELINE, task, env), args.runs
        )
        report(f"cold start from the zip: {APP!r} over {BASELINE!r}", shipped, unit="ms", scale=1000, goal=RATIO_GOAL)
        explain_imports(
            APP,
            BASELINE,
            lambda statement: import_costs(statement, cwd=task, env=env, flags=("-S",)),
            title="own time including compiling",
        )
        precompiled = compare(
            lambda: import_seconds(APP, compiled, compiled_env), lambda: import_seconds(APP, task, env), args.runs
        )
        report(
            f"the same {APP!r} with the zip's modules compiled in advance, over the zip as it is",
            precompiled,
            unit="ms",
            scale=1000,
            goal=1.0,
        )
    # A report, not a gate: the figures matter, not the exit code.
    return 0


if __name__ == "__main__":
    sys.exit(main())
