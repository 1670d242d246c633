"""DynamoDB repositories: records in, records out, on moto or on a fake table where paging matters."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

import chalicelib.store.interviews as store
from chalicelib import aws, deps
from chalicelib.errors import Conflict
from chalicelib.services.common.candidate_keys import phone_key
from chalicelib.services.common.records import Interview
from chalicelib.settings import Settings
from chalicelib.store.codec import from_item, plain, to_item
from chalicelib.store.interviews import (
    BY_CANDIDATE,
    BY_LOCAL_DATE,
    BY_PHONE,
    CandidateIndex,
    DateWindow,
    InterviewExists,
    InterviewKeepsChanging,
    InterviewRepository,
    InterviewWindows,
    StaleInterview,
)
from chalicelib.store.ledger import Ledger
from chalicelib.store.stats import StatsRepository
from chalicelib.vocabulary import Intent, InterviewStatus
from tests.support.builders import interview as booked
from tests.support.builders import position


def interview(interview_id: str, local_date: str = "2026-12-03", utc: str = "2026-12-03T06:30:00Z") -> Interview:
    return booked(
        interview_id=interview_id, local_date=local_date, starts_at_utc=utc, latitude=31.2304, longitude=121.4737
    )


def item(interview_id: str, **fields: Any) -> dict[str, Any]:
    """An interview as the table holds it (Decimals, its index key)."""
    stored: dict[str, Any] = to_item(plain(booked(interview_id=interview_id, **fields)))
    return {**stored, "start_key": f"{stored['starts_at_utc']}#{interview_id}"}


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, "PutItem")


class PagedTable:
    """A table whose query answers in the pages given, recording what it was asked."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages
        self.queries: list[dict[str, Any]] = []

    def query(self, **kwargs: Any) -> dict[str, Any]:
        self.queries.append(kwargs)
        return self.pages[len(self.queries) - 1]


class RecordingTable:
    """A table that records writes and can be told to fail them."""

    def __init__(self, error: ClientError | None = None) -> None:
        self.error = error
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def put_item(self, **kwargs: Any) -> None:
        self.calls.append(("put_item", kwargs))
        if self.error:
            raise self.error

    def update_item(self, **kwargs: Any) -> None:
        self.calls.append(("update_item", kwargs))


# Codec


def test_floats_become_exact_decimals_and_come_back_as_the_same_floats() -> None:
    record = {"latitude": 31.2304, "longitude": 121.4737, "score": 0.1, "nested": {"values": [1.5, 2, "x"]}}

    item = to_item(record)

    assert item["score"] == Decimal("0.1")
    assert item["nested"]["values"] == [Decimal("1.5"), 2, "x"]
    assert from_item(item) == record


def test_whole_decimals_come_back_as_ints() -> None:
    assert from_item({"count": Decimal("3"), "big": Decimal("1E+2"), "half": Decimal("0.5")}) == {
        "count": 3,
        "big": 100,
        "half": 0.5,
    }
    assert isinstance(from_item(Decimal("3")), int)


def test_none_values_are_dropped_from_objects_at_every_depth() -> None:
    assert to_item({"a": None, "b": {"c": None, "d": 1}, "e": [{"f": None}]}) == {"b": {"d": 1}, "e": [{}]}


def test_floats_survive_a_round_trip_through_dynamodb(resources: dict[str, str]) -> None:
    repository = deps.interviews()
    repository.add(interview("int_geo"))

    stored = repository.get("int_geo")

    assert stored is not None
    assert (stored.latitude, stored.longitude) == (31.2304, 121.4737)
    assert stored == interview("int_geo")


# Interviews


def test_local_date_listing_follows_every_page_the_index_returns() -> None:
    table = PagedTable(
        [
            {"Items": [item("int_1", version=2)], "LastEvaluatedKey": {"k": 1}},
            {"Items": [item("int_2")], "LastEvaluatedKey": {"k": 2}},
            {"Items": [item("int_3")]},
        ]
    )

    found = list(InterviewRepository(table=table).on_local_date("2026-12-03"))

    assert [i.interview_id for i in found] == ["int_1", "int_2", "int_3"]
    assert found[0] == booked(interview_id="int_1", version=2)
    assert [q.get("ExclusiveStartKey") for q in table.queries] == [None, {"k": 1}, {"k": 2}]
    assert all(q["IndexName"] == BY_LOCAL_DATE for q in table.queries)


