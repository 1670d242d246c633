"""``POST /hooks/{source}``: interviews from other systems, signed with the source's secret, booked once per
external id; a changed time reschedules, a cancellation cancels, and every refusal writes nothing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.services.intake.signature import TOLERANCE_SECONDS, showup_header, standard_headers
from chalicelib.settings import Settings, SettingsError
from tests.support import Override
from tests.support.api import Api, assert_validation_error, body_of, create_position
from tests.support.aws import aws_client, drain_outbox, nothing_written, send_outbox, stored_interviews
from tests.support.clock import NOW

Resources = dict[str, str]
FIXTURES = Path(__file__).parent / "fixtures"
CRM_SECRET = "test-hook-secret-not-for-production"
NOW_SECONDS = int(NOW.timestamp())


def secrets() -> dict[str, str]:
    found: dict[str, str] = json.loads(deps.settings().hook_secrets)
    return found


def delivery(position_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    """A generic delivery: Wang Fang on Thursday 3 December 2026, 10:00 in Shanghai."""
    body: dict[str, Any] = {
        "external_id": "crm-4711",
        "position_id": position_id,
        "candidate": {"name": "Wang Fang", "email": "wang.fang@example.com", "phone": "+86 138 0013 8000"},
        "starts_at": "2026-12-03T10:00",
        "timezone": "Asia/Shanghai",
        "address": "88 Century Avenue, Floor 12",
        "city": "Shanghai",
    }
    body.update(overrides)
    return {name: value for name, value in body.items() if value is not None}


def post(client: Client, body: Any, *, source: str = "crm", at: int = NOW_SECONDS, secret: str = CRM_SECRET) -> Any:
    raw = (body if isinstance(body, str) else json.dumps(body)).encode()
    headers = {"Content-Type": "application/json", "ShowUp-Signature": showup_header(secret, raw, at)}
    return client.http.post(f"/hooks/{source}", body=raw, headers=headers)


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api, title="Warehouse Associate", work_location="Jiading Logistics Park, Shanghai")


# Signature


def test_a_signed_delivery_books_the_interview_and_its_notice_goes_out(
    client: Client, position: dict[str, Any], resources: Resources
) -> None:
    response = post(client, delivery(position["position_id"]))

    assert response.status_code == 201, response.body
    answer = body_of(response)
    assert answer == {
        "source": "crm",
        "external_id": "crm-4711",
        "action": "created",
        "interview_id": answer["interview_id"],
        "replayed": False,
    }
    (interview,) = stored_interviews(deps.settings())
    assert interview.interview_id == answer["interview_id"]
    assert (interview.candidate.name, interview.candidate.email) == ("Wang Fang", "wang.fang@example.com")
    assert (interview.starts_at, interview.timezone, interview.position_id) == (
        "2026-12-03T10:00",
        "Asia/Shanghai",
        position["position_id"],
    )
    assert drain_outbox(resources) == [
        {"kind": "notice", "interview_id": interview.interview_id, "version": 1, "sequence": 1}
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"ShowUp-Signature": "v1=" + "0" * 64},
        {"ShowUp-Signature": f"t={NOW_SECONDS}"},
        {"ShowUp-Signature": f"t=soon,v1={'0' * 64}"},
        {"ShowUp-Signature": f"t={NOW_SECONDS},v1={'0' * 64}"},
        {"webhook-signature": "v1,AAAA", "webhook-timestamp": str(NOW_SECONDS)},
    ],
    ids=["missing", "no-timestamp", "no-signature", "bad-timestamp", "wrong-signature", "standard-without-id"],
)
def test_a_delivery_without_a_valid_signature_is_a_401_and_writes_nothing(
    client: Client, position: dict[str, Any], settings: Settings, resources: Resources, headers: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        response = client.http.post(
            "/hooks/crm",
            body=json.dumps(delivery(position["position_id"])),
            headers={"Content-Type": "application/json", **headers},
        )

    assert response.status_code == 401, response.body
    assert body_of(response)["error"] == "bad_signature"


def test_a_body_changed_after_signing_or_signed_with_another_secret_is_refused(
    client: Client, position: dict[str, Any], settings: Settings, resources: Resources
) -> None:
    raw = json.dumps(delivery(position["position_id"])).encode()
    signed = showup_header(CRM_SECRET, raw, NOW_SECONDS)
    tampered = raw.replace(b"10:00", b"11:00")

    with nothing_written(settings, resources):
        changed = client.http.post("/hooks/crm", body=tampered, headers={"ShowUp-Signature": signed})
        other = post(client, delivery(position["position_id"]), secret="someone-else's-secret")

    assert (changed.status_code, other.status_code) == (401, 401)


@pytest.mark.parametrize("age", [TOLERANCE_SECONDS + 1, -(TOLERANCE_SECONDS + 1)], ids=["stale", "from-the-future"])
def test_a_delivery_signed_over_five_minutes_away_is_refused(
    client: Client, position: dict[str, Any], settings: Settings, resources: Resources, age: int
) -> None:
    with nothing_written(settings, resources):
        response = post(client, delivery(position["position_id"]), at=NOW_SECONDS - age)

    assert response.status_code == 401
    assert "5 minutes" in body_of(response)["message"]


def test_a_delivery_signed_within_five_minutes_is_taken(client: Client, position: dict[str, Any], now: Any) -> None:
    assert post(client, delivery(position["position_id"]), at=NOW_SECONDS - TOLERANCE_SECONDS).status_code == 201


def test_an_unknown_source_is_a_404_and_writes_nothing(
    client: Client, position: dict[str, Any], settings: Settings, resources: Resources
) -> None:
    with nothing_written(settings, resources):
        response = post(client, delivery(position["position_id"]), source="elsewhere")

    assert response.status_code == 404
    assert "elsewhere" in body_of(response)["message"]


def test_a_replayed_delivery_acts_once_even_after_a_later_change(
    client: Client, position: dict[str, Any], resources: Resources
) -> None:
    first = delivery(position["position_id"])
    created = body_of(post(client, first))
    moved = post(client, {**first, "starts_at": "2026-12-04T15:00"}, at=NOW_SECONDS + 60)

    replayed = post(client, first)

    assert body_of(moved)["action"] == "rescheduled"
    assert replayed.status_code == 200
    assert body_of(replayed) == {**created, "replayed": True}
    (interview,) = stored_interviews(deps.settings())
    # The old delivery, sent again, did not move the interview back.
    assert interview.starts_at == "2026-12-04T15:00"


# The same external id


def test_the_same_external_id_again_books_no_second_interview(
    client: Client, position: dict[str, Any], resources: Resources
) -> None:
    first = body_of(post(client, delivery(position["position_id"])))
    drain_outbox(resources)

    again = post(client, delivery(position["position_id"]), at=NOW_SECONDS + 30)

    assert again.status_code == 200
    assert body_of(again) == {**first, "action": "unchanged"}
    assert [i.interview_id for i in stored_interviews(deps.settings())] == [first["interview_id"]]
    assert drain_outbox(resources) == []


def test_the_same_external_id_at_another_time_reschedules_and_tells_the_candidate(
    client: Client, position: dict[str, Any], resources: Resources
) -> None:
    first = body_of(post(client, delivery(position["position_id"])))
    drain_outbox(resources)

    moved = post(client, delivery(position["position_id"], starts_at="2026-12-04T15:00"), at=NOW_SECONDS + 30)

    assert body_of(moved) == {**first, "action": "rescheduled"}
    (interview,) = stored_interviews(deps.settings())
    assert (interview.starts_at, interview.local_date) == ("2026-12-04T15:00", "2026-12-04")
    assert [m["kind"] for m in drain_outbox(resources)] == ["notice"]


def test_a_cancelled_status_cancels_the_interview_and_the_candidate_is_told(
    client: Client, position: dict[str, Any], resources: Resources
) -> None:
    first = body_of(post(client, delivery(position["position_id"])))
    send_outbox(resources)

    cancelled = post(client, {"external_id": "crm-4711", "status": "cancelled"}, at=NOW_SECONDS + 30)

    assert body_of(cancelled) == {**first, "action": "cancelled"}
    (interview,) = stored_interviews(deps.settings())
    assert interview.status == "cancelled"
    assert [m["kind"] for m in drain_outbox(resources)] == ["cancel"]


def test_cancelling_an_interview_never_booked_writes_only_the_delivery_mark(
    client: Client, position: dict[str, Any]
) -> None:
    response = post(client, {"external_id": "crm-0000", "status": "cancelled"})

    assert response.status_code == 200
    assert body_of(response)["action"] == "unknown" and body_of(response)["interview_id"] is None
    assert stored_interviews(deps.settings()) == []


# The position


def test_a_job_title_finds_the_open_position_of_that_title(client: Client, position: dict[str, Any]) -> None:
    response = post(client, delivery(job_title="warehouse associate", address=None, city=None))

    assert response.status_code == 201, response.body
    (interview,) = stored_interviews(deps.settings())
    assert interview.position_id == position["position_id"]
    # Left out, the place is the position's.
    assert interview.address == interview.city == "Jiading Logistics Park, Shanghai"


def test_an_unknown_position_is_refused_naming_the_field_and_writes_nothing(
    client: Client, position: dict[str, Any], settings: Settings, resources: Resources
) -> None:
    with nothing_written(settings, resources):
        by_job = post(client, delivery(job_id="job-unknown"))
        by_title = post(client, delivery(job_title="Astronaut"))

    assert_validation_error(by_job, "job_id")
    assert_validation_error(by_title, "job_title")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"candidate": None}, "candidate"),
        ({"starts_at": "2026-11-20T10:00"}, "starts_at"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"external_id": ""}, "external_id"),
        ({"candidate": {"name": "Wang Fang", "email": "not-an-address"}}, "candidate.email"),
        ({"status": "maybe"}, "status"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_generic_delivery_names_the_field_and_writes_nothing(
    client: Client,
    position: dict[str, Any],
    settings: Settings,
    resources: Resources,
    changes: dict[str, Any],
    field: str,
) -> None:
    body = {**delivery(position["position_id"]), **changes}
    with nothing_written(settings, resources):
        response = post(client, {name: value for name, value in body.items() if value is not None})

    assert_validation_error(response, field)


def test_a_body_that_is_not_json_is_refused_after_its_signature(client: Client, position: dict[str, Any]) -> None:
    assert_validation_error(post(client, "not json"), "body")


# HireHive, a real ATS


def hirehive_delivery(**event: Any) -> dict[str, Any]:
    """HireHive's documented interview.created payload (tests/fixtures), its event changed by ``event``."""
    payload: dict[str, Any] = json.loads((FIXTURES / "hirehive_interview_created.json").read_text(encoding="utf-8"))
    payload["data"]["object"]["event"].update(event)
    return payload


