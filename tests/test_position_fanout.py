"""A corrected position reaches its upcoming interviews from the positions table's stream: the request
writes the position alone, and each candidate already told gets exactly one update, even when a batch
is handed over twice or the consumer dies half-way through the interviews."""

from __future__ import annotations

import dataclasses
import email
from dataclasses import dataclass
from typing import Any

import pytest

from chalicelib import aws
from chalicelib.services.scheduling.position_fanout import corrected
from chalicelib.settings import Settings
from tests.support import Override
from tests.support.api import Api, body_of, book_interview, create_position
from tests.support.aws import drain_outbox, dynamodb_calls, send_outbox, sent_mail, store_snapshot
from tests.support.builders import position
from tests.support.clock import at
from tests.support.events import deliver
from tests.support.faults import WRITES, Killed, killed_at_write
from tests.support.stream import POSITIONS, drain_stream, hand_over, stream_batch

# Sunday 29 November 2026, 09:00 in Shanghai: HR corrects the position.
EDITED_AT = at("2026-11-29T09:00")
NEW_LOCATION = "Zhangjiang Hi-Tech Park, Building 5, Shanghai"
TOLD = ("zhang.san@example.com", "alice.chen@example.com", "li.si@example.com", "wang.wu@example.com")
# Four candidates told of their interview, then one whose interview is cancelled.
BOOKINGS = [
    *zip(TOLD, ("2026-12-03T14:30", "2026-12-03T16:00", "2026-12-04T10:00", "2026-12-04T15:00"), strict=True),
    ("zhou.qi@example.com", "2026-12-05T10:00"),
]


@dataclass(frozen=True)
class Booked:
    """A position with four upcoming interviews whose candidates have their notice, one whose notice
    is still on the outbox, and one cancelled."""

    position_id: str
    told: dict[str, str]
    not_told_yet: str
    cancelled: str


@pytest.fixture
def booked(api: Api, resources: dict[str, str], override: Override) -> Booked:
    position_id = create_position(api)["position_id"]
    ids = [book_interview(api, position_id, start, address) for address, start in BOOKINGS]
    send_outbox(resources)
    *told, cancelled = ids
    api.post(f"/interviews/{cancelled}/cancel")
    override(now=lambda: EDITED_AT)
    not_told_yet = book_interview(api, position_id, "2026-12-06T10:00", "zhao.liu@example.com")
    # Each test starts from an empty outbox: the cancellation and the last booking's notice are not news.
    drain_outbox(resources)
    return Booked(position_id, dict(zip(TOLD, told, strict=True)), not_told_yet, cancelled)


def interview_of(api: Api, interview_id: str) -> dict[str, Any]:
    found: dict[str, Any] = body_of(api.get(f"/interviews/{interview_id}"))
    return found


