"""DynamoDB items read to answer a month's statistics from the counters, against recounting the interviews.

The tables hold 20,000 interviews over 90 days (1 September to 29 November 2026, in Shanghai), over
12 positions, both notice modes and both channels, every one with its notice, reminder, answer and
outcome (no-shows with a reason). Interviews are written with ``batch_writer`` straight into moto's
in-process table, in the shape ``InterviewRepository`` writes (``start_key`` included). The counters
are what the interview writes would have left behind: every interview's ``contribution()`` summed
and added through ``StatsRepository``, which is what the counted writes add up to (the tests check
that a scripted week of real writes equals this recount).

Subject: ``figures.read("month", …)`` for October, one Query on the month's counter items. Baseline:
what answering it without counters costs, one Query per day of the month on the ``by_local_date``
index, every interview read and counted. Items read are the Query pages' ``ScannedCount`` (what
DynamoDB reads and bills). Both answer in the same process from the same tables, and must agree.
Goal: at most 35 items read for a month.

    python -m bench.stats [--interviews 20000] [--positions 12]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from bench._moto import counting, interviews_table, use_moto_environment
from bench._timing import timed

GOAL = 35
FIRST_DAY = date(2026, 9, 1)
DAYS = 90
MONTH = date(2026, 10, 1)
SHANGHAI = "Asia/Shanghai"
REASONS = (
    ("not_notified", 3),
    ("call_unprofessional", 1),
    ("job_info_unclear", 2),
    ("better_offer", 5),
    ("weather_or_traffic", 2),
    ("personal", 3),
    ("found_job", 4),
    ("unknown", 1),
)


def interviews(total: int, positions: int) -> Iterator[dict[str, Any]]:
    """``total`` finished interviews, as their records stand after notice, reminder, answer and outcome."""
    from chalicelib.services.common.clock import iso_utc, localize

    rng = random.Random(20261201)
    reasons = [reason for reason, _ in REASONS]
    weights = [weight for _, weight in REASONS]
    for n in range(total):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        local = datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=rng.randrange(0, 540, 15))
        start = localize(local, SHANGHAI)
        sms = rng.random() < 0.4
        status = rng.choices(("attended", "no_show", "cancelled", "declined"), (70, 18, 7, 5))[0]
        answer = rng.choices(("confirmed", "", "declined"), (60, 35, 5))[0] if status != "declined" else "declined"
        notice_status = rng.choices(("delivered", "sent", "bounced", "failed"), (85, 10, 3, 2))[0]
        record: dict[str, Any] = {
            "interview_id": f"int_bench{n:08d}",
            "position_id": f"pos_bench{n % positions:03d}",
            "position_title": "Front-end Engineer",
            "company": "Acme Robotics",
            "candidate": {"name": "Zhang San", "email": f"candidate{n}@example.com", "language": "zh-CN"},
            "starts_at": start.local.strftime("%Y-%m-%dT%H:%M"),
            "timezone": SHANGHAI,
            "starts_at_utc": start.utc_iso,
            "local_date": start.local_date,
            "address": "88 Century Avenue, Floor 12",
            "city": "Shanghai",
            "channels": ["email", "sms"] if sms else ["email"],
            "mode": "invitation" if n % positions < positions // 4 else "notification",
            "mode_reason": "chosen by HR",
            "status": status,
            "version": 2 if rng.random() < 0.05 else 1,
            "revision": 5,
            "notice": {"status": notice_status, "held_for": [], "sequence": 1, "sent_at": iso_utc(start.utc)},
            "email_bounced": notice_status == "bounced",
            "reminded_at": iso_utc(start.utc - timedelta(days=1)) if rng.random() < 0.8 else None,
            "created_at": iso_utc(start.utc - timedelta(days=5)),
            "expires_at": int((start.utc + timedelta(days=180)).timestamp()),
        }
        if status in ("attended", "no_show", "cancelled"):
            outcome: dict[str, Any] = {
                "outcome": status,
                "at": iso_utc(start.utc + timedelta(hours=2)),
                "answer": answer,
            }
            if status == "no_show":
                outcome["reason"] = rng.choices(reasons, weights)[0]
            record["outcome"] = outcome
            record["risk_at_outcome"] = rng.choice(("low", "medium", "high"))
        yield {k: v for k, v in record.items() if v is not None}


def stored_item(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` as the item ``InterviewRepository`` writes for it."""
    from chalicelib.store.codec import to_item

    item = to_item(record)
    # The index's sort key, as InterviewRepository adds it on every write.
    item["start_key"] = f"{record['starts_at_utc']}#{record['interview_id']}"
    return dict(item)


