"""Open-Meteo as the tests answer it: recorded payloads served through ``responses``, never the network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from chalicelib.adapters.weather_api import clear_geocode_cache

FIXTURES = Path(__file__).parents[1] / "fixtures" / "open_meteo"
# Any host: the scheduled job takes Open-Meteo's endpoints from the stage's configuration.
ANY_FORECAST_HOST = re.compile(r"https?://[^/]+/v1/forecast")
ANY_GEOCODING_HOST = re.compile(r"https?://[^/]+/v1/search")


def fixture(name: str) -> Any:
    """A recorded Open-Meteo answer from tests/fixtures/open_meteo."""
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def http(resources: dict[str, str]) -> Iterator[responses.RequestsMock]:
    # Started inside moto's mock (which routes unmatched requests to the network), never around it.
    clear_geocode_cache()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
    clear_geocode_cache()
