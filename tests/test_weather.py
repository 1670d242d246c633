"""Weather: Open-Meteo's answers (recorded shapes, never the network), risk levels, the scheduling
check and the daily watch, including every way the provider can let us down."""

from __future__ import annotations

import copy
import email
import email.policy
import json
import logging
import threading
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses
from chalice.test import Client

from chalicelib import aws, deps
from chalicelib import settings as settings_module
from chalicelib.adapters.weather_api import (
    FORECAST_URL,
    GEOCODING_URL,
    DailyForecast,
    OpenMeteo,
    OpenMeteoConfig,
    WeatherUnavailable,
)
from chalicelib.models import InterviewIn, WarningCode
from chalicelib.services.common.clock import localize
from chalicelib.services.common.records import Interview
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.weather.check import weather_check
from chalicelib.services.weather.thresholds import Risk, Thresholds, assess
from chalicelib.services.weather.watch import WatchConfig, WeatherWatch
from chalicelib.settings import Settings
from chalicelib.store.codec import plain
from chalicelib.store.interviews import InterviewWindows
from tests.support import Override
from tests.support.api import Api, create_position, interview_body
from tests.support.aws import atomic_writes, drain_outbox, dynamodb_calls, sent_mail
from tests.support.builders import position
from tests.support.clock import NOW
from tests.support.events import fire
from tests.support.jobs import Desk, desk, jobs
from tests.support.open_meteo import ANY_FORECAST_HOST, ANY_GEOCODING_HOST, fixture, http

__all__ = ["desk", "http", "jobs"]

SHANGHAI = (31.2304, 121.4737)
BEIJING = (39.9042, 116.4074)
# 07:00 in Shanghai on Saturday 28 November: the watch's hour.
WATCH_NOW = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)


class Sleeps(list[float]):
    """Records back-off sleeps instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def open_meteo(sleeps: Sleeps, **config: Any) -> OpenMeteo:
    return OpenMeteo(config=OpenMeteoConfig(**config), sleep=sleeps)


def query(call: Any) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(call.request.url).query).items()}


def forecast_calls(mock: responses.RequestsMock) -> list[Any]:
    return [call for call in mock.calls if urlparse(call.request.url).path == urlparse(FORECAST_URL).path]


def geocoding_calls(mock: responses.RequestsMock) -> list[Any]:
    return [call for call in mock.calls if urlparse(call.request.url).path == urlparse(GEOCODING_URL).path]


def answer_per_location(template: list[dict[str, Any]]) -> Any:
    """A responses callback answering any batch in Open-Meteo's shape, one entry per asked location."""

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        asked = parse_qs(urlparse(request.url).query)
        latitudes = asked["latitude"][0].split(",")
        longitudes = asked["longitude"][0].split(",")
        answers = []
        for index, (lat, lon) in enumerate(zip(latitudes, longitudes, strict=True)):
            answer = copy.deepcopy(template[index % len(template)])
            answer.pop("location_id", None)
            answer |= {"latitude": float(lat), "longitude": float(lon)}
            if index:
                answer["location_id"] = index
            answers.append(answer)
        return 200, {}, json.dumps(answers if len(answers) > 1 else answers[0])

    return callback


# Risk levels


def day(rain: float | None, chance: float | None = None, code: int | None = 3, gusts: float | None = 20.0) -> Any:
    return DailyForecast(
        day="2026-12-03", precipitation_sum=rain, precipitation_probability=chance, weather_code=code, wind_gusts=gusts
    )


@pytest.mark.parametrize(
    ("forecast", "risk"),
    [
        (day(0.0), Risk.CALM),
        (day(24.9), Risk.CALM),
        (day(25.0, code=63), Risk.CAUTION),
        (day(49.9, code=63), Risk.CAUTION),
        (day(50.0, code=63), Risk.SEVERE),
        (day(10.0, chance=80, code=61), Risk.CAUTION),
        (day(9.9, chance=95, code=61), Risk.CALM),
        (day(10.0, chance=79, code=61), Risk.CALM),
        (day(5.0, code=95), Risk.SEVERE),
        (day(0.0, code=75), Risk.SEVERE),
        (day(0.0, gusts=61.9), Risk.CALM),
        (day(0.0, gusts=62.0), Risk.SEVERE),
        (day(None, chance=None, code=None, gusts=None), Risk.UNKNOWN),
        (None, Risk.UNKNOWN),
    ],
)
def test_risk_levels_follow_the_documented_thresholds(forecast: Any, risk: Risk) -> None:
    assert assess(forecast, Thresholds()) is risk


