"""Statistics and outcomes (API.md): ``GET /stats``, ``GET /stats.csv``, ``GET /stats/charts``,
``GET /stats/calibration``, ``POST /interviews/{id}/outcome``, and the HR dashboard page ``GET /dashboard``.

Everything but the page sits behind the HR token. The page needs none: like the HR app, it asks
for the token and sends it with each request it makes. The figures are counted from the interviews
table's stream, so they follow a write by a few seconds (the view docstrings, which the packaged
API's description carries, say so).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import CSV, DAY, FLAG, HTML, accepts, answers, one_of
from chalicelib.api.middleware import Routes
from chalicelib.api.params import parse_day
from chalicelib.errors import invalid
from chalicelib.services.common.clock import today_in
from chalicelib.text import asked
from chalicelib.vocabulary import Language, Period, Role

stats = Routes(__name__)

PERIODS = tuple(period.value for period in Period)
# How many periods the trend chart and a CSV without ``from`` cover, ending with the chosen one.
RECENT = {"day": 14, "week": 12, "month": 12}


def _query(name: str) -> str | None:
    request = stats.current_request
    params = request.query_params if request is not None else None
    return params.get(name) if params else None


def _period() -> str:
    period = _query("period")
    if period is None:
        return "week"
    if period not in PERIODS:
        raise invalid("period", code="invalid_choice")
    return period


def _date(name: str, default: date) -> date:
    text = _query(name)
    if text is None:
        return default
    return parse_day(name, text)


def _flag(name: str) -> bool:
    text = (_query(name) or "false").lower()
    if text not in ("true", "false", "1", "0"):
        raise invalid(name, code="true_or_false")
    return text in ("true", "1")


def _language() -> str:
    """The language the request asks for (``Accept-Language``), English without one."""
    request = stats.current_request
    return (asked(request.headers.get("accept-language")) if request is not None else None) or "en"


def _today() -> date:
    return today_in(deps.settings().company_timezone, deps.now())


@stats.route("/stats", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query={"period": one_of(Period), "date": DAY, "positions": FLAG})
def get_stats() -> dict[str, Any]:
    """One period's counts and rates; they follow interview writes by a few seconds."""
    # The statistics modules load when a statistics route first runs, not on every cold start.
    from chalicelib.services.statistics import figures

    period = _period()
    day = _date("date", _today())
    return figures.read(period, day, stats=deps.stats(), positions=_flag("positions"))


@stats.route("/stats.csv", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query={"period": one_of(Period), "from": DAY, "to": DAY})
@answers(media=(CSV,))
def get_stats_csv() -> Response:
    """The counts and rates per period as CSV; they follow interview writes by a few seconds."""
    from chalicelib.services.statistics import figures, periods

    period = _period()
    last = _date("to", _today())
    first = _date("from", periods.recent(period, last, RECENT[period])[0])
    rows = figures.series(period, first, last, stats=deps.stats())
    body = figures.csv_text(rows)
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


@stats.route("/stats/charts", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query={"period": one_of(Period), "date": DAY})
def get_charts() -> dict[str, Any]:
    """One period's figures, its trend, and the dashboard's charts as SVG."""
    from chalicelib.services.statistics import charts, figures, periods

    period = _period()
    day = _date("date", _today())
    source = deps.stats()
    shown = figures.read(period, day, stats=source)
    first, last = periods.recent(period, day, RECENT[period])
    rows = figures.series(period, first, last, stats=source)
    return {"period": period, "stats": shown, "trend": rows, "charts": charts.dashboard(shown, rows, _language())}


@stats.route("/stats/calibration", methods=["GET"], authorizer=hr_token)
@requires(Role.VIEWER)
@accepts(query={"date": DAY, "lang": one_of(Language)})
def get_calibration() -> dict[str, Any]:
    """How right the no-show probability was over the last 90 days: Brier, AUC, deciles as a chart,
    the calls the call level asked for, and the promoted model; follows outcomes by a few seconds."""
    from chalicelib.services.statistics import calibration

    language = _query("lang") or deps.settings().default_language
    if language not in (term.value for term in Language):
        raise invalid("lang", code="invalid_choice")
    found = calibration.read(_date("date", _today()), stats=deps.stats())
    # The model the nightly learning promoted last; null while the prior is in force.
    model = deps.risk_models().latest()
    found["promoted_model"] = model and {
        "version": model.version,
        "outcomes": model.outcomes,
        "window": list(model.window) if model.window else None,
        "details": dict(model.details),
    }
    found["chart"] = calibration.chart(found, lang=language)
    return found


@stats.route("/interviews/{interview_id}/outcome", methods=["POST"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.services.statistics.outcomes.OutcomeIn")
@answers(errors=(409,))
def record_outcome(interview_id: str) -> dict[str, Any]:
    # pydantic and the outcome service load when an outcome is first recorded, not on cold start.
    from chalicelib.api.hr import public
    from chalicelib.services.statistics.outcomes import OutcomeIn
    from chalicelib.validation import parse

    request = stats.current_request
    body = parse(OutcomeIn, request.raw_body if request is not None else None)
    return public(deps.outcome_service().record(interview_id, body, now=deps.now()))


@stats.route("/dashboard", methods=["GET"])
@accepts()
@answers(media=(HTML,))
def dashboard() -> Response:
    from chalicelib.api.pages import html_page, page_language
    from chalicelib.vocabulary import NoticeChannels, NoticeMode, Period, labels

    request = stats.current_request
    language, _ = page_language(request)
    return html_page(
        request,
        "stats/dashboard.html",
        periods=labels(Period, language),
        # The table's columns after "All": by the notice's tone, then by the channels it went by.
        columns=[*labels(NoticeMode, language).values(), *labels(NoticeChannels, language).values()],
        today=_today().isoformat(),
        company_timezone=deps.settings().company_timezone,
    )
