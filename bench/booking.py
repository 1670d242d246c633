"""Candidates racing for slots: over-booked seats, lost bookings and conditional-write retries per booking.

200 candidates invited to choose their time race for 50 seats in 10 slots from 16 threads, each thread
with its own boto3 session (as each Lambda invocation has), on in-process moto with ShowUp's transaction
emulation. Each candidate books the first slot their page offers; told it is taken, they pick again from
what is left, until they book or nothing is left. Every booking goes through ``SlotBookings.book``: the
interview, its timeline item and the slot's seat in one transaction, the seat taken only while
``seats_taken < seats``.

The baseline, in the same run on fresh tables: the same race booked the naive way, reading the seats
free and then writing the interview and the slot's new count as two plain writes. Goal: 0 over-booked
seats and 0 lost bookings (each booked interview counted once on its slot, and every seat counted
booked by exactly one interview); the retries are reported, not judged.

    python -m bench.booking [--candidates 200] [--slots 10] [--seats 5] [--threads 16]
"""

from __future__ import annotations

import argparse
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bench._moto import use_moto_environment

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@dataclass
class Race:
    """What one race left behind."""

    seconds: float
    booked: int  # bookings the callers were told succeeded
    over_booked: int  # seats counted beyond a slot's seats, or interviews beyond them
    lost: int  # bookings told succeeded whose interview or seat count does not show them
    retries: int


# book(interview_id, slot_id) -> True when booked, False when the slot was taken.
Book = Callable[[str, str], bool]


def _stores(session: Any) -> tuple[Any, Any, Any]:
    """This thread's own repositories over its own boto3 session."""
    from chalicelib import deps
    from chalicelib.store.interviews import InterviewRepository
    from chalicelib.store.slots import SlotRepository
    from chalicelib.store.timeline import TimelineTable

    settings = deps.settings()
    dynamodb = session.resource("dynamodb", region_name="us-east-1")
    timeline = TimelineTable(table=dynamodb.Table(settings.timeline_table))
    interviews = InterviewRepository(table=dynamodb.Table(settings.interviews_table), timeline=timeline)
    return interviews, SlotRepository(table=dynamodb.Table(settings.slots_table)), dynamodb


def _conditional(session: Any, counter: list[int]) -> tuple[Book, Callable[[str], list[str]]]:
    from chalicelib import deps
    from chalicelib.services.scheduling.interviews import InterviewService
    from chalicelib.services.scheduling.slots import MoveRules, SlotBookings, SlotTaken
    from chalicelib.store.positions import PositionRepository

    interviews, slots, dynamodb = _stores(session)
    positions = PositionRepository(table=dynamodb.Table(deps.settings().positions_table))
    scheduling = InterviewService(positions=positions, interviews=interviews, slots=slots)
    bookings = SlotBookings(interviews=interviews, slots=slots, scheduling=scheduling, rules=MoveRules())

    def book(interview_id: str, slot_id: str) -> bool:
        before = bookings.retries
        try:
            bookings.book(interview_id, slot_id, now=NOW)
            return True
        except SlotTaken:
            return False
        finally:
            counter.append(bookings.retries - before)

    return book, lambda position_id: [slot.slot_id for slot in slots.bookable(position_id, after=NOW)]


def _naive(session: Any, counter: list[int]) -> tuple[Book, Callable[[str], list[str]]]:
    """Read the seats free, then write the interview and the new count separately: what the transaction prevents."""
    import dataclasses

    from chalicelib.store.codec import plain, to_item
    from chalicelib.vocabulary import InterviewStatus

    interviews, slots, _ = _stores(session)

    def book(interview_id: str, slot_id: str) -> bool:
        interview = interviews.get(interview_id)
        slot = slots.get(interview.position_id, slot_id)
        if slot is None or slot.seats_free < 1:
            return False
        booked = dataclasses.replace(interview, status=InterviewStatus.SCHEDULED, slot_id=slot_id)
        interviews.replace(booked, expected_revision=interview.revision, before=interview)
        taken = dataclasses.replace(slot, seats_taken=slot.seats_taken + 1)
        slots._table.put_item(Item=to_item(plain(taken)))
        counter.append(0)
        return True

    return book, lambda position_id: [slot.slot_id for slot in slots.bookable(position_id, after=NOW)]