def recount_month(table: Any, month: date) -> dict[str, Any]:
    """The month's statistics without counters: every interview of every day, read and counted."""
    from chalicelib.services.statistics import figures, periods
    from chalicelib.services.statistics.counting import total
    from chalicelib.store.interviews import InterviewRepository
    from chalicelib.store.stats import ALL

    repository = InterviewRepository(table=table)
    first, last = periods.bounds(periods.MONTH, month)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    found = [record for day in days for record in repository.on_local_date(day.isoformat())]
    return figures.summary(total(found).get((periods.period_key(periods.MONTH, month), ALL), {}))


def table_size(argv: list[str] | None, doc: str | None) -> argparse.Namespace:
    """``--interviews`` and ``--positions`` of the table :func:`interviews` fills (benches that read it)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--interviews", type=int, default=20_000)
    parser.add_argument("--positions", type=int, default=12)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = table_size(argv, __doc__)
    use_moto_environment()

    from chalicelib import aws, deps
    from chalicelib.services.statistics import figures, periods
    from chalicelib.services.statistics.counting import total
    from chalicelib.store.readers import interview_from
    from chalicelib.store.stats import StatsRepository

    records = list(interviews(args.interviews, args.positions))
    with interviews_table(stored_item(record) for record in records) as (table, loaded):
        started = time.perf_counter()
        counters = StatsRepository(table=aws.table(deps.settings().stats_table))
        summed = total(interview_from(record) for record in records)
        for (key, scope), added in summed.items():
            counters.add(key, added, scope)
        loaded += time.perf_counter() - started
        client = table.meta.client

        with counting(client) as subject:
            month = figures.read(periods.MONTH, MONTH, stats=counters)
        with counting(client) as detailed:
            figures.read(periods.MONTH, MONTH, stats=counters, positions=True)
        with counting(client) as baseline:
            recount = recount_month(table, MONTH)
        # Wall time in moto says little about DynamoDB's latency; shown once each, as an indication.
        subject_seconds = timed(lambda: figures.read(periods.MONTH, MONTH, stats=counters))
        baseline_seconds = timed(lambda: recount_month(table, MONTH))

    same = all(month[key] == recount[key] for key in (*figures.MAIN_COUNTERS, "reasons", "no_show_rate"))
    verdict = "meets" if subject.items <= GOAL else "MISSES"
    print(f"{args.interviews} interviews over {DAYS} days, {args.positions} positions, {len(summed)} counter items")
    print(f"  loaded in {loaded:.1f} s")
    print(f"  {MONTH:%B %Y}: {month['scheduled']} interviews, no-show rate {month['no_show_rate']}")
    print(f"  counters          {subject.calls:3d} Query calls, {subject.items:6d} items read")
    print(f"  with positions    {detailed.calls:3d} Query calls, {detailed.items:6d} items read")
    print(f"  recount (index)   {baseline.calls:3d} Query calls, {baseline.items:6d} items read")
    print(f"  same figures      {'yes' if same else 'NO'}")
    print(f"  items read for a month    {subject.items}  (goal <= {GOAL}: {verdict})")
    print(f"  counters / recount items  {subject.items / baseline.items:.5f}  (1/{baseline.items / subject.items:.0f})")
    moto_ms = f"{subject_seconds * 1000:.0f} ms vs {baseline_seconds * 1000:.0f} ms"
    print(f"  wall time in moto         {moto_ms} (one run each, an indication only)")
    return 0 if subject.items <= GOAL and same else 1


if __name__ == "__main__":
    sys.exit(main())
