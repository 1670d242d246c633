"""One write per request: what follows an interview write (its notice queued, the statistics counters,
the metrics) is read from the interviews table's stream, each write counted exactly once."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib import aws, deps
from chalicelib.services.scheduling.queued import requested
from chalicelib.services.statistics import counting
from chalicelib.settings import Settings
from chalicelib.store import stats as stats_store
from chalicelib.store.stats import Counters
from chalicelib.vocabulary import InterviewStatus, NoticeStatus
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import drain_outbox, dynamodb_calls, sent_mail, stored_counters, stored_interviews
from tests.support.builders import interview, position
from tests.support.conflicts import ConflictModel, conflicting, one_container_per_thread
from tests.support.events import deliver
from tests.support.faults import Killed
from tests.support.stream import drain_stream, hand_over, stream_batch

WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
# Thursday 3 December 2026, 18:00 in Shanghai: the day's interviews (14:30) are over.
EVENING = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def recount(settings: Settings) -> counting.Contribution:
    return {key: added for key, added in counting.total(stored_interviews(settings)).items() if added}


def booked_on_one_day(count: int) -> list[str]:
    """``count`` interviews on Thursday 3 December, written as the request path writes them."""
    ids = [f"int_{n:02d}" for n in range(count)]
    if deps.positions().get("pos_1") is None:
        deps.positions().add(position())
    for interview_id in ids:
        deps.interviews().add(interview(interview_id=interview_id))
    return ids


class Dying:
    """A DynamoDB client that dies on its ``at``-th transaction, before sending it."""

    def __init__(self, client: Any, at: int) -> None:
        self._client = client
        self._at = at
        self.transactions = 0

    def transact_write_items(self, **request: Any) -> Any:
        self.transactions += 1
        if self.transactions == self._at:
            raise Killed
        return self._client.transact_write_items(**request)


# ---------- The request path writes one item ----------


def test_a_new_interview_is_one_item_written_and_nothing_sent_on_the_request_path(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    position = api.post("/positions", position_body()).json_body
    sqs_calls: list[str] = []
    sqs = aws.client("sqs").meta.events

    def note(model: Any, **_: Any) -> None:
        sqs_calls.append(model.name)

    sqs.register("provide-client-params.sqs", note)
    try:
        with dynamodb_calls(settings) as calls:
            created = api.post("/interviews", interview_body(position["position_id"]))
    finally:
        sqs.unregister("provide-client-params.sqs", note)

    assert created.status_code == 201
    # One write request: the interview and its timeline's first events, in one transaction.
    assert [operation for operation, _ in calls if operation in WRITES] == ["TransactWriteItems"]
    assert sqs_calls == []
    # What the write asked for follows from the stream: the notice on the outbox, the day counted.
    (message,) = drain_outbox(resources)
    assert message == {"kind": "notice", "interview_id": created.json_body["interview_id"], "version": 1, "sequence": 1}
    assert stored_counters(settings)[("day#2026-12-03", "all")] == {"scheduled": 1}


# ---------- Exactly once ----------


def test_a_batch_handed_over_twice_moves_the_counters_once(resources: dict[str, str], settings: Settings) -> None:
    for interview_id in booked_on_one_day(3):
        deps.interviews().update(interview_id, lambda i: dataclasses.replace(i, status=InterviewStatus.CONFIRMED))
    batch = stream_batch()
    assert len(batch["Records"]) == 6

    first = hand_over(batch)
    again = hand_over(batch)

    assert (first["counted"], again["counted"], again["repeated"]) == (6, 0, 6)
    assert stored_counters(settings) == recount(settings)
    assert stored_counters(settings)[("day#2026-12-03", "all")] == {"scheduled": 3, "confirmed": 3}


def test_a_notice_queued_twice_by_a_repeated_batch_is_sent_once(api: Api, resources: dict[str, str]) -> None:
    booked_on_one_day(2)
    batch = stream_batch()
    hand_over(batch)
    hand_over(batch)

    messages = drain_outbox(resources)
    assert len(messages) == 4  # each notice queued twice
    for message in messages:
        deliver(api, message)
    assert len(sent_mail()) == 2


def test_a_consumer_killed_between_transactions_counts_every_write_once_when_handed_over_again(
    resources: dict[str, str], settings: Settings, override: Override, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ten writes on one day, three to a transaction: four transactions, and the Lambda dies at the third.
    monkeypatch.setattr(stats_store, "TRANSACTION_ITEMS", 15)
    booked_on_one_day(10)
    batch = stream_batch()
    real = deps.counters()
    dying = Dying(aws.table(settings.stats_table).meta.client, at=3)
    override(
        counters=lambda: Counters(client=dying, stats_table=settings.stats_table, ledger_table=settings.ledger_table)
    )

    with pytest.raises(Killed):
        hand_over(batch)
    half = stored_counters(settings)[("day#2026-12-03", "all")]
    override(counters=lambda: real)
    handed_over = hand_over(batch)

    assert half == {"scheduled": 6}
    assert (handed_over["counted"], handed_over["repeated"]) == (4, 6)
    assert stored_counters(settings) == recount(settings)


def test_a_consumer_killed_while_queuing_notices_sends_each_once_when_handed_over_again(
    api: Api, resources: dict[str, str], settings: Settings, override: Override
) -> None:
    booked_on_one_day(4)
    batch = stream_batch()
    outbox = deps.outbox()
    puts: list[dict[str, Any]] = []

    class DiesAtTheThird:
        def put(self, message: dict[str, Any]) -> None:
            puts.append(message)
            if len(puts) == 3:
                raise Killed
            outbox.put(message)

    override(outbox=DiesAtTheThird)
    with pytest.raises(Killed):
        hand_over(batch)
    assert stored_counters(settings) == {}
    override(outbox=lambda: outbox)
    hand_over(batch)

    messages = drain_outbox(resources)
    assert len(messages) == 6  # two queued before the Lambda died, all four again
    for message in messages:
        deliver(api, message)
    assert len(sent_mail()) == 4
    assert stored_counters(settings) == recount(settings)


# ---------- Counters: one transaction per batch, each counter item once ----------


def test_a_burst_on_one_day_touches_each_counter_item_once_per_batch(
    resources: dict[str, str], settings: Settings
) -> None:
    booked_on_one_day(20)
    client = aws.table(settings.stats_table).meta.client
    transactions: list[list[dict[str, Any]]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        transactions.append(params["TransactItems"])

    client.meta.events.register("provide-client-params.dynamodb.TransactWriteItems", record)
    try:
        drain_stream()
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb.TransactWriteItems", record)

    (items,) = transactions
    updates = [item["Update"] for item in items if "Update" in item]
    marks = [item["Put"] for item in items if "Put" in item]
    # 3 periods x 4 scopes: each counter item once, holding all twenty interviews.
    assert len(updates) == 12
    assert {u["ExpressionAttributeValues"][":c0"] for u in updates} == {20}
    assert len(marks) == 20
    assert all(mark["ConditionExpression"] == "attribute_not_exists(ledger_key)" for mark in marks)


def test_a_batch_larger_than_a_transaction_is_split_under_dynamodbs_limit(
    resources: dict[str, str], settings: Settings
) -> None:
    for n in range(12):
        # Every interview in a month of its own: twelve counter items each, 156 items with their marks.
        day = f"2027-{n + 1:02d}-05"
        deps.interviews().add(interview(interview_id=f"int_{n:02d}", local_date=day))
    sizes: list[int] = []
    client = aws.table(settings.stats_table).meta.client

    def record(params: dict[str, Any], **_: Any) -> None:
        sizes.append(len(params["TransactItems"]))

    client.meta.events.register("provide-client-params.dynamodb.TransactWriteItems", record)
    try:
        drain_stream()
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb.TransactWriteItems", record)

    assert len(sizes) > 1
    assert max(sizes) <= stats_store.TRANSACTION_ITEMS
    assert stored_counters(settings) == recount(settings)


class Colliding:
    """A DynamoDB client whose first ``times`` transactions collide with another consumer's."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.calls = 0

    def transact_write_items(self, **_: Any) -> None:
        from botocore.exceptions import ClientError

        self.calls += 1
        if self.calls <= self.times:
            error = {
                "Error": {"Code": "TransactionCanceledException", "Message": "conflict"},
                "CancellationReasons": [{"Code": "None"}, {"Code": "TransactionConflict"}],
            }
            raise ClientError(error, "TransactWriteItems")  # type: ignore[arg-type]


