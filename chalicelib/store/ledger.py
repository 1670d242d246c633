"""The ledger: one item per side effect that must happen once, claimed before it happens.

Two kinds of claim. ``claim`` (and ``once``) holds until the item expires: for effects whose
repeat would do harm and whose loss a later run makes up. ``take`` (and ``lease_once``) is a
lease: the item reads ``in_progress`` until ``lease_until``, and its holder ``finish``es it (a
final state such as ``sent``, with what the effect returned) or gives it back. A holder that
died mid-effect (a Lambda killed by its timeout) never finishes: when its lease ends, the next
try takes it over. ``in_progress`` is never read as done.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from botocore.exceptions import ClientError

T = TypeVar("T")

log = logging.getLogger("showup.ledger")

IN_PROGRESS = "in_progress"
_CONDITION_FAILED = "ConditionalCheckFailedException"
# "state" is one of DynamoDB's reserved words: expressions name it through this placeholder.
_STATE = {"#state": "state"}


class LeaseHeld(Exception):
    """Another try holds the lease and may still be at work: try again once it ended."""

    def __init__(self, key: str, until: int) -> None:
        super().__init__(f"{key} is in progress until {until}")
        self.key = key
        self.until = until


@dataclass(frozen=True)
class Lease:
    """A lease taken on ``key``; ``done`` is the finished item when the effect already happened."""

    key: str
    holder: str
    done: dict[str, Any] | None = None


def _failed_condition(exc: ClientError) -> bool:
    return bool(exc.response["Error"]["Code"] == _CONDITION_FAILED)


class Ledger:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def claim(self, key: str, *, now_epoch: int, ttl_seconds: int, detail: dict[str, Any] | None = None) -> bool:
        """Claim ``key``; ``False`` when someone already did (the effect must then be skipped)."""
        item = {"ledger_key": key, "claimed_at": now_epoch, "expires_at": now_epoch + ttl_seconds, **(detail or {})}
        try:
            self._table.put_item(Item=item, ConditionExpression="attribute_not_exists(ledger_key)")
        except ClientError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    def claim_item(self, key: str, *, now_epoch: int, ttl_seconds: int) -> dict[str, Any]:
        """``claim`` as an item of a transaction: the other writes happen only with the claim, once."""
        item = {"ledger_key": key, "claimed_at": now_epoch, "expires_at": now_epoch + ttl_seconds}
        return {
            "Put": {
                "TableName": str(self._table.name),
                "Item": item,
                "ConditionExpression": "attribute_not_exists(ledger_key)",
            }
        }

    def once(self, key: str, effect: Callable[[], T], *, now: datetime, ttl_seconds: int) -> tuple[bool, T | None]:
        """Run ``effect`` unless ``key`` was claimed before; returns (whether it ran, its result).

        A failing effect gives the claim back, so a retry may try again."""
        if not self.claim(key, now_epoch=int(now.timestamp()), ttl_seconds=ttl_seconds):
            return False, None
        try:
            return True, effect()
        except Exception:
            self.release(key)
            raise

    def release(self, key: str) -> None:
        """Give a claim back after the effect failed, so a retry may try again."""
        self._table.delete_item(Key={"ledger_key": key})

    def get(self, key: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"ledger_key": key}).get("Item")
        return dict(item) if item else None

    def take(
        self,
        key: str,
        *,
        now_epoch: int,
        lease_seconds: int,
        ttl_seconds: int,
        detail: Mapping[str, Any] | None = None,
    ) -> Lease:
        """Take the lease on ``key`` until ``now + lease_seconds``: when no one has it, or its last
        holder's lease ended unfinished. Raises ``LeaseHeld`` while another holder's lease runs."""
        holder = secrets.token_hex(8)
        item = {
            **(detail or {}),
            "ledger_key": key,
            "state": IN_PROGRESS,
            "holder": holder,
            "lease_until": now_epoch + lease_seconds,
            "claimed_at": now_epoch,
            "expires_at": now_epoch + ttl_seconds,
        }
        # Twice: a holder may give its lease back between our write and our read.
        for _ in range(2):
            try:
                self._table.put_item(
                    Item=item,
                    ConditionExpression="attribute_not_exists(ledger_key) OR "
                    "(#state = :in_progress AND lease_until <= :now)",
                    ExpressionAttributeNames=_STATE,
                    ExpressionAttributeValues={":in_progress": IN_PROGRESS, ":now": now_epoch},
                )
                return Lease(key, holder)
            except ClientError as exc:
                if not _failed_condition(exc):
                    raise
            current = self._table.get_item(Key={"ledger_key": key}, ConsistentRead=True).get("Item")
            if current is None:
                continue
            if current.get("state") == IN_PROGRESS:
                raise LeaseHeld(key, int(current["lease_until"]))
            # Finished, or claimed with ``claim`` before sends took leases: either way it happened.
            return Lease(key, holder, done=dict(current))
        raise LeaseHeld(key, now_epoch)

    def finish(self, lease: Lease, *, state: str, **result: Any) -> bool:
        """Record that the leased effect happened: ``state`` and ``result`` replace ``in_progress``.

        ``False`` when the item was no longer in progress (a holder that took over after this
        lease ended finished first): the effect still happened, and the first record stands."""
        fields = {"state": state, **result}
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        values = {f":f{i}": value for i, value in enumerate(fields.values())}
        try:
            self._table.update_item(
                Key={"ledger_key": lease.key},
                UpdateExpression="SET " + ", ".join(f"{n} = :{n[1:]}" for n in names) + " REMOVE lease_until, holder",
                ConditionExpression="#state = :in_progress",
                ExpressionAttributeNames={**names, **_STATE},
                ExpressionAttributeValues={**values, ":in_progress": IN_PROGRESS},
            )
        except ClientError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    def give_back(self, lease: Lease) -> None:
        """End the lease early after its effect failed, so a retry need not wait for it to run out.

        Only this holder's unfinished lease is removed; if the call fails, the lease still ends."""
        try:
            self._table.delete_item(
                Key={"ledger_key": lease.key},
                ConditionExpression="holder = :holder AND #state = :in_progress",
                ExpressionAttributeNames=_STATE,
                ExpressionAttributeValues={":holder": lease.holder, ":in_progress": IN_PROGRESS},
            )
        except ClientError as exc:
            if not _failed_condition(exc):
                self._gave_up(lease, exc.response["Error"]["Code"])
        except Exception as exc:  # the effect's own error is the one to raise
            self._gave_up(lease, type(exc).__name__)

    @staticmethod
    def _gave_up(lease: Lease, code: str) -> None:
        log.warning("could not give back %s (%s); it is free again when its lease ends", lease.key, code)

    def lease_once(
        self,
        key: str,
        effect: Callable[[], Mapping[str, Any]],
        *,
        now: datetime,
        lease_seconds: int,
        ttl_seconds: int,
        state: str,
        detail: Mapping[str, Any] | None = None,
    ) -> tuple[bool, dict[str, Any]]:
        """Run ``effect`` under a lease unless it already happened; returns (whether it ran now, the
        fields it returned, or the finished item when it had run before).

        ``effect`` returns what to record with ``state``. An ``Exception`` gives the lease back; a
        ``BaseException`` (the runtime ending the process) leaves it to run out. ``LeaseHeld``
        propagates: the caller tries again later, never takes it as done."""
        lease = self.take(
            key, now_epoch=int(now.timestamp()), lease_seconds=lease_seconds, ttl_seconds=ttl_seconds, detail=detail
        )
        if lease.done is not None:
            return False, lease.done
        try:
            result = dict(effect())
        except Exception:
            self.give_back(lease)
            raise
        self.finish(lease, state=state, **result)
        return True, result
