"""Requests generated from the OpenAPI document (hypothesis), sent to the in-process app on moto, one operation each.

Whatever the path parameters, query and body: nothing answers 5xx; the status and media are the document's; a
JSON refusal has the error shape with a message; a refused request (4xx) leaves every table, item by item, and
the outbox as they were; and a body valid by the document is never refused for an unknown or missing field.
Signed in as an admin, so the role is not what refuses. Derandomized and bounded: the same cases every run,
their count reported at the end of the session.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as examples
from jsonschema import Draft202012Validator

from chalicelib import deps
from chalicelib.api.assets import assets
from chalicelib.api.openapi import document
from chalicelib.vocabulary import Role
from tests.support import Override
from tests.support.api import Api, body_of, create_position, schedule
from tests.support.aws import whole_store
from tests.support.clock import NOW
from tests.support.openapi_cases import JSON, Case, Known, Operation, cases, operations

# Per operation, more where there is a body; operations with nothing to vary (GET /me) stop after their one case.
MAX_EXAMPLES = 25
MAX_EXAMPLES_WITH_BODY = 50
# A refusal that only says the document and the model disagree about which fields there are.
FIELD_MISMATCH = ("unknown_field", "required")


def app_operations() -> list[Operation]:
    from app import app

    return operations(document(app))


@pytest.fixture
def known(api: Api, override: Override) -> Known:
    """Values that exist or are valid, by parameter or field name: a position, its interviews (tomorrow's,
    cancelled, held yesterday), an inbox item, a valid link, a token, a time zone."""
    position = create_position(api)
    # Scheduled two days ago for yesterday: an interview that has taken place, whose outcome can be recorded.
    override(now=lambda: NOW - timedelta(days=2))
    held = schedule(api, position["position_id"], starts_at="2026-11-26T10:00")
    override(now=lambda: NOW)
    # Tomorrow and not yet confirmed: an item in HR's inbox.
    interview = schedule(api, position["position_id"], starts_at="2026-11-28T14:30")
    cancelled = schedule(api, position["position_id"], starts_at="2026-12-04T09:00")
    assert api.post(f"/interviews/{cancelled['interview_id']}/cancel").status_code == 200
    spare = deps.tokens().issue("spare desk", now=NOW, role=Role.VIEWER)
    return {
        "position_id": [position["position_id"]],
        "interview_id": [interview["interview_id"], held["interview_id"], cancelled["interview_id"]],
        "token": [deps.link_signer().sign(interview["interview_id"], interview["version"], now=NOW)],
        "email": [interview["candidate"]["email"]],
        "token_id": [spare.record.token_id],
        "item_id": [item["id"] for item in body_of(api.get("/inbox"))["items"]],
        "name": [assets().name("hr.js")],
        "function_name": ["send_reminders"],
        # Web hook sources with a secret: unsigned, their deliveries are refused with a 401.
        "source": ["crm", "hirehive"],
        # The interview's day, and the first and last days the API takes.
        "date": [interview["local_date"], "2000-01-01", "2100-12-31"],
        "from": ["2000-01-01", interview["local_date"]],
        "to": ["2100-12-31", interview["local_date"]],
        # Fields that are rarely valid by chance, so that generated creates get through now and then.
        "timezone": ["Asia/Shanghai"],
        "phone": ["+86 138 0013 8000"],
        "company_website": ["https://acme.example.com"],
        # A record's first revision: edits name the revision HR read.
        "revision": [1],
    }


@pytest.mark.parametrize("operation", app_operations(), ids=str)
def test_generated_requests_are_answered_as_documented_and_refusals_write_nothing(
    operation: Operation,
    api: Api,
    known: Known,
    resources: dict[str, str],
    record_property: Any,
) -> None:
    wanted = MAX_EXAMPLES_WITH_BODY if "requestBody" in operation.spec else MAX_EXAMPLES
    store = [whole_store(resources)]
    sent: list[Case] = []

    @examples(
        max_examples=wanted,
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )
    @given(cases(operation, known))
    def answered_as_documented(case: Case) -> None:
        sent.append(case)
        headers = {**api.headers(), "Content-Type": case.media or JSON}
        response = api.client.http.request(case.method, case.path, headers=headers, body=case.body or b"")
        before, store[0] = store[0], whole_store(resources)
        as_documented(operation, case, response)
        if 400 <= response.status_code < 500:
            assert store[0] == before, f"{case!r} was refused with {response.status_code} but wrote"

    answered_as_documented()
    record_property("generated_cases", len(sent))
    varies = operation.spec["parameters"] or "requestBody" in operation.spec
    assert len(sent) >= (wanted if varies else 1)


def as_documented(operation: Operation, case: Case, response: Any) -> None:
    status, text = response.status_code, response.body.decode("utf-8", "replace")[:800]
    assert status < 500, f"{case!r} -> {status} {text}"
    documented = operation.response(status)
    assert documented is not None, f"{case!r} -> {status}, which the document does not list: {text}"
    content = documented.get("content", {})
    # API Gateway (and chalice local) answer application/json when a view names no Content-Type.
    media = response.headers.get("Content-Type", JSON).split(";")[0].strip()
    if not content:
        return
    assert media in content, f"{case!r} -> {status} as {media}, the document says {sorted(content)}"
    if media != JSON:
        return
    body = json.loads(response.body)
    schema = operation.schema(content[JSON]["schema"])
    problems = [error.message for error in Draft202012Validator(schema).iter_errors(body)]
    assert problems == [], f"{case!r} -> {status} {text}"
    if status == 400 and case.conforming:
        mismatched = {field: why for field, why in body.get("codes", {}).items() if why in FIELD_MISMATCH}
        assert mismatched == {}, f"a body valid by the document was refused for its fields: {case!r} {text}"