def colliding_counters(times: int) -> tuple[Counters, Colliding]:
    client = Colliding(times)
    return Counters(client=client, stats_table="stats", ledger_table="ledger", sleep=lambda _: None), client


def test_counters_that_collide_with_another_consumer_are_tried_again() -> None:
    counters, client = colliding_counters(times=2)

    counted = counters.add_once({"int_1#r1": {("day#2026-12-03", "all"): {"scheduled": 1}}}, now_epoch=0)

    assert counted == {"int_1#r1"}
    assert client.calls == 3


def test_counters_that_keep_colliding_give_up_so_the_stream_hands_the_batch_over_again() -> None:
    counters, client = colliding_counters(times=99)

    with pytest.raises(Exception, match=r"handed over again|TransactionCanceled"):
        counters.add_once({"int_1#r1": {("day#2026-12-03", "all"): {"scheduled": 1}}}, now_epoch=0)
    assert client.calls == stats_store.TRANSACTION_ATTEMPTS


# ---------- Concurrency under DynamoDB's conflict rule ----------


def test_the_conflict_model_refuses_what_dynamodb_refuses() -> None:
    rule = ConflictModel({"stats": ("period_key", "scope"), "interviews": ("interview_id",)})
    day = ("stats", (("period_key", "day#2026-12-03"), ("scope", "all")))
    week = ("stats", (("period_key", "week#2026-W49"), ("scope", "all")))
    one, two = ("interviews", (("interview_id", "int_1"),)), ("interviews", (("interview_id", "int_2"),))

    assert rule.begin("TransactWriteItems", [one, day]) == [False, False]
    # A second transaction on the same counter, and a plain write on the item a transaction holds.
    assert rule.begin("TransactWriteItems", [two, day, week]) == [False, True, False]
    assert rule.begin("PutItem", [one]) == [True]
    # Plain writes on other items go through, and wait for each other rather than conflict.
    assert rule.begin("PutItem", [two]) == [False]
    rule.end([one, day])
    assert rule.begin("TransactWriteItems", [day, week]) == [False, False]
    assert rule.refused == ["TransactWriteItems", "PutItem"]


