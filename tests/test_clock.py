"""Local wall-clock times, the instants they name, and clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from chalicelib.services.common.clock import NonexistentLocalTime, iso_utc, localize, parse_utc, today_in
from tests.support.clock import NOW


def test_shanghai_wall_clock_is_eight_hours_ahead_of_utc_all_year() -> None:
    winter = localize(datetime(2026, 12, 3, 14, 30), "Asia/Shanghai")
    summer = localize(datetime(2027, 7, 1, 14, 30), "Asia/Shanghai")

    assert winter.utc == datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
    assert summer.utc == datetime(2027, 7, 1, 6, 30, tzinfo=UTC)


def test_new_york_offset_follows_daylight_saving() -> None:
    assert localize(datetime(2026, 12, 3, 14, 30), "America/New_York").utc_iso == "2026-12-03T19:30:00Z"
    assert localize(datetime(2027, 7, 1, 14, 30), "America/New_York").utc_iso == "2027-07-01T18:30:00Z"


def test_local_time_keeps_its_wall_clock_zone_and_local_date() -> None:
    start = localize(datetime(2026, 12, 3, 23, 30), "America/New_York")

    assert start.local == datetime(2026, 12, 3, 23, 30)
    assert start.timezone == "America/New_York"
    assert start.local_date == "2026-12-03"
    assert start.utc_iso == "2026-12-04T04:30:00Z"


@pytest.mark.parametrize(
    ("local", "zone"),
    [
        pytest.param(datetime(2027, 3, 14, 2, 30), "America/New_York", id="new-york-spring-forward"),
        pytest.param(datetime(2027, 3, 28, 1, 15), "Europe/London", id="london-spring-forward"),
        pytest.param(datetime(2011, 12, 30, 10, 0), "Pacific/Apia", id="samoa-skipped-a-whole-day"),
    ],
)
def test_time_skipped_by_a_clock_change_does_not_exist(local: datetime, zone: str) -> None:
    with pytest.raises(NonexistentLocalTime, match=f"does not exist in {zone}"):
        localize(local, zone)


def test_edges_of_the_spring_forward_gap_exist() -> None:
    assert localize(datetime(2027, 3, 14, 1, 59), "America/New_York").utc_iso == "2027-03-14T06:59:00Z"
    assert localize(datetime(2027, 3, 14, 3, 0), "America/New_York").utc_iso == "2027-03-14T07:00:00Z"


def test_time_repeated_by_a_fall_back_takes_the_earlier_instant() -> None:
    # 01:30 on 7 November 2027 happens first in EDT (UTC-4), then again in EST (UTC-5).
    start = localize(datetime(2027, 11, 7, 1, 30), "America/New_York")

    assert start.utc == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)


def test_iso_utc_converts_to_utc_and_keeps_whole_seconds() -> None:
    shanghai = timezone(timedelta(hours=8))

    assert iso_utc(datetime(2026, 12, 3, 14, 30, 15, 999_999, tzinfo=shanghai)) == "2026-12-03T06:30:15Z"
    assert iso_utc(NOW) == "2026-11-27T01:00:00Z"


@pytest.mark.parametrize("text", ["2026-12-03T06:30:00Z", "2026-12-03T14:30:00+08:00", "2026-12-03T01:30:00-05:00"])
def test_parse_utc_reads_any_offset_as_the_same_instant(text: str) -> None:
    parsed = parse_utc(text)

    assert parsed == datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
    assert parsed.utcoffset() == timedelta(0)


def test_iso_utc_and_parse_utc_round_trip() -> None:
    assert parse_utc(iso_utc(NOW)) == NOW


@pytest.mark.parametrize(
    ("zone", "today"),
    [
        ("Asia/Shanghai", date(2026, 11, 27)),
        ("UTC", date(2026, 11, 27)),
        ("America/New_York", date(2026, 11, 26)),
        ("Pacific/Kiritimati", date(2026, 11, 27)),
        ("Pacific/Pago_Pago", date(2026, 11, 26)),
    ],
)
def test_today_depends_on_where_you_stand(zone: str, today: date) -> None:
    assert today_in(zone, NOW) == today


def test_today_changes_at_local_midnight_not_utc_midnight() -> None:
    just_before = datetime(2026, 11, 27, 15, 59, tzinfo=UTC)
    just_after = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)

    assert today_in("Asia/Shanghai", just_before) == date(2026, 11, 27)
    assert today_in("Asia/Shanghai", just_after) == date(2026, 11, 28)
