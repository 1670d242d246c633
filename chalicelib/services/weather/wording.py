"""Weather in words: HR's warning and the candidate's advisory, with the day's figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from chalicelib.adapters.weather_api import DailyForecast
from chalicelib.services.weather.thresholds import Risk, Thresholds

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


def warning_facts(
    day: DailyForecast, risk: Risk, city: str, alternatives: Sequence[tuple[date, Risk]], thresholds: Thresholds
) -> dict[str, Any]:
    """What HR's warning names, for saying it in the reader's language (``chalicelib/text/warnings.py``)."""
    figures = {
        "rain": day.precipitation_sum,
        "chance": day.precipitation_probability,
        "gusts": day.wind_gusts,
        "wmo": day.weather_code,
    }
    return {
        "risk": risk.value,
        "hazard": hazard(day, thresholds),
        "day": day.day,
        "city": city,
        **{name: value for name, value in figures.items() if value is not None},
        "alternatives": [[when.isoformat(), level.value] for when, level in alternatives],
    }


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
