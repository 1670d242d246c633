"""HTTP requests the daily weather watch makes, against one forecast request per interview.

200 interviews in 12 Chinese cities over the next 5 days, booked through ``InterviewService`` on
moto's in-process DynamoDB; HR gave coordinates for the interviews in half the cities, the others
are geocoded by city name. Open-Meteo is played by ``responses`` in the shapes its documentation
gives (a list of forecasts, one per asked location; geocoding ``results``); every request is counted.

Goal: forecast requests <= the number of batches (distinct places / batch size, rounded up), and
at most one geocoding request per city, none once a container has seen the city. The baseline is
the naive watch: one forecast request per interview (plus a geocoding request per interview
without coordinates).

    python -m bench.weather [--interviews 200] [--batch-size 50]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

from bench._moto import use_moto_environment

NOW = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # 07:00 in Shanghai, the watch's hour
DAYS = 5
# name: (latitude, longitude, HR typed the coordinates)
CITIES = {
    "Shanghai": (31.2304, 121.4737, True),
    "Beijing": (39.9042, 116.4074, True),
    "Guangzhou": (23.1291, 113.2644, True),
    "Shenzhen": (22.5431, 114.0579, True),
    "Chengdu": (30.5728, 104.0668, True),
    "Hangzhou": (30.2741, 120.1551, True),
    "Wuhan": (30.5928, 114.3055, False),
    "Xi'an": (34.3416, 108.9398, False),
    "Nanjing": (32.0603, 118.7969, False),
    "Chongqing": (29.5630, 106.5516, False),
    "Tianjin": (39.3434, 117.3616, False),
    "Suzhou": (31.2989, 120.5853, False),
}
UNITS = {
    "time": "iso8601",
    "precipitation_sum": "mm",
    "precipitation_probability_max": "%",
    "weather_code": "wmo code",
    "wind_gusts_10m_max": "km/h",
}


def forecast_answer(request: Any) -> tuple[int, dict[str, str], str]:
    """Open-Meteo's answer for the asked places and dates: one object each, a list when several."""
    asked = {name: values[0] for name, values in parse_qs(urlparse(request.url).query).items()}
    start, end = date.fromisoformat(asked["start_date"]), date.fromisoformat(asked["end_date"])
    days = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    rng = random.Random(asked["latitude"])
    answers = []
    for index, (lat, lon) in enumerate(zip(asked["latitude"].split(","), asked["longitude"].split(","), strict=True)):
        answer: dict[str, Any] = {
            "latitude": round(float(lat) * 4) / 4,
            "longitude": round(float(lon) * 4) / 4,
            "generationtime_ms": 0.21,
            "utc_offset_seconds": 28800,
            "timezone": "Asia/Shanghai",
            "timezone_abbreviation": "GMT+8",
            "elevation": 12.0,
        }
        if index:
            answer["location_id"] = index
        answer["daily_units"] = UNITS
        answer["daily"] = {
            "time": days,
            # Mostly dry days, now and then heavy rain, a rainstorm or a gale, as in a wet season.
            "precipitation_sum": [rng.choice((0.0, 0.0, 0.0, 0.4, 3.2, 12.0, 28.5, 61.0)) for _ in days],
            "precipitation_probability_max": [rng.randrange(0, 101, 5) for _ in days],
            "weather_code": [rng.choice((0, 1, 2, 3, 3, 61, 63)) for _ in days],
            "wind_gusts_10m_max": [rng.choice((18.4, 22.0, 25.2, 31.7, 40.3, 70.1)) for _ in days],
        }
        answers.append(answer)
    return 200, {}, json.dumps(answers if len(answers) > 1 else answers[0])


def geocoding_answer(request: Any) -> tuple[int, dict[str, str], str]:
    name = parse_qs(urlparse(request.url).query)["name"][0]
    lat, lon, _ = CITIES[name]
    result = {
        "id": 1796236 + len(name),
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "elevation": 10.0,
        "feature_code": "PPLA",
        "country_code": "CN",
        "timezone": "Asia/Shanghai",
        "population": 10_000_000,
        "country": "China",
        "admin1": name,
    }
    return 200, {}, json.dumps({"results": [result], "generationtime_ms": 0.6})