@contextmanager
def _tables(candidates: int, slot_count: int, seats: int) -> Iterator[tuple[str, list[str]]]:
    """Fresh moto tables with one position, its slots and ``candidates`` interviews choosing a time."""
    import boto3
    from moto import mock_aws

    from chalicelib import aws, deps
    from chalicelib.models import InterviewIn, SlotIn
    from devtools import moto_transactions
    from devtools.resources import create_all

    moto_transactions.install()
    with mock_aws():
        aws.reset()
        create_all(boto3.session.Session(), deps.settings())
        from bench.api import POSITION
        from chalicelib.models import PositionIn

        position = deps.position_service().create(PositionIn.model_validate(POSITION), now=NOW)
        service = deps.slot_service()
        for n in range(slot_count):
            start = datetime(2026, 12, 3, 9, 0) + timedelta(hours=n)
            request = SlotIn(starts_at=start, timezone="Asia/Shanghai", seats=seats)
            service.create(position.position_id, request, now=NOW)
        scheduling = deps.interview_service()
        ids = []
        for n in range(candidates):
            request = InterviewIn.model_validate(
                {
                    "position_id": position.position_id,
                    "candidate": {"name": f"Candidate {n}", "email": f"c{n}@example.com", "language": "zh-CN"},
                    "choose_slot": True,
                    "address": "88 Century Avenue",
                    "city": "Shanghai",
                }
            )
            ids.append(scheduling.schedule(request, now=NOW).interview_id)
        try:
            yield position.position_id, ids
        finally:
            aws.reset()


def race(make: Callable[[Any, list[int]], tuple[Book, Callable[[str], list[str]]]], args: argparse.Namespace) -> Race:
    import boto3

    from chalicelib import deps

    with _tables(args.candidates, args.slots, args.seats) as (position_id, ids):
        waiting: queue.Queue[str] = queue.Queue()
        for interview_id in ids:
            waiting.put(interview_id)
        told: list[str] = []
        retries: list[int] = []
        lock = threading.Lock()

        def work() -> None:
            book, offered = make(boto3.session.Session(), retries)
            while True:
                try:
                    interview_id = waiting.get_nowait()
                except queue.Empty:
                    return
                for _ in range(args.slots + 1):
                    choices = offered(position_id)
                    if not choices:
                        break
                    # Each candidate takes the earliest offered time, as most do: the worst case for contention.
                    if book(interview_id, choices[0]):
                        with lock:
                            told.append(interview_id)
                        break

        threads = [threading.Thread(target=work) for _ in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started

        slots = deps.slots().of_position(position_id)
        stored = [deps.interviews().get(interview_id) for interview_id in ids]
        holders = {slot.slot_id: sum(1 for i in stored if i and i.slot_id == slot.slot_id) for slot in slots}
        over = sum(max(0, slot.seats_taken - slot.seats) + max(0, holders[slot.slot_id] - slot.seats) for slot in slots)
        booked_ids = {i.interview_id for i in stored if i and i.slot_id}
        lost = len(set(told) - booked_ids) + sum(abs(slot.seats_taken - holders[slot.slot_id]) for slot in slots)
        return Race(seconds, len(told), over, lost, sum(retries))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--slots", type=int, default=10)
    parser.add_argument("--seats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args(argv)
    use_moto_environment()

    naive = race(_naive, args)
    safe = race(_conditional, args)
    total = args.slots * args.seats
    print(f"{args.candidates} candidates, {total} seats in {args.slots} slots, {args.threads} threads")
    print(f"naive read-then-write: {naive.booked} told booked, {naive.over_booked} over-booked, {naive.lost} lost")
    print(f"conditional booking:   {safe.booked} told booked, {safe.over_booked} over-booked, {safe.lost} lost")
    per_booking = safe.retries / safe.booked if safe.booked else 0.0
    print(f"conditional-write retries per booking: {per_booking:.2f} ({safe.retries} in all)")
    ratio = safe.seconds / naive.seconds
    print(f"time ratio conditional / naive: {ratio:.2f} ({safe.seconds:.2f} s vs {naive.seconds:.2f} s)")
    ok = safe.over_booked == 0 and safe.lost == 0 and safe.booked == min(total, args.candidates)
    print("goal met: 0 over-booked seats, 0 lost bookings, every seat booked" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
