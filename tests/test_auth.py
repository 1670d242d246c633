"""HR sign-in and roles: a valid Bearer token opens the routes its role allows, until it expires or is revoked."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.api.auth import (
    ACCEPTED_SECONDS,
    AUTHORIZER_TTL_SECONDS,
    REVOCATION_BOUND_SECONDS,
    Principal,
    bearer_token,
    principal,
)
from chalicelib.services.common.records import Interview
from chalicelib.settings import Settings
from chalicelib.store import actor
from chalicelib.store.tokens import token_hash
from chalicelib.vocabulary import Role
from tests.support import Override
from tests.support.api import Api, body_of, create_position, interview_body, position_body
from tests.support.aws import aws_client, dynamodb_calls, nothing_written
from tests.support.clock import NOW

# Every route of the HR API, with a body that would be accepted if the caller were signed in.
HR_ROUTES = [
    ("POST", "/positions", position_body()),
    ("GET", "/positions", None),
    ("GET", "/positions/pos_0000000000000000", None),
    ("PATCH", "/positions/pos_0000000000000000", {"revision": 1, "title": "Back-end Engineer"}),
    ("POST", "/positions/pos_0000000000000000/close", None),
    ("POST", "/positions/pos_0000000000000000/reopen", None),
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
    return client.http.request(method, path, headers=headers, body=json.dumps(body or {}))


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


# --- Roles: every route declares the least role it needs, and the API holds each token to it ------

# Routes open without an HR token, each for its reason: candidate pages carry their own signed link,
# the HR pages and their static files ask for the token in the browser, dev routes exist only locally,
# the API's description (OpenAPI) holds nothing private, and a web hook's delivery is signed with its source's secret.
PUBLIC = {
    ("/", "GET"),
    ("/static/{name}", "GET"),
    ("/dashboard", "GET"),
    ("/s/{code}", "GET"),
    ("/c/{token}", "GET"),
    ("/c/{token}/confirm", "POST"),
    ("/c/{token}/decline", "POST"),
    ("/c/{token}/reschedule", "POST"),
    ("/c/{token}/book", "POST"),
    ("/c/{token}/move", "POST"),
    ("/c/{token}/rebook", "POST"),
    ("/c/{token}/waitlist", "POST"),
    ("/c/{token}/offer/accept", "POST"),
    ("/c/{token}/offer/decline", "POST"),
    ("/c/{token}/calendar.ics", "GET"),
    ("/dev/outbox", "GET"),
    ("/dev/outbox.json", "GET"),
    ("/dev/jobs/{function_name}", "POST"),
    ("/dev/sms/inbound", "POST"),
    ("/openapi.json", "GET"),
    ("/hooks/{source}", "POST"),
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def app_routes() -> list[tuple[str, str, Any]]:
    """Every (path, method, route entry) the app serves, as API Gateway will be told."""
    from app import app

    return sorted(
        ((path, method, entry) for path, methods in app.routes.items() for method, entry in methods.items()),
        key=lambda found: (found[0], found[1]),
    )


GUARDED = [(path, method) for path, method, _ in app_routes() if (path, method) not in PUBLIC]


def required_role(path: str, method: str) -> Role:
    from app import app

    role: Role = app.routes[path][method].view_function.required_role
    return role


def test_every_route_is_public_by_name_or_declares_the_role_it_needs() -> None:
    undeclared = []
    for path, method, entry in app_routes():
        if (path, method) in PUBLIC:
            assert entry.authorizer is None, f"{method} {path} is listed as public but asks for a token"
            continue
        declared = getattr(entry.view_function, "required_role", None)
        if not (entry.authorizer is not None and entry.authorizer.name == "hr_token" and isinstance(declared, Role)):
            undeclared.append(f"{method} {path}")

    assert undeclared == [], "add authorizer=hr_token and @requires(Role...) to these routes"


def test_reading_is_for_viewers_and_erasing_and_tokens_are_for_admins_only() -> None:
    reads = {required_role(path, method) for path, method in GUARDED if method == "GET" and path != "/tokens"}

    assert reads == {Role.VIEWER}
    assert all(required_role(path, method) is not Role.VIEWER for path, method in GUARDED if method in WRITES)
    admin_only = {(path, method) for path, method in GUARDED if required_role(path, method) is Role.ADMIN}
    assert admin_only == {
        ("/candidates/{email}", "DELETE"),
        ("/tokens", "GET"),
        ("/tokens", "POST"),
        ("/tokens/{token_id}", "DELETE"),
    }


def mint(role: Role, name: str | None = None, **kwargs: Any) -> str:
    return deps.tokens().mint(name or f"{role.value} desk", created_at="2026-11-27T00:00:00Z", role=role, **kwargs)


# A spreadsheet of one candidate, as ``POST /imports`` takes it (``imports.csv`` in the world's position).
IMPORT_CSV = "姓名,邮箱,面试时间,城市\r\n张伟,zhang.wei@example.com,2026-12-05 10:00,上海\r\n".encode()


def send(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    payload = None if method in ("GET", "DELETE") else json.dumps(body if body is not None else {})
    if isinstance(body, dict) and "imports.csv" in body:
        # The upload takes the file itself as the body, its position and time zone in the query.
        path, payload = f"{path}?position_id={body['imports.csv']}&timezone=Asia/Shanghai", IMPORT_CSV
        headers["Content-Type"] = "text/csv"
    return client.http.request(method, path, headers=headers, body=payload)


@pytest.fixture
def world(api: Api) -> dict[str, str]:
    """A position, an interview and a spare token, so that every route has something real to act on."""
    position = create_position(api)
    interview = body_of(api.post("/interviews", interview_body(position["position_id"])))
    spare = deps.tokens().issue("spare desk", now=deps.now())
    slot = body_of(
        api.post(
            f"/positions/{position['position_id']}/slots",
            {"starts_at": "2026-12-03T10:00", "timezone": "Asia/Shanghai"},
        )
    )
    # A low-intent call puts another interview in the inbox, so resolving has an item to act on (and the
    # first keeps the revision the bodies below were read at).
    other = body_of(api.post("/interviews", interview_body(position["position_id"], starts_at="2026-12-04T10:00")))
    api.post(f"/interviews/{other['interview_id']}/call", {"reached": True, "intent": "low"})
    (item,) = deps.inbox().open(deps.now())
    upload = send(api.client, "POST", "/imports", api.token, {"imports.csv": position["position_id"]})
    return {
        "import_id": body_of(upload)["import_id"],
        "position_id": position["position_id"],
        "interview_id": interview["interview_id"],
        "item_id": item.id,
        "email": "zhang.san%40example.com",
        "token_id": spare.record.token_id,
        "slot_id": slot["slot_id"],
    }


def concrete(path: str, world: dict[str, str]) -> str:
    """``path`` with its placeholders filled from ``world`` (an unknown one gets a made-up value)."""
    return re.sub(r"\{(\w+)\}", lambda found: world.get(found.group(1), "unknown"), path)


# Bodies that would be accepted from someone allowed: a refusal is then the role's doing alone.
BODIES: dict[tuple[str, str], Any] = {
    ("/positions", "POST"): position_body(),
    ("/positions/{position_id}", "PATCH"): {"revision": 1, "title": "Back-end Engineer"},
    ("/interviews/{interview_id}/reschedule", "POST"): {"starts_at": "2026-12-05T10:00", "timezone": "Asia/Shanghai"},
    ("/interviews/{interview_id}", "PATCH"): {"revision": 1, "notes": "Prefers mornings."},
    ("/interviews/{interview_id}/notice", "POST"): {"accept_warnings": []},
    ("/interviews/{interview_id}/call", "POST"): {"reached": True, "intent": "high"},
    ("/interviews/{interview_id}/outcome", "POST"): {"outcome": "cancelled"},
    ("/tokens", "POST"): {"name": "new desk", "role": "viewer"},
    ("/positions/{position_id}/slots", "POST"): {"starts_at": "2026-12-05T10:00", "timezone": "Asia/Shanghai"},
    ("/imports/{import_id}/start", "POST"): {"rows": "valid"},
}


def body_for(path: str, method: str, world: dict[str, str]) -> Any:
    if (path, method) == ("/interviews", "POST"):
        return interview_body(world["position_id"])
    if (path, method) == ("/imports", "POST"):
        return {"imports.csv": world["position_id"]}
    return BODIES.get((path, method), {})


MATRIX = [
    pytest.param(path, method, role, id=f"{role.value}-{method}-{path}")
    for path, method in GUARDED
    for role in Role
    if not role.includes(required_role(path, method))
]


@pytest.mark.parametrize(("path", "method", "role"), MATRIX)
def test_a_role_below_the_routes_own_gets_403_and_nothing_is_written(
    api: Api,
    world: dict[str, str],
    settings: Settings,
    resources: dict[str, str],
    path: str,
    method: str,
    role: Role,
) -> None:
    token = mint(role)
    with nothing_written(settings, resources):
        response = send(api.client, method, concrete(path, world), token, body_for(path, method, world))

    assert response.status_code == 403, response.body
    body = body_of(response)
    assert (set(body), body["error"], body["needs"]) == (
        {"error", "message", "needs"},
        "forbidden",
        required_role(path, method).value,
    )
    assert role.label("en") in body["message"]


def test_a_viewer_is_refused_every_write_route() -> None:
    refused_writes = {(path, method) for path, method, role in (p.values for p in MATRIX) if role is Role.VIEWER}

    assert refused_writes >= {(path, method) for path, method in GUARDED if method in WRITES}
    assert len(refused_writes) >= 10


@pytest.mark.parametrize(
    ("path", "method"), [pytest.param(path, method, id=f"{method}-{path}") for path, method in GUARDED]
)
def test_an_admin_may_use_every_route(api: Api, world: dict[str, str], path: str, method: str) -> None:
    response = send(api.client, method, concrete(path, world), mint(Role.ADMIN), body_for(path, method, world))

    assert response.status_code < 400, response.body


@pytest.mark.parametrize(
    ("path", "method"),
    [
        pytest.param(path, method, id=f"{method}-{path}")
        for path, method in GUARDED
        if required_role(path, method) is not Role.ADMIN
    ],
)
def test_a_recruiter_may_use_every_route_but_erasure_and_tokens(
    api: Api, world: dict[str, str], path: str, method: str
) -> None:
    response = send(api.client, method, concrete(path, world), mint(Role.RECRUITER), body_for(path, method, world))

    assert response.status_code < 400, response.body


# --- Expiry and revocation: a token stops at its expiry, and within the bound once revoked --------


def at(override: Override, moment: datetime) -> None:
    """Every request from here on happens at ``moment``."""
    override(now=lambda: moment)


def test_a_token_works_until_its_last_day_ends_and_is_refused_after(api: Api, override: Override) -> None:
    token = deps.tokens().mint("temp desk", created_at="2026-11-20T01:00:00Z", role=Role.VIEWER, days=7)

    at(override, datetime(2026, 11, 27, 0, 59, 59, tzinfo=UTC))
    assert send(api.client, "GET", "/positions", token).status_code == 200
    at(override, datetime(2026, 11, 27, 1, 0, tzinfo=UTC))
    assert send(api.client, "GET", "/positions", token).status_code == 403


def test_an_expired_token_is_refused_even_while_the_container_remembers_it(api: Api, override: Override) -> None:
    token = deps.tokens().mint("temp desk", created_at="2026-11-26T01:00:10Z", role=Role.VIEWER, days=1)
    assert send(api.client, "GET", "/positions", token).status_code == 200

    at(override, NOW + timedelta(seconds=ACCEPTED_SECONDS / 2))

    assert send(api.client, "GET", "/positions", token).status_code == 403


def test_an_expired_token_is_refused_by_the_route_while_api_gateway_caches_its_answer() -> None:
    context = {"authorizer": {"principalId": "Li Wei", "role": "recruiter", "expires_at": "2026-11-27T01:00:00Z"}}

    assert principal(context, NOW - timedelta(seconds=1)) == Principal(
        holder="Li Wei", role=Role.RECRUITER, expires_at="2026-11-27T01:00:00Z", token_id=""
    )
    assert principal(context, NOW) is None


@pytest.mark.parametrize(
    "authorizer",
    [
        pytest.param({}, id="no-authorizer"),
        pytest.param({"role": "recruiter", "expires_at": "2027-01-01T00:00:00Z"}, id="no-principal"),
        pytest.param({"principalId": "Li Wei", "expires_at": "2027-01-01T00:00:00Z"}, id="no-role"),
        pytest.param({"principalId": "Li Wei", "role": "owner", "expires_at": "2027-01-01T00:00:00Z"}, id="bad-role"),
        pytest.param({"principalId": "Li Wei", "role": "admin"}, id="no-expiry"),
    ],
)
def test_a_route_trusts_nobody_the_authorizer_did_not_fully_name(authorizer: dict[str, str]) -> None:
    assert principal({"authorizer": authorizer}, NOW) is None


def test_a_revoked_token_stops_within_the_bound_and_not_later(api: Api, override: Override) -> None:
    token = deps.tokens().issue("leaving desk", now=NOW, role=Role.RECRUITER)
    assert send(api.client, "GET", "/positions", token.token).status_code == 200

    revoked = send(api.client, "DELETE", f"/tokens/{token.record.token_id}", api.token)
    assert revoked.status_code == 200, revoked.body

    # This container vouched for it a moment ago and may go on doing so for ACCEPTED_SECONDS...
    at(override, NOW + timedelta(seconds=ACCEPTED_SECONDS - 1))
    assert send(api.client, "GET", "/positions", token.token).status_code == 200
    # ...and not a second longer; API Gateway's own cache adds at most AUTHORIZER_TTL_SECONDS.
    at(override, NOW + timedelta(seconds=ACCEPTED_SECONDS))
    assert send(api.client, "GET", "/positions", token.token).status_code == 403
    assert send(api.client, "POST", "/positions", token.token, position_body()).status_code == 403


def test_a_token_revoked_before_this_container_saw_it_is_refused_at_once(api: Api) -> None:
    token = deps.tokens().issue("leaving desk", now=NOW, role=Role.ADMIN)
    deps.tokens().revoke(token.record.token_id, now=NOW)

    assert send(api.client, "GET", "/positions", token.token).status_code == 403


def test_revocation_takes_effect_within_a_minute_as_the_readme_says() -> None:
    from app import app

    (config,) = app.builtin_auth_handlers
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")

    assert config.name == "hr_token"
    assert config.ttl_seconds == AUTHORIZER_TTL_SECONDS
    assert REVOCATION_BOUND_SECONDS == ACCEPTED_SECONDS + AUTHORIZER_TTL_SECONDS <= 60
    assert f"within {REVOCATION_BOUND_SECONDS} seconds" in readme


# --- Every write carries the name of the person who made it ------------------------------------------


def test_a_position_carries_the_name_of_the_recruiter_who_created_it(api: Api, settings: Settings) -> None:
    token = mint(Role.RECRUITER, "Wang Fang")

    created = body_of(send(api.client, "POST", "/positions", token, position_body()))

    assert (created["created_by"], created["updated_by"]) == ("Wang Fang", "Wang Fang")
    stored = aws_client("dynamodb").get_item(
        TableName=settings.positions_table, Key={"position_id": {"S": created["position_id"]}}
    )["Item"]
    assert stored["created_by"] == {"S": "Wang Fang"}


def test_an_interview_keeps_who_created_it_and_names_who_changed_it_last(api: Api) -> None:
    position = create_position(api)
    creator, canceller = mint(Role.RECRUITER, "Wang Fang"), mint(Role.RECRUITER, "Chen Jie")
    made = body_of(send(api.client, "POST", "/interviews", creator, interview_body(position["position_id"])))
    path = f"/interviews/{made['interview_id']}"

    called = body_of(send(api.client, "POST", path + "/call", canceller, {"reached": False}))
    cancelled = body_of(send(api.client, "POST", path + "/cancel", canceller))
    stored = deps.interviews().get(made["interview_id"])

    assert (made["created_by"], made["updated_by"]) == ("Wang Fang", "Wang Fang")
    assert called["calls"][-1]["by"] == "Chen Jie"
    assert (cancelled["created_by"], cancelled["updated_by"]) == ("Wang Fang", "Chen Jie")
    assert stored is not None and (stored.created_by, stored.updated_by) == ("Wang Fang", "Chen Jie")


def test_writes_outside_an_hr_request_name_nobody(api: Api) -> None:
    position = create_position(api)
    made = body_of(api.post("/interviews", interview_body(position["position_id"])))

    def touch(interview: Interview) -> Interview:
        return dataclasses.replace(interview, transit="changed by a job")

    # A scheduled job or a candidate's answer acts for nobody: the last HR name stays.
    deps.interviews().update(made["interview_id"], touch)
    stored = deps.interviews().get(made["interview_id"])

    assert stored is not None and stored.transit == "changed by a job" and stored.updated_by == "hr-desk"
    assert actor.current() is None