def updates_queued(messages: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted((m["interview_id"], m["sequence"]) for m in messages if m["kind"] == "update")


def mails_to(address: str) -> int:
    return sum(1 for mail in sent_mail() if email.message_from_string(mail.raw_data)["To"] == address)


def correct_location(api: Api, booked: Booked) -> None:
    response = api.patch(f"/positions/{booked.position_id}", {"revision": 1, "work_location": NEW_LOCATION})
    assert response.status_code == 200, response.body


def corrected_batch(api: Api, booked: Booked) -> dict[str, Any]:
    """The position's correction as its stream's consumer gets it, not handed over yet."""
    correct_location(api, booked)
    batch = stream_batch(POSITIONS)
    assert len(batch["Records"]) == 1
    return batch


# ---------- The request writes the position alone ----------


def test_the_request_writes_the_position_alone_and_the_stream_finds_the_interviews_through_the_index(
    api: Api, settings: Settings, resources: dict[str, str], booked: Booked
) -> None:
    before = store_snapshot(settings, resources)

    with dynamodb_calls(settings) as request:
        correct_location(api, booked)
    saved = store_snapshot(settings, resources)
    with dynamodb_calls(settings) as fanout:
        drain_stream()

    assert [operation for operation, _ in request if operation in WRITES] == ["PutItem"]
    assert all(operation != "Query" for operation, _ in request)
    assert [name for name in before if saved[name] != before[name]] == ["positions_table"]
    assert ("Query", "by_position") in fanout
    assert all(operation != "Scan" for operation, _ in request + fanout)


# ---------- Every upcoming told interview, once ----------


def test_each_upcoming_candidate_already_told_gets_one_update_once_the_stream_is_read(
    api: Api, resources: dict[str, str], booked: Booked
) -> None:
    correct_location(api, booked)

    messages = drain_outbox(resources)

    assert updates_queued(messages) == sorted((interview_id, 2) for interview_id in booked.told.values())
    for interview_id in booked.told.values():
        interview = interview_of(api, interview_id)
        assert (interview["notice"]["changed"], interview["position_revision"]) == (["work_location"], 2)
    # Its first notice, still to go, states the new location itself; it only records that it has it.
    not_told = interview_of(api, booked.not_told_yet)
    assert (not_told["notice"]["kind"], not_told["position_revision"]) == ("notice", 2)
    assert interview_of(api, booked.cancelled)["position_revision"] == 1


def test_a_batch_handed_over_twice_tells_each_candidate_once(
    api: Api, resources: dict[str, str], booked: Booked
) -> None:
    batch = corrected_batch(api, booked)

    first = hand_over(batch, POSITIONS)
    again = hand_over(batch, POSITIONS)
    for message in drain_outbox(resources):
        deliver(api, message)

    assert (first["corrections"], first["interviews"]) == (1, 5)
    assert (again["corrections"], again["interviews"]) == (1, 0)
    # The notice, then one update each.
    assert [mails_to(address) for address in TOLD] == [2, 2, 2, 2]


def test_a_consumer_killed_half_way_tells_the_rest_once_when_handed_over_again(
    api: Api, settings: Settings, resources: dict[str, str], booked: Booked
) -> None:
    batch = corrected_batch(api, booked)

    with killed_at_write(aws.table(settings.interviews_table), at=3), pytest.raises(Killed):
        hand_over(batch, POSITIONS)
    half = updates_queued(drain_outbox(resources))
    handed_over = hand_over(batch, POSITIONS)
    rest = updates_queued(drain_outbox(resources))
    sequences = [interview_of(api, interview_id)["notice"]["sequence"] for interview_id in booked.told.values()]

    told = sorted(booked.told.values())
    assert [interview_id for interview_id, _ in half] == sorted(list(booked.told.values())[:2])
    assert handed_over["interviews"] == 3
    assert sorted(half + rest) == [(interview_id, 2) for interview_id in told]
    assert sequences == [2, 2, 2, 2]


def test_two_corrections_before_the_first_update_went_out_reach_each_candidate_as_one_email(
    api: Api, resources: dict[str, str], booked: Booked
) -> None:
    correct_location(api, booked)
    first = drain_outbox(resources)
    raised = api.patch(f"/positions/{booked.position_id}", {"revision": 2, "salary_min": 16000, "salary_max": 23000})
    assert raised.status_code == 200, raised.body

    for message in first + drain_outbox(resources):
        deliver(api, message)

    assert [mails_to(address) for address in TOLD] == [2, 2, 2, 2]
    changed = interview_of(api, booked.told[TOLD[0]])["notice"]["changed"]
    assert changed == ["work_location", "salary"]


# ---------- What candidates never read reaches no interview ----------


def test_a_correction_candidates_do_not_read_and_closing_write_no_interview_and_queue_nothing(
    api: Api, settings: Settings, resources: dict[str, str], booked: Booked
) -> None:
    before = store_snapshot(settings, resources)

    api.patch(f"/positions/{booked.position_id}", {"revision": 1, "notes": "Prefers a January start"})
    api.post(f"/positions/{booked.position_id}/close")
    api.post(f"/positions/{booked.position_id}/reopen")
    drain_stream()

    after = store_snapshot(settings, resources)
    assert (after["interviews_table"], after["timeline_table"]) == (
        before["interviews_table"],
        before["timeline_table"],
    )
    assert drain_outbox(resources) == []


def test_closing_reopening_or_signing_is_no_correction_of_the_job() -> None:
    job = position(revision=2)

    assert not corrected(job, dataclasses.replace(job, revision=3, closed_at="2026-11-29T01:00:00Z"))
    assert not corrected(job, dataclasses.replace(job, revision=3, updated_by="hr-desk", updated_at="2026-11-29"))
    assert corrected(job, dataclasses.replace(job, revision=3, notes="Prefers a January start"))
    assert corrected(job, dataclasses.replace(job, revision=3, work_location=NEW_LOCATION))
