"""The interviews half of the HR API: scheduling, listing by local day, cancel, reschedule, notices."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.models import InterviewIn, InterviewStatus, WarningCode
from chalicelib.services.common.clock import LocalTime
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.interviews import Warning as InterviewWarning
from chalicelib.settings import Settings
from chalicelib.store.interviews import InterviewRepository
from tests.support import Override
from tests.support.api import (
    ERROR_KEYS,
    Api,
    assert_validation_error,
    body_of,
    create_position,
    interview_body,
    same_contact,
    schedule,
)
from tests.support.aws import drain_outbox, dynamodb_calls, nothing_written, send_outbox
from tests.support.stream import drain_stream

Resources = dict[str, str]


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api)


def weather_risk(
    position: Position, request: InterviewIn, start: LocalTime, now: datetime
) -> Sequence[InterviewWarning]:
    return [InterviewWarning(WarningCode.WEATHER_RISK, "Typhoon signal 8 forecast for the interview day")]


@pytest.fixture
def stormy(override: Override) -> None:
    """Every new interview carries a weather warning, so its notice is held until HR accepts it."""

    def service() -> InterviewService:
        return InterviewService(
            positions=deps.positions(),
            interviews=deps.interviews(),
            checks=[weather_risk],
        )

    override(interview_service=service)


# Scheduling


def test_interview_is_scheduled_with_its_mode_local_date_utc_start_and_queued_notice(
    api: Api, position: dict[str, Any]
) -> None:
    response = api.post("/interviews", interview_body(position["position_id"]))

    assert response.status_code == 201
    interview = body_of(response)
    assert interview["interview_id"].startswith("int_")
    assert interview["status"] == "scheduled"
    assert interview["mode"] == "notification"
    assert interview["mode_reason"] == "many resumes on hand (40) for a mid role"
    assert interview["starts_at"] == "2026-12-03T14:30"
    assert interview["timezone"] == "Asia/Shanghai"
    assert interview["local_date"] == "2026-12-03"
    assert interview["starts_at_utc"] == "2026-12-03T06:30:00Z"
    assert interview["warnings"] == []
    assert interview["notice"]["status"] == "queued"
    assert interview["notice"]["held_for"] == []
    assert interview["duration_minutes"] == 60
    assert interview["channels"] == ["email"]


def test_interview_hides_its_internal_bookkeeping_but_shows_the_revision_a_correction_names(
    api: Api, position: dict[str, Any]
) -> None:
    interview = schedule(api, position["position_id"])

    assert "expires_at" not in interview
    assert "candidate_key" not in interview
    assert interview["revision"] == body_of(api.get(f"/interviews/{interview['interview_id']}"))["revision"] == 1


@pytest.mark.parametrize(
    ("starts_at", "local_date", "starts_at_utc"),
    [
        pytest.param("2026-12-03T14:30", "2026-12-03", "2026-12-03T19:30:00Z", id="winter-est"),
        pytest.param("2027-07-01T09:00", "2027-07-01", "2027-07-01T13:00:00Z", id="summer-edt"),
        pytest.param("2026-12-03T23:30", "2026-12-03", "2026-12-04T04:30:00Z", id="late-evening-next-utc-day"),
    ],
)
def test_new_york_start_is_converted_with_the_offset_in_force_that_day(
    api: Api, position: dict[str, Any], starts_at: str, local_date: str, starts_at_utc: str
) -> None:
    interview = schedule(api, position["position_id"], starts_at=starts_at, timezone="America/New_York")

    assert interview["local_date"] == local_date
    assert interview["starts_at_utc"] == starts_at_utc


def test_ambiguous_fall_back_time_takes_the_earlier_instant(api: Api, position: dict[str, Any]) -> None:
    # 01:30 happens twice in New York on 7 November 2027; the first is still daylight time.
    interview = schedule(api, position["position_id"], starts_at="2027-11-07T01:30", timezone="America/New_York")

    assert interview["starts_at_utc"] == "2027-11-07T05:30:00Z"


def test_new_interview_puts_one_notice_message_on_the_outbox(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])

    assert drain_outbox(resources) == [
        {"kind": "notice", "interview_id": interview["interview_id"], "version": 1, "sequence": 1}
    ]


@pytest.mark.parametrize(
    ("position_overrides", "mode", "expected_mode", "reason"),
    [
        pytest.param(
            {"level": "senior"}, "auto", "invitation", "senior role: candidates choose among offers", id="senior"
        ),
        pytest.param({"applicant_count": 3}, "auto", "invitation", "few resumes on hand (3 < 10)", id="few-resumes"),
        pytest.param({}, "invitation", "invitation", "chosen by HR", id="hr-chose-invitation"),
        pytest.param({"level": "executive"}, "notification", "notification", "chosen by HR", id="hr-overrides"),
    ],
)
def test_notice_mode_is_decided_from_the_position_unless_hr_chose(
    api: Api, position_overrides: dict[str, Any], mode: str, expected_mode: str, reason: str
) -> None:
    position = create_position(api, **position_overrides)

    interview = schedule(api, position["position_id"], mode=mode)

    assert interview["mode"] == expected_mode
    assert interview["mode_reason"] == reason


def test_contact_defaults_to_the_positions_and_hr_may_give_another(api: Api, position: dict[str, Any]) -> None:
    other = {"name": "Wang Fang", "phone": "+86 21 5555 0199"}

    defaulted = schedule(api, position["position_id"])
    given = schedule(api, position["position_id"], contact=other)

    assert defaulted["contact"] == position["contact"]
    assert same_contact(given["contact"], other)


def test_interview_reads_back_by_id_as_scheduled(api: Api, position: dict[str, Any]) -> None:
    interview = schedule(api, position["position_id"], latitude=31.2304, longitude=121.4737)

    response = api.get(f"/interviews/{interview['interview_id']}")

    assert response.status_code == 200
    assert body_of(response) == interview


def test_an_interview_at_a_coordinate_too_fine_for_dynamodb_is_stored_rounded(
    api: Api, position: dict[str, Any]
) -> None:
    interview = schedule(api, position["position_id"], latitude=1.0775571786953774e-291, longitude=0)

    assert (interview["latitude"], interview["longitude"]) == (0, 0)
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["latitude"] == 0


def test_repeated_channels_are_kept_once_and_sms_numbers_stored_in_e164(api: Api, position: dict[str, Any]) -> None:
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com", "phone": "138 0013 8000"}

    interview = schedule(api, position["position_id"], candidate=candidate, channels=["email", "sms", "email", "sms"])

    assert interview["channels"] == ["email", "sms"]
    assert interview["candidate"]["phone"] == "+8613800138000"


def test_warning_accepted_when_scheduling_does_not_hold_the_notice(
    api: Api, position: dict[str, Any], resources: Resources, stormy: None
) -> None:
    interview = schedule(api, position["position_id"], accept_warnings=["weather_risk"])

    assert interview["warnings"] == [
        {"code": "weather_risk", "message": "Typhoon signal 8 forecast for the interview day"}
    ]
    assert interview["notice"]["status"] == "queued"
    assert [m["kind"] for m in drain_outbox(resources)] == ["notice"]


def test_warning_not_accepted_holds_the_notice_and_nothing_is_queued(
    api: Api, position: dict[str, Any], resources: Resources, stormy: None
) -> None:
    interview = schedule(api, position["position_id"])

    assert interview["notice"]["status"] == "held"
    assert interview["notice"]["held_for"] == ["weather_risk"]
    assert drain_outbox(resources) == []


# Refusals

REFUSED_INTERVIEWS = [
    pytest.param({"candidate": {"name": "Zhang San", "email": "zhang.san@"}}, "candidate.email", id="bad-email"),
    pytest.param({"candidate": {"name": "Zhang San"}}, "candidate.email", id="missing-email"),
    pytest.param({"candidate": "Zhang San"}, "candidate", id="candidate-not-an-object"),
    pytest.param({"timezone": "Mars/Olympus_Mons"}, "timezone", id="unknown-time-zone"),
    pytest.param({"timezone": "../../etc/passwd"}, "timezone", id="path-as-time-zone"),
    pytest.param({"starts_at": "2026-11-26T10:00"}, "starts_at", id="in-the-past"),
    pytest.param({"starts_at": "2026-11-27T09:00"}, "starts_at", id="exactly-now"),
    pytest.param({"starts_at": "2027-03-14T02:30", "timezone": "America/New_York"}, "starts_at", id="dst-gap-new-york"),
    pytest.param({"starts_at": "2026-12-03T14:30+08:00"}, "starts_at", id="offset-given"),
    pytest.param({"starts_at": "next tuesday"}, "starts_at", id="starts-at-not-a-time"),
    pytest.param({"position_id": "pos_0000000000000000"}, "position_id", id="unknown-position"),
    pytest.param({"channels": ["email", "sms"]}, "candidate.phone", id="sms-without-phone"),
    pytest.param(
        {"channels": ["sms"], "candidate": {"name": "Zhang San", "email": "zs@example.com", "phone": "+8613800138000"}},
        "channels",
        id="sms-only",
    ),
    pytest.param({"channels": ["email", "fax"]}, "channels.1", id="unknown-channel"),
    pytest.param({"channels": "email"}, "channels", id="channels-not-a-list"),
    pytest.param({"channels": []}, "channels", id="no-channel"),
    pytest.param({"latitude": 31.23}, "longitude", id="latitude-without-longitude"),
    pytest.param({"longitude": 121.47}, "latitude", id="longitude-without-latitude"),
    pytest.param({"latitude": 91, "longitude": 0}, "latitude", id="latitude-off-the-globe"),
    pytest.param({"duration_minutes": "an hour"}, "duration_minutes", id="duration-not-a-number"),
    pytest.param({"duration_minutes": 5}, "duration_minutes", id="too-short"),
    pytest.param({"mode": "loud"}, "mode", id="unknown-mode"),
    pytest.param({"accept_warnings": ["bad_vibes"]}, "accept_warnings.0", id="unknown-warning-code"),
    pytest.param({"address": ""}, "address", id="empty-address"),
    pytest.param({"interviewer": "Li Wei"}, "interviewer", id="unknown-field"),
    pytest.param(
        {"candidate": {"name": "Zhang San", "email": "zs@example.com", "expected_salary": 10**39 + 1}},
        "candidate.expected_salary",
        id="salary-beyond-number-precision",
    ),
]


@pytest.mark.parametrize(("overrides", "field"), REFUSED_INTERVIEWS)
def test_invalid_interview_is_refused_with_the_field_named_and_nothing_written(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any], overrides: dict[str, Any], field: str
) -> None:
    body = {**interview_body(position["position_id"]), **overrides}

    with nothing_written(settings, resources):
        response = api.post("/interviews", body)

    assert_validation_error(response, field)


def test_unknown_time_zone_is_refused_with_the_field_named_and_nothing_written(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    with nothing_written(settings, resources):
        response = api.post("/interviews", interview_body(position["position_id"], timezone="Asia/Atlantis"))

    body = assert_validation_error(response, "timezone")
    assert body["codes"] == {"timezone": "invalid_timezone"}
    assert body["fields"] == {
        "timezone": "Choose a time zone from the list, such as Asia/Shanghai (China Standard Time)."
    }


def test_nonexistent_local_time_names_the_clock_change(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    body = interview_body(position["position_id"], starts_at="2027-03-14T02:30", timezone="America/New_York")

    with nothing_written(settings, resources):
        response = api.post("/interviews", body)

    refused = assert_validation_error(response, "starts_at")
    assert refused["codes"] == {"starts_at": "not_on_the_clock"}
    assert "does not exist in America/New_York" in refused["fields"]["starts_at"]


@pytest.mark.parametrize("raw", ['{"position_id": ', "[1, 2]", '"interview"'])
def test_body_that_is_not_a_json_object_is_refused_naming_the_body_and_nothing_written(
    api: Api, settings: Settings, resources: Resources, raw: str
) -> None:
    with nothing_written(settings, resources):
        response = api.post("/interviews", raw=raw)

    assert_validation_error(response, "body")


def test_interview_body_over_64_kib_is_refused_as_too_large_and_nothing_written(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    body = interview_body(position["position_id"], transit="x" * (65 * 1024))

    with nothing_written(settings, resources):
        response = api.post("/interviews", body)

    assert response.status_code == 413
    assert body_of(response)["error"] == "payload_too_large"


@pytest.mark.parametrize(
    ("starts_at", "timezone", "problem"),
    [
        ("9999-12-31T23:00", "America/New_York", "too_far_ahead"),
        ("9999-12-01T09:00", "Asia/Shanghai", "too_far_ahead"),
        # Tokyo is ahead of UTC: midnight on 1 January of year 1 there is year 0 in UTC, which Python has not.
        ("0001-01-01T00:00", "Asia/Tokyo", "in_the_past"),
    ],
)
def test_start_beyond_the_calendar_is_refused_not_a_crash(
    api: Api,
    settings: Settings,
    resources: Resources,
    position: dict[str, Any],
    starts_at: str,
    timezone: str,
    problem: str,
) -> None:
    body = interview_body(position["position_id"], starts_at=starts_at, timezone=timezone)

    with nothing_written(settings, resources):
        response = api.post("/interviews", body)

    assert assert_validation_error(response, "starts_at")["codes"] == {"starts_at": problem}


def test_start_more_than_a_year_ahead_is_refused_as_a_likely_typo(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    body = interview_body(position["position_id"], starts_at="2062-12-03T14:30")

    with nothing_written(settings, resources):
        response = api.post("/interviews", body)

    refused = assert_validation_error(response, "starts_at")
    assert refused["codes"] == {"starts_at": "too_far_ahead"}
    assert refused["fields"] == {"starts_at": "Interviews can be scheduled up to a year ahead."}


def test_start_just_under_a_year_ahead_is_accepted(api: Api, position: dict[str, Any]) -> None:
    assert schedule(api, position["position_id"], starts_at="2027-11-27T14:30")["local_date"] == "2027-11-27"


# Listing by local day


def test_listing_by_date_shows_only_that_local_day_earliest_first(api: Api, position: dict[str, Any]) -> None:
    afternoon = schedule(api, position["position_id"], starts_at="2026-12-03T14:30")
    morning = schedule(api, position["position_id"], starts_at="2026-12-03T09:00")
    schedule(api, position["position_id"], starts_at="2026-12-04T09:00")

    response = api.get("/interviews?date=2026-12-03")

    assert response.status_code == 200
    listed = body_of(response)
    assert listed["date"] == "2026-12-03"
    assert [i["interview_id"] for i in listed["interviews"]] == [morning["interview_id"], afternoon["interview_id"]]


def test_late_evening_new_york_interview_is_listed_under_its_local_date_not_its_utc_date(
    api: Api, position: dict[str, Any]
) -> None:
    late = schedule(api, position["position_id"], starts_at="2026-12-03T23:30", timezone="America/New_York")
    assert late["starts_at_utc"].startswith("2026-12-04")

    on_local_day = body_of(api.get("/interviews?date=2026-12-03"))["interviews"]
    on_utc_day = body_of(api.get("/interviews?date=2026-12-04"))["interviews"]

    assert [i["interview_id"] for i in on_local_day] == [late["interview_id"]]
    assert on_utc_day == []


def test_listing_without_a_date_uses_today_in_the_company_time_zone(
    api: Api, position: dict[str, Any], override: Override
) -> None:
    # At 01:00 UTC on 27 November it is still the evening of 26 November in New York. The test
    # client re-applies the stage's environment on every request, so the setting is replaced here.
    in_new_york = dataclasses.replace(deps.settings(), company_timezone="America/New_York")
    override(settings=lambda: in_new_york)
    tonight = schedule(api, position["position_id"], starts_at="2026-11-26T22:00", timezone="America/New_York")
    schedule(api, position["position_id"], starts_at="2026-11-27T10:00", timezone="America/New_York")

    listed = body_of(api.get("/interviews"))

    assert listed["date"] == "2026-11-26"
    assert [i["interview_id"] for i in listed["interviews"]] == [tonight["interview_id"]]


def test_listing_without_a_date_in_shanghai_shows_todays_interviews(api: Api, position: dict[str, Any]) -> None:
    today = schedule(api, position["position_id"], starts_at="2026-11-27T15:00")

    listed = body_of(api.get("/interviews"))

    assert listed["date"] == "2026-11-27"
    assert [i["interview_id"] for i in listed["interviews"]] == [today["interview_id"]]


def test_status_filter_lists_only_interviews_in_that_status(api: Api, position: dict[str, Any]) -> None:
    kept = schedule(api, position["position_id"], starts_at="2026-12-03T09:00")
    dropped = schedule(api, position["position_id"], starts_at="2026-12-03T11:00")
    api.post(f"/interviews/{dropped['interview_id']}/cancel")

    scheduled = body_of(api.get("/interviews?date=2026-12-03&status=scheduled"))["interviews"]
    cancelled = body_of(api.get("/interviews?date=2026-12-03&status=cancelled"))["interviews"]
    confirmed = body_of(api.get("/interviews?date=2026-12-03&status=confirmed"))["interviews"]

    assert [i["interview_id"] for i in scheduled] == [kept["interview_id"]]
    assert [i["interview_id"] for i in cancelled] == [dropped["interview_id"]]
    assert confirmed == []


@pytest.mark.parametrize("day", ["2026-13-01", "2026-02-30", "tomorrow", "03/12/2026"])
def test_bad_date_is_refused_with_the_date_field_named(api: Api, day: str) -> None:
    assert_validation_error(api.get(f"/interviews?date={day}&status=scheduled"), "date")


@pytest.mark.parametrize("day", ["20261203", "2026-W49-4"])
def test_date_not_written_as_yyyy_mm_dd_is_refused(api: Api, position: dict[str, Any], day: str) -> None:
    schedule(api, position["position_id"])

    assert_validation_error(api.get(f"/interviews?date={day}"), "date")


@pytest.mark.parametrize("status", ["SCHEDULED", "pending", "no-show"])
def test_unknown_status_filter_is_refused_with_the_status_field_named(api: Api, status: str) -> None:
    response = api.get(f"/interviews?date=2026-12-03&status={status}")

    body = assert_validation_error(response, "status")
    assert "scheduled" in body["fields"]["status"]


def test_listing_by_date_queries_the_local_date_index_and_never_scans(
    api: Api, settings: Settings, position: dict[str, Any]
) -> None:
    schedule(api, position["position_id"])

    with dynamodb_calls(settings) as calls:
        response = api.get("/interviews?date=2026-12-03&status=scheduled")

    assert len(body_of(response)["interviews"]) == 1
    assert ("Query", "by_local_date") in calls
    assert all(operation != "Scan" for operation, _ in calls)


def test_scheduling_an_interview_never_scans(api: Api, settings: Settings, position: dict[str, Any]) -> None:
    with dynamodb_calls(settings) as calls:
        schedule(api, position["position_id"])

    assert calls, "the hook must see the app's calls"
    assert all(operation != "Scan" for operation, _ in calls)


# Unknown ids


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/interviews/int_0000000000000000", None),
        ("POST", "/interviews/int_0000000000000000/cancel", {}),
        ("POST", "/interviews/int_0000000000000000/reschedule", {"starts_at": "2026-12-05T10:00", "timezone": "UTC"}),
        ("POST", "/interviews/int_0000000000000000/notice", {}),
    ],
)
def test_unknown_interview_is_a_404_in_the_error_shape_and_nothing_written(
    api: Api, settings: Settings, resources: Resources, method: str, path: str, body: dict[str, Any] | None
) -> None:
    with nothing_written(settings, resources):
        response = api.get(path) if method == "GET" else api.post(path, body)

    assert response.status_code == 404
    error = body_of(response)
    assert set(error) == ERROR_KEYS
    assert error["error"] == "not_found"


# Cancel


def test_cancel_marks_the_interview_cancelled_raises_its_version_and_tells_the_candidate(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])
    send_outbox(resources)

    response = api.post(f"/interviews/{interview['interview_id']}/cancel")

    assert response.status_code == 200
    cancelled = body_of(response)
    assert cancelled["status"] == "cancelled"
    assert cancelled["version"] == interview["version"] + 1
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["status"] == "cancelled"
    assert drain_outbox(resources) == [
        {"kind": "cancel", "interview_id": interview["interview_id"], "version": 2, "sequence": 1}
    ]


def test_cancelling_twice_is_harmless_and_tells_the_candidate_once(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])
    send_outbox(resources)

    first = api.post(f"/interviews/{interview['interview_id']}/cancel")
    second = api.post(f"/interviews/{interview['interview_id']}/cancel")

    assert first.status_code == second.status_code == 200
    assert body_of(second) == body_of(first)
    assert [m["kind"] for m in drain_outbox(resources)] == ["cancel"]


def test_cancelling_an_interview_whose_notice_was_held_tells_nobody(
    api: Api, position: dict[str, Any], resources: Resources, stormy: None
) -> None:
    interview = schedule(api, position["position_id"])

    cancelled = body_of(api.post(f"/interviews/{interview['interview_id']}/cancel"))

    assert cancelled["status"] == "cancelled"
    assert cancelled["notice"]["status"] == "held"
    assert drain_outbox(resources) == []


def test_change_that_lost_a_race_is_a_409_and_tells_nobody(
    api: Api, position: dict[str, Any], resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview = schedule(api, position["position_id"])
    drain_outbox(resources)
    read = InterviewRepository.get

    def read_then_another_desk_writes(self: InterviewRepository, interview_id: str) -> Interview | None:
        record = read(self, interview_id)
        if record is not None:
            # A second HR desk saves its change between this request's read and its write.
            confirmed = dataclasses.replace(record, status=InterviewStatus.CONFIRMED)
            self.replace(confirmed, expected_revision=record.revision)
        return record

    with monkeypatch.context() as patch:
        patch.setattr(InterviewRepository, "get", read_then_another_desk_writes)
        response = api.post(f"/interviews/{interview['interview_id']}/cancel")

    assert response.status_code == 409
    assert body_of(response)["error"] == "conflict"
    assert "reload it and try again" in body_of(response)["message"]
    assert response.headers["Retry-After"] == "1"
    assert drain_outbox(resources) == []
    assert body_of(api.get(f"/interviews/{interview['interview_id']}"))["status"] == "confirmed"


# Reschedule


def test_reschedule_moves_the_interview_raises_its_version_and_sends_an_update(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])
    send_outbox(resources)

    response = api.post(
        f"/interviews/{interview['interview_id']}/reschedule",
        {"starts_at": "2026-12-05T10:00", "timezone": "America/New_York"},
    )

    assert response.status_code == 200
    moved = body_of(response)
    assert moved["status"] == "scheduled"
    assert moved["starts_at"] == "2026-12-05T10:00"
    assert moved["timezone"] == "America/New_York"
    assert moved["local_date"] == "2026-12-05"
    assert moved["starts_at_utc"] == "2026-12-05T15:00:00Z"
    assert moved["version"] == 2
    assert drain_outbox(resources) == [
        {"kind": "update", "interview_id": interview["interview_id"], "version": 2, "sequence": 2}
    ]


def test_rescheduled_interview_leaves_its_old_day_and_appears_on_the_new_one(
    api: Api, position: dict[str, Any]
) -> None:
    interview = schedule(api, position["position_id"])

    api.post(
        f"/interviews/{interview['interview_id']}/reschedule",
        {"starts_at": "2026-12-07T16:00", "timezone": "Asia/Shanghai"},
    )

    assert body_of(api.get("/interviews?date=2026-12-03"))["interviews"] == []
    (moved,) = body_of(api.get("/interviews?date=2026-12-07"))["interviews"]
    assert moved["interview_id"] == interview["interview_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"starts_at": "2026-11-20T10:00", "timezone": "Asia/Shanghai"}, "starts_at", id="past"),
        pytest.param({"starts_at": "2027-03-14T02:30", "timezone": "America/New_York"}, "starts_at", id="dst-gap"),
        pytest.param({"starts_at": "2026-12-05T10:00", "timezone": "Nowhere/Special"}, "timezone", id="bad-zone"),
        pytest.param({"starts_at": "2026-12-05T10:00"}, "timezone", id="missing-zone"),
        pytest.param(
            {"starts_at": "2026-12-05T10:00", "timezone": "UTC", "reason": "traffic"}, "reason", id="unknown-field"
        ),
    ],
)
def test_refused_reschedule_leaves_the_interview_as_it_was(
    api: Api,
    settings: Settings,
    resources: Resources,
    position: dict[str, Any],
    body: dict[str, Any],
    field: str,
) -> None:
    interview = schedule(api, position["position_id"])

    with nothing_written(settings, resources):
        response = api.post(f"/interviews/{interview['interview_id']}/reschedule", body)

    assert_validation_error(response, field)


def test_cancelled_interview_cannot_be_rescheduled(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    interview = schedule(api, position["position_id"])
    api.post(f"/interviews/{interview['interview_id']}/cancel")

    with nothing_written(settings, resources):
        response = api.post(
            f"/interviews/{interview['interview_id']}/reschedule",
            {"starts_at": "2026-12-05T10:00", "timezone": "Asia/Shanghai"},
        )

    assert response.status_code == 409
    error = body_of(response)
    assert set(error) == ERROR_KEYS
    assert error["error"] == "conflict"


def test_reschedule_of_a_held_notice_stays_held_and_tells_nobody(
    api: Api, position: dict[str, Any], resources: Resources, stormy: None
) -> None:
    interview = schedule(api, position["position_id"])

    moved = body_of(
        api.post(
            f"/interviews/{interview['interview_id']}/reschedule",
            {"starts_at": "2026-12-05T10:00", "timezone": "Asia/Shanghai"},
        )
    )

    assert moved["notice"]["status"] == "held"
    assert drain_outbox(resources) == []


# Notices


def test_resending_a_queued_notice_raises_its_sequence_and_queues_it_again(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])
    drain_outbox(resources)

    response = api.post(f"/interviews/{interview['interview_id']}/notice", {})

    assert response.status_code == 200
    resent = body_of(response)
    assert resent["notice"]["status"] == "queued"
    assert resent["notice"]["sequence"] == 2
    assert resent["version"] == 1
    assert drain_outbox(resources) == [
        {"kind": "notice", "interview_id": interview["interview_id"], "version": 1, "sequence": 2}
    ]


def test_held_notice_is_refused_until_hr_accepts_its_warnings_and_nothing_is_written(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any], stormy: None
) -> None:
    interview = schedule(api, position["position_id"])

    with nothing_written(settings, resources):
        response = api.post(f"/interviews/{interview['interview_id']}/notice", {"accept_warnings": ["low_match"]})

    assert response.status_code == 409
    error = body_of(response)
    assert error["error"] == "conflict"
    assert error["fields"] == {"accept_warnings": "Accept these warnings: weather risk."}


def test_held_notice_goes_out_once_hr_accepts_its_warning(
    api: Api, position: dict[str, Any], resources: Resources, stormy: None
) -> None:
    interview = schedule(api, position["position_id"])

    response = api.post(f"/interviews/{interview['interview_id']}/notice", {"accept_warnings": ["weather_risk"]})

    assert response.status_code == 200
    released = body_of(response)
    assert released["notice"]["status"] == "queued"
    assert released["notice"]["held_for"] == []
    assert released["accepted_warnings"] == ["weather_risk"]
    assert drain_outbox(resources) == [
        {"kind": "notice", "interview_id": interview["interview_id"], "version": 1, "sequence": 2}
    ]


def test_no_notice_goes_out_for_a_cancelled_interview(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    interview = schedule(api, position["position_id"])
    api.post(f"/interviews/{interview['interview_id']}/cancel")

    with nothing_written(settings, resources):
        response = api.post(f"/interviews/{interview['interview_id']}/notice", {})

    assert response.status_code == 409
    assert body_of(response)["error"] == "conflict"


def test_notice_request_with_an_unknown_warning_code_is_refused_and_nothing_written(
    api: Api, settings: Settings, resources: Resources, position: dict[str, Any]
) -> None:
    interview = schedule(api, position["position_id"])

    with nothing_written(settings, resources):
        response = api.post(f"/interviews/{interview['interview_id']}/notice", {"accept_warnings": ["rain"]})

    assert_validation_error(response, "accept_warnings.0")


@pytest.mark.parametrize("zone", ["localtime", "Factory", "a" * 300, "../../etc/passwd"])
def test_a_time_zone_that_is_no_place_is_refused_with_the_field_named(
    api: Api, position: dict[str, Any], zone: str
) -> None:
    response = api.post("/interviews", interview_body(position["position_id"], timezone=zone))
    assert_validation_error(response, "timezone")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_day_outside_the_calendar_shown_is_refused_not_a_crash(api: Api, day: str) -> None:
    assert_validation_error(api.get(f"/interviews?date={day}"), "date")
    assert_validation_error(api.get(f"/stats?period=week&date={day}"), "date")
    assert_validation_error(api.get(f"/stats.csv?period=day&from=2026-11-01&to={day}"), "to")


def test_a_candidate_never_told_gets_the_notice_not_an_update_when_the_interview_moves(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])
    drain_outbox(resources)  # queued, but the consumer has not sent it yet

    api.post(
        f"/interviews/{interview['interview_id']}/reschedule",
        {"starts_at": "2026-12-05T10:00", "timezone": "Asia/Shanghai"},
    )

    assert [m["kind"] for m in drain_outbox(resources)] == ["notice"]


def test_cancelling_before_any_notice_went_out_tells_nobody(
    api: Api, position: dict[str, Any], resources: Resources
) -> None:
    interview = schedule(api, position["position_id"])
    (queued,) = drain_outbox(resources)

    api.post(f"/interviews/{interview['interview_id']}/cancel")

    assert drain_outbox(resources) == []
    # The notice still on its way is for an older version: the consumer drops it.
    assert deps.notice_delivery().deliver(queued, now=deps.now()) == "stale"


def test_a_notice_the_queue_refuses_shows_as_failed_once_the_stream_is_read_and_the_interview_is_kept(
    api: Api, position: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.adapters.outbox import Outbox

    def refuse(self: Outbox, message: dict[str, Any], *, delay_seconds: int = 0) -> None:
        raise ConnectionError("SQS is unreachable")

    monkeypatch.setattr(Outbox, "put", refuse)
    response = api.post("/interviews", interview_body(position["position_id"]))

    assert response.status_code == 201
    created = body_of(response)
    assert created["notice"]["status"] == "queued"
    drain_stream()
    assert body_of(api.get(f"/interviews/{created['interview_id']}"))["notice"]["status"] == "failed"


def test_moving_an_interview_checks_the_new_day_again(
    api: Api, position: dict[str, Any], resources: Resources, override: Override
) -> None:
    def storm_on_the_fifth(position: Any, request: Any, start: Any, now: Any) -> list[InterviewWarning]:
        if start.local_date != "2026-12-05":
            return []
        return [InterviewWarning(WarningCode.WEATHER_RISK, "Rainstorm forecast on 5 December")]

    def service() -> InterviewService:
        return InterviewService(positions=deps.positions(), interviews=deps.interviews(), checks=[storm_on_the_fifth])

    override(interview_service=service)
    interview = schedule(api, position["position_id"])
    assert interview["warnings"] == []
    drain_outbox(resources)

    moved = body_of(
        api.post(
            f"/interviews/{interview['interview_id']}/reschedule",
            {"starts_at": "2026-12-05T10:00", "timezone": "Asia/Shanghai"},
        )
    )

    assert [w["code"] for w in moved["warnings"]] == ["weather_risk"]
    assert moved["notice"]["status"] == "held"
    assert drain_outbox(resources) == []
