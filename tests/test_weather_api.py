"""Open-Meteo over real sockets: a provider that trickles its answer costs a deadline, never more."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import responses

from chalicelib import deps
from chalicelib import settings as settings_module
from chalicelib.adapters import deadline_http
from chalicelib.adapters.weather_api import (
    FORECAST_URL,
    OpenMeteo,
    OpenMeteoConfig,
    WeatherUnavailable,
    clear_geocode_cache,
)
from tests.support.api import Api, create_position, interview_body
from tests.support.clock import NOW

FIXTURES = Path(__file__).parent / "fixtures" / "open_meteo"
SHANGHAI = (31.2304, 121.4737)
# The provider's pace when it trickles: one byte every tenth of a second.
TRICKLE_SECONDS = 0.1


class Provider:
    """Open-Meteo's two endpoints on 127.0.0.1 that answer at once, or trickle a long answer.

    ``trickle`` names what comes slowly: ``"body"`` (headers at once, then the body byte by byte)
    or ``"everything"`` (the status line and headers too).
    """

    def __init__(self) -> None:
        self.trickle: str | None = None
        self.asked: list[str] = []
        self.stopping = threading.Event()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                provider.asked.append(path)
                answer = FIXTURES / ("geocoding_shanghai.json" if path.endswith("/search") else "forecast_calm.json")
                data = answer.read_bytes()
                if provider.trickle:
                    # 1,000 s at this pace: a client without a deadline for the whole call waits it out.
                    data = data.ljust(10_000)
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
                if provider.trickle == "everything":
                    self._trickle(head.encode() + data)
                elif provider.trickle == "body":
                    self.wfile.write(head.encode())
                    self._trickle(data)
                else:
                    self.wfile.write(head.encode() + data)

            def _trickle(self, data: bytes) -> None:
                for index in range(len(data)):
                    if provider.stopping.wait(TRICKLE_SECONDS):
                        return
                    try:
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                    except OSError:
                        return  # the client hung up

            def log_message(self, format: str, *args: Any) -> None:
                pass

        # Bound and listening once constructed: connections wait in the backlog until served.
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()

    def config(self, **overrides: Any) -> OpenMeteoConfig:
        urls = {"forecast_url": f"{self.url}/v1/forecast", "geocoding_url": f"{self.url}/v1/search"}
        return OpenMeteoConfig(**urls, **overrides)


@pytest.fixture
def provider() -> Iterator[Provider]:
    clear_geocode_cache()
    with Provider() as running:
        yield running
    clear_geocode_cache()


def seconds_taken(started: float) -> float:
    return time.monotonic() - started


# The client


def test_a_prompt_answer_read_in_chunks_is_the_forecast(provider: Provider) -> None:
    client = OpenMeteo(config=provider.config(deadline_seconds=5.0))

    found = client.forecast([SHANGHAI], NOW.date(), NOW.date())

    assert found.failures == [] and found.daily(SHANGHAI)
    assert client.geocode("Shanghai") is not None
    assert provider.asked == ["/v1/forecast", "/v1/search"]


@pytest.mark.parametrize("trickle", ["body", "everything"])
def test_a_trickled_answer_is_given_up_when_the_whole_call_runs_out_of_time(provider: Provider, trickle: str) -> None:
    provider.trickle = trickle
    # Each byte comes well within the read timeout: only a deadline for the whole call ends this.
    client = OpenMeteo(config=provider.config(timeout_seconds=2.0, retries=2, deadline_seconds=0.6))

    started = time.monotonic()
    with pytest.raises(WeatherUnavailable, match=r"no whole answer within 0\.6 s"):
        client.geocode("Shanghai")
    taken = seconds_taken(started)

    assert 0.6 <= taken < 1.5
    assert provider.asked == ["/v1/search"]  # no retry: the time was up


class SteppingClock:
    """A monotonic clock that moves only when the client sleeps between attempts."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_retries_happen_only_while_the_call_has_time_left() -> None:
    clock = SteppingClock()
    client = OpenMeteo(
        config=OpenMeteoConfig(retries=5, backoff_seconds=0.5, deadline_seconds=2.0), sleep=clock.sleep, clock=clock
    )
    with responses.RequestsMock() as http:
        http.get(FORECAST_URL, status=503)

        found = client.forecast([SHANGHAI], NOW.date(), NOW.date())

        # Tries at 0, 0.5 and 1.5 s; the next pause (2 s) would end past the 2 s deadline.
        assert len(http.calls) == 3 and clock.sleeps == [0.5, 1.0]
    assert "no time left to ask again" in found.failures[0]


