"""Who sent a delivery: an HMAC-SHA256 over the timestamp and the raw body, with the source's secret.

Two header schemes, both signing the timestamp so that a captured delivery stops working after
``TOLERANCE_SECONDS``:

- ShowUp's own: ``ShowUp-Signature: t=<unix seconds>,v1=<hex>`` with ``v1 = HMAC(secret, "<t>.<raw body>")``;
  several ``v1=`` may be given while a secret is rotated.
- Standard Webhooks (HireHive and others): ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature:
  v1,<base64>`` over ``"<id>.<timestamp>.<raw body>"``, the secret ``whsec_<base64 key>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from chalicelib.errors import ApiError

SHOWUP_HEADER = "showup-signature"
STANDARD_ID, STANDARD_TIMESTAMP, STANDARD_SIGNATURE = "webhook-id", "webhook-timestamp", "webhook-signature"
# Deliveries older (or further ahead, a skewed clock) than this are refused: a replay must be fresh too.
TOLERANCE_SECONDS = 300
_STANDARD_SECRET_PREFIX = "whsec_"


class BadSignature(ApiError):
    """The delivery is not signed by the source, or too long ago: it is refused and nothing is written."""

    status, code = 401, "bad_signature"


@dataclass(frozen=True)
class Signed:
    """A delivery whose signature holds: ``delivery`` names it, the same for the same delivery sent again."""

    delivery: str
    timestamp: int


def verify(headers: Mapping[str, str], body: bytes, secret: str, *, now: datetime) -> Signed:
    """The delivery's identity once its signature and timestamp hold; ``BadSignature`` otherwise.

    ``headers`` must look names up regardless of case (Chalice's do)."""
    if headers.get(SHOWUP_HEADER):
        signed = _showup(headers[SHOWUP_HEADER], body, secret)
    elif headers.get(STANDARD_SIGNATURE):
        signed = _standard(headers, body, secret)
    else:
        raise BadSignature(f"The delivery carries no signature: sign it in the {SHOWUP_HEADER} header")
    if abs(now.timestamp() - signed.timestamp) > TOLERANCE_SECONDS:
        raise BadSignature(
            f"The delivery was signed more than {TOLERANCE_SECONDS // 60} minutes away from now: sign it again"
        )
    return signed


def showup_header(secret: str, body: bytes, timestamp: int) -> str:
    """The ``ShowUp-Signature`` value a sender puts on ``body`` at ``timestamp`` (for senders and tests)."""
    return f"t={timestamp},v1={_hex(secret.encode(), f'{timestamp}.'.encode() + body)}"


def standard_headers(secret: str, body: bytes, timestamp: int, delivery: str) -> dict[str, str]:
    """The Standard Webhooks headers a sender such as HireHive puts on ``body`` (for tests)."""
    digest = hmac.new(_standard_key(secret), f"{delivery}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {
        STANDARD_ID: delivery,
        STANDARD_TIMESTAMP: str(timestamp),
        STANDARD_SIGNATURE: "v1," + base64.b64encode(digest).decode(),
    }


def _showup(header: str, body: bytes, secret: str) -> Signed:
    parts = [part.strip().partition("=") for part in header.split(",")]
    timestamps = [value for name, _, value in parts if name == "t"]
    given = [value for name, _, value in parts if name == "v1"]
    timestamp = _timestamp(timestamps[0] if len(timestamps) == 1 else "")
    expected = _hex(secret.encode(), f"{timestamp}.".encode() + body)
    # Every candidate is compared, in constant time each, so the answer's timing says nothing either.
    matches = [hmac.compare_digest(expected, value.lower()) for value in given]
    if not any(matches):
        raise BadSignature(f"The {SHOWUP_HEADER} header does not match the body and the source's secret")
    return Signed(delivery=f"v1:{expected}", timestamp=timestamp)


def _standard(headers: Mapping[str, str], body: bytes, secret: str) -> Signed:
    delivery = (headers.get(STANDARD_ID) or "").strip()
    timestamp = _timestamp(headers.get(STANDARD_TIMESTAMP) or "")
    if not delivery:
        raise BadSignature(f"The delivery has no {STANDARD_ID} header")
    content = f"{delivery}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(_standard_key(secret), content, hashlib.sha256).digest()).decode()
    given = [sig.partition(",")[2] for sig in headers[STANDARD_SIGNATURE].split() if sig.startswith("v1,")]
    matches = [hmac.compare_digest(expected, value) for value in given]
    if not any(matches):
        raise BadSignature(f"The {STANDARD_SIGNATURE} header does not match the body and the source's secret")
    return Signed(delivery=f"id:{delivery}", timestamp=timestamp)


def _timestamp(raw: str) -> int:
    if not raw.strip().isdigit():
        raise BadSignature("The signature's timestamp is missing or not whole seconds since 1970")
    return int(raw)


def _hex(key: bytes, content: bytes) -> str:
    return hmac.new(key, content, hashlib.sha256).hexdigest()


def _standard_key(secret: str) -> bytes:
    # Standard Webhooks secrets are the key in base64 behind a prefix; any other secret is used as written.
    if not secret.startswith(_STANDARD_SECRET_PREFIX):
        return secret.encode()
    try:
        return base64.b64decode(secret.removeprefix(_STANDARD_SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        return secret.encode()