def book(interviews: int) -> int:
    """Book ``interviews`` across the cities and the next days; returns how many lack coordinates."""
    from chalicelib import deps
    from chalicelib.models import InterviewIn, PositionIn
    from chalicelib.services.scheduling.interviews import InterviewService
    from chalicelib.services.scheduling.positions import PositionService

    position = PositionService(positions=deps.positions()).create(
        PositionIn(
            title="Front-end Engineer",
            company="Acme Robotics",
            work_location="Pudong, Shanghai",
            responsibilities="Build the HR-facing web app in TypeScript.",
            salary_min=15000,
            salary_max=22000,
        ),
        now=NOW,
    )
    service = InterviewService(positions=deps.positions(), interviews=deps.interviews(), outbox=deps.outbox())
    rng = random.Random(2026)
    names = list(CITIES)
    without = 0
    for n in range(interviews):
        city = names[n % len(names)]
        lat, lon, given = CITIES[city]
        day = date(2026, 11, 28) + timedelta(days=n % DAYS)
        body: dict[str, Any] = {
            "position_id": position.position_id,
            "candidate": {"name": f"Candidate {n}", "email": f"candidate{n}@example.com", "language": "zh-CN"},
            "starts_at": datetime.combine(day, datetime.min.time())
            + timedelta(hours=9, minutes=rng.randrange(0, 540, 30)),
            "timezone": "Asia/Shanghai",
            "address": f"{n} Main Road",
            "city": city,
        }
        if given:
            # Offices across a city: each interview's own coordinates, a few hundred metres apart.
            body |= {"latitude": lat + rng.uniform(-0.004, 0.004), "longitude": lon + rng.uniform(-0.004, 0.004)}
        else:
            without += 1
        service.schedule(InterviewIn(**body), now=NOW - timedelta(days=1))
    return without


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args(argv)
    use_moto_environment()

    import boto3
    import responses
    from moto import mock_aws

    from chalicelib import aws, deps
    from chalicelib.adapters.weather_api import (
        FORECAST_URL,
        GEOCODING_URL,
        OpenMeteo,
        OpenMeteoConfig,
        clear_geocode_cache,
    )
    from chalicelib.services.weather.watch import WatchConfig, WeatherWatch
    from chalicelib.store.interviews import InterviewWindows
    from devtools.resources import create_all

    with mock_aws():
        aws.reset()
        create_all(boto3.session.Session(), deps.settings())
        without = book(args.interviews)
        # Started inside moto's mock, which would otherwise send unmatched requests to the network.
        with responses.RequestsMock() as http:
            http.add_callback(responses.GET, FORECAST_URL, callback=forecast_answer)
            http.add_callback(responses.GET, GEOCODING_URL, callback=geocoding_answer)

            def run(now: datetime) -> tuple[dict[str, int], int, int]:
                before = len(http.calls)
                watch = WeatherWatch(
                    forecaster=OpenMeteo(config=OpenMeteoConfig(batch_size=args.batch_size), sleep=lambda _: None),
                    interviews=deps.interviews(),
                    upcoming=InterviewWindows(table=aws.table(deps.settings().interviews_table)),
                    ledger=deps.ledger(),
                    outbox=deps.outbox(),
                    config=WatchConfig(days=DAYS),
                )
                summary = watch.check_upcoming(now)
                urls = [call.request.url for call in list(http.calls)[before:]]
                return (
                    summary,
                    sum(url.startswith(FORECAST_URL) for url in urls),
                    sum(url.startswith(GEOCODING_URL) for url in urls),
                )

            clear_geocode_cache()
            cold, cold_forecasts, cold_geocodes = run(NOW)
            # The next morning, same container: the cities are known, the coordinates remembered.
            _, warm_forecasts, warm_geocodes = run(NOW + timedelta(minutes=1))
        aws.reset()

    batches = math.ceil(cold["locations"] / args.batch_size)
    baseline = args.interviews + without
    geocoded_cities = sum(1 for _, _, given in CITIES.values() if not given)
    verdict = "meets" if cold_forecasts <= batches and cold_geocodes <= geocoded_cities else "MISSES"
    print(f"{args.interviews} interviews, {len(CITIES)} cities, {DAYS} days, batch size {args.batch_size}")
    print(f"  distinct places (rounded to ~1 km) {cold['locations']}")
    print(f"  checked {cold['checked']}: {cold['calm']} calm, {cold['caution']} caution, {cold['severe']} severe")
    print(
        f"  first run   {cold_forecasts} forecast + {cold_geocodes} geocoding requests"
        f" (batches {batches}, cities without coordinates {geocoded_cities}: {verdict})"
    )
    print(f"  next run    {warm_forecasts} forecast + {warm_geocodes} geocoding requests")
    print(f"  baseline    {baseline} requests (one forecast per interview, one geocoding per uncoded interview)")
    print(
        f"  requests / baseline  {(cold_forecasts + cold_geocodes) / baseline:.3f} first run, "
        f"{(warm_forecasts + warm_geocodes) / baseline:.3f} next run"
    )
    return 0 if verdict == "meets" and warm_geocodes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
