"""The interviews table: records by id, written with optimistic locking on ``revision``, and read
through its two indexes (``by_local_date``: a day's interviews; ``by_candidate``: one person's)."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.errors import TryAgain
from chalicelib.services.common.records import Interview
from chalicelib.store.codec import (
    call_from,
    candidate_from,
    contact_from,
    from_item,
    match_from,
    notice_from,
    number,
    optional_member,
    outcome_from,
    plain,
    response_from,
    to_item,
    warning_from,
    weather_from,
)
from chalicelib.store.pages import items
from chalicelib.vocabulary import Channel, Intent, InterviewStatus, NoticeMode, WarningCode

BY_LOCAL_DATE = "by_local_date"
BY_CANDIDATE = "by_candidate"
# ``update`` reads, changes and writes this often before it gives up: two writers rarely collide
# twice in a row, so a fifth collision means the interview is being changed faster than we can.
UPDATE_ATTEMPTS = 5
# The first retry follows at once (the other writer is done); later ones wait a random 50-100 %
# of this, doubling each time, so writers that keep colliding drift apart.
UPDATE_BACKOFF_SECONDS = 0.02


class StaleInterview(Exception):
    """The interview changed since it was read (optimistic locking on ``revision``).

    ``revision`` counts every write; ``version`` counts what the candidate was told
    (reschedule and cancel raise it and so retire older candidate links)."""


class InterviewKeepsChanging(TryAgain):
    """Someone else wrote the interview first (on every one of ``update``'s tries): a 409 that asks HR
    to reload and try again."""

    def __init__(self, interview_id: str) -> None:
        super().__init__("The interview changed meanwhile; reload it and try again")
        self.interview_id = interview_id


# change(interview) -> the interview as it should be stored, or None when there is nothing to write.
Change = Callable[[Interview], Interview | None]


class InterviewRepository:
    """Interviews, one item each. A write is that item alone: what follows from it (notices to queue,
    statistics counters, metrics) is read from the table's stream (``events/changes.py``)."""

    # How retries wait (None: time.sleep); a class default, so subclasses need not call __init__.
    _sleep: Callable[[float], None] | None = None

    def __init__(self, *, table: Any, sleep: Callable[[float], None] | None = None) -> None:
        self._table = table
        self._sleep = sleep

    def add(self, interview: Interview) -> None:
        self._table.put_item(Item=_item(interview), ConditionExpression="attribute_not_exists(interview_id)")

    def get(self, interview_id: str) -> Interview | None:
        item = self._table.get_item(Key={"interview_id": interview_id}).get("Item")
        return _record(item) if item else None

    def update(self, interview_id: str, change: Change) -> tuple[Interview | None, bool]:
        """Read the interview, apply ``change`` and write the result unless someone wrote first;
        then read and apply again, up to ``UPDATE_ATTEMPTS`` times (:class:`InterviewKeepsChanging`).

        ``change`` gets the current record on each try (it may raise to refuse) and returns the
        record to store, or None or an equal record for "nothing to write". Returns the interview
        as stored and whether this call wrote it; ``(None, False)`` when there is no such interview."""
        for attempt in range(UPDATE_ATTEMPTS):
            if attempt > 1:
                self._wait(random.uniform(0.5, 1.0) * UPDATE_BACKOFF_SECONDS * 2 ** (attempt - 2))
            current = self.get(interview_id)
            if current is None:
                return None, False
            changed = change(current)
            if changed is None or changed == current:
                return current, False
            try:
                stored = self.replace(changed, expected_revision=current.revision)
            except StaleInterview:
                continue
            return stored, True
        raise InterviewKeepsChanging(interview_id)

    def replace(self, interview: Interview, *, expected_revision: int) -> Interview:
        """Write ``interview`` back only if nobody else changed it since ``expected_revision``; returns
        it as stored (its revision raised)."""
        stored = dataclasses.replace(interview, revision=expected_revision + 1)
        try:
            self._table.put_item(
                Item=_item(stored),
                ConditionExpression="revision = :expected",
                ExpressionAttributeValues={":expected": expected_revision},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise StaleInterview(interview.interview_id) from None
            raise
        return stored

    def _wait(self, seconds: float) -> None:
        (self._sleep or time.sleep)(seconds)

    def on_local_date(self, local_date: str) -> Iterator[Interview]:
        """Every interview held on ``local_date`` (YYYY-MM-DD, local time), earliest first."""
        found = items(
            self._table.query, IndexName=BY_LOCAL_DATE, KeyConditionExpression=Key("local_date").eq(local_date)
        )
        return (_record(item) for item in found)


@dataclass(frozen=True)
class DateWindow:
    """Interviews held on ``local_date`` that start in [``start_from``, ``start_before``) UTC."""

    local_date: str
    start_from: datetime
    start_before: datetime


class InterviewWindows:
    """Reads the ``by_local_date`` index one local date at a time, narrowed by UTC start (never a Scan)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def starting_between(self, window: DateWindow) -> Iterator[Interview]:
        # start_key is "<starts_at_utc>#<interview_id>" with fixed-width UTC times, so string order
        # is time order and a bare timestamp sorts before every key that starts at that second.
        condition = Key("local_date").eq(window.local_date) & Key("start_key").between(
            _utc(window.start_from), _utc(window.start_before)
        )
        found = items(self._table.query, IndexName=BY_LOCAL_DATE, KeyConditionExpression=condition)
        return (_record(item) for item in found)


class CandidateIndex:
    """Reads the ``by_candidate`` index (keys only: each interview is read fresh before it is rewritten)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def interview_ids(self, key: str) -> Iterator[str]:
        """The ids of every interview whose ``candidate_key`` is ``key``."""
        found = items(self._table.query, IndexName=BY_CANDIDATE, KeyConditionExpression=Key("candidate_key").eq(key))
        return (str(item["interview_id"]) for item in found)


def _utc(moment: datetime) -> str:
    """The fixed-width form ``starts_at_utc`` is stored in."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(interview: Interview) -> dict[str, Any]:
    item: dict[str, Any] = to_item(plain(interview))
    item["start_key"] = f"{interview.starts_at_utc}#{interview.interview_id}"
    return item


def _record(item: Mapping[str, Any]) -> Interview:
    return interview_from(from_item(item))


def interview_from(data: Mapping[str, Any]) -> Interview:
    """The interview an item (or the API's JSON of one) holds; attributes ShowUp does not know are
    left out (``start_key`` is the index's, rebuilt on every write)."""
    return Interview(
        interview_id=data["interview_id"],
        position_id=data["position_id"],
        candidate=candidate_from(data["candidate"]),
        starts_at=data["starts_at"],
        timezone=data["timezone"],
        duration_minutes=int(data.get("duration_minutes", 60)),
        address=data["address"],
        city=data["city"],
        latitude=number(data.get("latitude")),
        longitude=number(data.get("longitude")),
        transit=data.get("transit"),
        what_to_bring=data.get("what_to_bring"),
        contact=contact_from(data.get("contact")),
        channels=tuple(Channel(channel) for channel in data.get("channels") or (Channel.EMAIL,)),
        candidate_key=data.get("candidate_key"),
        position_title=data["position_title"],
        company=data["company"],
        status=InterviewStatus(data["status"]),
        mode=NoticeMode(data["mode"]),
        mode_reason=data["mode_reason"],
        version=int(data.get("version", 1)),
        revision=int(data.get("revision", 1)),
        warnings=tuple(warning_from(warning) for warning in data.get("warnings") or ()),
        accepted_warnings=tuple(WarningCode(code) for code in data.get("accepted_warnings") or ()),
        notice=notice_from(data["notice"]),
        created_at=data["created_at"],
        starts_at_utc=data["starts_at_utc"],
        local_date=data["local_date"],
        expires_at=int(data["expires_at"]),
        updated_at=data.get("updated_at"),
        candidate_response=response_from(data.get("candidate_response")),
        calls=tuple(call_from(call) for call in data.get("calls") or ()),
        intent=optional_member(Intent, data.get("intent")),
        at_risk=data.get("at_risk"),
        at_risk_prompt=data.get("at_risk_prompt"),
        match=match_from(data.get("match")),
        weather=weather_from(data.get("weather")),
        weather_alert=data.get("weather_alert"),
        reminded_at=data.get("reminded_at"),
        reminder_failed_at=data.get("reminder_failed_at"),
        advisory_failed_at=data.get("advisory_failed_at"),
        email_bounced=bool(data.get("email_bounced")),
        email_complained=bool(data.get("email_complained")),
        outcome=outcome_from(data.get("outcome")),
        risk_at_outcome=data.get("risk_at_outcome"),
        erased_at=data.get("erased_at"),
    )


def image_record(image: Mapping[str, Any]) -> Interview:
    """The interview a stream record's image holds (DynamoDB's typed JSON, as the stream sends it)."""
    from boto3.dynamodb.types import TypeDeserializer

    deserialize = TypeDeserializer().deserialize
    return _record({name: deserialize(value) for name, value in image.items()})
