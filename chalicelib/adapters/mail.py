"""Email through SES: the raw MIME message (text, HTML, calendar invite) and sending it.

The message is assembled from the standard library's encoders (``email.header``, ``email.utils``,
``base64``, ``binascii``) rather than through ``EmailMessage``: building and flattening an
``EmailMessage`` costs several milliseconds per notice (its header registry re-parses every header),
more than the rest of the outbox consumer's work together. Tests parse every message back with
``email`` (``policy.default``) to hold the structure to the standard.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from chalicelib.services.notices.content import Notice

CRLF = "\r\n"

_THROTTLING_CODES = frozenset({"Throttling", "ThrottlingException", "TooManyRequestsException", "MaxSendRate"})
_RATE_MESSAGE = "maximum sending rate exceeded"
_DAILY_QUOTA_MESSAGE = "daily message quota exceeded"


# A notice's tags travel twice: as SES message tags, which configuration-set events echo in
# ``mail.tags``, and as X-ShowUp-<Name> headers, which notifications echo in ``mail.headers`` when the
# identity includes headers. A bounce thus names its interview even when the ledger lost track.
TAG_HEADER_PREFIX = "X-ShowUp-"
# SES refuses a tag whose name or value holds anything else, or more than 256 characters.
_TAG_TEXT = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def ses_tags(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """``tags`` as SendRawEmail's ``Tags``; a tag SES would refuse is left to the headers alone."""
    return [
        {"Name": name, "Value": value}
        for name, value in tags.items()
        if _TAG_TEXT.match(name) and _TAG_TEXT.match(value)
    ]


def tags_of(mail: Mapping[str, Any]) -> dict[str, str]:
    """The tags an SES event's ``mail`` object echoes: from its message tags, else its headers."""
    found: dict[str, str] = {}
    prefix = TAG_HEADER_PREFIX.lower()
    for header in mail.get("headers") or []:
        name = str(header.get("name", ""))
        if name.lower().startswith(prefix):
            found[name[len(prefix) :].lower()] = str(header.get("value", ""))
    for name, values in (mail.get("tags") or {}).items():
        if values:
            found[str(name)] = str(values[0])
    return found


def build_raw(
    *,
    sender: str,
    to: str,
    notice: Notice,
    configuration_set: str | None = None,
    now: datetime | None = None,
    tags: Mapping[str, str] | None = None,
) -> bytes:
    """The complete MIME message for ``notice``: text and HTML alternatives, plus the invite when there is one.

    multipart/mixed [multipart/alternative [text/plain, text/html, text/calendar], invite.ics], or
    just the multipart/alternative [text/plain, text/html] when the notice has no invite.
    """
    headers = [
        _address("From", sender),
        _address("To", to),
        *([_address("Reply-To", notice.reply_to)] if notice.reply_to else []),
        _text_header("Subject", notice.subject),
        f"Date: {format_datetime((now or datetime.now(UTC)).astimezone(UTC))}",
        # An explicit domain: without one make_msgid asks DNS for this host's name on every message.
        f"Message-ID: {make_msgid(domain=_domain(sender))}",
        _text_header("Content-Language", notice.language),
        # Out-of-office replies to an automated notice would only land in the contact's inbox.
        "Auto-Submitted: auto-generated",
        *([_text_header("X-SES-CONFIGURATION-SET", configuration_set)] if configuration_set else []),
        *(_text_header(f"{TAG_HEADER_PREFIX}{name.title()}", value) for name, value in (tags or {}).items()),
        "MIME-Version: 1.0",
    ]
    alternatives = [
        _text_part("text/plain", notice.text),
        _text_part("text/html", notice.html),
    ]
    if not notice.ics:
        return _join([*headers, *_multipart("alternative", alternatives)])
    method = _token(notice.ics_method or "REQUEST")
    # The text/calendar alternative is what Gmail and Outlook turn into an invitation with answer
    # buttons; the attachment is what other clients let the reader open or import.
    alternatives.append(_text_part("text/calendar", notice.ics.decode("utf-8"), params=f"; method={method}"))
    attachment = [
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        "Content-Transfer-Encoding: base64",
        "",
        _base64(notice.ics),
    ]
    mixed = _multipart("mixed", ["\r\n".join(_multipart("alternative", alternatives)), "\r\n".join(attachment)])
    return _join([*headers, *mixed])


