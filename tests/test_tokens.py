"""Tokens: admins mint, list and revoke them on the API or with `make token`; each names its holder,
role and expiry; tokens from before roles keep working as a recruiter's for a bounded time."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.settings import Settings
from chalicelib.store.tokens import DEFAULT_DAYS, token_hash
from chalicelib.vocabulary import Role
from devtools import token as make_token
from tests.support import Override
from tests.support.api import Api, assert_validation_error, body_of, position_body
from tests.support.aws import aws_client, dynamodb_calls, nothing_written
from tests.support.clock import NOW

ROOT = Path(__file__).resolve().parent.parent
LISTED = {"token_id", "holder", "role", "created_at", "expires_at", "revoked", "revoked_at"}


def send(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    payload = None if method in ("GET", "DELETE") else json.dumps(body if body is not None else {})
    return client.http.request(method, path, headers=headers, body=payload)


def mint_on_api(api: Api, **body: Any) -> dict[str, Any]:
    response = send(api.client, "POST", "/tokens", api.token, body)
    assert response.status_code == 201, response.body
    minted: dict[str, Any] = body_of(response)
    return minted


def stored_items(settings: Settings) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = aws_client("dynamodb").scan(TableName=settings.tokens_table)["Items"]
    return items


# --- The admin API ---------------------------------------------------------------------------------


def test_an_admin_mints_a_token_that_is_shown_once_and_stored_only_hashed(api: Api, settings: Settings) -> None:
    minted = mint_on_api(api, name="Wang Fang", role="viewer", days=30)

    assert set(minted) == LISTED | {"token"}
    assert (minted["holder"], minted["role"], minted["revoked"]) == ("Wang Fang", "viewer", False)
    assert (minted["created_at"], minted["expires_at"]) == ("2026-11-27T01:00:00Z", "2026-12-27T01:00:00Z")
    assert minted["token_id"].startswith("tok_") and len(minted["token"]) >= 40
    stored = json.dumps(stored_items(settings))
    assert minted["token"] not in stored
    assert token_hash(minted["token"]) in stored


def test_a_minted_token_does_what_its_role_allows_and_no_more(api: Api) -> None:
    viewer = mint_on_api(api, name="Auditor", role="viewer")["token"]

    assert send(api.client, "GET", "/positions", viewer).status_code == 200
    assert send(api.client, "POST", "/positions", viewer, position_body()).status_code == 403


def test_a_token_is_a_recruiters_for_90_days_unless_the_admin_says_otherwise(api: Api) -> None:
    minted = mint_on_api(api, name="Wang Fang")

    assert (minted["role"], minted["expires_at"]) == ("recruiter", "2027-02-25T01:00:00Z")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"role": "viewer"}, "name", id="no-name"),
        pytest.param({"name": "   "}, "name", id="blank-name"),
        pytest.param({"name": "x" * 201}, "name", id="long-name"),
        pytest.param({"name": "Wang Fang", "role": "owner"}, "role", id="unknown-role"),
        pytest.param({"name": "Wang Fang", "days": 0}, "days", id="no-days"),
        pytest.param({"name": "Wang Fang", "days": 366}, "days", id="over-a-year"),
        pytest.param({"name": "Wang Fang", "days": "30"}, "days", id="days-as-text"),
        pytest.param({"name": "Wang Fang", "expires_at": "2030-01-01"}, "expires_at", id="unknown-field"),
    ],
)
def test_a_bad_token_request_is_refused_naming_the_field_and_mints_nothing(
    api: Api, settings: Settings, resources: dict[str, str], body: dict[str, Any], field: str
) -> None:
    with nothing_written(settings, resources):
        response = send(api.client, "POST", "/tokens", api.token, body)

    assert_validation_error(response, field)


def test_the_list_shows_every_token_newest_first_and_never_a_token_or_its_hash(
    api: Api, override: Override, settings: Settings
) -> None:
    first = mint_on_api(api, name="Wang Fang")
    override(now=lambda: NOW + timedelta(hours=1))
    second = mint_on_api(api, name="Chen Jie", role="viewer", days=7)

    with dynamodb_calls(settings) as calls:
        response = send(api.client, "GET", "/tokens", api.token)

    listed = body_of(response)["tokens"]
    assert [token["holder"] for token in listed] == ["Chen Jie", "Wang Fang", "hr-desk"]
    assert listed[0] == {key: second[key] for key in LISTED}
    assert listed[1] == {key: first[key] for key in LISTED}
    text = response.body.decode()
    for item in stored_items(settings):
        assert item["token_hash"]["S"] not in text
    assert first["token"] not in text and second["token"] not in text
    assert calls == [("Query", "by_id")]


def test_a_revoked_token_is_listed_as_revoked_and_revoking_again_changes_nothing(api: Api, override: Override) -> None:
    minted = mint_on_api(api, name="Leaving desk")
    path = f"/tokens/{minted['token_id']}"

    first = send(api.client, "DELETE", path, api.token)
    override(now=lambda: NOW + timedelta(minutes=5))
    again = send(api.client, "DELETE", path, api.token)

    assert first.status_code == again.status_code == 200
    assert body_of(first)["revoked"] is True
    assert body_of(first)["revoked_at"] == body_of(again)["revoked_at"] == "2026-11-27T01:00:00Z"
    assert body_of(first)["stops_within_seconds"] <= 60
    listed = {token["token_id"]: token for token in body_of(send(api.client, "GET", "/tokens", api.token))["tokens"]}
    assert listed[minted["token_id"]]["revoked"] is True


def test_revoking_an_unknown_token_is_404_and_writes_nothing(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        response = send(api.client, "DELETE", "/tokens/tok_000000000000", api.token)

    assert response.status_code == 404
    assert body_of(response)["error"] == "not_found"


@pytest.mark.parametrize("role", list(Role))
def test_me_says_who_holds_the_token_in_which_role_until_when(api: Api, role: Role) -> None:
    minted = deps.tokens().issue("Zhou Min", now=NOW, role=role, days=10)

    me = body_of(send(api.client, "GET", "/me", minted.token))

    assert me == {
        "holder": "Zhou Min",
        "role": role.value,
        "expires_at": "2026-12-07T01:00:00Z",
        "token_id": minted.record.token_id,
    }


# --- Tokens minted before roles ----------------------------------------------------------------------


def legacy(settings: Settings, token: str, created_at: str) -> None:
    """A tokens-table item as ShowUp wrote it before tokens had roles and expiries."""
    aws_client("dynamodb").put_item(
        TableName=settings.tokens_table,
        Item={"token_hash": {"S": token_hash(token)}, "name": {"S": "old desk"}, "created_at": {"S": created_at}},
    )


def test_a_token_from_before_roles_works_as_a_recruiters_and_never_as_an_admins(api: Api, settings: Settings) -> None:
    legacy(settings, "old-token-from-before-roles-1", "2026-11-01T00:00:00Z")

    made = send(api.client, "POST", "/positions", "old-token-from-before-roles-1", position_body())
    erase = send(api.client, "DELETE", "/candidates/someone%40example.com", "old-token-from-before-roles-1")

    assert made.status_code == 201
    assert body_of(made)["created_by"] == "old desk"
    assert erase.status_code == 403


def test_a_token_from_before_roles_ends_90_days_after_it_was_minted(api: Api, settings: Settings) -> None:
    legacy(settings, "old-token-from-before-roles-2", "2026-08-29T01:00:00Z")

    assert send(api.client, "GET", "/positions", "old-token-from-before-roles-2").status_code == 403


def test_a_token_from_before_roles_joins_the_list_when_first_used_and_can_be_revoked(
    api: Api, settings: Settings, override: Override
) -> None:
    legacy(settings, "old-token-from-before-roles-3", "2026-11-01T00:00:00Z")
    assert send(api.client, "GET", "/positions", "old-token-from-before-roles-3").status_code == 200

    listed = body_of(send(api.client, "GET", "/tokens", api.token))["tokens"]
    (old,) = [token for token in listed if token["holder"] == "old desk"]
    assert (old["role"], old["expires_at"]) == ("recruiter", "2027-01-30T00:00:00Z")
    assert send(api.client, "DELETE", f"/tokens/{old['token_id']}", api.token).status_code == 200

    override(now=lambda: NOW + timedelta(minutes=1))
    assert send(api.client, "GET", "/positions", "old-token-from-before-roles-3").status_code == 403


def test_the_store_reads_a_token_from_before_roles_with_the_defaults(resources: dict[str, str]) -> None:
    settings = deps.settings()
    legacy(settings, "old-token-from-before-roles-4", "2026-11-01T00:00:00Z")

    record = deps.tokens().find("old-token-from-before-roles-4")
    again = deps.tokens().find("old-token-from-before-roles-4")

    assert record is not None and again is not None
    assert (record.role, record.expires_at, record.holder) == (Role.RECRUITER, "2027-01-30T00:00:00Z", "old desk")
    # Adopted once: the id it was given the first time is the one it keeps.
    assert again.token_id == record.token_id
    assert record.valid_at(datetime(2027, 1, 29, tzinfo=UTC))
    assert not record.valid_at(datetime(2027, 1, 30, tzinfo=UTC))
    assert DEFAULT_DAYS == 90


# --- make token NAME=… ROLE=… DAYS=… -----------------------------------------------------------------


def test_make_token_mints_with_the_role_and_days_given(
    resources: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.now(UTC)
    assert make_token.main(["--name", "Auditor", "--stage", "test", "--role", "viewer", "--days", "7"]) == 0

    output = capsys.readouterr()
    record = deps.tokens().find(output.out.strip())
    assert record is not None
    assert (record.holder, record.role) == ("Auditor", Role.VIEWER)
    expires = datetime.fromisoformat(record.expires_at.replace("Z", "+00:00"))
    assert before + timedelta(days=7) - timedelta(seconds=1) <= expires <= datetime.now(UTC) + timedelta(days=7)
    assert record.token_id in output.err and "viewer" in output.err


def test_make_token_mints_a_recruiters_token_for_90_days_by_default(
    resources: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert make_token.main(["--name", "hr-desk", "--stage", "test", "--role", "", "--days", ""]) == 0

    record = deps.tokens().find(capsys.readouterr().out.strip())
    assert record is not None and record.role is Role.RECRUITER
    created = datetime.fromisoformat(record.created_at.replace("Z", "+00:00"))
    assert datetime.fromisoformat(record.expires_at.replace("Z", "+00:00")) - created == timedelta(days=90)


@pytest.mark.parametrize(
    ("extra", "complaint"),
    [
        pytest.param(["--role", "owner"], "ROLE must be one of viewer, recruiter, admin", id="unknown-role"),
        pytest.param(["--days", "0"], "DAYS must be a whole number from 1 to 365", id="no-days"),
        pytest.param(["--days", "two"], "DAYS must be a whole number from 1 to 365", id="days-in-words"),
    ],
)
def test_make_token_refuses_a_bad_role_or_days_and_mints_nothing(
    resources: dict[str, str], settings: Settings, capsys: pytest.CaptureFixture[str], extra: list[str], complaint: str
) -> None:
    assert make_token.main(["--name", "hr-desk", "--stage", "test", *extra]) == 2

    assert complaint in capsys.readouterr().err
    assert stored_items(settings) == []


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_make_target_passes_role_and_days_on() -> None:
    shown = subprocess.run(
        ["make", "-n", "token", "NAME=Wang Fang", "ROLE=admin", "DAYS=7"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert '-m devtools.token --name "Wang Fang" --role "admin" --days "7"' in shown