def post_hirehive(client: Client, payload: dict[str, Any], delivery_id: str = "msg_1", at: int = NOW_SECONDS) -> Any:
    raw = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", **standard_headers(secrets()["hirehive"], raw, at, delivery_id)}
    return client.http.post("/hooks/hirehive", body=raw, headers=headers)


@pytest.fixture
def hirehive_job(position: dict[str, Any], override: Override) -> str:
    """HireHive's job job_1a2b3c is the Warehouse Associate position (HOOK_POSITIONS)."""
    mapped = json.dumps({"hirehive": {"job_1a2b3c": position["position_id"]}})
    configured = dataclasses.replace(Settings.from_env(), hook_positions=mapped)
    override(settings=lambda: configured)
    return str(position["position_id"])


def test_hirehives_documented_payload_becomes_the_interview_it_describes(
    client: Client, hirehive_job: str, now: Any, resources: Resources
) -> None:
    response = post_hirehive(client, hirehive_delivery())

    assert response.status_code == 201, response.body
    assert body_of(response)["external_id"] == "int_7f3k9q"
    (interview,) = stored_interviews(deps.settings())
    assert interview.position_id == hirehive_job
    assert (interview.candidate.name, interview.candidate.email) == ("Zhang Wei", "zhang.wei@example.com")
    # 06:30 UTC is 14:30 in Shanghai; 06:30 to 07:15 is 45 minutes.
    assert (interview.starts_at, interview.timezone, interview.duration_minutes) == (
        "2026-12-03T14:30",
        "Asia/Shanghai",
        45,
    )
    assert interview.address == "88 Century Avenue, Floor 12, Pudong"
    assert interview.city == "Jiading Logistics Park, Shanghai"
    assert [m["kind"] for m in drain_outbox(resources)] == ["notice"]


