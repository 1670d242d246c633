"""API overhead: time per ``POST /interviews`` through the whole app over a bare handler.

The subject goes through chalice's test client: the HR token authorizer, the middleware,
validation, the position lookup and the interview write (its notice and statistics follow from
the table's stream, off the request path). The baseline is the least any such endpoint does:
validate the same body with ``InterviewIn`` and write one item. Both run in-process on moto,
alternately, so the ratio is what ShowUp costs on top of the unavoidable work. Goal: at most 1.5.

A second comparison replaces the baseline with the same AWS calls the app makes, made
directly with boto3 (same items, same sizes): its ratio is the cost of ShowUp's own layers
(Chalice routing, authorizer, middleware, services) apart from how many calls it makes.

Last, the DynamoDB items each request writes, counted from the calls it makes (a transaction
counts each of its items): goal 1, the interview.

    python -m bench.api [--runs 7] [--requests 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench._timing import MIN_RUNS, compare, report, timed

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
WARM_UP = 20
# Requests whose AWS calls and written items are counted.
BATCH = 20

POSITION = {
    "title": "Front-end Engineer",
    "company": "Acme Robotics",
    "work_location": "Pudong, Shanghai",
    "responsibilities": "Build the HR-facing web app in TypeScript; own accessibility and tests.",
    "salary_min": 15000,
    "salary_max": 22000,
    "level": "mid",
    "applicant_count": 40,
    "skills": ["typescript", "css"],
    "contact": {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"},
}


def use_test_stage_environment() -> None:
    """The environment the test suite runs under: the test stage, fake credentials, no endpoint."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    # AWS_ENDPOINT_URL would send boto3 past moto to a real endpoint.
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.pop("AWS_PROFILE", None)
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            **config.get("environment_variables", {}),
            **config["stages"]["test"]["environment_variables"],
        }
    )


def interview_request(position_id: str, today: datetime) -> str:
    """A complete interview request a month ahead, so it is never in the past."""
    starts_at = (today + timedelta(days=30)).strftime("%Y-%m-%dT14:30")
    return json.dumps(
        {
            "position_id": position_id,
            "candidate": {"name": "Zhang San", "email": "zhang.san@example.com", "language": "zh-CN"},
            "starts_at": starts_at,
            "timezone": "Asia/Shanghai",
            "address": "88 Century Avenue, Floor 12",
            "city": "Shanghai",
            "latitude": 31.2304,
            "longitude": 121.4737,
            "transit": "Metro line 2 to Lujiazui, exit 6",
        }
    )


@dataclass
class Bench:
    """The requests to time, and the moto backend they run against."""

    app_request: Callable[[], None]
    bare_request: Callable[[], None]
    same_calls_request: Callable[[], None]
    aws_clients: list[Any]


@contextmanager
def showup_on_moto() -> Iterator[Bench]:
    """Set up ShowUp on a fresh moto backend: tables, queues, an HR token and one position."""
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from chalicelib import aws, deps
    from chalicelib.models import InterviewIn, dump
    from chalicelib.store.codec import to_item
    from devtools import moto_transactions
    from devtools.resources import create_all

    use_test_stage_environment()
    aws.reset()
    moto_transactions.install()
    with mock_aws():
        settings = deps.settings()
        create_all(boto3.session.Session(), settings)
        token = deps.tokens().mint("bench", created_at=datetime.now(UTC).isoformat())
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

        from app import app

        with Client(app, stage_name="test") as client:
            created = client.http.post("/positions", headers=headers, body=json.dumps(POSITION))
            assert created.status_code == 201, created.body
            position_id = json.loads(created.body)["position_id"]
            raw = interview_request(position_id, datetime.now(UTC))
            # The same tables and clients the app uses, so client overhead is shared.
            interviews = aws.table(settings.interviews_table)
            positions = aws.table(settings.positions_table)
            sqs = aws.client("sqs")
            counter = iter(range(sys.maxsize))

            def app_request() -> None:
                response = client.http.post("/interviews", headers=headers, body=raw)
                if response.status_code != 201:
                    raise RuntimeError(f"POST /interviews answered {response.status_code}: {response.body!r}")

            app_request()
            sample_id = json.loads(client.http.post("/interviews", headers=headers, body=raw).body)["interview_id"]
            # moto's cost grows with an item's attributes, so the direct calls write the app's own item.
            app_item = interviews.get_item(Key={"interview_id": sample_id})["Item"]

            def bare_request() -> None:
                interview = InterviewIn.model_validate(json.loads(raw))
                interviews.put_item(Item=to_item({**dump(interview), "interview_id": f"bare_{next(counter)}"}))

            def same_calls_request() -> None:
                # A warm container has the token cached; the app reads the position (HR may have just
                # corrected or closed it) and writes the interview: the same calls, made directly.
                InterviewIn.model_validate(json.loads(raw))
                positions.get_item(Key={"position_id": position_id}, ConsistentRead=True)
                interviews.put_item(
                    Item={**app_item, "interview_id": f"direct_{next(counter)}"},
                    ConditionExpression="attribute_not_exists(interview_id)",
                )

            yield Bench(app_request, bare_request, same_calls_request, [interviews.meta.client, sqs])