def test_local_date_listing_reads_lazily_page_by_page() -> None:
    table = PagedTable([{"Items": [item("int_1")], "LastEvaluatedKey": {"k": 1}}, {"Items": []}])

    first = next(iter(InterviewRepository(table=table).on_local_date("2026-12-03")))

    assert first.interview_id == "int_1"
    assert len(table.queries) == 1


def test_local_date_listing_on_dynamodb_is_earliest_first_and_only_that_day(resources: dict[str, str]) -> None:
    repository = deps.interviews()
    repository.add(interview("int_late", utc="2026-12-03T09:00:00Z"))
    repository.add(interview("int_early", utc="2026-12-03T01:00:00Z"))
    repository.add(interview("int_other_day", local_date="2026-12-04", utc="2026-12-03T20:00:00Z"))

    found = [i.interview_id for i in repository.on_local_date("2026-12-03")]

    assert found == ["int_early", "int_late"]


def test_interviews_are_stored_in_the_item_shape_and_read_back_whole(
    resources: dict[str, str], settings: Settings
) -> None:
    repository = deps.interviews()
    repository.add(interview("int_1"))

    raw = aws.table(settings.interviews_table).get_item(Key={"interview_id": "int_1"})["Item"]
    (listed,) = repository.on_local_date("2026-12-03")

    assert raw == item("int_1", latitude=31.2304, longitude=121.4737)
    assert repository.get("int_1") == listed == interview("int_1")


def test_adding_an_interview_twice_is_refused(resources: dict[str, str]) -> None:
    repository = deps.interviews()
    repository.add(interview("int_1"))

    with pytest.raises(InterviewExists):
        repository.add(confirmed("int_1", status=InterviewStatus.CANCELLED))
    assert status_of(repository) == InterviewStatus.SCHEDULED


def test_unknown_interview_is_none(resources: dict[str, str]) -> None:
    assert deps.interviews().get("int_nobody") is None


def test_replace_writes_when_nobody_changed_it_and_raises_the_revision(resources: dict[str, str]) -> None:
    repository = deps.interviews()
    repository.add(interview("int_1"))
    updated = confirmed("int_1", status=InterviewStatus.CANCELLED)

    stored = repository.replace(updated, expected_revision=1)

    assert stored.revision == 2
    assert repository.get("int_1") == stored == dataclasses.replace(updated, revision=2)


def test_replace_refuses_a_stale_copy_and_keeps_the_newer_write(resources: dict[str, str]) -> None:
    repository = deps.interviews()
    repository.add(interview("int_1"))
    repository.replace(confirmed("int_1"), expected_revision=1)

    with pytest.raises(StaleInterview):
        repository.replace(confirmed("int_1", status=InterviewStatus.CANCELLED), expected_revision=1)

    assert status_of(repository) == InterviewStatus.CONFIRMED


def test_replace_passes_on_failures_other_than_a_stale_copy() -> None:
    repository = InterviewRepository(table=RecordingTable(error=client_error("ProvisionedThroughputExceededException")))

    with pytest.raises(ClientError, match="ProvisionedThroughputExceeded"):
        repository.replace(interview("int_1"), expected_revision=1)


def test_interviews_in_a_window_are_read_from_the_day_narrowed_by_start_without_index_keys() -> None:
    table = PagedTable([{"Items": [item("int_1")]}])
    window = DateWindow(
        local_date="2026-12-03",
        start_from=datetime(2026, 12, 2, 14, tzinfo=UTC),
        start_before=datetime(2026, 12, 3, 16, tzinfo=UTC),
    )

    found = list(InterviewWindows(table=table).starting_between(window))

    assert found == [booked(interview_id="int_1")]
    (query,) = table.queries
    assert query["IndexName"] == BY_LOCAL_DATE
    # Start keys begin with the fixed-width UTC start, so the bounds take that form.
    assert query["KeyConditionExpression"] == Key("local_date").eq("2026-12-03") & Key("start_key").between(
        "2026-12-02T14:00:00Z", "2026-12-03T16:00:00Z"
    )


