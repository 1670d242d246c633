"""Statistics and outcomes (API.md): ``GET /stats``, ``GET /stats.csv``, ``GET /stats/charts``,
``POST /interviews/{id}/outcome``, and the HR dashboard page ``GET /dashboard``.

Everything but the page sits behind the HR token. The page needs none: like the HR app, it asks
for the token and sends it with each request it makes.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib import aws, deps
from chalicelib.api.auth import hr_token
from chalicelib.api.middleware import Routes
from chalicelib.api.params import parse_day
from chalicelib.errors import invalid
from chalicelib.services.common.clock import today_in

if TYPE_CHECKING:
    from chalicelib.services.statistics import stats as statistics
    from chalicelib.services.statistics.outcomes import OutcomeService

stats = Routes(__name__)

PERIODS = ("day", "week", "month")
# How many periods the trend chart and a CSV without ``from`` cover, ending with the chosen one.
RECENT = {"day": 14, "week": 12, "month": 12}


def _statistics() -> Any:
    # Loaded when a statistics route first runs: every Lambda imports app.py, and compiling the
    # statistics module on each cold start would cost the routes that never read statistics.
    from chalicelib.services.statistics import stats as statistics

    return statistics


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the API's counters and rates, then one column per no-show reason."""
    statistics = _statistics()
    return (
        "period",
        "start",
        "end",
        *statistics.MAIN_COUNTERS,
        "no_show_rate",
        "confirmation_rate",
        *(f"no_show_{reason}" for reason in statistics.REASONS),
    )


def _query(name: str) -> str | None:
    request = stats.current_request
    params = request.query_params if request is not None else None
    return params.get(name) if params else None


def _period() -> str:
    period = _query("period")
    if period is None:
        return "week"
    if period not in PERIODS:
        raise invalid("period", "must be one of " + ", ".join(PERIODS))
    return period


def _date(name: str, default: date) -> date:
    text = _query(name)
    if text is None:
        return default
    return parse_day(name, text)


def _flag(name: str) -> bool:
    text = (_query(name) or "false").lower()
    if text not in ("true", "false", "1", "0"):
        raise invalid(name, "must be true or false")
    return text in ("true", "1")


def _today() -> date:
    return today_in(deps.settings().company_timezone, deps.now())


def counters() -> statistics.StatsTable:
    """Where the statistics are read from."""
    source: statistics.StatsTable = _statistics().StatsTable(table=aws.table(deps.settings().stats_table))
    return source


@stats.route("/stats", methods=["GET"], authorizer=hr_token)
def get_stats() -> dict[str, Any]:
    period = _period()
    day = _date("date", _today())
    figures: dict[str, Any] = _statistics().read(period, day, stats=counters(), positions=_flag("positions"))
    return figures


@stats.route("/stats.csv", methods=["GET"], authorizer=hr_token)
def get_stats_csv() -> Response:
    statistics = _statistics()
    period = _period()
    last = _date("to", _today())
    first = _date("from", statistics.recent(period, last, RECENT[period])[0])
    rows = statistics.series(period, first, last, stats=counters())
    body = csv_text(rows)
    name = f"showup-stats-{period}-{rows[0]['label']}-to-{rows[-1]['label']}.csv"
    return Response(
        body=body,
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
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


@stats.route("/stats/charts", methods=["GET"], authorizer=hr_token)
def get_charts() -> dict[str, Any]:
    """One period's figures, its trend, and the dashboard's charts as SVG."""
    from chalicelib.services.statistics import charts

    statistics = _statistics()
    period = _period()
    day = _date("date", _today())
    source = counters()
    figures = statistics.read(period, day, stats=source)
    first, last = statistics.recent(period, day, RECENT[period])
    rows = statistics.series(period, first, last, stats=source)
    return {"period": period, "stats": figures, "trend": rows, "charts": charts.dashboard(figures, rows)}


@stats.route("/interviews/{interview_id}/outcome", methods=["POST"], authorizer=hr_token)
def record_outcome(interview_id: str) -> dict[str, Any]:
    # pydantic and the outcome service load when an outcome is first recorded, not on cold start.
    from chalicelib.api.hr import public
    from chalicelib.services.statistics.outcomes import OutcomeIn
    from chalicelib.validation import parse

    request = stats.current_request
    body = parse(OutcomeIn, request.raw_body if request is not None else None)
    return public(outcome_service().record(interview_id, body, now=deps.now()))


def outcome_service() -> OutcomeService:
    """The outcome service, cancelling through the interview service so the candidate is told."""
    from chalicelib.services.statistics.outcomes import OutcomeService

    return OutcomeService(
        interviews=deps.interviews(),
        cancel=lambda interview_id, now: deps.interview_service().cancel(interview_id, now=now),
    )


@stats.route("/dashboard", methods=["GET"])
def dashboard() -> Response:
    from chalicelib.api.pages import html_page

    return html_page(
        stats.current_request,
        "stats/dashboard.html",
        today=_today().isoformat(),
        company_timezone=deps.settings().company_timezone,
    )
