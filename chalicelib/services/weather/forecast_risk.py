"""Weather risk for interviews: warn HR when scheduling, and watch the next days every morning.

HR practice: check the weather of the coming days and avoid heavy-rain days; typhoons and
rainstorms keep candidates away or make them late. Risk levels (``Thresholds``, configurable):

| level | when (daily forecast at the interview's place) | why |
| --- | --- | --- |
| severe | precipitation >= 50 mm | a rainstorm (暴雨) by the national 24-hour grading |
| severe | WMO code 65, 67, 75, 82, 86, 95, 96, 99 | heavy rain, freezing rain or snow, violent showers, thunder |
| severe | gusts >= 62 km/h | gale, Beaufort 8: the typhoon blue signal's gust criterion |
| caution | precipitation >= 25 mm | heavy rain (大雨) |
| caution | probability >= 80 % with >= 10 mm | rain that is near certain and more than a shower |
| calm | none of the above | |
| unknown | no forecast (beyond the 16-day horizon, place unknown, provider down) | |

A forecast is advice: when Open-Meteo is down, slow or talks nonsense, scheduling goes on
without a weather warning and the daily watch marks the affected interviews ``unknown``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from chalicelib.adapters.outbox import Outbox
from chalicelib.adapters.weather_api import (
    HORIZON_DAYS,
    DailyForecast,
    Forecasts,
    Location,
    Place,
    WeatherUnavailable,
    rounded,
)
from chalicelib.models import InterviewIn, InterviewStatus, NoticeStatus, WarningCode
from chalicelib.services.common.clock import LocalTime, iso_utc, parse_utc, today_in
from chalicelib.services.followup.reminders import EARLIEST_OFFSET, LATEST_OFFSET, DateWindow, UpcomingInterviews
from chalicelib.services.scheduling.interviews import Check, Warning
from chalicelib.store.interviews import InterviewRepository, StaleInterview
from chalicelib.store.ledger import Ledger

log = logging.getLogger("showup.weather")

CLAIM_TTL_SECONDS = 30 * 24 * 3600
# Suggested days lie within this many days of the interview, and at most this many are named.
SUGGESTION_RANGE_DAYS = 7
MAX_SUGGESTIONS = 3
NOT_WATCHED = frozenset(
    {InterviewStatus.CANCELLED, InterviewStatus.DECLINED, InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW}
)

WMO_NAMES = {
    0: "clear sky",
    1: "mainly clear",
    2: "partly cloudy",
    3: "overcast",
    45: "fog",
    48: "rime fog",
    51: "light drizzle",
    53: "drizzle",
    55: "dense drizzle",
    56: "freezing drizzle",
    57: "dense freezing drizzle",
    61: "light rain",
    63: "rain",
    65: "heavy rain",
    66: "freezing rain",
    67: "heavy freezing rain",
    71: "light snow",
    73: "snow",
    75: "heavy snow",
    77: "snow grains",
    80: "rain showers",
    81: "heavy rain showers",
    82: "violent rain showers",
    85: "snow showers",
    86: "heavy snow showers",
    95: "thunderstorm",
    96: "thunderstorm with hail",
    99: "thunderstorm with heavy hail",
}


class Risk(StrEnum):
    CALM = "calm"
    CAUTION = "caution"
    SEVERE = "severe"
    UNKNOWN = "unknown"


RISKY = frozenset({Risk.CAUTION, Risk.SEVERE})
_RANK = {Risk.CALM: 0, Risk.CAUTION: 1, Risk.SEVERE: 2}


def _codes(text: str) -> frozenset[int]:
    return frozenset(int(code) for code in text.split(",") if code.strip())


@dataclass(frozen=True)
class Thresholds:
    """Where calm ends and caution and severe begin (see the module docstring for the sources)."""

    severe_precipitation_mm: float = 50.0
    severe_weather_codes: frozenset[int] = field(default_factory=lambda: frozenset({65, 67, 75, 82, 86, 95, 96, 99}))
    severe_gusts_kmh: float = 62.0
    caution_precipitation_mm: float = 25.0
    caution_probability_pct: float = 80.0
    caution_probable_mm: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Thresholds:
        """Read the ``WEATHER_*`` thresholds; anything unset keeps its default."""
        default = cls()
        return cls(
            severe_precipitation_mm=float(env.get("WEATHER_SEVERE_MM", default.severe_precipitation_mm)),
            severe_weather_codes=_codes(env["WEATHER_SEVERE_CODES"])
            if env.get("WEATHER_SEVERE_CODES")
            else default.severe_weather_codes,
            severe_gusts_kmh=float(env.get("WEATHER_SEVERE_GUSTS_KMH", default.severe_gusts_kmh)),
            caution_precipitation_mm=float(env.get("WEATHER_CAUTION_MM", default.caution_precipitation_mm)),
            caution_probability_pct=float(env.get("WEATHER_CAUTION_PROBABILITY", default.caution_probability_pct)),
            caution_probable_mm=float(env.get("WEATHER_CAUTION_PROBABLE_MM", default.caution_probable_mm)),
        )


@dataclass(frozen=True)
class WatchConfig:
    """The daily watch: from ``hour`` (company time) on, once a day, for interviews in the next ``days``."""

    hour: int = 7
    days: int = 3
    company_timezone: str = "Asia/Shanghai"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WatchConfig:
        """Read ``WEATHER_CHECK_HOUR`` (default 7: before HR's digest), ``WEATHER_WATCH_DAYS``, ``COMPANY_TIMEZONE``."""
        hour = int(env.get("WEATHER_CHECK_HOUR", "7"))
        if not 0 <= hour <= 23:
            raise ValueError(f"WEATHER_CHECK_HOUR must be 0-23, not {hour}")
        return cls(
            hour=hour,
            days=max(1, min(int(env.get("WEATHER_WATCH_DAYS", "3")), HORIZON_DAYS - 1)),
            company_timezone=env.get("COMPANY_TIMEZONE", "Asia/Shanghai"),
        )


def assess(day: DailyForecast | None, thresholds: Thresholds) -> Risk:
    """The risk level of one forecast day; ``unknown`` without a forecast."""
    if day is None or (day.precipitation_sum is None and day.weather_code is None and day.wind_gusts is None):
        return Risk.UNKNOWN
    rain = day.precipitation_sum
    if (
        (rain is not None and rain >= thresholds.severe_precipitation_mm)
        or day.weather_code in thresholds.severe_weather_codes
        or (day.wind_gusts is not None and day.wind_gusts >= thresholds.severe_gusts_kmh)
    ):
        return Risk.SEVERE
    if rain is not None and (
        rain >= thresholds.caution_precipitation_mm
        or (
            day.precipitation_probability is not None
            and day.precipitation_probability >= thresholds.caution_probability_pct
            and rain >= thresholds.caution_probable_mm
        )
    ):
        return Risk.CAUTION
    return Risk.CALM


def hazard(day: DailyForecast, thresholds: Thresholds) -> str:
    """The main reason for a day's risk, in a word or two (English)."""
    if day.weather_code in thresholds.severe_weather_codes and day.weather_code in (95, 96, 99):
        return "thunderstorm"
    if day.wind_gusts is not None and day.wind_gusts >= thresholds.severe_gusts_kmh:
        return "gale-force gusts"
    rain = day.precipitation_sum or 0.0
    if rain >= thresholds.severe_precipitation_mm:
        return "rainstorm"
    if day.weather_code in thresholds.severe_weather_codes:
        return WMO_NAMES.get(day.weather_code or 0, f"weather code {day.weather_code}")
    if rain >= thresholds.caution_precipitation_mm:
        return "heavy rain"
    return "likely rain"


_ZH_HAZARDS = {
    "thunderstorm": "雷暴",
    "gale-force gusts": "大风",
    "rainstorm": "暴雨",
    "heavy rain": "大雨",
    "likely rain": "降雨可能性大",
    "heavy snow": "大雪",
    "heavy snow showers": "强阵雪",
    "heavy freezing rain": "冻雨",
    "violent rain showers": "强阵雨",
}
_ZH_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
# Spelt out: strftime's names follow the process locale, which is not the reader's.
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def figures(day: DailyForecast) -> str:
    """The day's numbers, as HR reads them in a warning."""
    parts = []
    if day.precipitation_sum is not None:
        parts.append(f"{day.precipitation_sum:g} mm precipitation")
    if day.precipitation_probability is not None:
        parts.append(f"{day.precipitation_probability:g}% chance")
    if day.wind_gusts is not None:
        parts.append(f"gusts {day.wind_gusts:g} km/h")
    if day.weather_code is not None:
        parts.append(f"WMO code {day.weather_code} ({WMO_NAMES.get(day.weather_code, 'unlisted')})")
    return ", ".join(parts)


def _short_day(day: date) -> str:
    return f"{_EN_WEEKDAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]}"


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
        if level is not Risk.UNKNOWN and _RANK[level] < _RANK[risk]:
            # Ties go to the later day: moving an interview later leaves the candidate time to plan.
            found.append((abs(offset), -offset, day, level))
    return [(day, level) for _, _, day, level in sorted(found)[:MAX_SUGGESTIONS]]


def warning_text(
    day: DailyForecast, risk: Risk, city: str, alternatives: Sequence[tuple[date, Risk]], thresholds: Thresholds
) -> str:
    """HR's warning: the day's numbers and the nearest lower-risk working days."""
    when = date.fromisoformat(day.day)
    text = f"{risk.value.capitalize()} weather ({hazard(day, thresholds)}) forecast for {_short_day(when)} "
    text += f"{when.year} in {city}: {figures(day)}."
    if alternatives:
        listed = ", ".join(f"{_short_day(d)} ({level.value})" for d, level in alternatives)
        text += f" Lower-risk working days nearby: {listed}."
    else:
        text += " No lower-risk working day within a week is forecast yet."
    return text


def advisory_text(day: DailyForecast, city: str, language: str, thresholds: Thresholds) -> str:
    """What the candidate reads in the advisory: the day, the place and the forecast numbers."""
    when = date.fromisoformat(day.day)
    kind = hazard(day, thresholds)
    rain = day.precipitation_sum
    chance = day.precipitation_probability
    gusts = day.wind_gusts
    if language == "zh-CN":
        weekday = _ZH_WEEKDAYS[when.weekday()]
        parts = [f"天气预报：{when.month}月{when.day}日（{weekday}）{city}{_ZH_HAZARDS.get(kind, kind)}"]
        if rain is not None:
            parts.append(f"预计降水约 {rain:g} 毫米" + (f"（概率 {chance:g}%）" if chance is not None else ""))
        if gusts is not None:
            parts.append(f"阵风最大 {gusts:g} 公里/小时")
        return "，".join(parts) + "。"
    text = f"Forecast for {_short_day(when)} in {city}: {kind}"
    if rain is not None:
        text += f", about {rain:g} mm of rain" + (f" ({chance:g}% chance)" if chance is not None else "")
    if gusts is not None:
        text += f", gusts up to {gusts:g} km/h"
    return text + "."


class Forecaster(Protocol):
    def forecast(
        self, locations: Sequence[Location], start_date: date, end_date: date, timezone: str = ...
    ) -> Forecasts: ...

    def geocode(self, city: str, *, timezone: str | None = ..., language: str = ...) -> Place | None: ...


def weather_check(forecaster: Forecaster, thresholds: Thresholds | None = None) -> Check:
    """The scheduling check: a ``weather_risk`` warning for a caution or severe interview day.

    Only days within the forecast horizon are checked. Any provider trouble means no warning and
    one log line: scheduling never waits on, or fails for, the weather.
    """
    limits = thresholds or Thresholds()

    def check(position: dict[str, Any], request: InterviewIn, start: LocalTime, now: datetime) -> list[Warning]:
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
        return [Warning(WarningCode.WEATHER_RISK, warning_text(forecast, risk, request.city, alternatives, limits))]

    return check


def _request_location(forecaster: Forecaster, request: InterviewIn) -> Location | None:
    if request.latitude is not None and request.longitude is not None:
        return (request.latitude, request.longitude)
    place = forecaster.geocode(request.city, timezone=request.timezone)
    return None if place is None else (place.latitude, place.longitude)


def watch_windows(now: datetime, days: int) -> list[DateWindow]:
    """Local dates (in any time zone) that can hold an interview starting within ``days`` of ``now``."""
    end = now + timedelta(days=days)
    utc_now = now.astimezone(UTC).replace(tzinfo=None)
    first = (utc_now + EARLIEST_OFFSET).date()
    last = (utc_now + timedelta(days=days) + LATEST_OFFSET).date()
    return [
        DateWindow(local_date=(first + timedelta(days=n)).isoformat(), start_from=now, start_before=end)
        for n in range((last - first).days + 1)
    ]


def _reason(exc: Exception) -> str:
    if isinstance(exc, WeatherUnavailable):
        return str(exc)
    log.error("unexpected weather failure", exc_info=exc)
    return f"unexpected {type(exc).__name__}: {exc}"


class WeatherWatch:
    """The daily watch: forecast every upcoming interview's day, store the risk, advise the newly at-risk."""

    def __init__(
        self,
        *,
        forecaster: Forecaster,
        interviews: InterviewRepository,
        upcoming: UpcomingInterviews,
        ledger: Ledger,
        outbox: Outbox,
        thresholds: Thresholds | None = None,
        config: WatchConfig | None = None,
        default_language: str = "zh-CN",
    ) -> None:
        self._forecaster = forecaster
        self._interviews = interviews
        self._upcoming = upcoming
        self._ledger = ledger
        self._outbox = outbox
        self._thresholds = thresholds or Thresholds()
        self._config = config or WatchConfig()
        self._default_language = default_language

    def check_daily(self, now: datetime) -> dict[str, Any]:
        """Run the watch once a company day, from the check hour on (an hourly schedule calls this).

        A run that could not reach the provider, or failed for some interview, is not marked done,
        so the next hour tries again.
        """
        local = now.astimezone(ZoneInfo(self._config.company_timezone))
        summary: dict[str, Any] = {"date": local.date().isoformat()}
        if local.hour < self._config.hour:
            return summary | {"waiting_until": f"{self._config.hour:02d}:00 {self._config.company_timezone}"}
        done = f"weather#{local.date().isoformat()}#done"
        if self._ledger.get(done):
            return summary | {"done": True}
        counts = self.check_upcoming(now)
        if not counts["failed"] and not counts["unavailable"]:
            self._ledger.claim(done, now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS)
        return summary | counts

    def check_upcoming(self, now: datetime) -> dict[str, int]:
        """Check interviews starting in the next ``days``; returns counts per risk and outcome.

        One batched forecast covers them all. Provider trouble leaves the affected interviews
        ``unknown`` and is logged once; any one interview failing is logged and the rest go on.
        """
        watched = [
            interview
            for window in watch_windows(now, self._config.days)
            for interview in self._upcoming.starting_between(window)
            if interview["status"] not in NOT_WATCHED
        ]
        summary = {level.value: 0 for level in Risk} | {"checked": len(watched), "advisories": 0, "failed": 0}
        problems: list[str] = []
        located = self._locate(watched, problems)
        forecasts = self._forecast(located, watched, problems)
        summary["locations"] = len({rounded(location) for location in located.values()})
        summary["requests"] = forecasts.requests if forecasts else 0
        summary["unavailable"] = int(bool(problems))
        for interview in watched:
            location = located.get(interview["interview_id"])
            daily = forecasts.daily(location) if forecasts and location else None
            day = (daily or {}).get(interview["local_date"])
            try:
                risk, advised = self._record(interview, day, location, now)
            except Exception:
                log.exception("weather check for %s failed", interview["interview_id"])
                summary["failed"] += 1
                continue
            summary[risk.value] += 1
            summary["advisories"] += int(advised)
        if problems:
            # One line per run, not per interview: an outage would otherwise flood the log.
            log.warning(
                "weather forecast unavailable for %d of %d interviews: %s",
                summary[Risk.UNKNOWN.value],
                len(watched),
                "; ".join(dict.fromkeys(problems)),
            )
        log.info("weather watch at %s: %s", iso_utc(now), summary)
        return summary

    def _locate(self, watched: Sequence[Mapping[str, Any]], problems: list[str]) -> dict[str, Location]:
        located: dict[str, Location] = {}
        geocoding = True
        for interview in watched:
            remembered = interview.get("weather") or {}
            if interview.get("latitude") is not None and interview.get("longitude") is not None:
                located[interview["interview_id"]] = (float(interview["latitude"]), float(interview["longitude"]))
            elif remembered.get("latitude") is not None and remembered.get("longitude") is not None:
                located[interview["interview_id"]] = (float(remembered["latitude"]), float(remembered["longitude"]))
            elif geocoding:
                try:
                    place = self._forecaster.geocode(str(interview["city"]), timezone=interview.get("timezone"))
                except Exception as exc:
                    # Once geocoding failed, the rest of this run does without it rather than wait again.
                    problems.append(f"geocoding: {_reason(exc)}")
                    geocoding = False
                    continue
                if place is None:
                    log.info("city %r of %s is unknown to the geocoder", interview["city"], interview["interview_id"])
                else:
                    located[interview["interview_id"]] = (place.latitude, place.longitude)
        return located

    def _forecast(
        self, located: Mapping[str, Location], watched: Sequence[Mapping[str, Any]], problems: list[str]
    ) -> Forecasts | None:
        dates = [date.fromisoformat(i["local_date"]) for i in watched if i["interview_id"] in located]
        if not dates:
            return None
        try:
            forecasts = self._forecaster.forecast(list(located.values()), min(dates), max(dates))
        except Exception as exc:
            # Whatever went wrong, the interviews stay "unknown" and the run finishes.
            problems.append(_reason(exc))
            return None
        problems.extend(forecasts.failures)
        return forecasts

    def _record(
        self, interview: Mapping[str, Any], day: DailyForecast | None, location: Location | None, now: datetime
    ) -> tuple[Risk, bool]:
        risk = assess(day, self._thresholds)
        for _ in range(5):
            current = self._interviews.get(interview["interview_id"])
            # Rescheduled, cancelled or gone since it was read: the forecast no longer applies.
            if current is None or current["version"] != interview["version"] or current["status"] in NOT_WATCHED:
                return risk, False
            previous = current.get("weather") or {}
            if previous.get("date") != current["local_date"]:
                previous = {}
            before = previous.get("risk")
            if before == Risk.UNKNOWN:
                before = previous.get("last_known")
            weather: dict[str, Any] = {"risk": risk.value, "date": current["local_date"], "checked_at": iso_utc(now)}
            if location is not None:
                weather["latitude"], weather["longitude"] = location
            if day is not None:
                weather |= {
                    "precipitation_sum": day.precipitation_sum,
                    "probability": day.precipitation_probability,
                    "weather_code": day.weather_code,
                    "gusts": day.wind_gusts,
                }
            if risk is Risk.UNKNOWN and before:
                # Kept so a forecast that comes back tomorrow is compared with the last real one.
                weather["last_known"] = before
            updated = {**current, "weather": weather, "updated_at": iso_utc(now)}
            became_risky = risk in RISKY and before not in RISKY
            advised = False
            if became_risky and day is not None:
                updated["weather_alert"] = True
                advised = self._advise(current, risk, day, now)
            elif risk is Risk.CALM:
                updated["weather_alert"] = False
            try:
                self._interviews.replace(updated, expected_revision=current["revision"])
            except StaleInterview:
                continue
            return risk, advised
        raise StaleInterview(interview["interview_id"])

    def _advise(self, interview: Mapping[str, Any], risk: Risk, day: DailyForecast, now: datetime) -> bool:
        """Queue the candidate's advisory once per interview version, day and risk level."""
        # A candidate whose notice HR still holds has not heard of the interview yet.
        if (interview.get("notice") or {}).get("status") == NoticeStatus.HELD:
            return False
        if parse_utc(str(interview["starts_at_utc"])) <= now:
            return False
        from chalicelib.services.notices.content import language_of

        language = language_of(interview, self._default_language)
        message = {
            "kind": "advisory",
            "interview_id": interview["interview_id"],
            "version": interview["version"],
            # One per level, like the job's ledger key: caution, calm again, then severe
            # advises twice, and the consumer's once-only key never blocks the second.
            "sequence": _RANK[risk],
            "advisory": advisory_text(day, str(interview["city"]), language, self._thresholds),
        }
        queued, _ = self._ledger.once(
            f"advisory#{interview['interview_id']}#v{interview['version']}#{day.day}#{risk.value}",
            lambda: self._outbox.put(message),
            now=now,
            ttl_seconds=CLAIM_TTL_SECONDS,
        )
        return queued
