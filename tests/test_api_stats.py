"""The statistics API: GET /stats, GET /stats.csv, GET /stats/charts, POST /interviews/{id}/outcome, GET /dashboard."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.api.stats import PERIODS, RECENT, stats
from chalicelib.services.statistics import counting, figures, periods
from chalicelib.store.interviews import InterviewRepository
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.builders import interview
from tests.support.clock import at
from tests.support.statistics import counted
from tests.support.stream import drain_stream

__all__ = ["counted"]


@pytest.fixture
def api(counted: InterviewRepository, token: str, now: datetime) -> Iterator[Api]:
    """The app with the statistics routes (registered once, whether or not app.py already does)."""
    from app import app

    if "/stats" not in app.routes:
        app.register_blueprint(stats)
    with Client(app, stage_name="test") as client:
        yield Api(client, token)


def body_of(response: Any) -> Any:
    return json.loads(response.body)


def book(api: Api, starts_at: str = "2026-12-01T10:00", **overrides: Any) -> dict[str, Any]:
    position = body_of(api.post("/positions", position_body()))
    response = api.post("/interviews", interview_body(position["position_id"], starts_at=starts_at, **overrides))
    assert response.status_code == 201, response.body
    return dict(body_of(response))


def later(override: Override, local: str) -> None:
    """Requests from now on happen at this Shanghai wall-clock time."""
    moment = at(local)
    override(now=lambda: moment)


def outcome(api: Api, interview_id: str, **body: Any) -> Any:
    return api.post(f"/interviews/{interview_id}/outcome", body)


# ---------- GET /stats ----------


def test_the_api_knows_the_periods_the_statistics_keep() -> None:
    assert PERIODS == periods.PERIODS == tuple(RECENT)


def test_stats_default_to_this_week_in_company_time(api: Api) -> None:
    response = api.get("/stats")

    assert response.status_code == 200
    week = body_of(response)
    # Friday 27 November 2026, 09:00 in Shanghai: ISO week 48.
    assert (week["period"], week["label"], week["start"], week["end"]) == (
        "week",
        "2026-W48",
        "2026-11-23",
        "2026-11-29",
    )
    for key in (*figures.MAIN_COUNTERS, "no_show_rate", "confirmation_rate", "reasons", "by_mode", "by_channel"):
        assert key in week
    assert week["no_show_rate"] is None
    assert week["confirmation_rate"] is None
    assert set(week["reasons"]) == set(counting.REASONS)


def test_stats_count_interviews_booked_and_their_outcomes(api: Api, override: Override) -> None:
    first = book(api, "2026-12-01T10:00")
    second = book(api, "2026-12-01T14:00", mode="invitation")
    later(override, "2026-12-01T18:00")
    assert outcome(api, first["interview_id"], outcome="attended").status_code == 200
    assert outcome(api, second["interview_id"], outcome="no_show", reason="job_info_unclear").status_code == 200
    drain_stream()

    day = body_of(api.get("/stats?period=day&date=2026-12-01"))
    month = body_of(api.get("/stats?period=month&date=2026-12-31"))

    for shown in (day, month):
        assert (shown["scheduled"], shown["attended"], shown["no_show"]) == (2, 1, 1)
        assert shown["no_show_rate"] == 0.5
        assert shown["reasons"]["job_info_unclear"] == 1
        assert shown["by_mode"]["invitation"]["no_show_rate"] == 1.0
        assert shown["by_mode"]["notification"]["no_show_rate"] == 0.0
    assert (month["start"], month["end"]) == ("2026-12-01", "2026-12-31")


def test_statistics_follow_a_write_once_the_table_stream_is_read(api: Api) -> None:
    book(api)
    # The request wrote the interview alone: the stream consumer has not counted it yet.
    assert body_of(api.get("/stats?period=day&date=2026-12-01"))["scheduled"] == 0

    # The position's write (its own stream) and the interview's.
    assert drain_stream() == 2

    assert body_of(api.get("/stats?period=day&date=2026-12-01"))["scheduled"] == 1


def test_stats_by_position_on_request(api: Api) -> None:
    interview = book(api)
    drain_stream()
    figures = body_of(api.get("/stats?period=day&date=2026-12-01&positions=true"))
    assert figures["by_position"] == {interview["position_id"]: figures["by_position"][interview["position_id"]]}
    assert figures["by_position"][interview["position_id"]]["scheduled"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=year", "period"),
        ("period=", "period"),
        ("date=2026-13-01", "date"),
        ("date=20261201", "date"),
        ("date=2026-W49-2", "date"),
        ("date=yesterday", "date"),
        ("positions=maybe", "positions"),
    ],
)
def test_bad_stats_queries_name_the_field(api: Api, query: str, field: str) -> None:
    response = api.get(f"/stats?{query}")
    assert response.status_code == 400
    assert set(body_of(response)["fields"]) == {field}
    assert body_of(response)["error"] == "validation_error"


def test_statistics_need_the_hr_token(api: Api) -> None:
    for path in ("/stats", "/stats.csv", "/stats/charts", "/stats/calibration"):
        assert api.client.http.get(path).status_code == 401
        assert api.get(path, headers=api.headers("not-a-token")).status_code == 403


# ---------- GET /stats.csv ----------


def test_csv_has_a_header_and_one_row_per_period(api: Api, override: Override) -> None:
    interview = book(api, "2026-12-01T10:00")
    later(override, "2026-12-01T12:00")
    outcome(api, interview["interview_id"], outcome="no_show", reason="weather_or_traffic")
    drain_stream()

    response = api.get("/stats.csv?period=day&from=2026-11-30&to=2026-12-06")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="showup-stats-day-2026-11-30-to-2026-12-06\.csv"',
        response.headers["Content-Disposition"],
    )
    text = response.body.decode("utf-8") if isinstance(response.body, bytes) else response.body
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(figures.csv_columns())
    assert rows[0][:14] == [
        "period", "start", "end", "scheduled", "notified", "reminded", "confirmed", "declined", "attended",
        "no_show", "cancelled", "rescheduled", "no_show_rate", "confirmation_rate",
    ]  # fmt: skip
    assert rows[0][14:] == [f"no_show_{reason}" for reason in counting.REASONS]
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["period"] for r in records] == [
        f"2026-{d}" for d in ("11-30", "12-01", "12-02", "12-03", "12-04", "12-05", "12-06")
    ]
    tuesday = records[1]
    assert (tuesday["scheduled"], tuesday["no_show"], tuesday["no_show_rate"]) == ("1", "1", "1.0")
    assert tuesday["no_show_weather_or_traffic"] == "1"
    # Nothing to divide by: an empty cell, not "None".
    assert records[0]["no_show_rate"] == records[0]["confirmation_rate"] == ""


def test_csv_defaults_to_the_last_twelve_weeks(api: Api) -> None:
    text = api.get("/stats.csv").body
    records = list(csv.DictReader(io.StringIO(text.decode() if isinstance(text, bytes) else text)))
    assert len(records) == 12
    assert (records[0]["period"], records[-1]["period"]) == ("2026-W37", "2026-W48")


def test_csv_of_months_spans_the_year_end(api: Api) -> None:
    text = api.get("/stats.csv?period=month&from=2026-11-15&to=2027-01-02").body
    records = list(csv.DictReader(io.StringIO(text.decode() if isinstance(text, bytes) else text)))
    assert [(r["period"], r["start"], r["end"]) for r in records] == [
        ("2026-11", "2026-11-01", "2026-11-30"),
        ("2026-12", "2026-12-01", "2026-12-31"),
        ("2027-01", "2027-01-01", "2027-01-31"),
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=quarter", "period"),
        ("from=2026-02-30", "from"),
        ("to=tomorrow", "to"),
        ("period=day&from=2026-12-02&to=2026-12-01", "to"),
        ("period=day&from=2025-01-01&to=2026-12-01", "to"),
        ("period=week&from=2020-01-01&to=2026-12-01", "to"),
        ("period=month&from=2020-01-01&to=2026-12-01", "to"),
    ],
)
def test_bad_csv_queries_name_the_field(api: Api, query: str, field: str) -> None:
    response = api.get(f"/stats.csv?{query}")
    assert response.status_code == 400
    assert set(body_of(response)["fields"]) == {field}


# ---------- GET /stats/charts ----------


def test_charts_come_as_svg_with_the_figures_they_show(api: Api) -> None:
    book(api)
    drain_stream()
    response = api.get("/stats/charts?period=week&date=2026-12-01")

    assert response.status_code == 200
    data = body_of(response)
    assert data["stats"]["label"] == "2026-W49"
    assert data["stats"]["scheduled"] == 1
    assert [row["label"] for row in data["trend"]][-1] == "2026-W49"
    assert len(data["trend"]) == 12
    assert [chart["id"] for chart in data["charts"]] == ["trend", "funnel", "reasons", "modes", "channels"]
    for chart in data["charts"]:
        assert chart["svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert chart["title"]


def test_bad_chart_queries_name_the_field(api: Api) -> None:
    response = api.get("/stats/charts?period=fortnight")
    assert (response.status_code, set(body_of(response)["fields"])) == (400, {"period"})


# ---------- GET /stats/calibration ----------


def test_calibration_reads_the_probabilities_stored_with_outcomes(api: Api, counted: InterviewRepository) -> None:
    held = {"at": "2026-12-01T04:00:00Z", "answer": ""}
    counted.add(
        interview(
            interview_id="int_a",
            status="no_show",
            outcome={**held, "outcome": "no_show", "reason": "found_job"},
            local_date="2026-12-01",
            probability_at_outcome=0.8,
            risk_at_outcome="high",
        )
    )
    counted.add(
        interview(
            interview_id="int_b",
            status="attended",
            outcome={**held, "outcome": "attended"},
            local_date="2026-12-01",
            probability_at_outcome=0.2,
        )
    )
    drain_stream()

    response = api.get("/stats/calibration?date=2026-12-01&lang=zh-CN")

    assert response.status_code == 200
    data = body_of(response)
    assert (data["from"], data["to"], data["outcomes"], data["no_shows"]) == ("2026-09-03", "2026-12-01", 2, 1)
    assert data["brier"] == pytest.approx(0.04) and data["auc"] == 1.0
    assert [(d["low"], d["observed"]) for d in data["deciles"]] == [(0.2, 0.0), (0.8, 1.0)]
    assert data["call_level"] == {"asked": 1, "no_shows": 1}
    assert data["promoted_model"] is None
    assert "预测与实际爽约率对比" in data["chart"]


def test_calibration_names_the_promoted_model(api: Api) -> None:
    from chalicelib import deps
    from chalicelib.services.risk.model import Model

    promoted = Model("fit-2026-12-01-400", -0.7, {"intent_low": 1.2}, 400, ("2026-01-01", "2026-11-30"), {"auc": 0.7})
    deps.risk_models().promote(promoted, promoted_at=datetime.fromisoformat("2026-11-30T18:00:00+00:00"))

    data = body_of(api.get("/stats/calibration"))

    assert data["promoted_model"] == {
        "version": "fit-2026-12-01-400",
        "outcomes": 400,
        "window": ["2026-01-01", "2026-11-30"],
        "details": {"auc": 0.7},
    }
    assert data["outcomes"] == 0 and "<svg" in data["chart"]


def test_a_calibration_in_an_unknown_language_is_refused(api: Api) -> None:
    response = api.get("/stats/calibration?lang=fr")
    assert (response.status_code, set(body_of(response)["fields"])) == (400, {"lang"})


# ---------- POST /interviews/{id}/outcome ----------


def test_an_outcome_is_recorded_and_moves_the_statistics(api: Api, override: Override) -> None:
    interview = book(api)
    later(override, "2026-12-01T11:00")

    response = outcome(api, interview["interview_id"], outcome="no_show", reason="found_job")

    assert response.status_code == 200
    recorded = body_of(response)
    assert recorded["status"] == "no_show"
    assert recorded["outcome"]["reason"] == "found_job"
    assert "expires_at" not in recorded
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["status"] == "no_show"
    corrected = outcome(api, interview["interview_id"], outcome="attended")
    assert corrected.status_code == 200
    drain_stream()
    day = body_of(api.get("/stats?period=day&date=2026-12-01"))
    assert (day["attended"], day["no_show"], day["reasons"]["found_job"]) == (1, 0, 0)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"outcome": "no_show"}', "reason"),
        ('{"outcome": "no_show", "reason": "hangover"}', "reason"),
        ('{"outcome": "attended", "reason": "personal"}', "reason"),
        ('{"outcome": "showed_up"}', "outcome"),
        ('{"outcome": "attended", "extra": 1}', "extra"),
        ("{}", "outcome"),
        ("{not json", "body"),
        ('["attended"]', "body"),
    ],
)
def test_a_bad_outcome_is_a_400_naming_the_field_and_writes_nothing(
    api: Api, override: Override, raw: str, field: str
) -> None:
    interview = book(api)
    later(override, "2026-12-01T11:00")

    response = api.post(f"/interviews/{interview['interview_id']}/outcome", raw=raw)

    assert response.status_code == 400
    assert field in body_of(response)["fields"]
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["status"] == "scheduled"


def test_an_outcome_before_the_interview_started_is_a_conflict(api: Api) -> None:
    interview = book(api)
    response = outcome(api, interview["interview_id"], outcome="attended")

    assert response.status_code == 409
    assert body_of(response) == {
        "error": "conflict",
        "message": "The interview has not started yet.",
        "fields": {"outcome": "The interview has not started yet."},
        "codes": {"outcome": "not_started"},
    }


def test_an_outcome_for_a_cancelled_interview_is_a_conflict(api: Api, override: Override) -> None:
    interview = book(api)
    assert api.post(f"/interviews/{interview['interview_id']}/cancel").status_code == 200
    later(override, "2026-12-01T11:00")

    response = outcome(api, interview["interview_id"], outcome="no_show", reason="unknown")

    assert response.status_code == 409
    assert body_of(response)["error"] == "conflict"
    assert outcome(api, interview["interview_id"], outcome="cancelled").status_code == 200


def test_an_outcome_for_an_unknown_interview_is_a_404(api: Api) -> None:
    response = outcome(api, "int_nobody", outcome="attended")
    assert (response.status_code, body_of(response)["error"]) == (404, "not_found")


def test_recording_an_outcome_needs_the_hr_token(api: Api) -> None:
    interview = book(api)
    path = f"/interviews/{interview['interview_id']}/outcome"
    body = json.dumps({"outcome": "cancelled"})
    assert api.client.http.post(path, body=body, headers={"Content-Type": "application/json"}).status_code == 401
    assert api.post(path, {"outcome": "cancelled"}, headers=api.headers("wrong")).status_code == 403


# ---------- GET /dashboard ----------


def test_the_dashboard_page_needs_no_token_and_opens_on_today_in_company_time(api: Api) -> None:
    response = api.client.http.get("/dashboard")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    html = response.body.decode() if isinstance(response.body, bytes) else response.body
    # A relative link back to the HR page, its own files under static/, nothing from elsewhere.
    assert 'href="./"' in html
    assert re.search(r'<script type="module" src="static/stats\.[0-9a-f]+\.js">', html)
    assert re.findall(r"https?://[^\s\"']+", html) == []
    assert 'value="2026-11-27"' in html and 'data-today="2026-11-27"' in html
