"""Statistics counters per period (``day#2026-11-28``, ``week#2026-W48``, ``month#2026-11``).

Counters are added atomically when an event happens, so reading a month costs O(periods),
never O(interviews).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.store.codec import from_item

ALL = "all"


class StatsRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def add(self, period_key: str, counts: Mapping[str, int], scope: str = ALL) -> None:
        """Atomically add ``counts`` (negative to move a count away) to one period and scope."""
        if not counts:
            return
        names = {f"#c{i}": name for i, name in enumerate(counts)}
        values = {f":c{i}": int(value) for i, value in enumerate(counts.values())}
        self._table.update_item(
            Key={"period_key": period_key, "scope": scope},
            UpdateExpression="ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counts))),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )

    def get(self, period_key: str, scope: str = ALL) -> dict[str, int]:
        item = self._table.get_item(Key={"period_key": period_key, "scope": scope}).get("Item") or {}
        counters: dict[str, int] = from_item(item)
        counters.pop("period_key", None)
        counters.pop("scope", None)
        return counters