def test_a_candidates_interviews_are_listed_from_every_page_of_their_index() -> None:
    table = PagedTable(
        [{"Items": [{"interview_id": "int_1"}], "LastEvaluatedKey": {"k": 1}}, {"Items": [{"interview_id": "int_2"}]}]
    )

    assert list(CandidateIndex(table=table).interview_ids("key")) == ["int_1", "int_2"]
    assert [q["IndexName"] for q in table.queries] == [BY_CANDIDATE, BY_CANDIDATE]


def test_a_phone_numbers_interviews_are_listed_from_every_page_of_its_index() -> None:
    table = PagedTable(
        [{"Items": [{"interview_id": "int_1"}], "LastEvaluatedKey": {"k": 1}}, {"Items": [{"interview_id": "int_2"}]}]
    )

    assert list(CandidateIndex(table=table).interview_ids_by_phone("key")) == ["int_1", "int_2"]
    assert [q["IndexName"] for q in table.queries] == [BY_PHONE, BY_PHONE]
    assert table.queries[0]["KeyConditionExpression"] == Key("phone_key").eq("key")


# Interviews: update reads, changes and writes, and tries again when another writer got in first


@pytest.fixture
def waits() -> list[float]:
    """What the repository waited between tries, instead of waiting."""
    return []


@pytest.fixture
def repository(resources: dict[str, str], settings: Settings, waits: list[float]) -> InterviewRepository:
    repository = InterviewRepository(table=aws.table(settings.interviews_table), sleep=waits.append)
    repository.add(interview("int_1"))
    return repository


def write_meanwhile(repository: InterviewRepository, **fields: Any) -> None:
    """Another writer's change, landing between a read and its write."""
    current = repository.get("int_1")
    assert current is not None
    repository.replace(dataclasses.replace(current, **fields), expected_revision=current.revision)


def confirm(current: Interview) -> Interview:
    return dataclasses.replace(current, status=InterviewStatus.CONFIRMED)


def confirmed(interview_id: str, **fields: Any) -> Interview:
    return dataclasses.replace(interview(interview_id), **{"status": InterviewStatus.CONFIRMED, **fields})


def status_of(repository: InterviewRepository) -> InterviewStatus:
    stored = repository.get("int_1")
    assert stored is not None
    return stored.status


def test_update_writes_the_changed_interview_and_raises_its_revision(repository: InterviewRepository) -> None:
    stored, written = repository.update("int_1", confirm)

    assert written
    assert stored == repository.get("int_1") == confirmed("int_1", revision=2)


def test_update_applies_the_change_again_to_what_another_writer_left(
    repository: InterviewRepository, waits: list[float]
) -> None:
    seen: list[str | None] = []

    def confirm_once(current: Interview) -> Interview:
        seen.append(current.intent)
        if len(seen) == 1:
            write_meanwhile(repository, intent=Intent.HIGH)
        return confirm(current)

    stored, written = repository.update("int_1", confirm_once)

    assert seen == [None, "high"]
    assert written
    assert repository.get("int_1") == stored == confirmed("int_1", intent=Intent.HIGH, revision=3)
    # The other writer is done by then: the first retry follows at once.
    assert waits == []


def test_update_gives_up_with_a_conflict_when_another_writer_wins_every_try(
    repository: InterviewRepository, waits: list[float]
) -> None:
    tries = 0

    def confirm_late(current: Interview) -> Interview:
        nonlocal tries
        tries += 1
        write_meanwhile(repository, updated_at=f"other writer {tries}")
        return confirm(current)

    with pytest.raises(InterviewKeepsChanging) as raised:
        repository.update("int_1", confirm_late)

    assert isinstance(raised.value, Conflict) and raised.value.status == 409
    assert tries == store.UPDATE_ATTEMPTS
    assert status_of(repository) == InterviewStatus.SCHEDULED
    # Later tries wait a random 50-100 % of a doubling pause, so colliding writers drift apart.
    assert len(waits) == store.UPDATE_ATTEMPTS - 2
    for n, wait in enumerate(waits):
        assert 0.5 * store.UPDATE_BACKOFF_SECONDS * 2**n <= wait <= store.UPDATE_BACKOFF_SECONDS * 2**n