def test_the_timeouts_of_a_try_never_reach_past_the_deadline() -> None:
    clock = SteppingClock()
    client = OpenMeteo(
        config=OpenMeteoConfig(timeout_seconds=3.0, retries=1, backoff_seconds=0.5, deadline_seconds=1.0),
        sleep=clock.sleep,
        clock=clock,
    )
    with responses.RequestsMock() as http:
        http.get(FORECAST_URL, status=503)
        http.get(FORECAST_URL, json=json.loads((FIXTURES / "forecast_calm.json").read_text()))

        found = client.forecast([SHANGHAI], NOW.date(), NOW.date())

        assert [call.request.req_kwargs["timeout"] for call in http.calls] == [1.0, 0.5]
    assert found.daily(SHANGHAI)


def test_an_answer_longer_than_any_forecast_is_refused() -> None:
    with responses.RequestsMock() as http:
        http.get(FORECAST_URL, body=b"[" + b" " * (3 * 1024 * 1024) + b"]")

        found = OpenMeteo(sleep=lambda _: None).forecast([SHANGHAI], NOW.date(), NOW.date())

        assert len(http.calls) == 1
    assert "AnswerTooLarge" in found.failures[0]


def test_a_spent_deadline_asks_nothing() -> None:
    clock = SteppingClock()
    deadline = deadline_http.Deadline(0.5, clock=clock)
    clock.now += 0.5

    with (
        pytest.raises(deadline_http.DeadlinePassed),
        deadline_http.get(deadline_http.session(), FORECAST_URL, params={}, deadline=deadline, timeout=3.0),
    ):
        pass


# HR creating an interview while the provider trickles


@pytest.fixture
def trickling_provider(provider: Provider, monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    """The stage's Open-Meteo endpoints point at a provider that trickles everything it says."""
    provider.trickle = "everything"
    monkeypatch.setenv("WEATHER_API_URL", f"{provider.url}/v1/forecast")
    monkeypatch.setenv("GEOCODING_API_URL", f"{provider.url}/v1/search")
    settings_module.reset()
    yield provider
    settings_module.reset()


@pytest.mark.parametrize(
    ("where", "asked"),
    [
        ({}, ["/v1/search"]),
        ({"latitude": SHANGHAI[0], "longitude": SHANGHAI[1]}, ["/v1/forecast"]),
    ],
    ids=["city to geocode", "coordinates given"],
)
def test_hr_gets_the_interview_within_3_seconds_while_the_weather_provider_trickles(
    trickling_provider: Provider, api: Api, where: dict[str, Any], asked: list[str]
) -> None:
    position = create_position(api)

    started = time.monotonic()
    response = api.post("/interviews", interview_body(position["position_id"], **where))
    taken = seconds_taken(started)

    assert response.status_code == 201, response.body
    assert taken < 3.0
    created = json.loads(response.body)
    # The weather is unknown: no warning, no forecast stored, and the notice goes out.
    assert created["warnings"] == [] and "weather" not in created
    assert created["notice"]["status"] == "queued"
    stored = deps.interviews().get(created["interview_id"])
    assert stored is not None and stored.weather is None
    assert trickling_provider.asked == asked