def test_under_that_rule_writes_that_share_a_counter_in_their_transaction_collide(
    resources: dict[str, str], settings: Settings
) -> None:
    # How every interview write was made before the stream: its item and the day's counters in one
    # transaction. The rule refuses most of twenty at once, as DynamoDB did (HTTP 500s after retries).
    client = aws.table(settings.stats_table).meta.client
    day = {"period_key": "day#2026-12-03", "scope": "all"}

    def counted_write(n: int) -> Callable[[], str]:
        def write() -> str:
            put = {"Put": {"TableName": settings.interviews_table, "Item": {"interview_id": f"int_{n}"}}}
            add = {"TableName": settings.stats_table, "Key": day, "UpdateExpression": "ADD scheduled :one"}
            try:
                client.transact_write_items(
                    TransactItems=[put, {"Update": {**add, "ExpressionAttributeValues": {":one": 1}}}]
                )
            except client.exceptions.TransactionCanceledException:
                return "conflict"
            return "written"

        return write

    with conflicting(client, settings) as rule:
        results = concurrently([counted_write(n) for n in range(20)])

    assert results.count("conflict") == len(rule.refused) > 0
    assert deps.stats().get("day#2026-12-03") == {"scheduled": results.count("written")}


@pytest.fixture
def evening(override: Override) -> datetime:
    override(now=lambda: EVENING)
    return EVENING


