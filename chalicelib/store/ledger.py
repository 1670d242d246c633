"""The ledger: one item per side effect that must happen once, claimed before it happens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from botocore.exceptions import ClientError

T = TypeVar("T")


class Ledger:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def claim(self, key: str, *, now_epoch: int, ttl_seconds: int, detail: dict[str, Any] | None = None) -> bool:
        """Claim ``key``; ``False`` when someone already did (the effect must then be skipped)."""
        item = {"ledger_key": key, "claimed_at": now_epoch, "expires_at": now_epoch + ttl_seconds, **(detail or {})}
        try:
            self._table.put_item(Item=item, ConditionExpression="attribute_not_exists(ledger_key)")
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

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