class Mailer:
    """Sends notices as raw email through SES (v1 API; the client is passed in)."""

    def __init__(self, *, ses: Any, sender: str, configuration_set: str | None = None) -> None:
        self._ses = ses
        self._sender = sender
        self._configuration_set = configuration_set

    def send(self, to: str, notice: Notice, tags: Mapping[str, str] | None = None) -> str:
        """Send ``notice`` to ``to``, carrying ``tags`` (see ``TAG_HEADER_PREFIX``); returns the SES
        MessageId. SES errors (throttling too) propagate."""
        raw = build_raw(sender=self._sender, to=to, notice=notice, configuration_set=self._configuration_set, tags=tags)
        request: dict[str, Any] = {"Source": self._sender, "Destinations": [to], "RawMessage": {"Data": raw}}
        if self._configuration_set:
            request["ConfigurationSetName"] = self._configuration_set
        if tags and ses_tags(tags):
            request["Tags"] = ses_tags(tags)
        return str(self._ses.send_raw_email(**request)["MessageId"])


def is_throttling(exc: BaseException) -> bool:
    """Whether ``exc`` is SES refusing for rate, which passes within seconds: retry later.

    The daily quota shares SES's ``Throttling`` code but lasts hours; see ``is_quota_exceeded``.
    """
    code, message = _error(exc)
    if _DAILY_QUOTA_MESSAGE in message:
        return False
    return code in _THROTTLING_CODES or _RATE_MESSAGE in message


def is_quota_exceeded(exc: BaseException) -> bool:
    """Whether ``exc`` is SES's 24-hour sending quota running out (quick retries cannot help)."""
    return _DAILY_QUOTA_MESSAGE in _error(exc)[1]


def _error(exc: BaseException) -> tuple[str, str]:
    if not isinstance(exc, ClientError):
        return "", ""
    error = exc.response.get("Error", {})
    return str(error.get("Code", "")), str(error.get("Message", "")).lower()


def _safe(name: str, value: str) -> str:
    # A line break in a header value would let it add headers of its own.
    if "\r" in value or "\n" in value:
        raise ValueError(f"{name} must be one line")
    return value


def _text_header(name: str, value: str) -> str:
    value = _safe(name, value)
    charset = "us-ascii" if value.isascii() else "utf-8"
    # Header folds long values and encodes non-ASCII ones as RFC 2047 encoded words.
    return f"{name}: {Header(value, charset, header_name=name).encode(linesep=CRLF)}"


def _address(name: str, value: str) -> str:
    value = _safe(name, value).strip()
    # Bare addresses (the usual case) need no parsing.
    display, address = ("", value) if "<" not in value and " " not in value else parseaddr(value)
    if not address or "@" not in address:
        raise ValueError(f"{name} is not an email address: {value!r}")
    return f"{name}: {formataddr((display, address), charset='utf-8') if display else address}"


def _text_part(content_type: str, text: str, *, params: str = "") -> str:
    data = text.replace("\r\n", "\n").replace("\n", CRLF).encode("utf-8")
    if data.isascii():
        # Plain ASCII stays readable as quoted-printable, which also keeps lines under the limit.
        encoding, body = "quoted-printable", binascii.b2a_qp(data, istext=True).decode("ascii")
    else:
        # Chinese text is a third of the size in base64 than in quoted-printable.
        encoding, body = "base64", _base64(data)
    header = f'Content-Type: {content_type}; charset="utf-8"{params}'
    return CRLF.join([header, f"Content-Transfer-Encoding: {encoding}", "", body])


def _multipart(subtype: str, parts: list[str]) -> list[str]:
    # "=_" cannot occur in base64 or quoted-printable text, so no body line can match the boundary.
    boundary = f"=_showup_{secrets.token_hex(12)}"
    lines = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"', ""]
    for part in parts:
        lines += [f"--{boundary}", part]
    lines.append(f"--{boundary}--")
    return lines


def _base64(data: bytes) -> str:
    # One C call, then 76-character lines (base64.encodebytes loops in Python per 57 bytes).
    encoded = base64.b64encode(data).decode("ascii")
    return CRLF.join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


def _token(value: str) -> str:
    if not value.isalnum():
        raise ValueError(f"not a MIME parameter token: {value!r}")
    return value


def _join(lines: list[str]) -> bytes:
    return (CRLF.join(lines) + CRLF).encode("ascii")


def _domain(sender: str) -> str:
    address = parseaddr(sender)[1] if "<" in sender else sender
    return address.rpartition("@")[2].rstrip(">").strip() or "showup.invalid"


def simple_sender(ses: Any, sender: str) -> Callable[[str, str, str, str | None], str]:
    """``send(to, subject, text, html) -> message id`` through SES ``SendEmail``, for HR's own mail."""

    def send(to: str, subject: str, text: str, html: str | None = None) -> str:
        body: dict[str, Any] = {"Text": {"Data": text, "Charset": "UTF-8"}}
        if html is not None:
            body["Html"] = {"Data": html, "Charset": "UTF-8"}
        response = ses.send_email(
            Source=sender,
            Destination={"ToAddresses": [to]},
            Message={"Subject": {"Data": subject, "Charset": "UTF-8"}, "Body": body},
        )
        return str(response["MessageId"])

    return send
