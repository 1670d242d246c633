"""Open-Meteo over HTTP: daily forecasts for many places in one request, and city names to coordinates.

The only module that talks to Open-Meteo. Every failure the provider can have (down, slow,
throttled, refusing the request, answering something that is not its JSON) becomes one
exception, ``WeatherUnavailable``: callers treat the weather as unknown and carry on, because a
forecast is advice and must never stop an interview from being scheduled or reminded.

``requests`` is imported on first use: the HTTP API only needs it when an interview is created.
(Past 300 lines: the forecast and the geocoding calls share one request, retry and parsing path,
which reads best kept together with the Open-Meteo JSON shapes it parses.)
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

FORECAST_URL = "https://api.open-meteo.com/v1/forecast"
GEOCODING_URL = "https://geocoding-api.open-meteo.com/v1/search"
# The paid plans answer on customer-* hosts and take the key as ``apikey``.
CUSTOMER_FORECAST_URL = "https://customer-api.open-meteo.com/v1/forecast"
CUSTOMER_GEOCODING_URL = "https://customer-geocoding-api.open-meteo.com/v1/search"

DAILY = ("precipitation_sum", "precipitation_probability_max", "weather_code", "wind_gusts_10m_max")
# Open-Meteo forecasts at most 16 days, today included.
HORIZON_DAYS = 16
# Weather models resolve a few kilometres at best: offices closer than ~1 km share one forecast,
# which keeps a batch small when many interviews happen in the same building.
COORDINATE_DECIMALS = 2
# Candidates per city name: a name shared by several places (Suzhou, Portland) is settled by the
# interview's time zone, which needs more than the first hit.
GEOCODE_CANDIDATES = 10
# A batch of 50 places over 16 days is well under 200 KB; anything far longer is not Open-Meteo talking.
MAX_ANSWER_BYTES = 2 * 1024 * 1024

Location = tuple[float, float]


class WeatherUnavailable(Exception):
    """Open-Meteo did not give a usable answer in time (down, slow, 429/5xx, HTTP 400, or not its JSON)."""


@dataclass(frozen=True)
class OpenMeteoConfig:
    """Where Open-Meteo is and how patiently to ask it.

    An empty URL means Open-Meteo's own endpoint: with a key the paid plan's, whose hosts differ
    from the free ones."""

    forecast_url: str = ""
    geocoding_url: str = ""
    api_key: str = ""
    timeout_seconds: float = 3.0
    retries: int = 2
    backoff_seconds: float = 0.5
    # For one call, connecting, reading and retrying together (``timeout_seconds`` bounds each wait).
    deadline_seconds: float = 10.0
    batch_size: int = 50

    def __post_init__(self) -> None:
        if not self.forecast_url:
            object.__setattr__(self, "forecast_url", CUSTOMER_FORECAST_URL if self.api_key else FORECAST_URL)
        if not self.geocoding_url:
            object.__setattr__(self, "geocoding_url", CUSTOMER_GEOCODING_URL if self.api_key else GEOCODING_URL)


@dataclass(frozen=True)
class DailyForecast:
    """One day at one place; ``None`` where the model has no value."""

    day: str  # YYYY-MM-DD in the place's own time zone
    precipitation_sum: float | None  # mm
    precipitation_probability: float | None  # %
    weather_code: int | None  # WMO code
    wind_gusts: float | None  # km/h


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    timezone: str | None
    country_code: str | None
    admin1: str | None


@dataclass(frozen=True)
class Forecasts:
    """Daily forecasts by location (as asked, rounded); locations whose batch failed are missing."""

    days: dict[Location, dict[str, DailyForecast]]
    failures: list[str]
    requests: int

    def daily(self, location: Location) -> dict[str, DailyForecast] | None:
        return self.days.get(rounded(location))


def rounded(location: Location) -> Location:
    return (round(location[0], COORDINATE_DECIMALS), round(location[1], COORDINATE_DECIMALS))


# Geocoding results per container: cities do not move, and a cold container pays for each city once.
_PLACES: dict[tuple[str, str], tuple[Place, ...]] = {}


def clear_geocode_cache() -> None:
    """Forget cached city lookups (tests)."""
    _PLACES.clear()


class OpenMeteo:
    """Open-Meteo's forecast and geocoding APIs."""

    def __init__(
        self,
        *,
        config: OpenMeteoConfig | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        places: dict[tuple[str, str], tuple[Place, ...]] | None = None,
    ) -> None:
        self._config = config or OpenMeteoConfig()
        self._session = session
        self._sleep = sleep
        self._clock = clock
        self._places = _PLACES if places is None else places

    @property
    def config(self) -> OpenMeteoConfig:
        return self._config

    def forecast(
        self, locations: Sequence[Location], start_date: date, end_date: date, timezone: str = "auto"
    ) -> Forecasts:
        """Daily forecasts for every location, one request per batch of distinct locations.

        ``timezone="auto"`` lets each place count its days in its own time zone, so an interview's
        local date lines up with its place's day whichever other places share the batch.
        A failed batch is left out and its reason listed. Batches after a failure are not asked: the
        provider is most likely still down, and each try may cost the caller seconds of retries.
        """
        distinct = list(dict.fromkeys(rounded(location) for location in locations))
        days: dict[Location, dict[str, DailyForecast]] = {}
        failures: list[str] = []
        requests_made = 0
        for batch in _batches(distinct, self._config.batch_size):
            if failures:
                failures.append(f"{len(batch)} locations not asked after an earlier failure")
                continue
            requests_made += 1
            try:
                days.update(self._forecast_batch(batch, start_date, end_date, timezone))
            except WeatherUnavailable as exc:
                failures.append(str(exc))
        return Forecasts(days=days, failures=failures, requests=requests_made)

    def geocode(self, city: str, *, timezone: str | None = None, language: str = "en") -> Place | None:
        """The place called ``city`` (the one in ``timezone`` when the name is shared), or ``None``."""
        key = (" ".join(city.split()).casefold(), language)
        if not key[0]:
            return None
        places = self._places.get(key)
        if places is None:
            params = {"name": city.strip(), "count": str(GEOCODE_CANDIDATES), "language": language, "format": "json"}
            places = tuple(_places(self._get_json(self._config.geocoding_url, params)))
            # Unknown names are cached too: a misspelt city would otherwise be looked up every day.
            self._places[key] = places
        if not places:
            return None
        return next((place for place in places if timezone and place.timezone == timezone), places[0])

    def _forecast_batch(
        self, batch: Sequence[Location], start_date: date, end_date: date, timezone: str
    ) -> dict[Location, dict[str, DailyForecast]]:
        params = {
            "latitude": ",".join(_coordinate(lat) for lat, _ in batch),
            "longitude": ",".join(_coordinate(lon) for _, lon in batch),
            "daily": ",".join(DAILY),
            "timezone": timezone,
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
        }
        payload = self._get_json(self._config.forecast_url, params)
        # One location answers with an object, several with a list in the order asked.
        answers = payload if isinstance(payload, list) else [payload]
        if len(answers) != len(batch):
            raise WeatherUnavailable(f"asked for {len(batch)} locations, got {len(answers)}")
        result: dict[Location, dict[str, DailyForecast]] = {}
        for position, answer in enumerate(answers):
            if not isinstance(answer, dict):
                raise WeatherUnavailable("a location's forecast is not an object")
            index = answer.get("location_id", position)
            if not isinstance(index, int) or not 0 <= index < len(batch):
                raise WeatherUnavailable(f"unexpected location_id {index!r}")
            result[batch[index]] = _daily(answer)
        return result

    def _get_json(self, url: str, params: dict[str, str]) -> Any:
        import requests

        from chalicelib.adapters import deadline_http as http

        if self._config.api_key:
            params = {**params, "apikey": self._config.api_key}
        session = self._session
        if session is None:
            session = self._session = http.session()
        # One clock for the whole call: a provider that trickles its answer, or fails slowly and
        # often, still lets the caller go on when the time is up.
        deadline = http.Deadline(self._config.deadline_seconds, clock=self._clock)
        timeout = self._config.timeout_seconds
        attempt = 0
        while True:
            try:
                with http.get(session, url, params=params, deadline=deadline, timeout=timeout) as answer:
                    if answer.status == 429 or answer.status >= 500:
                        problem = f"HTTP {answer.status}"
                    else:
                        return _json(answer.status, answer.read(MAX_ANSWER_BYTES))
            except http.DeadlinePassed as exc:
                raise WeatherUnavailable(f"{exc} (attempt {attempt + 1})") from None
            except http.Unanswered as exc:
                problem = self._redacted(str(exc))
            except (http.AnswerTooLarge, requests.RequestException) as exc:
                # Not a passing fault (a bad URL, a redirect loop): asking again would not help.
                raise WeatherUnavailable(self._redacted(f"{type(exc).__name__}: {exc}")) from None
            if attempt >= self._config.retries:
                raise WeatherUnavailable(f"{problem} after {attempt + 1} attempts")
            # Bounded: a job (or an HR request) waits at most a few seconds for advice it can do without.
            pause = self._config.backoff_seconds * 2**attempt
            if pause >= deadline.left():
                raise WeatherUnavailable(f"{problem} after {attempt + 1} attempts, and no time left to ask again")
            self._sleep(pause)
            attempt += 1

    def _redacted(self, text: str) -> str:
        # requests puts the whole URL in its errors, and these messages end up in logs.
        return text.replace(self._config.api_key, "***") if self._config.api_key else text


