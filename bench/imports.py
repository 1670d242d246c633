"""Mass import at volume: validation time, DynamoDB items written per interview, exact counters, notice pace.

2,000 candidates into 40 interview times (8 a day over 5 days, 50 candidates each) for one position, on
in-process moto with ShowUp's transaction emulation: the file is checked (timed per 1,000 rows), started,
its chunks booked from the imports queue and every write followed up by the interviews' stream as Lambda
would hand it over (batches of up to 100). Every DynamoDB item written on the way is counted: the
import's own rows and progress, the interviews, their timeline items, the stream's counted-marks and
counters. The baseline, in the same run: interviews booked one at a time through the single-create path,
each write followed up alone (a form submit every few seconds is a stream batch of one). Goal: items per
imported interview at most 0.3x the single path's, and every day's ``scheduled`` counter equal to a
recount of that day's interviews. Then the notices' pace: with SES at 14/s and the import's share 0.5, a
simulated sender shows when the last import notice goes out and how long a single interview booked
meanwhile waits, against the same import without pacing.

The module is ``bench.imports`` (``import`` is a Python keyword).

    python -m bench.imports [--rows 2000] [--singles 200] [--ses-rate 14]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bench._moto import use_moto_environment

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
DAYS = 5
TIMES_A_DAY = 8
WRITES = {"PutItem": 1, "UpdateItem": 1, "DeleteItem": 1}


@dataclass
class Written:
    items: int = 0


@contextmanager
def counting_writes(client: Any) -> Iterator[Written]:
    """Count every item a write call through ``client`` puts, updates or deletes (condition checks too)."""
    written = Written()

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name in WRITES:
            written.items += 1
        elif model.name == "BatchWriteItem":
            written.items += sum(len(requests) for requests in params["RequestItems"].values())
        elif model.name == "TransactWriteItems":
            written.items += len(params["TransactItems"])

    client.meta.events.register("provide-client-params.dynamodb", record)
    try:
        yield written
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb", record)


def candidates(count: int, *, offset: int = 0) -> bytes:
    """A Chinese HR team's CSV: ``count`` candidates spread over 40 interview times in 5 days."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["姓名", "手机", "邮箱", "期望薪资", "面试时间", "城市"])
    for n in range(offset, offset + count):
        day, hour = 3 + n % DAYS, 9 + (n // DAYS) % TIMES_A_DAY
        writer.writerow(
            [f"候选人{n}", f"139{n:08d}", f"c{n}@example.com", "7000", f"2026-12-{day:02d} {hour}:00", "上海"]
        )
    return out.getvalue().encode("gb18030")


class Recorded:
    """The outbox, recording each notice with the delay it was put with (nothing is sent)."""

    def __init__(self) -> None:
        self.put_delays: list[int] = []

    def put(self, message: dict[str, Any], *, delay_seconds: int = 0) -> None:
        self.put_delays.append(delay_seconds)


def follow_up(app: Any) -> None:
    from chalicelib.localdev import invoke

    while invoke.drain_streams(app).anything:
        pass


def run_import(app: Any, position_id: str, rows: int) -> tuple[float, int, Any]:
    """Check, start and book the import; the check's seconds, the interviews booked, the service."""
    from chalicelib import aws, deps

    service = deps.import_service()
    started = time.perf_counter()
    summary = service.check(
        candidates(rows), "text/csv", {"position_id": position_id, "timezone": "Asia/Shanghai"}, now=NOW
    )
    checking = time.perf_counter() - started
    service.start(summary["import_id"], "valid", now=NOW)
    sqs = aws.client("sqs")
    url = aws.queue_url(deps.settings().imports_queue)
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
        for message in batch:
            chunk = json.loads(message["Body"])
            service.run_chunk(chunk["import_id"], chunk["chunk"], now=NOW)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        follow_up(app)
    return checking, int(service.get(summary["import_id"]).get("created", 0)), service


def book_singles(app: Any, position_id: str, count: int) -> int:
    """Book ``count`` interviews one at a time, each write followed up alone; how many were booked."""
    from chalicelib import deps, models
    from chalicelib.services.imports import decoding, rows

    table = decoding.read(candidates(count, offset=100_000), "text/csv")
    position = deps.positions().get(position_id)
    assert position is not None
    given = rows.Defaults(position=position, timezone="Asia/Shanghai", mode="auto")
    checked = rows.check(table, given, booked=lambda days: [], start_day=lambda *_: "any", now=NOW)
    service = deps.interview_service()
    for body in checked.valid.values():
        service.schedule(models.InterviewIn.model_validate(body), now=NOW)
        follow_up(app)
    return len(checked.valid)


def recount_matches() -> bool:
    from chalicelib import deps

    for day in range(3, 3 + DAYS):
        local_date = f"2026-12-{day:02d}"
        held = sum(1 for _ in deps.interviews().on_local_date(local_date))
        if deps.stats().get(f"day#{local_date}").get("scheduled", 0) != held:
            print(f"{local_date}: counted {deps.stats().get(f'day#{local_date}')}, recounted {held}")
            return False
    return True


def simulate_sender(import_delays: list[int], *, rate: int, singles_every: float, horizon: int) -> tuple[int, int]:
    """A sender at ``rate`` per second, oldest visible message first; singles arrive every ``singles_every``
    seconds. Returns the second the last import notice goes out and the longest wait of a single."""
    visible = sorted([(delay, 1) for delay in import_delays])
    singles = [(int(n * singles_every), 0) for n in range(int(horizon / singles_every))]
    waiting = sorted(visible + singles)
    last_import, worst_single, second, queue_at = 0, 0, 0, 0
    pending: list[tuple[int, int]] = []
    while queue_at < len(waiting) or pending:
        while queue_at < len(waiting) and waiting[queue_at][0] <= second:
            pending.append(waiting[queue_at])
            queue_at += 1
        for arrived, is_import in pending[:rate]:
            if is_import:
                last_import = second
            else:
                worst_single = max(worst_single, second - arrived)
        pending = pending[rate:]
        second += 1
    return last_import, worst_single


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--singles", type=int, default=200)
    parser.add_argument("--ses-rate", type=int, default=14)
    args = parser.parse_args(argv)
    use_moto_environment()
    # The forecast provider is out of reach (the weather writes no item); logs and metrics stay quiet.
    os.environ.update(
        SES_SEND_RATE=str(args.ses_rate),
        WEATHER_API_URL="http://127.0.0.1:9/v1/forecast",
        GEOCODING_API_URL="http://127.0.0.1:9/v1/search",
        LOG_LEVEL="ERROR",
        POWERTOOLS_METRICS_DISABLED="true",
    )

    import boto3
    from moto import mock_aws

    from chalicelib import aws, deps, settings
    from devtools import moto_transactions
    from devtools.resources import create_all

    settings.reset()
    moto_transactions.install()
    outbox = Recorded()
    with mock_aws(), deps.override(now=lambda: NOW, outbox=lambda: outbox):
        aws.reset()
        create_all(boto3.session.Session(), deps.settings())
        from app import app
        from chalicelib.models import PositionIn

        position = deps.position_service().create(
            PositionIn.model_validate(
                {
                    "title": "仓库拣货员",
                    "company": "Acme Logistics",
                    "work_location": "上海市浦东新区 88 号仓库",
                    "responsibilities": "按单拣货、打包、盘点；两班倒，每班 8 小时。",
                    "salary_min": 6000,
                    "salary_max": 8000,
                    "salary_currency": "CNY",
                    "level": "junior",
                    "applicant_count": 2500,
                    "contact": {"name": "李伟", "phone": "+86 21 5555 0100"},
                }
            ),
            now=NOW,
        )
        client = aws.table(deps.settings().interviews_table).meta.client
        follow_up(app)
        with counting_writes(client) as imported_items:
            checking, created, _ = run_import(app, position.position_id, args.rows)
        import_delays = list(outbox.put_delays)
        with counting_writes(client) as single_items:
            singles = book_singles(app, position.position_id, args.singles)
        exact = recount_matches()
    per_import = imported_items.items / created
    per_single = single_items.items / singles
    ratio = per_import / per_single
    rate = args.ses_rate
    paced_last, paced_wait = simulate_sender(import_delays, rate=rate, singles_every=2.0, horizon=300)
    flat_last, flat_wait = simulate_sender([0] * len(import_delays), rate=rate, singles_every=2.0, horizon=300)
    print(f"{args.rows} rows (GB18030 CSV), {DAYS * TIMES_A_DAY} interview times over {DAYS} days; {created} booked")
    print(f"validation: {checking / args.rows * 1000:.2f} s per 1,000 rows ({checking:.2f} s in all)")
    print(f"items written per interview: import {per_import:.2f}, single create {per_single:.2f} ({singles} booked)")
    print(f"ratio import / single: {ratio:.2f}x (goal <= 0.30x)")
    print(f"day counters equal a recount: {'yes' if exact else 'NO'}")
    print(
        f"SES {rate}/s, import share {deps.settings().import_send_share:g}: last import notice queued visible at "
        f"{max(import_delays, default=0)} s, sent at {paced_last} s; a single booked meanwhile waits at most "
        f"{paced_wait} s (unpaced: last at {flat_last} s, singles wait up to {flat_wait} s)"
    )
    ok = exact and created == args.rows and paced_wait <= 1
    print("goal met: exact counters, every row booked once, singles never starved" if ok else "GOAL MISSED")
    if ratio > 0.3:
        print(f"items ratio above the 0.30x goal: {ratio:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