def test_update_writes_nothing_when_the_change_has_nothing_to_change(repository: InterviewRepository) -> None:
    nothing_changed: list[Callable[[Interview], Interview | None]] = [
        lambda current: None,
        lambda current: current,
        lambda current: dataclasses.replace(current),
    ]
    for nothing in nothing_changed:
        stored, written = repository.update("int_1", nothing)

        assert (stored, written) == (interview("int_1"), False)
    stored = repository.get("int_1")
    assert stored is not None and stored.revision == 1


def test_update_of_an_unknown_interview_asks_no_change(repository: InterviewRepository) -> None:
    asked: list[Interview] = []

    def ask(current: Interview) -> None:
        asked.append(current)

    assert repository.update("int_nobody", ask) == (None, False)
    assert asked == []


def test_a_change_that_refuses_ends_the_update_without_a_write(repository: InterviewRepository) -> None:
    def refuse(current: Interview) -> Interview:
        raise Conflict("The interview is cancelled")

    with pytest.raises(Conflict, match="cancelled"):
        repository.update("int_1", refuse)
    assert repository.get("int_1") == interview("int_1")


# Positions


def test_positions_list_newest_first_up_to_the_limit(resources: dict[str, str]) -> None:
    repository = deps.positions()
    for day in (1, 3, 2):
        repository.add(position(position_id=f"pos_{day}", title=f"Role {day}", created_at=f"2026-11-0{day}T00:00:00Z"))

    assert [p.position_id for p in repository.list()] == ["pos_3", "pos_2", "pos_1"]
    assert [p.position_id for p in repository.list(limit=2)] == ["pos_3", "pos_2"]


def test_positions_are_stored_in_the_item_shape_and_read_back_whole(
    resources: dict[str, str], settings: Settings
) -> None:
    repository = deps.positions()
    opening = position(salary_min=15000)
    repository.add(opening)

    raw = aws.table(settings.positions_table).get_item(Key={"position_id": "pos_1"})["Item"]
    assert raw == {
        **to_item(plain(opening)),
        "record_type": "position",
        "created_key": "2026-11-01T00:00:00Z#pos_1",
    }
    assert repository.get("pos_1") == opening
    assert repository.list() == [opening]
    assert repository.get("pos_unknown") is None


def test_position_ids_are_never_overwritten(resources: dict[str, str]) -> None:
    repository = deps.positions()
    repository.add(position(title="First"))

    with pytest.raises(ClientError, match="ConditionalCheckFailed"):
        repository.add(position(title="Second", created_at="2026-11-02T00:00:00Z"))


# Statistics


def test_counters_add_up_and_a_negative_count_moves_one_away(resources: dict[str, str]) -> None:
    stats = deps.stats()

    stats.add("day#2026-12-03", {"scheduled": 2, "no_show": 1})
    # HR corrects an outcome: the no-show was in fact attended.
    stats.add("day#2026-12-03", {"no_show": -1, "attended": 1})

    assert stats.get("day#2026-12-03") == {"scheduled": 2, "no_show": 0, "attended": 1}


def test_counter_names_may_be_dynamodb_reserved_words(resources: dict[str, str]) -> None:
    stats = deps.stats()

    stats.add("month#2026-12", {"count": 1, "status": 2, "year": 3})

    assert stats.get("month#2026-12") == {"count": 1, "status": 2, "year": 3}


