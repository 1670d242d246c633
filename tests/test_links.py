"""Signed candidate links: they verify, expire, and refuse tampering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.notices.links import BadLink, LinkSigner

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
