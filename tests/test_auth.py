"""HR sign-in: a Bearer token whose SHA-256 is in the tokens table opens every HR route."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.api.auth import bearer_token
from chalicelib.settings import Settings
from chalicelib.store.tokens import token_hash
from tests.support.api import Api, body_of, create_position, position_body
from tests.support.aws import aws_client, dynamodb_calls, nothing_written

# Every route of the HR API, with a body that would be accepted if the caller were signed in.
HR_ROUTES = [
    ("POST", "/positions", position_body()),
    ("GET", "/positions", None),
    ("GET", "/positions/pos_0000000000000000", None),
    ("POST", "/interviews", {}),
    ("GET", "/interviews?date=2026-12-03", None),
    ("GET", "/interviews/int_0000000000000000", None),
    ("POST", "/interviews/int_0000000000000000/cancel", None),
    ("POST", "/interviews/int_0000000000000000/reschedule", {"starts_at": "2026-12-05T10:00", "timezone": "UTC"}),
    ("POST", "/interviews/int_0000000000000000/notice", {}),
]


def call(client: Client, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    if method == "GET":
        return client.http.get(path, headers=headers)
    return client.http.post(path, headers=headers, body=json.dumps(body or {}))


@pytest.mark.parametrize(("method", "path", "body"), HR_ROUTES)
def test_every_hr_route_answers_401_without_credentials_and_writes_nothing(
    client: Client, token: str, settings: Settings, resources: dict[str, str], method: str, path: str, body: Any
) -> None:
    with nothing_written(settings, resources):
        response = call(client, method, path, body, {"Content-Type": "application/json"})

    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), HR_ROUTES)
def test_every_hr_route_answers_403_to_an_unknown_token_and_writes_nothing(
    api: Api, settings: Settings, resources: dict[str, str], method: str, path: str, body: Any
) -> None:
    with nothing_written(settings, resources):
        response = call(api.client, method, path, body, api.headers("not-a-token-anyone-was-given"))

    assert response.status_code == 403


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param("Basic {token}", id="basic-scheme"),
        pytest.param("Token {token}", id="token-scheme"),
        pytest.param("{token}", id="no-scheme"),
        pytest.param("Bearer", id="bearer-without-token"),
        pytest.param("Bearer {token}x", id="token-with-a-typo"),
    ],
)
def test_right_token_in_the_wrong_form_is_refused_with_403(api: Api, authorization: str) -> None:
    headers = {"Content-Type": "application/json", "Authorization": authorization.format(token=api.token)}

    assert api.get("/positions", headers=headers).status_code == 403


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_right_token_opens_the_api_whatever_the_case_of_the_scheme(api: Api, scheme: str) -> None:
    response = api.get("/positions", headers={"Authorization": f"{scheme} {api.token}"})

    assert response.status_code == 200
    assert body_of(response) == {"positions": []}


def test_right_token_creates_a_position(api: Api) -> None:
    assert create_position(api)["position_id"].startswith("pos_")


def test_tokens_are_stored_only_as_sha256_hashes(token: str, settings: Settings) -> None:
    (item,) = aws_client("dynamodb").scan(TableName=settings.tokens_table)["Items"]

    assert token not in json.dumps(item)
    assert item["token_hash"] == {"S": hashlib.sha256(token.encode()).hexdigest()}
    assert item["name"] == {"S": "hr-desk"}


def test_minted_token_is_long_and_unguessable(resources: dict[str, str]) -> None:
    tokens = deps.tokens()

    first = tokens.mint("desk-a", created_at="2026-11-27T00:00:00Z")
    second = tokens.mint("desk-b", created_at="2026-11-27T00:00:00Z")

    assert first != second
    assert len(first) >= 40
    assert tokens.holder(first) == "desk-a"
    assert tokens.holder(second) == "desk-b"


def test_token_given_by_the_operator_is_kept_as_given(resources: dict[str, str]) -> None:
    tokens = deps.tokens()

    assert tokens.mint("ops", created_at="2026-11-27T00:00:00Z", token="chosen-by-ops") == "chosen-by-ops"
    assert tokens.holder("chosen-by-ops") == "ops"
    assert tokens.holder("chosen-by-op") is None


def test_token_hash_is_the_hex_sha256_of_the_utf8_token() -> None:
    assert token_hash("令牌") == hashlib.sha256("令牌".encode()).hexdigest()


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer abc", "abc"),
        ("  Bearer   abc  ", "abc"),
        ("Bearer", None),
        ("Bearer   ", None),
        ("Basic abc", None),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_bearer_token_is_read_only_from_the_bearer_scheme(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


def test_an_accepted_token_is_not_looked_up_again_while_the_gateway_would_cache_it(
    api: Api, settings: Settings
) -> None:
    assert api.get("/positions").status_code == 200
    with dynamodb_calls(settings) as calls:
        assert api.get("/positions").status_code == 200
    assert ("GetItem", None) not in calls
    assert calls == [("Query", "by_created")]


def test_a_refused_token_is_looked_up_every_time(api: Api, settings: Settings) -> None:
    with dynamodb_calls(settings) as calls:
        api.get("/positions", headers=api.headers("wrong"))
        api.get("/positions", headers=api.headers("wrong"))
    assert calls.count(("GetItem", None)) == 2