def _json(status: int, body: bytes) -> Any:
    try:
        payload = json.loads(body)
    except ValueError:
        raise WeatherUnavailable(f"HTTP {status} with a body that is not JSON") from None
    if isinstance(payload, dict) and payload.get("error"):
        raise WeatherUnavailable(f"HTTP {status}: {payload.get('reason') or 'error'}")
    if status != 200:
        raise WeatherUnavailable(f"HTTP {status}")
    return payload


def _batches(items: list[Location], size: int) -> Iterator[list[Location]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _coordinate(value: float) -> str:
    return f"{value:.{COORDINATE_DECIMALS}f}"


def _daily(answer: Mapping[str, Any]) -> dict[str, DailyForecast]:
    daily = answer.get("daily")
    if not isinstance(daily, dict) or not isinstance(daily.get("time"), list):
        raise WeatherUnavailable("the forecast has no daily series")
    days = daily["time"]
    series = {name: daily.get(name) for name in DAILY}
    for name, values in series.items():
        if values is not None and (not isinstance(values, list) or len(values) != len(days)):
            raise WeatherUnavailable(f"daily {name} does not match its days")

    def value(name: str, index: int) -> float | None:
        values = series[name]
        item = values[index] if values is not None else None
        if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
            return None
        return float(item)

    forecasts: dict[str, DailyForecast] = {}
    for index, day in enumerate(days):
        if not isinstance(day, str):
            raise WeatherUnavailable("a forecast day is not a date")
        code = value("weather_code", index)
        forecasts[day] = DailyForecast(
            day=day,
            precipitation_sum=value("precipitation_sum", index),
            precipitation_probability=value("precipitation_probability_max", index),
            weather_code=None if code is None else int(code),
            wind_gusts=value("wind_gusts_10m_max", index),
        )
    return forecasts


def _places(payload: Any) -> Iterator[Place]:
    if not isinstance(payload, dict):
        raise WeatherUnavailable("the geocoding answer is not an object")
    # No match answers without "results" at all.
    results = payload.get("results") or []
    if not isinstance(results, list):
        raise WeatherUnavailable("geocoding results are not a list")
    for result in results:
        try:
            yield Place(
                name=str(result["name"]),
                latitude=float(result["latitude"]),
                longitude=float(result["longitude"]),
                timezone=result.get("timezone"),
                country_code=result.get("country_code"),
                admin1=result.get("admin1"),
            )
        except (KeyError, TypeError, ValueError):
            raise WeatherUnavailable("a geocoding result lacks its coordinates") from None
