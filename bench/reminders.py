"""DynamoDB items read per due reminder by the hourly reminder job, against a full-table Scan.

The table holds 50,000 interviews over 180 days (90 behind, 90 ahead, as the retention period
keeps them), 200 of them tomorrow in Shanghai, all due when the job fires at 10:00 Shanghai time.
Items are written with ``batch_writer`` straight into moto's in-process table, in the shape
``InterviewRepository`` writes (``start_key`` included), from a record ``InterviewService`` built.

Items read are counted from every Query and Scan page's ``ScannedCount`` (what DynamoDB reads and
bills, before any filter). The baseline is the job without the index: one Scan of the whole table
filtered to tomorrow's date. Both run in the same process on the same table. Goal: at most 1.1
items read per due reminder.

Two tables are measured: ShowUp's market today (every interview in China), and a mixed one where
15 % of interviews are in Tokyo, London and New York, whose tomorrow's interviews share the date
partition with Shanghai's but fall due at other hours.

    python -m bench.reminders [--interviews 50000] [--due 200] [--days 180]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench._moto import counting, interviews_table, use_moto_environment

GOAL = 1.1
NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai: tomorrow's reminders fall due
TOMORROW = date(2026, 11, 29)
SHANGHAI = "Asia/Shanghai"
MIXED = ((SHANGHAI, 0.85), ("Asia/Tokyo", 0.05), ("Europe/London", 0.05), ("America/New_York", 0.05))
CHINA = ((SHANGHAI, 1.0),)


class _Positions:
    def get(self, position_id: str) -> Any:
        from bench.api import POSITION
        from chalicelib.store.readers import position_from

        return position_from({**POSITION, "position_id": position_id, "created_at": "2026-11-01T00:00:00Z"})


class _Captured:
    def __init__(self) -> None:
        self.record: dict[str, Any] = {}

    def add(self, record: Any) -> Any:
        from chalicelib.store.codec import plain

        self.record = plain(record)
        return record

    def put(self, message: dict[str, Any]) -> None:
        pass


def template() -> dict[str, Any]:
    """One interview record exactly as ``InterviewService`` stores it."""
    from chalicelib.models import InterviewIn
    from chalicelib.services.scheduling.interviews import InterviewService

    captured = _Captured()
    service: Any = InterviewService(positions=_Positions(), interviews=captured)  # type: ignore[arg-type]
    request = InterviewIn(
        position_id="pos_bench",
        candidate={"name": "Zhang San", "email": "zhang.san@example.com", "language": "zh-CN"},
        starts_at=datetime(2026, 12, 3, 14, 30),
        timezone=SHANGHAI,
        address="88 Century Avenue, Floor 12",
        city="Shanghai",
        transit="Metro line 2 to Lujiazui, exit 6",
    )
    service.schedule(request, now=datetime(2026, 11, 1, tzinfo=UTC))
    return captured.record


def _item(record: dict[str, Any], n: int, local: datetime, zone: str, status: str) -> dict[str, Any]:
    from chalicelib.services.common.clock import localize
    from chalicelib.store.codec import to_item

    start = localize(local, zone)
    interview = {
        **record,
        "interview_id": f"int_bench{n:08d}",
        "candidate": {**record["candidate"], "email": f"candidate{n}@example.com"},
        "starts_at": start.local.strftime("%Y-%m-%dT%H:%M"),
        "timezone": zone,
        "starts_at_utc": start.utc_iso,
        "local_date": start.local_date,
        "expires_at": int((start.utc + timedelta(days=180)).timestamp()),
        "status": status,
    }
    item = to_item(interview)
    # The index's sort key, as InterviewRepository adds it on every write.
    item["start_key"] = f"{interview['starts_at_utc']}#{interview['interview_id']}"
    return dict(item)


def interviews(total: int, due: int, days: int, zones: tuple[tuple[str, float], ...]) -> Iterator[dict[str, Any]]:
    """``due`` interviews tomorrow in Shanghai; the rest spread over ``days`` around today."""
    rng = random.Random(20261128)
    record = template()
    first = TOMORROW - timedelta(days=days // 2)
    other_days = [first + timedelta(days=d) for d in range(days) if first + timedelta(days=d) != TOMORROW]
    names = [zone for zone, _ in zones]
    weights = [share for _, share in zones]
    for n in range(due):
        local = datetime.combine(TOMORROW, datetime.min.time()) + timedelta(hours=9, minutes=rng.randrange(0, 540, 15))
        yield _item(record, n, local, SHANGHAI, rng.choice(("scheduled", "confirmed")))
    # Tomorrow's other time zones keep their share of a day's interviews, like every other day.
    per_day = (total - due) / (len(other_days) + 1)
    foreign = 0 if zones == CHINA else round(per_day * (1 - weights[0]))
    for n in range(due, total):
        if n < due + foreign:
            day, zone = TOMORROW, rng.choice(names[1:])
        else:
            day, zone = rng.choice(other_days), rng.choices(names, weights)[0]
        local = datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=rng.randrange(0, 540, 15))
        past = day < NOW.astimezone(ZoneInfo(zone)).date()
        status = rng.choice(("attended", "attended", "no_show")) if past else rng.choice(("scheduled", "confirmed"))
        yield _item(record, n, local, zone, status)


def scan_baseline(table: Any) -> int:
    """What finding tomorrow's interviews costs without the index: every item, read once."""
    from boto3.dynamodb.conditions import Attr

    from chalicelib.store.pages import items

    return sum(1 for _ in items(table.scan, FilterExpression=Attr("local_date").eq(TOMORROW.isoformat())))


def measure(name: str, zones: tuple[tuple[str, float], ...], args: argparse.Namespace) -> float:
    from chalicelib import deps
    from chalicelib.services.followup.reminders import ReminderConfig, Reminders
    from chalicelib.store.interviews import InterviewWindows

    with interviews_table(interviews(args.interviews, args.due, args.days, zones)) as (table, loaded):
        job = Reminders(
            upcoming=InterviewWindows(table=table),
            ledger=deps.ledger(),
            outbox=deps.outbox(),
            config=ReminderConfig(),
        )
        client = table.meta.client
        with counting(client, ("Query", "Scan")) as subject:
            summary = job.send_due(NOW)
        with counting(client, ("Query", "Scan")) as baseline:
            found = scan_baseline(table)

    per_due = subject.items / max(summary["queued"], 1)
    verdict = "meets" if per_due <= GOAL else "MISSES"
    print(f"{name}: {args.interviews} interviews over {args.days} days, loaded in {loaded:.1f} s")
    print(f"  job       {subject.calls:3d} Query calls, {subject.items:6d} items read, summary {summary}")
    print(f"  baseline  {baseline.calls:3d} Scan calls,  {baseline.items:6d} items read, {found} tomorrow")
    print(f"  items read per due reminder  {per_due:.2f}  (goal <= {GOAL:.2f}: {verdict})")
    print(
        f"  job / Scan items read        {subject.items / baseline.items:.4f}  (1/{baseline.items / subject.items:.0f})"
    )
    return per_due


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=50_000)
    parser.add_argument("--due", type=int, default=200)
    parser.add_argument("--days", type=int, default=180)
    args = parser.parse_args(argv)
    use_moto_environment()
    china = measure("China (every interview in Asia/Shanghai)", CHINA, args)
    mixed = measure("Mixed (85 % Shanghai, 5 % each Tokyo, London, New York)", MIXED, args)
    return 0 if max(china, mixed) <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
