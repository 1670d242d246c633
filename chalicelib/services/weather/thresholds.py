"""Weather risk levels: where calm ends and caution and severe begin.

HR practice: check the weather of the coming days and avoid heavy-rain days; typhoons and
rainstorms keep candidates away or make them late. Risk levels (``Thresholds``, configurable
through ``WEATHER_SEVERE_*`` and ``WEATHER_CAUTION_*``, see README):

| level | when (daily forecast at the interview's place) | why |
| --- | --- | --- |
| severe | precipitation >= 50 mm | a rainstorm (暴雨) by the national 24-hour grading |
| severe | WMO code 65, 67, 75, 82, 86, 95, 96, 99 | heavy rain, freezing rain or snow, violent showers, thunder |
| severe | gusts >= 62 km/h | gale, Beaufort 8: the typhoon blue signal's gust criterion |
| caution | precipitation >= 25 mm | heavy rain (大雨) |
| caution | probability >= 80 % with >= 10 mm | rain that is near certain and more than a shower |
| calm | none of the above | |
| unknown | no forecast (beyond the 16-day horizon, place unknown, provider down) | |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from chalicelib.adapters.weather_api import DailyForecast


class Risk(StrEnum):
    CALM = "calm"
    CAUTION = "caution"
    SEVERE = "severe"
    UNKNOWN = "unknown"


RISKY = frozenset({Risk.CAUTION, Risk.SEVERE})
# Lower is calmer: a suggested day must rank below the interview day, an advisory keys on the level.
RANK = {Risk.CALM: 0, Risk.CAUTION: 1, Risk.SEVERE: 2}


@dataclass(frozen=True)
class Thresholds:
    """Where calm ends and caution and severe begin (see the module docstring for the sources)."""

    severe_precipitation_mm: float = 50.0
    severe_weather_codes: frozenset[int] = field(default_factory=lambda: frozenset({65, 67, 75, 82, 86, 95, 96, 99}))
    severe_gusts_kmh: float = 62.0
    caution_precipitation_mm: float = 25.0
    caution_probability_pct: float = 80.0
    caution_probable_mm: float = 10.0


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
