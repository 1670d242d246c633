"""The figures HR reads: a period's counters with their rates, a row per period for a range, and CSV.

Rates (``null`` when the denominator is zero):
``no_show_rate = no_show / (attended + no_show)``: of the interviews that were due and have an
outcome, the share missed (open and cancelled interviews do not dilute it);
``confirmation_rate = confirmed / notified``: of the candidates who were sent a notice (whose links
are the only way to confirm), the share who confirmed.

Reading a period costs one Query on its ``period_key`` (the five fixed scopes, plus one item per
position when asked for), and a range one BatchGetItem per 100 periods: never a recount or a Scan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from chalicelib.services.statistics.counting import BANDS, CHANNELS, MODES, MOVE_REASONS, REASONS
from chalicelib.services.statistics.periods import bounds, check_range, label, period_key
from chalicelib.store.stats import ALL, POSITION

# The counters API.md names, in the order the table and the CSV show them.
MAIN_COUNTERS = (
    "scheduled",
    "notified",
    "reminded",
    "confirmed",
    "declined",
    "attended",
    "no_show",
    "cancelled",
    "rescheduled",
)
EXTRA_COUNTERS = ("bounced", "notice_failed")


class CounterSource(Protocol):
    """Where counters are read from: the stats table (``store.stats.StatsRepository``), or any object
    with these reads."""

    def scopes(self, period_key: str, *, positions: bool) -> dict[str, dict[str, int]]:
        """Every scope's counters for one period (position scopes only when asked)."""
        ...

    def totals(self, period_keys: Sequence[str]) -> dict[str, dict[str, int]]:
        """The ``all`` scope's counters for many periods."""
        ...


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` to four places, or ``None`` when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def summary(counters: Mapping[str, int]) -> dict[str, Any]:
    """Counters as the API shows them: every counter (0 when absent), rates, reasons, risk bands."""

    def get(name: str) -> int:
        return int(counters.get(name, 0))

    row: dict[str, Any] = {name: get(name) for name in MAIN_COUNTERS}
    row["no_show_rate"] = rate(row["no_show"], row["attended"] + row["no_show"])
    row["confirmation_rate"] = rate(row["confirmed"], row["notified"])
    row["reasons"] = {reason: get(f"no_show_{reason}") for reason in REASONS}
    row.update({name: get(name) for name in EXTRA_COUNTERS})
    # Candidates who moved their own booked slot, and why (a candidate counts once per reason given).
    row["self_moved"] = get("self_moved")
    row["move_reasons"] = {reason: get(f"self_moved_{reason}") for reason in MOVE_REASONS}
    row["risk_bands"] = {
        band: {
            "interviews": get(f"risk_band_{band}_outcome"),
            "no_shows": get(f"risk_band_{band}_no_show"),
            "rate": rate(get(f"risk_band_{band}_no_show"), get(f"risk_band_{band}_outcome")),
        }
        for band in BANDS
    }
    return row


def _period(period: str, day: date) -> dict[str, Any]:
    first, last = bounds(period, day)
    return {"period": period, "label": label(period, day), "start": first.isoformat(), "end": last.isoformat()}


def read(period: str, day: date, *, stats: CounterSource, positions: bool = False) -> dict[str, Any]:
    """The statistics of the period containing ``day``, with notification vs invitation, email vs
    email+SMS (and, when asked, each position) side by side. One Query, no recount."""
    found = stats.scopes(period_key(period, day), positions=positions)
    result: dict[str, Any] = {
        **_period(period, day),
        **summary(found.get(ALL, {})),
        "by_mode": {mode: summary(found.get(f"mode#{mode}", {})) for mode in MODES},
        "by_channel": {channel: summary(found.get(f"channel#{channel}", {})) for channel in CHANNELS},
    }
    if positions:
        result["by_position"] = {
            scope.removeprefix(POSITION): summary(counters)
            for scope, counters in sorted(found.items())
            if scope.startswith(POSITION)
        }
    return result


def series(period: str, first: date, last: date, *, stats: CounterSource) -> list[dict[str, Any]]:
    """One row per period from ``first`` to ``last`` (all scopes together), oldest first."""
    periods = check_range(period, first, last)
    keys = [period_key(period, start) for start in periods]
    found = stats.totals(keys)
    return [{**_period(period, start), **summary(found.get(key, {}))} for start, key in zip(periods, keys, strict=True)]


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the API's counters and rates, then one column per no-show reason."""
    return (
        "period",
        "start",
        "end",
        *MAIN_COUNTERS,
        "no_show_rate",
        "confirmation_rate",
        *(f"no_show_{reason}" for reason in REASONS),
    )


def csv_text(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV: a header, then one line per period; a rate with nothing to divide by is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = csv_columns()
    writer.writerow(columns)
    for row in rows:
        flat = {**row, "period": row["label"], **{f"no_show_{r}": n for r, n in row["reasons"].items()}}
        writer.writerow(["" if flat[column] is None else flat[column] for column in columns])
    return out.getvalue()