@dataclass(frozen=True)
class CallProfile:
    operations: list[str]
    seconds_in_calls: float
    seconds_total: float


def aws_call_profile(action: Callable[[], None], clients: list[Any], requests: int = BATCH) -> CallProfile:
    """The AWS operations one ``action`` makes, and the share of its time spent inside them."""
    operations: list[str] = []
    started: list[float] = []
    inside = 0.0

    def begin(model: Any, **_: Any) -> None:
        operations.append(f"{model.service_model.service_name}.{model.name}")
        started.append(time.perf_counter())

    def end(**_: Any) -> None:
        nonlocal inside
        inside += time.perf_counter() - started.pop()

    def run() -> None:
        for _ in range(requests):
            action()

    for client in clients:
        client.meta.events.register("provide-client-params", begin)
        client.meta.events.register("after-call", end)
    try:
        total = timed(run)
    finally:
        for client in clients:
            client.meta.events.unregister("provide-client-params", begin)
            client.meta.events.unregister("after-call", end)
    return CallProfile(operations[: len(operations) // requests], inside / requests, total / requests)


def items_written(action: Callable[[], None], clients: list[Any], requests: int = BATCH) -> float:
    """DynamoDB items one ``action`` writes on average (each item of a transaction or batch counts)."""
    written = 0

    def count(params: dict[str, Any], model: Any, **_: Any) -> None:
        nonlocal written
        if model.name in ("PutItem", "UpdateItem", "DeleteItem"):
            written += 1
        elif model.name == "TransactWriteItems":
            written += len(params["TransactItems"])
        elif model.name == "BatchWriteItem":
            written += sum(len(entries) for entries in params["RequestItems"].values())

    for client in clients:
        client.meta.events.register("provide-client-params.dynamodb", count)
    try:
        for _ in range(requests):
            action()
    finally:
        for client in clients:
            client.meta.events.unregister("provide-client-params.dynamodb", count)
    return written / requests


def per_request(action: Callable[[], None], requests: int) -> Callable[[], float]:
    """A run of ``requests`` calls of ``action``, answering seconds per call."""

    def run() -> float:
        def all_of_them() -> None:
            for _ in range(requests):
                action()

        return timed(all_of_them) / requests

    return run


def profile(action: Callable[[], None], requests: int, top: int = 30) -> None:
    """Print where the time of ``requests`` app requests goes, by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        action()
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help=f"runs of each (at least {MIN_RUNS})")
    parser.add_argument("--requests", type=int, default=200, help="requests per run")
    parser.add_argument("--profile", action="store_true", help="also profile the app's requests with cProfile")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    with showup_on_moto() as bench:
        for _ in range(WARM_UP):
            bench.app_request()
            bench.bare_request()
            bench.same_calls_request()

        def runs(action: Callable[[], None]) -> Callable[[], float]:
            return per_request(action, args.requests)

        report(
            f"POST /interviews through the app over validate + one put_item ({args.requests} requests a run)",
            compare(runs(bench.app_request), runs(bench.bare_request), args.runs),
            unit="us",
            scale=1_000_000,
            goal=GOAL,
        )
        report(
            "the same, over validate + the app's own AWS calls made directly with boto3",
            compare(runs(bench.app_request), runs(bench.same_calls_request), args.runs),
            unit="us",
            scale=1_000_000,
            goal=GOAL,
        )
        print("AWS calls per request, and time inside them (one batch, not part of the ratios):")
        for name, action in (
            ("subject", bench.app_request),
            ("baseline", bench.bare_request),
            ("same-calls", bench.same_calls_request),
        ):
            calls = aws_call_profile(action, bench.aws_clients)
            print(
                f"  {name:<10} {calls.seconds_in_calls * 1e6:8.0f} of {calls.seconds_total * 1e6:8.0f} us"
                f" in {', '.join(calls.operations)}"
            )
        written = items_written(bench.app_request, bench.aws_clients)
        print(f"DynamoDB items written per POST /interviews on the request path: {written:.1f} (goal 1)")
        if args.profile:
            profile(bench.app_request, BATCH)
    # A report, not a gate: the figures matter, not the exit code.
    return 0


if __name__ == "__main__":
    sys.exit(main())