def concurrently(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call at once, each in a thread of its own; their results in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_concurrent_outcomes_on_one_day_all_succeed_and_count_as_a_recount(
    api: Api, settings: Settings, evening: datetime
) -> None:
    from app import app

    ids = booked_on_one_day(20)
    drain_stream()
    outcomes = [{"outcome": "attended"} if n % 2 else {"outcome": "no_show", "reason": "personal"} for n in range(20)]

    with conflicting(aws.table(settings.interviews_table).meta.client, settings) as rule, one_container_per_thread(app):
        answers = concurrently(
            [lambda i=i, o=o: api.post(f"/interviews/{i}/outcome", o) for i, o in zip(ids, outcomes, strict=True)]
        )

    assert [answer.status_code for answer in answers] == [200] * 20
    assert rule.refused == [] and rule.most_held > 1
    assert stored_counters(settings) == recount(settings)
    day = stored_counters(settings)[("day#2026-12-03", "all")]
    assert (day["attended"], day["no_show"], day["no_show_personal"]) == (10, 10, 10)


def test_concurrent_changes_to_one_interview_answer_200_or_a_409_to_retry_never_a_500(
    api: Api, settings: Settings, evening: datetime
) -> None:
    from app import app

    (interview_id,) = booked_on_one_day(1)
    outcomes = [{"outcome": "attended"} if n % 2 else {"outcome": "no_show", "reason": "found_job"} for n in range(8)]

    with conflicting(aws.table(settings.interviews_table).meta.client, settings), one_container_per_thread(app):
        answers = concurrently([lambda o=o: api.post(f"/interviews/{interview_id}/outcome", o) for o in outcomes])

    assert {answer.status_code for answer in answers} <= {200, 409}
    for answer in answers:
        if answer.status_code == 409:
            assert answer.headers["Retry-After"] == "1"
            assert "reload it and try again" in answer.json_body["message"]
    assert stored_counters(settings) == recount(settings)


# ---------- What a write asks for ----------


def test_a_new_interview_asks_for_its_notice() -> None:
    assert requested(None, interview()) == {"kind": "notice", "interview_id": "int_1", "version": 1, "sequence": 1}


def test_a_write_that_leaves_the_queued_notice_as_it_was_asks_for_nothing() -> None:
    before = interview()
    assert requested(before, dataclasses.replace(before, revision=2, updated_at="2026-11-28T00:00:00Z")) is None


def test_a_sent_or_held_notice_asks_for_nothing() -> None:
    queued_notice = interview()
    assert requested(queued_notice, queued_notice.with_notice(status=NoticeStatus.SENT)) is None
    assert requested(None, interview(notice={"status": "held", "held_for": ["low_match"]})) is None


def test_a_cancellation_asks_for_the_cancel_notice_only_when_it_was_queued() -> None:
    told = interview(notice={"status": "sent", "sent_at": "2026-11-27T02:00:00Z"})
    cancelled = dataclasses.replace(told, status=InterviewStatus.CANCELLED, version=2)
    asked = cancelled.with_notice(status=NoticeStatus.QUEUED, kind="cancel")

    assert requested(told, asked) == {"kind": "cancel", "interview_id": "int_1", "version": 2, "sequence": 1}
    # Never told: its queued notice is retired by the raised version, and nothing goes out.
    untold = interview()
    assert requested(untold, dataclasses.replace(untold, status=InterviewStatus.CANCELLED, version=2)) is None


def test_a_reschedule_and_a_resend_each_ask_for_their_own_notice() -> None:
    told = interview(notice={"status": "sent", "sent_at": "2026-11-27T02:00:00Z"})
    moved = dataclasses.replace(told, version=2).with_notice(status=NoticeStatus.QUEUED, sequence=2, kind="update")
    resent = moved.with_notice(sequence=3, kind="notice")

    assert requested(told, moved) == {"kind": "update", "interview_id": "int_1", "version": 2, "sequence": 2}
    assert requested(moved, resent) == {"kind": "notice", "interview_id": "int_1", "version": 2, "sequence": 3}
