"""The positions half of the HR API.

Every refused request is checked against the whole store (each table, item by item, and the
outbox) because API.md promises that nothing is written when a request is refused.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.settings import Settings
from tests.support import Override
from tests.support.api import (
    ERROR_KEYS,
    Api,
    assert_validation_error,
    body_of,
    create_position,
    position_body,
    same_contact,
)
from tests.support.aws import dynamodb_calls, nothing_written


def test_position_is_created_with_an_id_and_every_fact_given(api: Api) -> None:
    response = api.post("/positions", position_body())

    assert response.status_code == 201
    position = body_of(response)
    assert position["position_id"].startswith("pos_")
    assert position["created_at"] == "2026-11-27T01:00:00Z"
    for name, value in position_body().items():
        if name != "contact":
            assert position[name] == value
    assert same_contact(position["contact"], position_body()["contact"])


def test_position_defaults_its_currency_to_cny(api: Api) -> None:
    body = position_body()
    del body["salary_currency"]

    assert create_position(api, **body)["salary_currency"] == "CNY"


def test_created_position_lists_missing_or_vague_facts_as_completeness(api: Api) -> None:
    bare = {
        name: value
        for name, value in position_body().items()
        if name in {"title", "company", "work_location", "responsibilities", "salary_min", "salary_max"}
    }
    response = api.post("/positions", bare)

    completeness = body_of(response)["completeness"]
    assert completeness, "a position without benefits, requirements or contact is not complete"
    assert all(set(entry) == {"field", "code", "problem"} for entry in completeness)


def test_position_reads_back_by_id_as_it_was_created(api: Api) -> None:
    created = create_position(api)

    response = api.get(f"/positions/{created['position_id']}")

    assert response.status_code == 200
    assert body_of(response) == created


def test_unknown_position_id_is_a_404_in_the_error_shape(api: Api) -> None:
    response = api.get("/positions/pos_0000000000000000")

    assert response.status_code == 404
    body = body_of(response)
    assert set(body) == ERROR_KEYS
    assert body["error"] == "not_found"


def test_positions_are_listed_newest_first(api: Api, override: Override) -> None:
    titles = ["First role", "Second role", "Third role"]
    for hour, title in enumerate(titles):
        override(now=lambda hour=hour: datetime(2026, 11, 27, hour, tzinfo=UTC))
        create_position(api, title=title)

    response = api.get("/positions")

    assert response.status_code == 200
    assert [p["title"] for p in body_of(response)["positions"]] == list(reversed(titles))


def test_listing_positions_queries_the_creation_index_and_never_scans(api: Api, settings: Settings) -> None:
    create_position(api)

    with dynamodb_calls(settings) as calls:
        response = api.get("/positions")

    assert response.status_code == 200
    assert ("Query", "by_created") in calls
    assert all(operation != "Scan" for operation, _ in calls)


def test_listed_positions_hide_index_bookkeeping(api: Api) -> None:
    create_position(api)

    (listed,) = body_of(api.get("/positions"))["positions"]

    assert "record_type" not in listed
    assert "created_key" not in listed


REFUSED_POSITIONS = [
    pytest.param({"title": None}, "title", id="missing-title"),
    pytest.param({"title": "   "}, "title", id="blank-title"),
    pytest.param({"salary_min": 30000, "salary_max": 20000}, "salary_max", id="salary-min-over-max"),
    pytest.param({"salary_min": -1}, "salary_min", id="negative-salary"),
    pytest.param({"salary_min": "a lot"}, "salary_min", id="salary-not-a-number"),
    pytest.param({"salary_max": 22000.5}, "salary_max", id="fractional-salary"),
    pytest.param({"salary_currency": "yuan"}, "salary_currency", id="currency-not-iso"),
    pytest.param({"level": "wizard"}, "level", id="unknown-level"),
    pytest.param({"skills": "typescript"}, "skills", id="skills-not-a-list"),
    pytest.param({"company_website": "acme"}, "company_website", id="website-not-a-url"),
    pytest.param({"applicant_count": -3}, "applicant_count", id="negative-applicants"),
    pytest.param(
        {"contact": {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@"}},
        "contact.email",
        id="bad-contact-email",
    ),
    pytest.param({"contact": {"name": "Li Wei"}}, "contact.phone", id="contact-without-phone"),
    pytest.param(
        {"contact": {"name": "Li Wei", "phone": "ask at the front desk"}},
        "contact.phone",
        id="contact-phone-not-a-number",
    ),
    pytest.param({"salary": 20000}, "salary", id="unknown-field"),
    # DynamoDB numbers carry 38 significant digits; a longer one must be refused, not crash the write.
    pytest.param({"salary_max": 10**39 + 1}, "salary_max", id="salary-beyond-number-precision"),
    pytest.param({"applicant_count": 10**40 + 1}, "applicant_count", id="count-beyond-number-precision"),
]


@pytest.mark.parametrize(("overrides", "field"), REFUSED_POSITIONS)
def test_invalid_position_is_refused_with_the_field_named_and_nothing_written(
    api: Api, settings: Settings, resources: dict[str, str], overrides: dict[str, Any], field: str
) -> None:
    body = {k: v for k, v in position_body(**overrides).items() if v is not None}

    with nothing_written(settings, resources):
        response = api.post("/positions", body)

    assert_validation_error(response, field)


def test_unknown_field_is_named_as_not_a_known_field(api: Api) -> None:
    response = api.post("/positions", position_body(salery_max=30000))

    assert body_of(response)["fields"] == {"salery_max": "ShowUp does not know this field. Check its spelling."}
    assert body_of(response)["codes"] == {"salery_max": "unknown_field"}


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param('{"title": "Engineer",', id="truncated"),
        pytest.param("title=Engineer", id="form-encoded"),
        pytest.param(b'{"title": "\xff"}', id="not-utf8"),
    ],
)
def test_malformed_json_is_refused_naming_the_body_and_nothing_written(
    api: Api, settings: Settings, resources: dict[str, str], raw: str | bytes
) -> None:
    with nothing_written(settings, resources):
        response = api.post("/positions", raw=raw)

    assert_validation_error(response, "body")


@pytest.mark.parametrize("raw", ["[]", '"a position"', "42", "null"])
def test_body_that_is_not_a_json_object_is_refused_naming_the_body(
    api: Api, settings: Settings, resources: dict[str, str], raw: str
) -> None:
    with nothing_written(settings, resources):
        response = api.post("/positions", raw=raw)

    body = assert_validation_error(response, "body")
    assert body["fields"]["body"] == "must be a JSON object"


def test_deeply_nested_json_is_refused_as_bad_input_not_a_crash(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        response = api.post("/positions", raw='{"skills": ' + "[" * 20000 + "]" * 20000 + "}")

    assert_validation_error(response, "body")


def test_boolean_salary_is_refused_as_a_wrong_type(api: Api, settings: Settings, resources: dict[str, str]) -> None:
    with nothing_written(settings, resources):
        response = api.post("/positions", position_body(salary_min=True))

    assert_validation_error(response, "salary_min")


def test_body_over_64_kib_is_refused_as_too_large_and_nothing_written(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    raw = json.dumps(position_body(responsibilities="x" * (64 * 1024)))

    with nothing_written(settings, resources):
        response = api.post("/positions", raw=raw)

    assert response.status_code == 413
    body = body_of(response)
    assert set(body) == ERROR_KEYS
    assert body["error"] == "payload_too_large"


def test_body_of_exactly_64_kib_is_judged_on_its_content_not_its_size(api: Api) -> None:
    padding = "x" * 100
    raw = json.dumps(position_body(responsibilities=padding))
    raw = raw.replace(padding, "x" * (100 + 64 * 1024 - len(raw.encode())))
    assert len(raw.encode()) == 64 * 1024

    response = api.post("/positions", raw=raw)

    # Over the 2000-character limit for responsibilities, but not over the body limit.
    assert_validation_error(response, "responsibilities")


def test_body_that_is_not_json_by_content_type_is_refused_in_the_error_shape(api: Api) -> None:
    response = api.post(
        "/positions", raw=json.dumps(position_body()), headers={**api.headers(), "Content-Type": "text/plain"}
    )

    assert response.status_code == 415
    body = body_of(response)
    assert set(body) == ERROR_KEYS
    assert body["error"] == "unsupported_media_type"


def test_crash_is_a_500_with_a_request_id_and_no_stack_trace(api: Api, override: Override) -> None:
    def broken() -> Any:
        raise RuntimeError("table went away: secret internals")

    override(position_service=broken)

    response = api.get("/positions")

    assert response.status_code == 500
    body = body_of(response)
    assert set(body) == ERROR_KEYS
    assert body["error"] == "internal"
    assert "request" in body["message"]
    assert "secret internals" not in response.body.decode()
    assert "Traceback" not in response.body.decode()