def test_counters_of_different_scopes_and_periods_stay_apart(resources: dict[str, str]) -> None:
    stats = deps.stats()

    stats.add("week#2026-W49", {"scheduled": 1})
    stats.add("week#2026-W49", {"scheduled": 5}, scope="pos_1")
    stats.add("week#2026-W50", {"scheduled": 7})

    assert stats.get("week#2026-W49") == {"scheduled": 1}
    assert stats.get("week#2026-W49", scope="pos_1") == {"scheduled": 5}
    assert stats.get("week#2026-W48") == {}


def test_all_counters_of_one_event_change_in_a_single_atomic_add() -> None:
    table = RecordingTable()

    StatsRepository(table=table).add("day#2026-12-03", {"no_show": -1, "attended": 1})

    ((operation, call),) = table.calls
    assert operation == "update_item"
    assert call["Key"] == {"period_key": "day#2026-12-03", "scope": "all"}
    assert call["UpdateExpression"].startswith("ADD ")
    assert sorted(call["ExpressionAttributeNames"].values()) == ["attended", "no_show"]
    assert sorted(call["ExpressionAttributeValues"].values()) == [-1, 1]


def test_adding_no_counts_writes_nothing() -> None:
    table = RecordingTable()

    StatsRepository(table=table).add("day#2026-12-03", {})

    assert table.calls == []


# Ledger


def test_ledger_claim_succeeds_once_then_refuses(resources: dict[str, str]) -> None:
    ledger = deps.ledger()

    assert ledger.claim("reminder#int_1", now_epoch=1_796_000_000, ttl_seconds=3600) is True
    assert ledger.claim("reminder#int_1", now_epoch=1_796_000_100, ttl_seconds=3600) is False