def test_thresholds_are_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEATHER_SEVERE_MM", "40")
    monkeypatch.setenv("WEATHER_SEVERE_CODES", "95, 99")
    settings_module.reset()

    thresholds = deps.weather_thresholds()

    assert assess(day(45.0, code=63), thresholds) is Risk.SEVERE
    assert assess(day(0.0, code=65), thresholds) is Risk.CALM
    assert thresholds.caution_precipitation_mm == 25.0


# The HTTP client


def test_a_forecast_is_one_get_with_the_daily_variables_in_each_places_own_time_zone(
    http: responses.RequestsMock, sleeps: Sleeps
) -> None:
    http.get(FORECAST_URL, json=fixture("forecast_calm.json"))

    found = open_meteo(sleeps).forecast([SHANGHAI], datetime(2026, 12, 3).date(), datetime(2026, 12, 4).date())

    (call,) = http.calls
    assert query(call) == {
        "latitude": "31.23",
        "longitude": "121.47",
        "daily": "precipitation_sum,precipitation_probability_max,weather_code,wind_gusts_10m_max",
        "timezone": "auto",
        "start_date": "2026-12-03",
        "end_date": "2026-12-04",
    }
    assert call.request.req_kwargs["timeout"] <= 3
    daily = found.daily(SHANGHAI)
    assert daily is not None
    assert daily["2026-12-01"] == DailyForecast("2026-12-01", 1.2, 35.0, 61, 25.6)
    assert found.requests == 1 and found.failures == []


