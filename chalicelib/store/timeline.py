"""The timeline table: each interview's events, oldest first, written in the interview write's own
transaction (``InterviewRepository``) and never changed after, except to erase personal data.

Key: ``interview_id`` and ``event_key`` = ``<revision>#<n>``, the interview's revision that the
write stored (zero-padded, so string order is write order) and the event's place within it. A
write is stored once, so its events are too: a retried write either stored them or did nothing.
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

    def items_for(
        self, interview_id: str, revision: int, events: Sequence[Event], *, expires_at: int
    ) -> list[dict[str, Any]]:
        """The items that store ``events`` of the write that gave the interview ``revision``; they
        expire with the interview's personal data."""
        found = []
        for n, event in enumerate(events):
            item: dict[str, Any] = {
                "interview_id": interview_id,
                "event_key": f"{revision:010d}#{n:03d}",
                "kind": event.kind.value,
                "at": event.at,
                "actor": event.actor.value,
                "by": event.by,
                "detail": to_item(dict(event.detail)) or None,
                "personal": sorted(event.personal) or None,
                "expires_at": expires_at,
            }
            found.append({name: value for name, value in item.items() if value is not None})
        return found

    def events(self, interview_id: str) -> Iterator[dict[str, Any]]:
        """The interview's events as stored, oldest first."""
        found = items(self._table.query, KeyConditionExpression=Key("interview_id").eq(interview_id))
        return (from_item(item) for item in found)

    def erase_personal(self, interview_id: str) -> int:
        """Drop what each event kept of the candidate's personal data; returns how many changed."""
        changed = 0
        for item in self.events(interview_id):
            personal = item.get("personal")
            if not personal:
                continue
            detail = _without(item.get("detail") or {}, personal)
            self._table.update_item(
                Key={"interview_id": interview_id, "event_key": item["event_key"]},
                UpdateExpression="SET detail = :detail REMOVE personal",
                ExpressionAttributeValues={":detail": to_item(detail)},
            )
            changed += 1
        return changed


def _without(detail: Mapping[str, Any], personal: Sequence[str]) -> dict[str, Any]:
    """``detail`` less its personal keys; an edit keeps which fields changed, not their values."""
    kept = {name: value for name, value in detail.items() if name not in personal}
    if "changes" in personal and isinstance(detail.get("changes"), Mapping):
        kept["changes"] = {name: {} for name in detail["changes"]}
    return kept
