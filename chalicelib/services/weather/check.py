"""The scheduling check: warn HR about a caution or severe forecast for the interview day.

A forecast is advice: when Open-Meteo is down, slow or talks nonsense, scheduling goes on
without a weather warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol

from chalicelib.adapters.weather_api import HORIZON_DAYS, DailyForecast, Forecasts, Location, Place, WeatherUnavailable
from chalicelib.models import InterviewIn, WarningCode
from chalicelib.services.common.clock import LocalTime, today_in
from chalicelib.services.common.records import Position, Warning
from chalicelib.services.scheduling.interviews import Check
from chalicelib.services.weather.thresholds import RANK, RISKY, Risk, Thresholds, assess
from chalicelib.services.weather.wording import warning_facts, warning_text

log = logging.getLogger("showup.weather")

# Suggested days lie within this many days of the interview, and at most this many are named.
SUGGESTION_RANGE_DAYS = 7
MAX_SUGGESTIONS = 3


class Forecaster(Protocol):
    """What the check and the watch ask of a forecast provider (``adapters.weather_api.OpenMeteo``)."""

    def forecast(
        self, locations: Sequence[Location], start_date: date, end_date: date, timezone: str = ...
    ) -> Forecasts: ...

    def geocode(self, city: str, *, timezone: str | None = ..., language: str = ...) -> Place | None: ...


def suggestions(
    daily: Mapping[str, DailyForecast], interview_day: date, risk: Risk, *, earliest: date, thresholds: Thresholds
) -> list[tuple[date, Risk]]:
    """The working days (Mon-Fri) nearest the interview whose forecast is less risky, nearest first."""
    found: list[tuple[int, int, date, Risk]] = []
    for offset in range(-SUGGESTION_RANGE_DAYS, SUGGESTION_RANGE_DAYS + 1):
        day = interview_day + timedelta(days=offset)
        if offset == 0 or day < earliest or day.weekday() >= 5:
            continue
        level = assess(daily.get(day.isoformat()), thresholds)
        if level is not Risk.UNKNOWN and RANK[level] < RANK[risk]:
            # Ties go to the later day: moving an interview later leaves the candidate time to plan.
            found.append((abs(offset), -offset, day, level))
    return [(day, level) for _, _, day, level in sorted(found)[:MAX_SUGGESTIONS]]


def weather_check(forecaster: Forecaster, thresholds: Thresholds | None = None) -> Check:
    """The scheduling check: a ``weather_risk`` warning for a caution or severe interview day.

    Only days within the forecast horizon are checked. Any provider trouble means no warning and
    one log line: scheduling never waits on, or fails for, the weather.
    """
    limits = thresholds or Thresholds()

    def check(position: Position, request: InterviewIn, start: LocalTime, now: datetime) -> list[Warning]:
        today = today_in(start.timezone, now)
        day = start.local.date()
        last = today + timedelta(days=HORIZON_DAYS - 1)
        if day > last:
            return []
        try:
            location = _request_location(forecaster, request)
            if location is None:
                log.info("no weather check for %s: the city is unknown to the geocoder", request.city)
                return []
            earliest = min(day, max(today + timedelta(days=1), day - timedelta(days=SUGGESTION_RANGE_DAYS)))
            end = min(last, day + timedelta(days=SUGGESTION_RANGE_DAYS))
            forecasts = forecaster.forecast([location], earliest, end)
            if forecasts.failures:
                raise WeatherUnavailable("; ".join(forecasts.failures))
        except WeatherUnavailable as exc:
            log.warning("weather check skipped for an interview in %s on %s: %s", request.city, day, exc)
            return []
        except Exception:
            # Advice must never stop HR from scheduling, not even through a fault of ours.
            log.exception("weather check failed for an interview in %s on %s", request.city, day)
            return []
        daily = forecasts.daily(location) or {}
        forecast = daily.get(day.isoformat())
        risk = assess(forecast, limits)
        if forecast is None or risk not in RISKY:
            return []
        alternatives = suggestions(daily, day, risk, earliest=earliest, thresholds=limits)
        said = warning_text(forecast, risk, request.city, alternatives, limits)
        facts = warning_facts(forecast, risk, request.city, alternatives, limits)
        return [Warning(WarningCode.WEATHER_RISK, said, facts)]

    return check


def _request_location(forecaster: Forecaster, request: InterviewIn) -> Location | None:
    if request.latitude is not None and request.longitude is not None:
        return (request.latitude, request.longitude)
    place = forecaster.geocode(request.city, timezone=request.timezone)
    return None if place is None else (place.latitude, place.longitude)
