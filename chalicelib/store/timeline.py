"""The timeline table: each interview's events, oldest first, written in the interview write's own
transaction (``InterviewRepository``) and never changed after, except to erase personal data.

One item per write: key ``interview_id`` and ``event_key``, the interview's revision that the write
stored (zero-padded, so string order is write order), holding that write's events in order. A write
is stored once, so its events are too: a retried write either stored them or did nothing; and a
write costs the transaction two items, whatever it records.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key

from chalicelib.store.codec import from_item, to_item
from chalicelib.store.pages import items

if TYPE_CHECKING:
    from chalicelib.services.common.timeline import Event


class TimelineTable:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    @property
    def name(self) -> str:
        return str(self._table.name)

    def item_for(self, interview_id: str, revision: int, events: Sequence[Event], *, expires_at: int) -> dict[str, Any]:
        """The item that stores ``events`` of the write that gave the interview ``revision``; it
        expires with the interview's personal data."""
        return {
            "interview_id": interview_id,
            "event_key": f"{revision:010d}",
            "events": [_stored(event) for event in events],
            "expires_at": expires_at,
        }

    def events(self, interview_id: str) -> Iterator[dict[str, Any]]:
        """The interview's events as stored, oldest first."""
        for item in self._writes(interview_id):
            yield from item["events"]

    def erase_personal(self, interview_id: str) -> int:
        """Drop what the events kept of the candidate's personal data; returns how many writes changed."""
        changed = 0
        for item in self._writes(interview_id):
            if not any(event.get("personal") for event in item["events"]):
                continue
            kept = [_erased(event) for event in item["events"]]
            self._table.update_item(
                Key={"interview_id": interview_id, "event_key": item["event_key"]},
                UpdateExpression="SET events = :events",
                ExpressionAttributeValues={":events": to_item(kept)},
            )
            changed += 1
        return changed

    def _writes(self, interview_id: str) -> Iterator[dict[str, Any]]:
        found = items(self._table.query, KeyConditionExpression=Key("interview_id").eq(interview_id))
        return (from_item(item) for item in found)


def _stored(event: Event) -> dict[str, Any]:
    stored: dict[str, Any] = {
        "kind": event.kind.value,
        "at": event.at,
        "actor": event.actor.value,
        "by": event.by,
        "detail": to_item(dict(event.detail)) or None,
        "personal": sorted(event.personal) or None,
    }
    return {name: value for name, value in stored.items() if value is not None}


def _erased(event: Mapping[str, Any]) -> dict[str, Any]:
    personal = event.get("personal")
    if not personal:
        return dict(event)
    kept = {name: value for name, value in event.items() if name != "personal"}
    kept["detail"] = _without(event.get("detail") or {}, personal)
    return kept


def _without(detail: Mapping[str, Any], personal: Sequence[str]) -> dict[str, Any]:
    """``detail`` less its personal keys; an edit keeps which fields changed, not their values."""
    kept = {name: value for name, value in detail.items() if name not in personal}
    if "changes" in personal and isinstance(detail.get("changes"), Mapping):
        kept["changes"] = {name: {} for name in detail["changes"]}
    return kept
