"""Statistics charts as self-contained SVG, drawn on the server: no chart library, no CDN, no script.

Each chart scales to its container (``viewBox``, ``width="100%"``) and is drawn 360 units wide, a
phone's width, so its text stays legible there and grows on wider screens. It is one accessible
image: ``role="img"`` named by its ``<title>`` and described by a ``<desc>`` that reads out every
figure, and every bar carries its number as text. Colours are presentation attributes, never
``style`` (the HR pages' Content-Security-Policy refuses inline styles), and every text that goes
in is escaped (they are numbers, dates and fixed labels, never what a user typed).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from chalicelib.services.common.wording import in_text
from chalicelib.text import words
from chalicelib.vocabulary import NoShowReason, NoticeChannels, NoticeMode, Period, labels

WIDTH = 360
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'PingFang SC', 'Microsoft YaHei', sans-serif"
TEXT = "#1b2430"
MUTED = "#4f5b69"
GRID = "#d5dbe3"
TRACK = "#eceff3"
PRIMARY = "#1f4fd1"
DANGER = "#b42318"
OK = "#176f3d"
NO_DATA = "–"

# The charts speak the HR page's language (``chalicelib/text/charts.py``), English unless asked.
FUNNEL = ("scheduled", "notified", "reminded", "confirmed", "attended")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def percent(rate: float | None) -> str:
    """``0.25`` as ``25%``; no rate (nothing to divide by) as a dash."""
    return NO_DATA if rate is None else f"{round(rate * 100)}%"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(chart_id: str, title: str, desc: str, height: int, body: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" '
        f'font-family="{_e(FONT)}" font-size="13" fill="{TEXT}" data-chart="{_e(chart_id)}">'
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>'
        f'<desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, **attributes: object) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{_e(value)}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{_e(text)}</text>'


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str | None = None) -> str:
    inner = f"<title>{_e(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" fill="{fill}">{inner}</rect>'
    )


def _titled(t: Any, title: str, label: object) -> str:
    return str(t("chart.with_label", title=title, label=label)) if label else title


def short_label(period: str, start: str, language: str = "en") -> str:
    """What fits under one bar: the day of the month, ``W48``, or ``Nov``."""
    day = date.fromisoformat(start)
    if period == Period.DAY:
        return str(day.day)
    if period == Period.WEEK:
        return f"W{day.isocalendar().week:02d}"
    return str(words(language)("chart.month", month=day.month if language == "zh-CN" else _MONTHS[day.month - 1]))


def trend(rows: Sequence[Mapping[str, Any]], *, chart_id: str = "trend", language: str = "en") -> str:
    """No-show rate per period, oldest first, as columns with their percentages on top."""
    t = words(language)
    period = str(rows[0]["period"]) if rows else "week"
    title = t("chart.trend_title", period=in_text(Period(period), language))
    if rows:
        title = t("chart.trend_range", title=title, first=rows[0]["label"], last=rows[-1]["label"])

    def of(row: Mapping[str, Any]) -> str:
        return t("chart.of", part=row["no_show"], whole=row["attended"] + row["no_show"])

    readout = "; ".join(f"{row['label']}: {percent(row['no_show_rate'])} ({of(row)})" for row in rows)
    top, plot, bottom = 22, 120, 34
    height = top + plot + bottom
    body = [f'<line x1="8" y1="{top + plot}" x2="{WIDTH - 8}" y2="{top + plot}" stroke="{GRID}"/>']
    ceiling = max([0.2, *(float(row["no_show_rate"] or 0) for row in rows)])
    slot = (WIDTH - 16) / max(len(rows), 1)
    size = 11 if slot < 30 else 12
    for index, row in enumerate(rows):
        centre = 8 + slot * (index + 0.5)
        value = row["no_show_rate"]
        bar = 0.0 if value is None else plot * float(value) / ceiling
        tip = t("chart.trend_tip", label=row["label"], rate=percent(value), of=of(row))
        body.append(_rect(centre - slot * 0.35, top + plot - bar, slot * 0.7, bar, DANGER, tip))
        body.append(_text(centre, top + plot - bar - 4, percent(value), text_anchor="middle", font_size=size))
        body.append(
            _text(
                centre,
                top + plot + 15,
                short_label(period, str(row["start"]), language),
                text_anchor="middle",
                font_size=size,
                fill=MUTED,
            )
        )
    body.append(_text(8, height - 4, t("chart.trend_note"), font_size=11, fill=MUTED))
    return _svg(chart_id, title, readout or t("chart.no_periods"), height, body)


def _rows(
    chart_id: str, title: str, items: Sequence[tuple[str, int, str, str]], *, label_width: int, empty: str
) -> str:
    """Horizontal bars: (label, value, text after the bar, colour), scaled to the largest value."""
    row_height, top = 26, 6
    height = top + row_height * max(len(items), 1) + 6
    readout = "; ".join(f"{label}: {shown}" for label, _, shown, _ in items)
    largest = max([1, *(value for _, value, _, _ in items)])
    track = WIDTH - label_width - 80
    body: list[str] = []
    if not any(value for _, value, _, _ in items):
        body.append(_text(8, top + 17, empty, fill=MUTED))
        return _svg(chart_id, title, empty, top + row_height + 6, body)
    for index, (label, value, shown, colour) in enumerate(items):
        y = top + row_height * index
        body.append(_text(label_width - 6, y + 17, label, text_anchor="end"))
        body.append(_rect(label_width, y + 5, track, 16, TRACK))
        body.append(_rect(label_width, y + 5, track * value / largest, 16, colour, f"{label}: {shown}"))
        body.append(_text(label_width + track * value / largest + 5, y + 17, shown))
    return _svg(chart_id, title, readout, height, body)


def reasons(stats: Mapping[str, Any], *, chart_id: str = "reasons", language: str = "en") -> str:
    """Why candidates did not come: one bar per reason, most frequent first."""
    t = words(language)
    reason_labels = labels(NoShowReason, language)
    counted: Mapping[str, int] = stats["reasons"]
    no_shows = max(int(stats["no_show"]), 1)
    ordered = sorted(counted.items(), key=lambda item: (-item[1], list(reason_labels).index(item[0])))
    items = [
        (reason_labels.get(reason, reason), count, f"{count} ({round(100 * count / no_shows)}%)", DANGER)
        for reason, count in ordered
    ]
    title = _titled(t, t("chart.reasons"), stats.get("label"))
    return _rows(chart_id, title, items, label_width=172, empty=t("chart.no_no_shows"))


def funnel(stats: Mapping[str, Any], *, chart_id: str = "funnel", language: str = "en") -> str:
    """Scheduled → notified → reminded → confirmed → attended, each as a share of scheduled."""
    t = words(language)
    scheduled = int(stats["scheduled"])
    items = []
    for key in FUNNEL:
        label = t(f"chart.step.{key}")
        value = int(stats[key])
        share = f" ({round(100 * value / scheduled)}%)" if scheduled else ""
        items.append((label, value, f"{value}{share}", OK if key == "attended" else PRIMARY))
    title = _titled(t, t("chart.funnel"), stats.get("label"))
    return _rows(chart_id, title, items, label_width=96, empty=t("chart.no_interviews"))


def comparison(
    groups: Sequence[tuple[str, Mapping[str, Any]]], *, title: str, chart_id: str = "comparison", language: str = "en"
) -> str:
    """Side by side (e.g. notification vs invitation): each group's no-show and confirmation rates."""
    t = words(language)
    # (legend, row label, rate, its numerator, the counters adding up to its denominator, colour)
    measures = (
        (t("chart.no_show_rate"), t("chart.no_show"), "no_show_rate", "no_show", ("attended", "no_show"), DANGER),
        (t("chart.confirmation_rate"), t("chart.confirmed"), "confirmation_rate", "confirmed", ("notified",), PRIMARY),
    )
    group_height, bar, top = 72, 17, 30
    height = top + group_height * len(groups) + 4
    label_width = 84
    track = WIDTH - label_width - 100
    body = []
    readout: list[str] = []
    for index, (legend, *_, colour) in enumerate(measures):
        x = 8 + index * 150
        body.append(_rect(x, 8, 13, 13, colour))
        body.append(_text(x + 18, 19, legend, font_size=12))
    for index, (group, stats) in enumerate(groups):
        y = top + group_height * index
        body.append(_text(8, y + 14, group, font_weight="600"))
        parts = []
        for row, (legend, name, key, part, whole, colour) in enumerate(measures):
            value = stats[key]
            shown = f"{percent(value)} ({t('chart.of', part=stats[part], whole=sum(int(stats[k]) for k in whole))})"
            parts.append(f"{legend.lower()} {shown}")
            yy = y + 21 + row * (bar + 6)
            body.append(_text(label_width - 6, yy + 13, name, text_anchor="end", font_size=12, fill=MUTED))
            body.append(_rect(label_width, yy, track, bar, TRACK))
            width = 0.0 if value is None else track * float(value)
            body.append(_rect(label_width, yy, width, bar, colour, f"{group}, {legend.lower()}: {shown}"))
            body.append(_text(label_width + width + 5, yy + 13, shown, font_size=12))
        readout.append(f"{group}: " + ", ".join(parts))
    return _svg(chart_id, title, "; ".join(readout), height, body)


def dashboard(
    stats: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], language: str = "en"
) -> list[dict[str, str]]:
    """Every chart of the HR dashboard for one period (``stats``) and its trend (``rows``), in ``language``."""
    t = words(language)
    modes, channels = labels(NoticeMode, language), labels(NoticeChannels, language)
    charts = [
        ("trend", t("chart.trend"), trend(rows, language=language)),
        ("funnel", t("chart.funnel"), funnel(stats, language=language)),
        ("reasons", t("chart.why"), reasons(stats, language=language)),
        (
            "modes",
            t("chart.modes"),
            comparison(
                [(modes[m], s) for m, s in stats["by_mode"].items()],
                title=t("chart.modes_title"),
                chart_id="modes",
                language=language,
            ),
        ),
        (
            "channels",
            t("chart.channels"),
            comparison(
                [(channels[c], s) for c, s in stats["by_channel"].items()],
                title=t("chart.channels_title"),
                chart_id="channels",
                language=language,
            ),
        ),
    ]
    return [{"id": chart_id, "title": title, "svg": svg} for chart_id, title, svg in charts]