def test_a_configured_key_goes_to_the_customer_endpoint(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    config = OpenMeteoConfig(api_key="k-123")
    http.get(config.forecast_url, json=fixture("forecast_calm.json"))

    OpenMeteo(config=config, sleep=sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert config.forecast_url == "https://customer-api.open-meteo.com/v1/forecast"
    assert config.geocoding_url == "https://customer-geocoding-api.open-meteo.com/v1/search"
    assert query(http.calls[0])["apikey"] == "k-123"
    assert (OpenMeteoConfig().forecast_url, OpenMeteoConfig().geocoding_url) == (FORECAST_URL, GEOCODING_URL)


def test_the_client_is_configured_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WEATHER_API_URL", "GEOCODING_API_URL"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("WEATHER_API_KEY", "k-123")
    monkeypatch.setenv("WEATHER_API_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("WEATHER_API_RETRIES", "1")
    monkeypatch.setenv("WEATHER_API_BATCH_SIZE", "20")
    settings_module.reset()

    job, request = deps.weather_api().config, deps.weather_api(patient=False).config

    assert job == OpenMeteoConfig(api_key="k-123", timeout_seconds=2.5, retries=1, batch_size=20)
    assert job.forecast_url == "https://customer-api.open-meteo.com/v1/forecast"
    # HR is waiting for the request: one try of at most two seconds.
    assert (request.retries, request.timeout_seconds, request.batch_size) == (0, 2.0, 20)


def test_the_key_never_appears_in_a_failure_reason(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    config = OpenMeteoConfig(api_key="secret-key-123")
    http.get(
        config.forecast_url, body=requests.exceptions.ConnectionError(f"{config.forecast_url}?apikey=secret-key-123")
    )

    found = OpenMeteo(config=config, sleep=sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert "secret-key-123" not in found.failures[0] and "apikey=***" in found.failures[0]


def test_several_places_share_one_request_and_come_back_in_order(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(FORECAST_URL, json=fixture("forecast_three_cities.json"))
    guangzhou = (23.1291, 113.2644)
    near_shanghai = (31.2311, 121.4702)  # the same office block: one forecast

    found = open_meteo(sleeps).forecast(
        [SHANGHAI, BEIJING, near_shanghai, guangzhou], datetime(2026, 11, 28).date(), datetime(2026, 12, 1).date()
    )

    (call,) = http.calls
    assert query(call)["latitude"] == "31.23,39.90,23.13"
    assert query(call)["longitude"] == "121.47,116.41,113.26"
    assert found.daily(guangzhou)["2026-11-30"].precipitation_sum == 75.5  # type: ignore[index]
    assert found.daily(BEIJING)["2026-11-30"].wind_gusts == 34.9  # type: ignore[index]
    assert found.daily(near_shanghai) == found.daily(SHANGHAI)


def test_many_places_go_in_batches_one_request_each(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.add_callback(responses.GET, FORECAST_URL, callback=answer_per_location(fixture("forecast_three_cities.json")))
    places = [(30.0 + n, 120.0 + n) for n in range(5)]

    found = open_meteo(sleeps, batch_size=2).forecast(places, NOW.date(), NOW.date())

    assert [query(call)["latitude"].count(",") + 1 for call in http.calls] == [2, 2, 1]
    assert found.requests == 3
    assert all(found.daily(place) for place in places)


def test_an_error_body_is_unavailable_with_its_reason_and_not_retried(
    http: responses.RequestsMock, sleeps: Sleeps
) -> None:
    http.get(FORECAST_URL, json=fixture("error_400.json"), status=400)

    found = open_meteo(sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert len(http.calls) == 1 and sleeps == []
    assert found.daily(SHANGHAI) is None
    assert "start_date" in found.failures[0]


def test_server_errors_are_retried_with_backoff_then_answered(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(FORECAST_URL, status=503, body="upstream unavailable")
    http.get(FORECAST_URL, json=fixture("forecast_calm.json"))

    found = open_meteo(sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert len(http.calls) == 2 and sleeps == [0.5]
    assert found.daily(SHANGHAI)


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 429, "json": {"error": True, "reason": "Minutely API request limit exceeded. Please try again."}},
        {"status": 502, "body": "<html>Bad Gateway</html>"},
        {"body": requests.exceptions.ConnectTimeout("connect timed out")},
        {"body": requests.exceptions.ReadTimeout("read timed out")},
        {"body": requests.exceptions.ConnectionError("connection refused")},
        {"body": requests.exceptions.ChunkedEncodingError("connection broken mid-answer")},
    ],
)
def test_throttling_timeouts_and_outages_get_two_retries_then_give_up(
    http: responses.RequestsMock, sleeps: Sleeps, failure: dict[str, Any]
) -> None:
    http.get(FORECAST_URL, **failure)

    found = open_meteo(sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert len(http.calls) == 3 and sleeps == [0.5, 1.0]
    assert found.daily(SHANGHAI) is None and len(found.failures) == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"body": '{"latitude": 31.25, "longitude": 121.5, "daily": {"time": ["2026-12-03"'},
        {"body": "<!DOCTYPE html><title>Captive portal</title>", "content_type": "text/html"},
        {"json": {"latitude": 31.25, "longitude": 121.5, "generationtime_ms": 0.1}},
        {"json": {"daily": {"time": ["2026-12-03"], "precipitation_sum": [1.0, 2.0]}}},
        {"json": [fixture("forecast_calm.json"), fixture("forecast_calm.json")]},
    ],
)
def test_garbage_is_unavailable_and_not_retried(
    http: responses.RequestsMock, sleeps: Sleeps, answer: dict[str, Any]
) -> None:
    http.get(FORECAST_URL, **answer)

    found = open_meteo(sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert len(http.calls) == 1 and sleeps == []
    assert found.daily(SHANGHAI) is None and found.failures


def test_a_request_that_cannot_work_is_not_retried(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(FORECAST_URL, body=requests.exceptions.TooManyRedirects("Exceeded 30 redirects."))

    found = open_meteo(sleeps).forecast([SHANGHAI], NOW.date(), NOW.date())

    assert len(http.calls) == 1 and sleeps == []
    assert "TooManyRedirects" in found.failures[0]


def test_after_a_failed_batch_the_rest_are_not_asked(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(FORECAST_URL, status=503)
    places = [(30.0 + n, 120.0 + n) for n in range(5)]

    found = open_meteo(sleeps, batch_size=2).forecast(places, NOW.date(), NOW.date())

    assert len(http.calls) == 3  # the first batch's three attempts, nothing for the other two
    assert found.days == {} and len(found.failures) == 3


def test_cities_are_geocoded_once_per_container(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(GEOCODING_URL, json=fixture("geocoding_shanghai.json"))
    client = open_meteo(sleeps)

    first = client.geocode("Shanghai", timezone="Asia/Shanghai")
    again = open_meteo(sleeps).geocode("  shanghai ", timezone="Asia/Shanghai")

    assert first == again
    assert first is not None and (first.latitude, first.longitude) == (31.22222, 121.45806)
    (call,) = http.calls
    assert query(call) == {"name": "Shanghai", "count": "10", "language": "en", "format": "json"}


def test_a_shared_city_name_is_settled_by_the_interviews_time_zone(
    http: responses.RequestsMock, sleeps: Sleeps
) -> None:
    http.get(GEOCODING_URL, json=fixture("geocoding_portland.json"))
    client = open_meteo(sleeps)

    maine = client.geocode("Portland", timezone="America/New_York")
    oregon = client.geocode("Portland", timezone="Europe/Paris")

    assert maine is not None and maine.admin1 == "Maine"
    assert oregon is not None and oregon.admin1 == "Oregon"
    assert len(http.calls) == 1


def test_an_unknown_city_is_none_and_remembered(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(GEOCODING_URL, json=fixture("geocoding_no_match.json"))
    client = open_meteo(sleeps)

    assert client.geocode("Shanghia") is None
    assert client.geocode("Shanghia") is None
    assert len(http.calls) == 1


def test_a_failed_geocoding_is_unavailable_and_not_remembered(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    http.get(GEOCODING_URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    http.get(GEOCODING_URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    http.get(GEOCODING_URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    http.get(GEOCODING_URL, json=fixture("geocoding_shanghai.json"))
    client = open_meteo(sleeps)

    with pytest.raises(WeatherUnavailable):
        client.geocode("Shanghai")
    assert client.geocode("Shanghai") is not None


# The scheduling check


def check_for(
    forecast: str | dict[str, Any], sleeps: Sleeps, http: responses.RequestsMock, **overrides: Any
) -> list[Any]:
    if isinstance(forecast, str):
        http.get(FORECAST_URL, json=fixture(forecast))
    else:
        http.get(FORECAST_URL, **forecast)
    http.get(GEOCODING_URL, json=fixture("geocoding_shanghai.json"))
    body = interview_body("pos_1", **overrides)
    request = InterviewIn(**body)
    start = localize(request.starts_at, request.timezone)
    return list(weather_check(open_meteo(sleeps))(position(), request, start, NOW))


def test_a_calm_day_raises_no_warning(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    assert check_for("forecast_calm.json", sleeps, http) == []


def test_heavy_rain_warns_with_the_days_numbers_and_nearby_calm_working_days(
    http: responses.RequestsMock, sleeps: Sleeps
) -> None:
    (warning,) = check_for("forecast_heavy_rain.json", sleeps, http)

    assert warning.code is WarningCode.WEATHER_RISK
    assert warning.message.startswith("Caution weather (heavy rain) forecast for Thu 3 Dec 2026 in Shanghai")
    assert "32.4 mm precipitation, 85% chance, gusts 38.5 km/h, WMO code 63 (rain)" in warning.message
    # Fri 4 Dec is as rainy, and weekends are no working days.
    assert warning.message.endswith(
        "Lower-risk working days nearby: Wed 2 Dec (calm), Tue 1 Dec (calm), Mon 30 Nov (calm)."
    )
    (forecast,) = forecast_calls(http)
    assert (query(forecast)["start_date"], query(forecast)["end_date"]) == ("2026-11-28", "2026-12-10")


def test_a_rainstorm_is_severe_and_a_caution_day_counts_as_lower_risk(
    http: responses.RequestsMock, sleeps: Sleeps
) -> None:
    (warning,) = check_for("forecast_rainstorm.json", sleeps, http)

    assert warning.message.startswith("Severe weather (rainstorm) forecast for Thu 3 Dec 2026")
    assert "68.2 mm precipitation" in warning.message
    # Nearest first; of two equally near days the later one, which leaves the candidate time to plan.
    assert warning.message.endswith("nearby: Fri 4 Dec (calm), Wed 2 Dec (caution), Tue 1 Dec (calm).")


def test_a_thunderstorm_code_is_severe_even_with_moderate_rain(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    (warning,) = check_for("forecast_thunderstorm.json", sleeps, http)

    assert warning.message.startswith("Severe weather (thunderstorm)")
    assert "WMO code 95 (thunderstorm)" in warning.message


def test_typhoon_gusts_are_severe(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    (warning,) = check_for("forecast_typhoon.json", sleeps, http)

    assert warning.message.startswith("Severe weather (gale-force gusts)")
    assert "gusts 88.6 km/h" in warning.message


def test_the_check_uses_the_given_coordinates_or_else_geocodes_the_city(
    http: responses.RequestsMock, sleeps: Sleeps
) -> None:
    check_for("forecast_calm.json", sleeps, http)
    check_for("forecast_calm.json", sleeps, http, latitude=BEIJING[0], longitude=BEIJING[1])

    first, second = forecast_calls(http)
    assert query(first)["latitude"] == "31.22"  # geocoded Shanghai
    assert query(second)["latitude"] == "39.90"
    assert len(geocoding_calls(http)) == 1


def test_beyond_the_forecast_horizon_nothing_is_asked(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    assert check_for("forecast_rainstorm.json", sleeps, http, starts_at="2026-12-20T10:00") == []
    assert len(http.calls) == 0


@pytest.mark.parametrize(
    "failure",
    [
        {"body": requests.exceptions.ConnectTimeout("connect timed out")},
        {"status": 400, "json": fixture("error_400.json")},
        {"status": 200, "body": "not json"},
    ],
)
def test_an_unavailable_provider_means_no_warning_and_one_log_line(
    http: responses.RequestsMock, sleeps: Sleeps, caplog: pytest.LogCaptureFixture, failure: dict[str, Any]
) -> None:
    with caplog.at_level(logging.WARNING, logger="showup.weather"):
        warnings = check_for(failure, sleeps, http)

    assert warnings == []
    assert len([r for r in caplog.records if r.name == "showup.weather"]) == 1


@pytest.fixture
def weather_checked(override: Override, sleeps: Sleeps) -> None:
    """Interviews created through the API run the weather check."""

    def service() -> InterviewService:
        return InterviewService(
            positions=deps.positions(),
            interviews=deps.interviews(),
            checks=[weather_check(open_meteo(sleeps))],
        )

    override(interview_service=service)


@pytest.mark.usefixtures("weather_checked")
def test_a_stormy_day_holds_the_notice_until_hr_accepts_the_warning(api: Api, http: responses.RequestsMock) -> None:
    http.get(FORECAST_URL, json=fixture("forecast_rainstorm.json"))
    http.get(GEOCODING_URL, json=fixture("geocoding_shanghai.json"))
    position = create_position(api)

    response = api.post("/interviews", interview_body(position["position_id"]))

    assert response.status_code == 201
    created = json.loads(response.body)
    assert [w["code"] for w in created["warnings"]] == ["weather_risk"]
    assert created["notice"]["status"] == "held"


@pytest.mark.usefixtures("weather_checked")
def test_interviews_are_created_while_the_weather_provider_is_down(api: Api, http: responses.RequestsMock) -> None:
    http.get(FORECAST_URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    http.get(GEOCODING_URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    position = create_position(api)

    response = api.post("/interviews", interview_body(position["position_id"]))

    assert response.status_code == 201
    created = json.loads(response.body)
    assert created["warnings"] == [] and created["notice"]["status"] == "queued"
    assert "weather" not in created


# The daily watch


def watch(sleeps: Sleeps, **config: Any) -> WeatherWatch:
    return WeatherWatch(
        forecaster=open_meteo(sleeps, **config),
        interviews=deps.interviews(),
        upcoming=InterviewWindows(table=aws.table(deps.settings().interviews_table)),
        ledger=deps.ledger(),
        outbox=deps.outbox(),
    )


@pytest.fixture
def three_cities(desk: Desk, resources: dict[str, str]) -> dict[str, Interview]:
    """Interviews in Shanghai (29 Nov), Beijing and Guangzhou (30 Nov); Guangzhou's has no coordinates."""
    position = desk.position()
    booked = {
        "shanghai": desk.book(
            position, "2026-11-29T14:30", name="Zhang San", latitude=SHANGHAI[0], longitude=SHANGHAI[1]
        ),
        "beijing": desk.book(
            position, "2026-11-30T10:00", name="Li Si", city="Beijing", latitude=BEIJING[0], longitude=BEIJING[1]
        ),
        "guangzhou": desk.book(position, "2026-11-30T14:00", name="Wang Wu", city="Guangzhou"),
    }
    drain_outbox(resources)
    return booked


def stored(interview: Interview) -> dict[str, Any]:
    """The interview as stored, in the shape of its item."""
    found = deps.interviews().get(interview.interview_id)
    assert found is not None
    return dict(plain(found))


def advisories(resources: dict[str, str]) -> list[dict[str, Any]]:
    return [m for m in drain_outbox(resources) if m["kind"] == "advisory"]


def forecast_answers(http: responses.RequestsMock) -> None:
    http.get(ANY_FORECAST_HOST, json=fixture("forecast_three_cities.json"))
    http.get(ANY_GEOCODING_HOST, json=fixture("geocoding_guangzhou.json"))


def test_the_watch_forecasts_all_upcoming_interviews_in_one_request_and_stores_their_risk(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview], resources: dict[str, str]
) -> None:
    forecast_answers(http)

    summary = watch(sleeps).check_upcoming(WATCH_NOW)

    (forecast,) = forecast_calls(http)
    assert query(forecast)["latitude"] == "31.23,39.90,23.12"
    assert (query(forecast)["start_date"], query(forecast)["end_date"]) == ("2026-11-29", "2026-11-30")
    assert len(geocoding_calls(http)) == 1
    assert summary == {
        "checked": 3,
        "calm": 2,
        "caution": 0,
        "severe": 1,
        "unknown": 0,
        "advisories": 1,
        "failed": 0,
        "locations": 3,
        "requests": 1,
        "unavailable": 0,
    }
    guangzhou = stored(three_cities["guangzhou"])
    assert guangzhou["weather"] == {
        "risk": "severe",
        "date": "2026-11-30",
        "checked_at": "2026-11-27T23:00:00Z",
        "latitude": 23.11667,
        "longitude": 113.25,
        "precipitation_sum": 75.5,
        "probability": 98,
        "weather_code": 65,
        "gusts": 52.3,
    }
    assert guangzhou["weather_alert"] is True
    assert stored(three_cities["shanghai"])["weather"]["risk"] == "calm"
    assert stored(three_cities["beijing"])["weather_alert"] is False


def test_an_interview_that_became_risky_gets_one_advisory_in_the_candidates_language(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview], resources: dict[str, str]
) -> None:
    forecast_answers(http)

    watch(sleeps).check_upcoming(WATCH_NOW)
    watch(sleeps).check_upcoming(WATCH_NOW.replace(hour=23, minute=30))

    (advisory,) = advisories(resources)
    assert advisory == {
        "kind": "advisory",
        "interview_id": three_cities["guangzhou"].interview_id,
        "version": 1,
        "sequence": 2,
        "advisory": "天气预报：11月30日（周一）Guangzhou暴雨，"
        "预计降水约 75.5 毫米（概率 98%），阵风最大 52.3 公里/小时。",
    }
    key = f"advisory#{three_cities['guangzhou'].interview_id}#v1#2026-11-30#severe"
    assert deps.ledger().get(key) is not None


@pytest.mark.usefixtures(atomic_writes.__name__)
def test_two_watches_at_once_advise_once(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview], resources: dict[str, str]
) -> None:
    forecast_answers(http)
    barrier = threading.Barrier(2)

    def run() -> None:
        service = watch(sleeps)
        barrier.wait()
        service.check_upcoming(WATCH_NOW)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(advisories(resources)) == 1
    assert stored(three_cities["guangzhou"])["weather"]["risk"] == "severe"


def test_the_queued_advisory_reaches_the_candidate_with_its_text(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview], resources: dict[str, str]
) -> None:
    forecast_answers(http)
    watch(sleeps).check_upcoming(WATCH_NOW)
    (message,) = advisories(resources)

    # What the outbox consumer does with an advisory: the text travels in the message.
    outcome = deps.notice_delivery().deliver(message, now=WATCH_NOW, advisory=message["advisory"])

    assert outcome == "sent"
    (mail,) = sent_mail()
    parsed = email.message_from_string(mail.raw_data, policy=email.policy.default)
    text = next(part for part in parsed.walk() if part.get_content_type() == "text/plain").get_content()
    assert parsed["To"] == three_cities["guangzhou"].candidate.email
    assert "75.5 毫米" in text


@pytest.mark.parametrize(
    "failure",
    [
        {"body": requests.exceptions.ConnectTimeout("connect timed out")},
        {"status": 503, "body": "Service Unavailable"},
        {
            "status": 429,
            "json": {"error": True, "reason": "Daily API request limit exceeded. Please try again tomorrow."},
        },
        {"status": 400, "json": fixture("error_400.json")},
        {"status": 200, "body": "<html><body>upstream timeout</body></html>"},
    ],
)
def test_when_the_provider_fails_the_watch_finishes_marks_weather_unknown_and_logs_once(
    http: responses.RequestsMock,
    sleeps: Sleeps,
    three_cities: dict[str, Interview],
    resources: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    failure: dict[str, Any],
) -> None:
    http.get(FORECAST_URL, **failure)
    http.get(GEOCODING_URL, json=fixture("geocoding_guangzhou.json"))

    with caplog.at_level(logging.WARNING, logger="showup.weather"):
        summary = watch(sleeps).check_upcoming(WATCH_NOW)

    assert (summary["unknown"], summary["failed"], summary["unavailable"]) == (3, 0, 1)
    assert all(stored(i)["weather"]["risk"] == "unknown" for i in three_cities.values())
    # HR is told why there is no forecast, so a failed check never reads as calm weather.
    assert all(stored(i)["weather"]["unknown_reason"] == "unavailable" for i in three_cities.values())
    assert advisories(resources) == []
    assert len([r for r in caplog.records if r.name == "showup.weather"]) == 1


def test_geocoding_down_leaves_only_the_cities_without_coordinates_unknown(
    http: responses.RequestsMock,
    sleeps: Sleeps,
    three_cities: dict[str, Interview],
    caplog: pytest.LogCaptureFixture,
) -> None:
    http.get(GEOCODING_URL, status=500)
    http.add_callback(responses.GET, FORECAST_URL, callback=answer_per_location(fixture("forecast_three_cities.json")))

    with caplog.at_level(logging.WARNING, logger="showup.weather"):
        summary = watch(sleeps).check_upcoming(WATCH_NOW)

    assert (summary["calm"], summary["unknown"]) == (2, 1)
    assert stored(three_cities["guangzhou"])["weather"]["risk"] == "unknown"
    assert stored(three_cities["guangzhou"])["weather"]["unknown_reason"] == "unavailable"
    assert len([r for r in caplog.records if r.name == "showup.weather"]) == 1


class BrokenForecaster:
    """A forecaster with a fault of its own (not the provider's)."""

    def forecast(self, *args: Any, **kwargs: Any) -> Any:
        raise KeyError("daily")

    def geocode(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("unexpected answer")


def test_even_a_fault_of_ours_in_the_forecast_leaves_the_watch_finishing_with_unknowns(
    three_cities: dict[str, Interview], caplog: pytest.LogCaptureFixture
) -> None:
    service = WeatherWatch(
        forecaster=BrokenForecaster(),
        interviews=deps.interviews(),
        upcoming=InterviewWindows(table=aws.table(deps.settings().interviews_table)),
        ledger=deps.ledger(),
        outbox=deps.outbox(),
    )

    with caplog.at_level(logging.WARNING, logger="showup.weather"):
        summary = service.check_upcoming(WATCH_NOW)

    assert (summary["unknown"], summary["failed"], summary["unavailable"]) == (3, 0, 1)
    assert "unexpected KeyError" in caplog.text


def test_an_outage_between_two_risky_forecasts_does_not_advise_twice(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview], resources: dict[str, str]
) -> None:
    forecast_answers(http)
    watch(sleeps).check_upcoming(WATCH_NOW)
    http.replace(responses.GET, ANY_FORECAST_HOST, status=503)
    watch(sleeps).check_upcoming(WATCH_NOW.replace(day=28))
    http.replace(responses.GET, ANY_FORECAST_HOST, json=fixture("forecast_three_cities.json"))

    watch(sleeps).check_upcoming(WATCH_NOW.replace(day=28, hour=23))

    assert len(advisories(resources)) == 1
    assert stored(three_cities["guangzhou"])["weather"]["risk"] == "severe"


def test_each_batch_of_places_is_one_request(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview]
) -> None:
    http.get(GEOCODING_URL, json=fixture("geocoding_guangzhou.json"))
    http.add_callback(responses.GET, FORECAST_URL, callback=answer_per_location(fixture("forecast_three_cities.json")))

    summary = watch(sleeps, batch_size=2).check_upcoming(WATCH_NOW)

    assert summary["requests"] == len(forecast_calls(http)) == 2
    assert summary["calm"] + summary["severe"] == 3


def test_cancelled_interviews_are_not_watched(
    http: responses.RequestsMock, sleeps: Sleeps, desk: Desk, three_cities: dict[str, Interview]
) -> None:
    forecast_answers(http)
    desk.interviews.cancel(three_cities["guangzhou"].interview_id, now=NOW)

    summary = watch(sleeps).check_upcoming(WATCH_NOW)

    assert summary["checked"] == 2 and summary["severe"] == 0
    assert "weather" not in stored(three_cities["guangzhou"])


def test_the_watch_reads_the_local_date_index_and_never_scans(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview], settings: Settings
) -> None:
    forecast_answers(http)

    with dynamodb_calls(settings) as calls:
        watch(sleeps).check_upcoming(WATCH_NOW)

    assert ("Query", "by_local_date") in calls
    assert all(operation != "Scan" for operation, _ in calls)


def test_the_daily_job_runs_once_a_company_day_from_its_hour(
    jobs: Client, http: responses.RequestsMock, three_cities: dict[str, Interview]
) -> None:
    forecast_answers(http)

    early = fire(jobs, "check_weather", WATCH_NOW.replace(hour=22))
    first = fire(jobs, "check_weather", WATCH_NOW)
    again = fire(jobs, "check_weather", WATCH_NOW.replace(day=28, hour=0))

    assert early == {"date": "2026-11-28", "waiting_until": "07:00 Asia/Shanghai"}
    assert (first["checked"], first["severe"], first["advisories"]) == (3, 1, 1)
    assert again == {"date": "2026-11-28", "done": True}
    assert len(forecast_calls(http)) == 1


def test_a_day_whose_forecast_failed_is_tried_again_the_next_hour(
    http: responses.RequestsMock, sleeps: Sleeps, three_cities: dict[str, Interview]
) -> None:
    http.get(FORECAST_URL, status=503)
    http.get(GEOCODING_URL, json=fixture("geocoding_guangzhou.json"))
    service = WeatherWatch(
        forecaster=open_meteo(sleeps),
        interviews=deps.interviews(),
        upcoming=InterviewWindows(table=aws.table(deps.settings().interviews_table)),
        ledger=deps.ledger(),
        outbox=deps.outbox(),
        config=WatchConfig(),
    )

    failed = service.check_daily(WATCH_NOW)
    http.replace(responses.GET, FORECAST_URL, json=fixture("forecast_three_cities.json"))
    retried = service.check_daily(WATCH_NOW.replace(day=28, hour=0))

    assert failed["unavailable"] == 1
    assert retried["severe"] == 1 and retried["unavailable"] == 0
