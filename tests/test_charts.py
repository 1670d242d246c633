"""Server-drawn SVG charts: well-formed, scalable, accessible, numbers as text, nothing a CSP would block."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from chalicelib.services.statistics import charts, periods
from chalicelib.services.statistics.figures import summary

SVG = "{http://www.w3.org/2000/svg}"


def figures(**counters: int) -> dict[str, Any]:
    return {
        "period": "week",
        "label": "2026-W49",
        "start": "2026-11-30",
        "end": "2026-12-06",
        **summary(counters),
    }


def trend_rows(rates: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Weekly rows ending in 2026-W49, from (attended, no_show) pairs."""
    first = date(2026, 11, 30)
    starts = periods.starts("week", date.fromordinal(first.toordinal() - 7 * (len(rates) - 1)), first)
    return [
        {
            "period": "week",
            "label": periods.label("week", s),
            "start": s.isoformat(),
            **summary({"attended": a, "no_show": n}),
        }
        for s, (a, n) in zip(starts, rates, strict=True)
    ]


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [node.text or "" for node in parsed(svg).iter(f"{SVG}text")]


WEEK = figures(
    scheduled=10, notified=9, reminded=8, confirmed=6, declined=1, attended=5, no_show=3,
    no_show_better_offer=2, no_show_personal=1, cancelled=1,
)  # fmt: skip
MIXED = {
    **WEEK,
    "by_mode": {
        "notification": summary({"attended": 4, "no_show": 1, "notified": 6, "confirmed": 5}),
        "invitation": summary({}),
    },
    "by_channel": {
        "email": summary({"attended": 1, "no_show": 2}),
        "email+sms": summary({"attended": 4, "no_show": 1}),
    },
}


def every_chart() -> list[str]:
    return [chart["svg"] for chart in charts.dashboard(MIXED, trend_rows([(3, 1), (0, 0), (5, 3)]))]


def test_every_chart_is_well_formed_svg_that_scales_to_its_container() -> None:
    for svg in every_chart():
        root = parsed(svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("viewBox", "").startswith(f"0 0 {charts.WIDTH} ")
        assert root.get("width") == "100%"
        assert root.get("height") is None


def test_every_chart_is_one_named_and_described_image() -> None:
    for svg in every_chart():
        root = parsed(svg)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby", "").split()
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.get("id") == title_id and title.text
        assert desc is not None and desc.get("id") == desc_id and desc.text


def test_charts_use_no_style_attributes_or_scripts_that_the_page_policy_would_block() -> None:
    for svg in every_chart():
        for node in parsed(svg).iter():
            assert "style" not in node.attrib
            assert not any(name.startswith("on") for name in node.attrib)
            assert node.tag not in (f"{SVG}script", f"{SVG}foreignObject", f"{SVG}style")


def test_the_trend_shows_each_periods_rate_as_text_and_a_dash_without_outcomes() -> None:
    svg = charts.trend(trend_rows([(3, 1), (0, 0), (5, 3)]))
    shown = texts(svg)
    assert [t for t in shown if t.endswith("%") or t == "–"] == ["25%", "–", "38%"]
    assert [t for t in shown if t.startswith("W")] == ["W47", "W48", "W49"]
    desc = parsed(svg).find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == "2026-W47: 25% (1 of 4); 2026-W48: – (0 of 0); 2026-W49: 38% (3 of 8)"


def test_trend_labels_fit_under_each_bar_for_days_weeks_and_months() -> None:
    assert charts.short_label("day", "2026-12-01") == "1"
    assert charts.short_label("week", "2027-01-04") == "W01"
    assert charts.short_label("month", "2026-12-01") == "Dec"


def test_reasons_are_listed_most_frequent_first_with_count_and_share() -> None:
    shown = texts(charts.reasons(WEEK))
    assert shown[:4] == ["Better offer", "2 (67%)", "Personal reasons", "1 (33%)"]
    assert len([t for t in shown if t.startswith("0")]) == 6


def test_without_no_shows_the_reasons_chart_says_so() -> None:
    assert texts(charts.reasons(figures(scheduled=2, attended=2))) == ["No no-shows recorded in this period"]


def test_the_funnel_shows_each_step_as_a_share_of_scheduled() -> None:
    shown = texts(charts.funnel(WEEK))
    assert shown == [
        "Scheduled", "10 (100%)", "Notified", "9 (90%)", "Reminded", "8 (80%)", "Confirmed", "6 (60%)",
        "Attended", "5 (50%)",
    ]  # fmt: skip


def test_comparisons_show_both_groups_rates_side_by_side() -> None:
    svg = charts.comparison(
        [("Notification", MIXED["by_mode"]["notification"]), ("Invitation", MIXED["by_mode"]["invitation"])],
        title="Notification vs invitation",
    )
    shown = texts(svg)
    assert "20% (1 of 5)" in shown
    assert "83% (5 of 6)" in shown
    assert shown.count("– (0 of 0)") == 2  # no invitations: no rates, not 0 %


def test_text_is_escaped() -> None:
    svg = charts.comparison([("<b>&", summary({}))], title='"quoted" <title>', chart_id="x")
    root = parsed(svg)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == '"quoted" <title>'
    assert "<b>" not in svg


@pytest.mark.parametrize("rate", [None, 0.0, 0.004, 0.5, 1.0])
def test_percent_rounds_to_whole_percent_and_shows_a_dash_for_no_rate(rate: float | None) -> None:
    expected = {None: "–", 0.0: "0%", 0.004: "0%", 0.5: "50%", 1.0: "100%"}[rate]
    assert charts.percent(rate) == expected


def test_chart_ids_are_unique_on_the_dashboard() -> None:
    ids = [parsed(svg).get("data-chart") for svg in every_chart()]
    assert len(set(ids)) == len(ids) == 5


def test_the_charts_are_drawn_in_the_language_asked() -> None:
    chinese = charts.dashboard(MIXED, trend_rows([(3, 1), (0, 0), (5, 3)]), "zh-CN")
    assert [chart["title"] for chart in chinese] == [
        "未到场率走势",
        "从安排到到场",
        "候选人为什么没来",
        "通知 vs 邀请",
        "邮件 vs 邮件 + 短信",
    ]
    assert all("No-show" not in chart["svg"] and "Scheduled" not in chart["svg"] for chart in chinese)
    english = charts.dashboard(MIXED, trend_rows([(3, 1), (0, 0), (5, 3)]))
    assert english[0]["title"] == "No-show rate over time"
