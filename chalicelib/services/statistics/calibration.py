"""Is the no-show probability right? Predicted against observed, from the statistics counters.

Each interview held (attended or no-show) with a probability stored at its outcome
(``statistics.outcomes``) counts, in its day, week and month, in the whole-percent group of that
probability: ``predicted_<pp>_outcome`` and ``_no_show`` (0 or 1), ``predicted_<pp>_sum`` (the
probability in ten-thousandths, as stored) and ``predicted_brier`` ((probability - outcome)² in
hundred-millionths): whole numbers, so the counters' atomic ADDs add them exactly. The last
90 days are so read with one BatchGetItem, never a recount, and follow outcomes by seconds.

From the groups (``risk.calibration``): the Brier score (exact), AUC (percent groups are ties) and
the reliability by decile. How many calls the ``call`` level asked for comes from the level stored
with each outcome (its band, ``high``, counted as ``risk_band_high_outcome``): the level HR saw,
with the cut-offs in force then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from chalicelib.services.risk.calibration import Decile, Group, auc, reliability
from chalicelib.services.statistics.charts import DANGER, GRID, MUTED, PRIMARY, _e, _svg, _text, percent
from chalicelib.services.statistics.periods import period_key

SCALE = 10_000  # stored probabilities have four places
DAYS = 90
GROUPS = 100
# The band the ``call`` level is stored as with an outcome.
CALL_BAND = "risk_band_high"


def predicted_counts(probability: float, no_show: bool) -> dict[str, int]:
    """The calibration counters one held interview adds, given its stored probability."""
    units = round(probability * SCALE)
    group = f"predicted_{min(GROUPS - 1, units * GROUPS // SCALE):02d}"
    found = {f"{group}_outcome": 1, f"{group}_sum": units, "predicted_brier": (units - SCALE * no_show) ** 2}
    if no_show:
        found[f"{group}_no_show"] = 1
    return {name: value for name, value in found.items() if value}


def groups(counters: Mapping[str, int]) -> list[Group]:
    """The percent groups that hold outcomes, each at its mean probability."""
    found = []
    for index in range(GROUPS):
        name = f"predicted_{index:02d}"
        outcomes = int(counters.get(f"{name}_outcome", 0))
        if outcomes > 0:
            mean = int(counters.get(f"{name}_sum", 0)) / SCALE / outcomes
            found.append(Group(mean, outcomes, int(counters.get(f"{name}_no_show", 0))))
    return found


def read(today: date, *, stats: Any, days: int = DAYS) -> dict[str, Any]:
    """The calibration of the interviews held in the ``days`` days to ``today``: one BatchGetItem."""
    first = today - timedelta(days=days - 1)
    keys = [period_key("day", first + timedelta(days=n)) for n in range(days)]
    summed: dict[str, int] = {}
    for counters in stats.totals(keys).values():
        for name, value in counters.items():
            if name.startswith(("predicted_", CALL_BAND)):
                summed[name] = summed.get(name, 0) + int(value)
    found = groups(summed)
    outcomes = sum(g.outcomes for g in found)
    deciles = reliability(found)
    return {
        "from": first.isoformat(),
        "to": today.isoformat(),
        "days": days,
        "outcomes": outcomes,
        "no_shows": sum(g.no_shows for g in found),
        "brier": round(summed.get("predicted_brier", 0) / SCALE**2 / outcomes, 4) if outcomes else None,
        "auc": _rounded(auc(found)),
        "deciles": [_decile(d) for d in deciles],
        "call_level": {
            "asked": summed.get(f"{CALL_BAND}_outcome", 0),
            "no_shows": summed.get(f"{CALL_BAND}_no_show", 0),
        },
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _decile(decile: Decile) -> dict[str, Any]:
    return {
        "low": decile.low,
        "high": decile.high,
        "count": decile.count,
        "predicted": round(decile.predicted, 4),
        "observed": round(decile.observed, 4),
    }


_WORDS = {
    "en": {
        "title": "Predicted vs observed no-show rate, last {days} days",
        "none": "No interviews with a predicted probability and an outcome yet",
        "row": "{low}–{high} predicted: {count} interviews, predicted {predicted}, observed {observed}",
        "x": "Predicted no-show probability",
        "y": "Observed",
        "diagonal": "On the diagonal the probability is right",
    },
    "zh-CN": {
        "title": "预测与实际爽约率对比（最近 {days} 天）",
        "none": "还没有既有预测概率又有结果的面试",
        "row": "预测 {low}–{high}：{count} 场面试，预测 {predicted}，实际 {observed}",
        "x": "预测爽约概率",
        "y": "实际",
        "diagonal": "落在对角线上即概率准确",
    },
}


def chart(calibration: Mapping[str, Any], *, lang: str = "en", chart_id: str = "calibration") -> str:
    """The reliability chart: each decile's observed rate (dot, sized by count) over its predicted mean."""
    words = _WORDS.get(lang, _WORDS["en"])
    deciles: Sequence[Mapping[str, Any]] = calibration["deciles"]
    title = words["title"].format(days=calibration["days"])
    left, top, side = 44, 10, 280
    height = top + side + 40
    body = [
        f'<rect x="{left}" y="{top}" width="{side}" height="{side}" fill="none" stroke="{GRID}"/>',
        f'<line x1="{left}" y1="{top + side}" x2="{left + side}" y2="{top}" stroke="{MUTED}" stroke-dasharray="4 4">'
        f"<title>{_e(words['diagonal'])}</title></line>",
    ]
    for tick in (0.0, 0.5, 1.0):
        body.append(_text(left + side * tick, top + side + 15, percent(tick), text_anchor="middle", font_size=11))
        body.append(_text(left - 5, top + side * (1 - tick) + 4, percent(tick), text_anchor="end", font_size=11))
    body.append(_text(left + side / 2, height - 6, words["x"], text_anchor="middle", font_size=11, fill=MUTED))
    body.append(_text(4, top + 12, words["y"], font_size=11, fill=MUTED))
    largest = max([1, *(int(d["count"]) for d in deciles)])
    rows = []
    for d in deciles:
        row = words["row"].format(
            low=percent(d["low"]),
            high=percent(d["high"]),
            count=d["count"],
            predicted=percent(d["predicted"]),
            observed=percent(d["observed"]),
        )
        rows.append(row)
        x, y = left + side * float(d["predicted"]), top + side * (1 - float(d["observed"]))
        radius = 3 + 6 * (int(d["count"]) / largest) ** 0.5
        colour = DANGER if abs(float(d["predicted"]) - float(d["observed"])) > 0.1 else PRIMARY
        dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}">'
        body.append(f"{dot}<title>{_e(row)}</title></circle>")
    if not deciles:
        body.append(_text(left + side / 2, top + side / 2, words["none"], text_anchor="middle", fill=MUTED))
    return _svg(chart_id, title, "; ".join(rows) or words["none"], height, body)