def test_hirehive_redelivering_the_same_message_id_acts_once(client: Client, hirehive_job: str, now: Any) -> None:
    first = body_of(post_hirehive(client, hirehive_delivery()))
    again = post_hirehive(client, hirehive_delivery(), at=NOW_SECONDS + 20)

    assert body_of(again) == {**first, "replayed": True}
    assert len(stored_interviews(deps.settings())) == 1


def test_hirehive_updates_and_cancellations_of_the_interview_reach_it(
    client: Client, hirehive_job: str, now: Any
) -> None:
    first = body_of(post_hirehive(client, hirehive_delivery()))
    updated = hirehive_delivery(start="2026-12-03T08:00:00Z", end="2026-12-03T08:45:00Z")
    updated["type"] = "interview.updated"
    cancelled = hirehive_delivery()
    cancelled["type"] = "interview.cancelled"

    moved = body_of(post_hirehive(client, updated, "msg_2"))
    interview_after_move = deps.interviews().get(first["interview_id"])
    gone = body_of(post_hirehive(client, cancelled, "msg_3"))

    assert (moved["action"], gone["action"]) == ("rescheduled", "cancelled")
    assert interview_after_move is not None and interview_after_move.starts_at == "2026-12-03T16:00"
    (interview,) = stored_interviews(deps.settings())
    assert interview.status == "cancelled"


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"attendees": []}, "data.object.event.attendees"),
        ({"start": "tomorrow"}, "data.object.event.start"),
        ({"time_zone": "Atlantis"}, "data.object.event.time_zone"),
        (
            {"attendees": [{"type": "candidate", "display_name": "Zhang Wei", "email": "zhang.wei"}]},
            "data.object.event.attendees.email",
        ),
    ],
)
def test_a_bad_hirehive_payload_names_hirehives_field_and_writes_nothing(
    client: Client,
    hirehive_job: str,
    now: Any,
    settings: Settings,
    resources: Resources,
    event: dict[str, Any],
    field: str,
) -> None:
    with nothing_written(settings, resources):
        response = post_hirehive(client, hirehive_delivery(**event))

    assert_validation_error(response, field)


