"""DynamoDB items read per interview HR sees in a week view (``GET /interviews?from=…&to=…``), against a
Scan filtered to the same week.

The table holds 20,000 interviews over 90 days (1 September to 29 November 2026, in Shanghai), the
same table ``bench.stats`` builds, written with ``batch_writer`` straight into moto's in-process table
in the shape ``InterviewRepository`` writes. Subject: the list service HR's route calls,
``InterviewLists.between`` for Monday 12 to Sunday 18 October, one Query a day on ``by_local_date``.
Baseline: the same week without the index, one Scan of the whole table filtered to those days. Items
read are every Query and Scan page's ``ScannedCount`` (what DynamoDB reads and bills, before any
filter). Both run in the same process on the same table and must find the same interviews. Goal: at
most 1.1 items read per interview listed.

A filter (``status=no_show``, ``position_id=…``) is tested on each interview the day's Query read, so
a filtered week reads the same items as the whole week and lists fewer of them: the goal is for the
week as HR first opens it. moto answers each index Query by walking the whole table, so the wall times
printed say little; the run takes a few minutes, most of it loading.

    python -m bench.lists [--interviews 20000] [--positions 12]
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from typing import Any

from bench._moto import Reads, counting, interviews_table, use_moto_environment
from bench.stats import DAYS, interviews, stored_item, table_size

GOAL = 1.1
FIRST, LAST = date(2026, 10, 12), date(2026, 10, 18)
NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def scan_baseline(table: Any) -> list[str]:
    """The week's interviews without the index: every item of the table, read once."""
    from boto3.dynamodb.conditions import Attr

    from chalicelib.store.pages import items

    found = items(table.scan, FilterExpression=Attr("local_date").between(FIRST.isoformat(), LAST.isoformat()))
    # Sorted as HR's list is: by local day, then by start.
    return [str(item["interview_id"]) for item in sorted(found, key=lambda item: str(item["start_key"]))]


def line(name: str, reads: Reads, listed: int) -> str:
    per = reads.items / max(listed, 1)
    return f"  {name:<9} {reads.calls:3d} calls, {reads.items:6d} items read, {listed:5d} listed, {per:7.2f} per listed"


def main(argv: list[str] | None = None) -> int:
    args = table_size(argv, __doc__)
    use_moto_environment()
    from chalicelib import deps

    items = (stored_item(record) for record in interviews(args.interviews, args.positions))
    with interviews_table(items) as (table, loaded):
        lists = deps.interview_lists()
        client = table.meta.client

        with counting(client, ("Query", "Scan")) as subject:
            started = time.perf_counter()
            listed = [interview.interview_id for interview in lists.between(FIRST, LAST, {}, now=NOW)]
            subject_seconds = time.perf_counter() - started
        with counting(client, ("Query", "Scan")) as baseline:
            started = time.perf_counter()
            scanned = scan_baseline(table)
            baseline_seconds = time.perf_counter() - started

    per_listed = subject.items / max(len(listed), 1)
    verdict = "meets" if per_listed <= GOAL else "MISSES"
    print(f"{args.interviews} interviews over {DAYS} days, loaded in {loaded:.1f} s; week {FIRST} to {LAST}")
    print(line("week", subject, len(listed)))
    print(line("Scan", baseline, len(scanned)))
    print(f"  same interviews, same order  {'yes' if listed == scanned else 'NO'}")
    print(f"  items read per interview listed  {per_listed:.2f}  (goal <= {GOAL:.2f}: {verdict})")
    share = f"{subject.items / baseline.items:.4f}  (1/{baseline.items / subject.items:.0f})"
    print(f"  week / Scan items read           {share}")
    moto_ms = f"{subject_seconds * 1000:.0f} ms vs {baseline_seconds * 1000:.0f} ms"
    print(f"  wall time in moto                {moto_ms} (one run each, an indication only)")
    return 0 if per_listed <= GOAL and listed == scanned else 1


if __name__ == "__main__":
    sys.exit(main())
