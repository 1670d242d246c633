"""The interviews table: records by id, written with optimistic locking on ``revision``, and read
through its indexes (``by_local_date``: a day's interviews; ``by_candidate`` and ``by_phone``: one
person's, by email or by phone; ``by_position``: one position's, by start; ``by_attention``: those
with inbox items open, sparse)."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.errors import TryAgain
from chalicelib.services.common.candidate_keys import phone_key
from chalicelib.store import actor
from chalicelib.store.codec import from_image, from_item, plain, to_item
from chalicelib.store.pages import items

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview
    from chalicelib.services.common.timeline import Event
    from chalicelib.store.timeline import TimelineTable

BY_LOCAL_DATE = "by_local_date"
BY_CANDIDATE = "by_candidate"
BY_POSITION = "by_position"
BY_PHONE = "by_phone"
BY_ATTENTION = "by_attention"
# The ``attention`` attribute's one value: only items that have it are in the sparse index.
ATTENTION = "open"
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


class InterviewExists(Exception):
    """An interview with that id is stored already: a new one under a chosen id (an import's row) was
    written before, by this run or an earlier try of it."""


class AlsoRefused(Exception):
    """An item written with the interview (``replace``'s ``also``) was refused: nothing was written."""

    def __init__(self, refused: frozenset[int]) -> None:
        super().__init__(f"items {sorted(refused)} of the transaction were refused")
        self.refused = refused


# change(interview) -> the interview as it should be stored, or None when there is nothing to write.
Change = Callable[["Interview"], "Interview | None"]


class InterviewRepository:
    """Interviews, one item each. A write is that item, and in the same transaction the timeline's
    events it records (``services/common/timeline.py``): what else follows from it (notices to queue,
    statistics counters, metrics) is read from the table's stream (``events/changes.py``)."""

    # How retries wait (None: time.sleep); class defaults, so subclasses need not call __init__.
    _sleep: Callable[[float], None] | None = None
    _timeline: TimelineTable | None = None
    _clock: Callable[[], datetime] | None = None

    def __init__(
        self,
        *,
        table: Any,
        timeline: TimelineTable | None = None,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self._table = table
        self._timeline = timeline
        self._clock = clock
        self._sleep = sleep

    def add(self, interview: Interview, *, also: Sequence[dict[str, Any]] = ()) -> Interview:
        """Store a new interview; returns it as stored (signed by whoever is acting). An interview
        with its id already stored is refused (:class:`InterviewExists`); ``also`` as for ``replace``
        (a slot's seat), one refused raising :class:`AlsoRefused`."""
        stored = actor.signed(interview, new=True)
        self._write(None, stored, "attribute_not_exists(interview_id)", {}, also)
        return stored

    def get(self, interview_id: str) -> Interview | None:
        return self._read(interview_id)

    def _read(self, interview_id: str) -> Interview | None:
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
                stored = self.replace(changed, expected_revision=current.revision, before=current)
            except StaleInterview:
                continue
            return stored, True
        raise InterviewKeepsChanging(interview_id)

    def replace(
        self,
        interview: Interview,
        *,
        expected_revision: int,
        before: Interview | None = None,
        also: Sequence[dict[str, Any]] = (),
    ) -> Interview:
        """Write ``interview`` back only if nobody else changed it since ``expected_revision``; returns
        it as stored (its revision raised). ``before`` is the record as read at that revision (read
        again when not given): the timeline's events are what changed from it. ``also``: items of other
        tables written in the same transaction (a slot's seat); one refused raises :class:`AlsoRefused`."""
        if self._timeline is not None and (before is None or before.revision != expected_revision):
            before = self._read(interview.interview_id)
            if before is None or before.revision != expected_revision:
                raise StaleInterview(interview.interview_id)
        stored = actor.signed(dataclasses.replace(interview, revision=expected_revision + 1))
        self._write(before, stored, "revision = :expected", {":expected": expected_revision}, also)
        return stored

    def _write(
        self,
        before: Interview | None,
        stored: Interview,
        condition: str,
        values: dict[str, Any],
        also: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Put ``stored`` under ``condition``, with the events it records in the same transaction."""
        item = _item(stored)
        events = self._events(before, stored)
        try:
            if not also and (not events or self._timeline is None):
                extra = {"ExpressionAttributeValues": values} if values else {}
                self._table.put_item(Item=item, ConditionExpression=condition, **extra)
            else:
                self._transact(item, condition, values, events, stored, also)
        except ClientError as exc:
            refused = _refused_items(exc, len(also))
            if refused:
                raise AlsoRefused(refused) from None
            if before is None and _lost_race(exc):
                # A fresh id never clashes; a chosen one (an import's row) clashes when written before.
                raise InterviewExists(stored.interview_id) from None
            if before is not None and _lost_race(exc):
                raise StaleInterview(stored.interview_id) from None
            raise

    def _events(self, before: Interview | None, stored: Interview) -> list[Event]:
        if self._timeline is None:
            return []
        from chalicelib.services.common.timeline import events_between

        who = actor.who()
        # The write's own moment when it says one (``touched``), else the clock's.
        if stored.updated_at and (before is None or stored.updated_at != before.updated_at):
            at = stored.updated_at
        elif before is None:
            at = stored.created_at
        else:
            at = _utc((self._clock or _utc_now)())
        return events_between(before, stored, actor=who.kind, by=who.name, at=at)

    def _transact(
        self,
        item: dict[str, Any],
        condition: str,
        values: dict[str, Any],
        events: list[Event],
        stored: Interview,
        also: Sequence[dict[str, Any]],
    ) -> None:
        # The resource's client takes plain values, as the table does (it types them itself).
        put: dict[str, Any] = {"TableName": self._table.name, "Item": item, "ConditionExpression": condition}
        if values:
            put["ExpressionAttributeValues"] = values
        written: list[dict[str, Any]] = [{"Put": put}]
        if events and self._timeline is not None:
            row = self._timeline.item_for(stored.interview_id, stored.revision, events, expires_at=stored.expires_at)
            written.append({"Put": {"TableName": self._timeline.name, "Item": row}})
        # ``also`` goes last: its refusals are found by their place after the interview's own items.
        self._table.meta.client.transact_write_items(TransactItems=[*written, *also])

    def timeline(self, interview_id: str) -> list[dict[str, Any]]:
        """The interview's timeline as stored, oldest first (empty without a timeline table)."""
        return list(self._timeline.events(interview_id)) if self._timeline is not None else []

    def erase_timeline(self, interview_id: str) -> None:
        """Drop the candidate's personal data from the interview's timeline (its events stay)."""
        if self._timeline is not None:
            self._timeline.erase_personal(interview_id)

    def _wait(self, seconds: float) -> None:
        (self._sleep or time.sleep)(seconds)

    def on_local_date(self, local_date: str) -> Iterator[Interview]:
        """Every interview held on ``local_date`` (YYYY-MM-DD, local time), earliest first."""
        found = items(
            self._table.query, IndexName=BY_LOCAL_DATE, KeyConditionExpression=Key("local_date").eq(local_date)
        )
        return (_record(item) for item in found)

    def needing_attention(self) -> Iterator[Interview]:
        """Every interview whose record alone has an open inbox item (``followup.inbox``), by start."""
        found = items(self._table.query, IndexName=BY_ATTENTION, KeyConditionExpression=Key("attention").eq(ATTENTION))
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
    """Reads the ``by_candidate`` and ``by_phone`` indexes (keys only: whoever reads them reads each
    interview fresh, since an index may still list one whose candidate changed)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def interview_ids(self, key: str) -> Iterator[str]:
        """The ids of every interview whose ``candidate_key`` is ``key``."""
        return self._ids(BY_CANDIDATE, "candidate_key", key)

    def interview_ids_by_phone(self, key: str) -> Iterator[str]:
        """The ids of every interview whose ``phone_key`` is ``key``."""
        return self._ids(BY_PHONE, "phone_key", key)

    def _ids(self, index: str, attribute: str, key: str) -> Iterator[str]:
        found = items(self._table.query, IndexName=index, KeyConditionExpression=Key(attribute).eq(key))
        return (str(item["interview_id"]) for item in found)


class PositionIndex:
    """Reads the ``by_position`` index (keys only: each interview is read fresh before it is rewritten)."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def starting_after(self, position_id: str, moment: datetime) -> Iterator[str]:
        """The ids of the position's interviews that start after ``moment``, earliest first."""
        condition = Key("position_id").eq(position_id) & Key("start_key").gt(_utc(moment))
        found = items(self._table.query, IndexName=BY_POSITION, KeyConditionExpression=condition)
        return (str(item["interview_id"]) for item in found)


def _refused_items(error: ClientError, count: int) -> frozenset[int]:
    """Which of a transaction's last ``count`` items (its ``also``) had their condition refused."""
    if not count or error.response["Error"]["Code"] != "TransactionCanceledException":
        return frozenset()
    reasons = error.response.get("CancellationReasons") or []
    tail = reasons[len(reasons) - count :] if len(reasons) >= count else []
    return frozenset(i for i, reason in enumerate(tail) if reason.get("Code") == "ConditionalCheckFailed")


def _lost_race(error: ClientError) -> bool:
    """Whether another write came first: the write's condition failed, or (DynamoDB refuses writes that
    overlap a transaction on the same item) the item was busy; either way, read again and retry."""
    code = error.response["Error"]["Code"]
    if code in ("ConditionalCheckFailedException", "TransactionConflictException"):
        return True
    reasons = {reason.get("Code") for reason in error.response.get("CancellationReasons") or []}
    return code == "TransactionCanceledException" and bool(reasons & {"ConditionalCheckFailed", "TransactionConflict"})


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> str:
    """The fixed-width form ``starts_at_utc`` is stored in."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item(interview: Interview) -> dict[str, Any]:
    # Loaded with the first write, as the readers are with the first read.
    from chalicelib.services.followup.inbox import lasting_attention

    item: dict[str, Any] = to_item(plain(interview))
    item["start_key"] = f"{interview.starts_at_utc}#{interview.interview_id}"
    # Derived from the number on every write, like start_key: a corrected number moves the interview
    # in the by_phone index, and one erased (or never given) leaves it out of the index altogether.
    if interview.candidate.phone:
        item["phone_key"] = phone_key(interview.candidate.phone)
    # Written by every write from the record itself, so it can never disagree with the inbox's rule.
    if lasting_attention(interview):
        item["attention"] = ATTENTION
    return item


def _record(item: Mapping[str, Any]) -> Interview:
    # The readers (and the record classes) load on the first read, not on every cold start.
    from chalicelib.store.readers import interview_from

    return interview_from(from_item(item))


def image_record(image: Mapping[str, Any]) -> Interview:
    """The interview a stream record's image holds (DynamoDB's typed JSON, as the stream sends it)."""
    from chalicelib.store.readers import interview_from

    return interview_from(from_image(image))
