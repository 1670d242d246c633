"""Signed candidate links: they verify, expire and refuse tampering; SMS short links keep no token."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.delivery import short_link_key, short_link_token
from chalicelib.services.notices.links import BadLink, LinkSigner
from tests.support.api import Api, interview_body, position_body

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def signer() -> LinkSigner:
    return LinkSigner(secret="s3cret", max_age_seconds=3600)


def test_a_signed_link_names_its_interview_and_version(signer: LinkSigner) -> None:
    target = signer.verify(signer.sign("int_1", 3, now=NOW), now=NOW + timedelta(minutes=59))
    assert (target.interview_id, target.version) == ("int_1", 3)


def test_a_link_expires_after_its_max_age(signer: LinkSigner) -> None:
    token = signer.sign("int_1", 1, now=NOW)
    with pytest.raises(BadLink) as refused:
        signer.verify(token, now=NOW + timedelta(seconds=3601))
    assert refused.value.reason == "expired"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),
        lambda t: t.split(".")[0],
        lambda t: "x" + t,
        lambda t: "",
        lambda t: "not-base64!.@@@",
    ],
)
def test_a_tampered_link_is_refused(signer: LinkSigner, tamper: object) -> None:
    token = signer.sign("int_1", 1, now=NOW)
    with pytest.raises(BadLink) as refused:
        signer.verify(tamper(token), now=NOW)  # type: ignore[operator]
    assert refused.value.reason == "tampered"


def test_a_link_signed_with_another_secret_is_refused(signer: LinkSigner) -> None:
    other = LinkSigner(secret="other", max_age_seconds=3600)
    with pytest.raises(BadLink):
        signer.verify(other.sign("int_1", 1, now=NOW), now=NOW)


def test_the_token_carries_no_personal_data(signer: LinkSigner) -> None:
    import base64
    import json

    payload = signer.sign("int_1", 1, now=NOW).split(".")[0]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(claims) == {"i", "v", "e"}


def test_a_secret_is_required() -> None:
    with pytest.raises(ValueError):
        LinkSigner(secret="", max_age_seconds=60)


# Short links in SMS: the ledger keeps what signs the link again, never the link


@pytest.fixture
def sms_interview(api: Api) -> Interview:
    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"], channels=["email", "sms"])
    body["candidate"]["phone"] = "+86 138 0013 8000"
    created = api.post("/interviews", body).json_body
    interview = deps.interviews().get(created["interview_id"])
    assert interview is not None
    return interview


def test_a_short_link_leads_to_the_token_in_the_email_and_its_ledger_item_holds_no_token(
    api: Api, sms_interview: Interview
) -> None:
    links = deps.notice_delivery().links_for(sms_interview, now=NOW, short=True)
    assert links.short is not None
    code = links.short.rsplit("/s/", 1)[1]
    token = links.page.rsplit("/c/", 1)[1]

    item = deps.ledger().get(short_link_key(code))
    redirect = api.client.http.get(f"/s/{code}")

    assert item is not None
    assert set(item) == {"ledger_key", "claimed_at", "expires_at", "interview_id", "version", "signed_at"}
    held = json.dumps(item, default=str)
    assert token not in held and token.split(".")[1] not in held
    assert redirect.status_code == 302
    assert redirect.headers["Location"] == f"../c/{token}"


def test_a_short_link_stored_before_tokens_left_the_ledger_still_opens_its_page(
    api: Api, sms_interview: Interview
) -> None:
    token = deps.link_signer().sign(sms_interview.interview_id, sms_interview.version, now=NOW)
    deps.ledger().claim(
        short_link_key("older0000"), now_epoch=int(NOW.timestamp()), ttl_seconds=60, detail={"token": token}
    )

    assert api.client.http.get("/s/older0000").headers["Location"] == f"../c/{token}"


@pytest.mark.parametrize(
    "item",
    [
        {},
        {"interview_id": "int_1", "version": "one", "signed_at": 1_795_000_000},
        {"interview_id": "int_1", "version": 1},
    ],
)
def test_a_short_link_item_that_cannot_be_signed_again_leads_nowhere(signer: LinkSigner, item: dict[str, Any]) -> None:
    assert short_link_token(item, signer) is None