def test_ledger_release_lets_a_retry_claim_again(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    ledger.claim("notice#int_1#1", now_epoch=1_796_000_000, ttl_seconds=3600)

    ledger.release("notice#int_1#1")

    assert ledger.get("notice#int_1#1") is None
    assert ledger.claim("notice#int_1#1", now_epoch=1_796_000_100, ttl_seconds=3600) is True


def test_ledger_claim_records_when_it_expires_and_its_detail(resources: dict[str, str]) -> None:
    ledger = deps.ledger()

    ledger.claim("notice#int_1#1", now_epoch=1_796_000_000, ttl_seconds=86_400, detail={"message_id": "m-1"})

    assert ledger.get("notice#int_1#1") == {
        "ledger_key": "notice#int_1#1",
        "claimed_at": 1_796_000_000,
        "expires_at": 1_796_086_400,
        "message_id": "m-1",
    }


def test_claims_on_different_keys_do_not_interfere(resources: dict[str, str]) -> None:
    ledger = deps.ledger()

    assert ledger.claim("notice#int_1#1", now_epoch=0, ttl_seconds=60)
    assert ledger.claim("notice#int_1#2", now_epoch=0, ttl_seconds=60)


def test_ledger_passes_on_failures_other_than_an_existing_claim() -> None:
    ledger = Ledger(table=RecordingTable(error=client_error("InternalServerError")))

    with pytest.raises(ClientError, match="InternalServerError"):
        ledger.claim("notice#int_1#1", now_epoch=0, ttl_seconds=60)


def test_once_runs_an_effect_a_single_time(resources: dict[str, str]) -> None:
    from datetime import UTC, datetime

    ledger, runs = deps.ledger(), []
    now = datetime(2026, 11, 27, tzinfo=UTC)
    assert ledger.once("effect#1", lambda: runs.append(1) or "done", now=now, ttl_seconds=60) == (True, "done")
    assert ledger.once("effect#1", lambda: runs.append(2) or "again", now=now, ttl_seconds=60) == (False, None)
    assert runs == [1]


def test_once_gives_the_claim_back_when_the_effect_fails(resources: dict[str, str]) -> None:
    from datetime import UTC, datetime

    ledger = deps.ledger()
    now = datetime(2026, 11, 27, tzinfo=UTC)

    def fail() -> None:
        raise RuntimeError("SES is down")

    with pytest.raises(RuntimeError):
        ledger.once("effect#2", fail, now=now, ttl_seconds=60)
    assert ledger.once("effect#2", lambda: "sent", now=now, ttl_seconds=60) == (True, "sent")


# An interview item as the dict-based code wrote it: every optional part present, numbers as Decimals.
LEGACY_ITEM: dict[str, Any] = {
    "position_id": "pos_1",
    "candidate": {
        "name": "Zhang San",
        "email": "zhang.san@example.com",
        "phone": "+8613800138000",
        "expected_salary": Decimal(16000),
        "skills": ["typescript"],
        "language": "zh-CN",
    },
    "starts_at": "2026-12-03T14:30",
    "timezone": "Asia/Shanghai",
    "duration_minutes": Decimal(60),
    "address": "88 Century Avenue, Floor 12",
    "city": "Shanghai",
    "latitude": Decimal("31.2304"),
    "longitude": Decimal("121.4737"),
    "transit": "Metro line 2 to Lujiazui, exit 6",
    "contact": {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"},
    "channels": ["email", "sms"],
    "interview_id": "int_1",
    "candidate_key": "4d5c",
    "position_title": "Front-end Engineer",
    "company": "Acme Robotics",
    "status": "no_show",
    "mode": "notification",
    "mode_reason": "many resumes on hand (40) for a mid role",
    "version": Decimal(2),
    "revision": Decimal(9),
    "warnings": [{"code": "low_match", "message": "Match score 55 is below 60"}],
    "accepted_warnings": ["low_match"],
    "notice": {
        "status": "delivered",
        "held_for": [],
        "sequence": Decimal(2),
        "sent_at": "2026-11-27T01:02:00Z",
        "transient_bounces": Decimal(1),
    },
    "created_at": "2026-11-27T01:00:00Z",
    "starts_at_utc": "2026-12-03T06:30:00Z",
    "local_date": "2026-12-03",
    "expires_at": Decimal(1780468200),
    "updated_at": "2026-12-03T08:00:00Z",
    "candidate_response": {"action": "confirm", "reason": "", "at": "2026-11-27T05:00:00Z"},
    "calls": [
        {"at": "2026-11-28T02:00:00Z", "reached": False, "by": "hr-desk"},
        {"at": "2026-11-28T06:00:00Z", "reached": True, "intent": "low", "notes": "busy"},
    ],
    "intent": "low",
    "at_risk": True,
    "at_risk_prompt": "Intent sounded low: confirm attendance directly and ask whether they will come.",
    "match": {"score": Decimal(55), "reasons": ["salary: asks 16,000"], "salary_gap": Decimal(0), "warnings": []},
    "weather": {
        "risk": "unknown",
        "date": "2026-12-03",
        "checked_at": "2026-12-02T23:00:00Z",
        "latitude": Decimal("31.23"),
        "longitude": Decimal("121.47"),
        "last_known": "caution",
    },
    "weather_alert": False,
    "reminded_at": "2026-12-02T02:00:00Z",
    "advisory_failed_at": "2026-12-02T03:00:00Z",
    "email_complained": True,
    "outcome": {"outcome": "no_show", "at": "2026-12-03T08:00:00Z", "reason": "better_offer", "answer": "confirmed"},
    "risk_at_outcome": "high",
    "start_key": "2026-12-03T06:30:00Z#int_1",
}


def test_an_item_written_before_records_loads_and_is_written_back_unchanged(
    resources: dict[str, str], settings: Settings
) -> None:
    table = aws.table(settings.interviews_table)
    table.put_item(Item=LEGACY_ITEM)
    repository = deps.interviews()

    loaded = repository.get("int_1")
    assert loaded is not None and loaded.outcome is not None and loaded.weather is not None
    assert (loaded.status, loaded.outcome.reason, loaded.weather.last_known) == ("no_show", "better_offer", "caution")
    stored, written = repository.update("int_1", lambda current: dataclasses.replace(current, at_risk=False))

    assert written and stored is not None
    # The write adds the phone's index key, derived like start_key: older items join by_phone as they change.
    expected = {**LEGACY_ITEM, "at_risk": False, "revision": Decimal(10), "phone_key": phone_key("+8613800138000")}
    assert table.get_item(Key={"interview_id": "int_1"})["Item"] == expected
