"""The daily watch: forecast every upcoming interview's day, store its risk, advise the newly at risk.

When Open-Meteo is down, slow or talks nonsense, the watch finishes and marks the affected
interviews ``unknown``; a run that could not reach the provider is tried again the next hour.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib.adapters.outbox import Outbox
from chalicelib.adapters.weather_api import DailyForecast, Forecasts, Location, WeatherUnavailable, rounded
from chalicelib.models import InterviewStatus, NoticeStatus
from chalicelib.services.common.clock import iso_utc, parse_utc, today_in
from chalicelib.services.common.company_day import due_day, opening
from chalicelib.services.common.records import Interview, WeatherState
from chalicelib.services.followup.reminders import EARLIEST_OFFSET, LATEST_OFFSET, DateWindow, UpcomingInterviews
from chalicelib.services.weather.check import Forecaster
from chalicelib.services.weather.thresholds import RANK, RISKY, Risk, Thresholds, assess
from chalicelib.services.weather.wording import advisory_text
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.vocabulary import WeatherUnknownReason

log = logging.getLogger("showup.weather")

CLAIM_TTL_SECONDS = 30 * 24 * 3600
NOT_WATCHED = frozenset(
    {
        InterviewStatus.CANCELLED,
        InterviewStatus.DECLINED,
        InterviewStatus.ATTENDED,
        InterviewStatus.NO_SHOW,
        # No day booked yet: the booking checks the weather of the day chosen.
        InterviewStatus.CHOOSING,
    }
)


@dataclass(frozen=True)
class WatchConfig:
    """The daily watch: from ``hour`` (company time) on, once a day, for interviews in the next ``days``."""

    hour: int = 7
    days: int = 3
    company_timezone: str = "Asia/Shanghai"


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


def _unknown_reason(
    location: Location | None, daily: Mapping[str, DailyForecast] | None, problems: Sequence[str]
) -> WeatherUnknownReason:
    """Why an interview's day would have no forecast, told to HR instead of a weather level."""
    if location is None:
        geocoder_down = any(problem.startswith("geocoding") for problem in problems)
        return WeatherUnknownReason.UNAVAILABLE if geocoder_down else WeatherUnknownReason.NO_PLACE
    return WeatherUnknownReason.UNAVAILABLE if daily is None else WeatherUnknownReason.OUT_OF_RANGE


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
        config = self._config
        today = today_in(config.company_timezone, now)
        summary: dict[str, Any] = {"date": today.isoformat()}
        if due_day(now, config.company_timezone, config.hour) is None:
            return summary | {"waiting_until": opening(config.hour, config.company_timezone)}
        done = f"weather#{today.isoformat()}#done"
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
            if interview.status not in NOT_WATCHED
        ]
        summary = {level.value: 0 for level in Risk} | {"checked": len(watched), "advisories": 0, "failed": 0}
        problems: list[str] = []
        located = self._locate(watched, problems)
        forecasts = self._forecast(located, watched, problems)
        summary["locations"] = len({rounded(location) for location in located.values()})
        summary["requests"] = forecasts.requests if forecasts else 0
        summary["unavailable"] = int(bool(problems))
        for interview in watched:
            location = located.get(interview.interview_id)
            daily = forecasts.daily(location) if forecasts and location else None
            day = (daily or {}).get(interview.local_date)
            try:
                risk, advised = self._record(interview, day, location, now, _unknown_reason(location, daily, problems))
            except Exception:
                log.exception("weather check for %s failed", interview.interview_id)
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

    def _locate(self, watched: Sequence[Interview], problems: list[str]) -> dict[str, Location]:
        located: dict[str, Location] = {}
        geocoding = True
        for interview in watched:
            remembered = interview.weather
            if interview.latitude is not None and interview.longitude is not None:
                located[interview.interview_id] = (interview.latitude, interview.longitude)
            elif remembered and remembered.latitude is not None and remembered.longitude is not None:
                located[interview.interview_id] = (remembered.latitude, remembered.longitude)
            elif geocoding:
                try:
                    place = self._forecaster.geocode(interview.city, timezone=interview.timezone)
                except Exception as exc:
                    # Once geocoding failed, the rest of this run does without it rather than wait again.
                    problems.append(f"geocoding: {_reason(exc)}")
                    geocoding = False
                    continue
                if place is None:
                    log.info("city %r of %s is unknown to the geocoder", interview.city, interview.interview_id)
                else:
                    located[interview.interview_id] = (place.latitude, place.longitude)
        return located

    def _forecast(
        self, located: Mapping[str, Location], watched: Sequence[Interview], problems: list[str]
    ) -> Forecasts | None:
        dates = [date.fromisoformat(i.local_date) for i in watched if i.interview_id in located]
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
        self,
        interview: Interview,
        day: DailyForecast | None,
        location: Location | None,
        now: datetime,
        unknown_reason: WeatherUnknownReason,
    ) -> tuple[Risk, bool]:
        risk = assess(day, self._thresholds)
        advised = False

        def record(current: Interview) -> Interview | None:
            nonlocal advised
            advised = False
            # Rescheduled, cancelled or gone since it was read: the forecast no longer applies.
            if current.version != interview.version or current.status in NOT_WATCHED:
                return None
            previous = current.weather if current.weather and current.weather.date == current.local_date else None
            before = previous.risk if previous else None
            if before == Risk.UNKNOWN:
                before = previous.last_known if previous else None
            weather = WeatherState(
                risk=risk.value,
                date=current.local_date,
                checked_at=iso_utc(now),
                latitude=location[0] if location is not None else None,
                longitude=location[1] if location is not None else None,
                precipitation_sum=day.precipitation_sum if day is not None else None,
                probability=day.precipitation_probability if day is not None else None,
                weather_code=day.weather_code if day is not None else None,
                gusts=day.wind_gusts if day is not None else None,
                # Kept so a forecast that comes back tomorrow is compared with the last real one.
                last_known=before if risk is Risk.UNKNOWN and before else None,
                unknown_reason=unknown_reason.value if risk is Risk.UNKNOWN else None,
            )
            updated = dataclasses.replace(current, weather=weather).touched(now)
            if risk in RISKY and before not in RISKY and day is not None:
                advised = self._advise(current, risk, day, now)
                return dataclasses.replace(updated, weather_alert=True, weather_alert_at=iso_utc(now))
            if risk is Risk.CALM:
                return dataclasses.replace(updated, weather_alert=False)
            return updated

        _, written = self._interviews.update(interview.interview_id, record)
        return risk, written and advised

    def _advise(self, interview: Interview, risk: Risk, day: DailyForecast, now: datetime) -> bool:
        """Queue the candidate's advisory once per interview version, day and risk level."""
        # A candidate whose notice HR still holds has not heard of the interview yet.
        if interview.notice.status == NoticeStatus.HELD:
            return False
        if parse_utc(interview.starts_at_utc) <= now:
            return False
        from chalicelib.services.notices.content import language_of

        language = language_of(interview, self._default_language)
        message = {
            "kind": "advisory",
            "interview_id": interview.interview_id,
            "version": interview.version,
            # One per level, like the job's ledger key: caution, calm again, then severe
            # advises twice, and the consumer's once-only key never blocks the second.
            "sequence": RANK[risk],
            "advisory": advisory_text(day, interview.city, language, self._thresholds),
        }
        queued, _ = self._ledger.once(
            f"advisory#{interview.interview_id}#v{interview.version}#{day.day}#{risk.value}",
            lambda: self._outbox.put(message),
            now=now,
            ttl_seconds=CLAIM_TTL_SECONDS,
        )
        return queued