def test_a_hirehive_job_that_maps_to_no_position_names_the_job_id(
    client: Client, position: dict[str, Any], now: Any, settings: Settings, resources: Resources
) -> None:
    with nothing_written(settings, resources):
        response = post_hirehive(client, hirehive_delivery())

    assert_validation_error(response, "data.object.job_id")


# Where the secrets come from


def test_deployed_the_secrets_are_read_from_their_ssm_parameter(
    client: Client, position: dict[str, Any], override: Override, now: Any
) -> None:
    stored = dataclasses.replace(Settings.from_env(), hook_secrets="")
    override(settings=lambda: stored)
    unsigned = post(client, delivery(position["position_id"]))
    aws_client("ssm").put_parameter(
        Name=stored.hook_secrets_parameter, Type="SecureString", Value=json.dumps({"crm": "from-ssm"})
    )

    taken = post(client, delivery(position["position_id"]), secret="from-ssm")

    # Before the parameter exists there is no source at all.
    assert (unsigned.status_code, taken.status_code) == (404, 201)


@pytest.mark.parametrize("value", ['{"crm": 1}', "[]", "{not json", '{"crm": ""}'])
def test_a_hook_secrets_value_that_is_not_a_map_of_secrets_names_the_variable_not_the_value(value: str) -> None:
    with pytest.raises(SettingsError, match="HOOK_SECRETS must be") as refused:
        Settings.from_env({"HOOK_SECRETS": value})

    assert value not in str(refused.value)


def test_hook_positions_must_map_each_source_to_job_ids_and_positions() -> None:
    with pytest.raises(SettingsError, match="HOOK_POSITIONS must be"):
        Settings.from_env({"HOOK_POSITIONS": '{"hirehive": "pos_1"}'})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["data"]["object"].update(id="int_\x007f3k9q"), "data.object.id"),
        (lambda p: p["data"]["object"]["event"].update(location="88 Century\x00 Avenue"), "data.object.event.location"),
        (
            lambda p: p["data"]["object"]["event"]["attendees"][1].update(display_name="Zhang\x00 Wei"),
            "data.object.event.attendees.display_name",
        ),
    ],
    ids=["id", "location", "candidate-name"],
)
def test_an_invisible_character_in_hirehives_text_is_refused_naming_its_field(
    client: Client,
    hirehive_job: str,
    now: Any,
    settings: Settings,
    resources: Resources,
    change: Any,
    field: str,
) -> None:
    payload = hirehive_delivery()
    change(payload)

    with nothing_written(settings, resources):
        response = post_hirehive(client, payload)

    assert_validation_error(response, field)
