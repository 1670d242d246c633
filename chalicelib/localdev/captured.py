"""Mail and text messages that moto captured instead of sending, as entries of the local outbox.

The one module that knows moto's internals. Against moto server (the local stage) it reads the
``/moto-api/data.json`` dump of moto's models; in-process (tests) it reads the same models directly.
moto keeps no send time and keeps SES and SNS messages in separate lists, so ``sent_at`` comes from
a mail's ``Date`` header when it has one, and entries without it keep moto's order after the rest.
"""

from __future__ import annotations

import base64
import email
import email.policy
import json
import mimetypes
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC
from email.message import EmailMessage
from typing import Any

from chalicelib.services.common.clock import iso_utc

# Attachment types that are text although not text/*: calendar invites sent as files.
_TEXT_TYPES = frozenset({"application/ics", "application/json"})
# The moto models that hold sent mail and texts, by service.
_MODELS = {"ses": ("Message", "RawMessage"), "sns": ("SMS",)}


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes

    @property
    def data_url(self) -> str:
        """The content as a ``data:`` URL, so a page can offer it for download."""
        return f"data:{self.content_type};base64,{base64.b64encode(self.content).decode('ascii')}"

    @property
    def text(self) -> str | None:
        """The content as text when it is text (a calendar invite), else ``None``."""
        if not (self.content_type.startswith("text/") or self.content_type in _TEXT_TYPES):
            return None
        return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Sent:
    """One mail or text message as the candidate or HR person would have received it."""

    id: str
    channel: str  # email | sms
    to: str
    sender: str | None = None
    subject: str | None = None
    text: str | None = None
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    sent_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "from": self.sender,
            "to": self.to,
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "attachments": [{"filename": a.filename, "content_type": a.content_type} for a in self.attachments],
            "sent_at": self.sent_at,
        }


def outbox(endpoint_url: str | None) -> list[Sent]:
    """Everything sent so far, oldest first: from moto server at ``endpoint_url``, else in-process moto."""
    models = _server_models(endpoint_url) if endpoint_url else _in_process_models()
    sent = [_simple_email(m) for m in models.get("ses", {}).get("Message", [])]
    sent += [_raw_email(m) for m in models.get("ses", {}).get("RawMessage", [])]
    sent += [_sms(m) for m in models.get("sns", {}).get("SMS", [])]
    return sorted(sent, key=lambda s: (s.sent_at is None, s.sent_at or ""))


def _server_models(endpoint_url: str) -> dict[str, Any]:
    url = endpoint_url.rstrip("/") + "/moto-api/data.json"
    with urllib.request.urlopen(url, timeout=10) as response:
        data: dict[str, Any] = json.load(response)
    return data


def _in_process_models() -> dict[str, Any]:
    from moto.core.model_instances import model_data

    return {
        service: {name: [vars(instance) for instance in _tracked(model_data[service], name)] for name in names}
        for service, names in _MODELS.items()
    }


def _tracked(models: dict[str, Any], name: str) -> list[Any]:
    model = models.get(name)
    return list(getattr(model, "instances_tracked", [])) if model is not None else []


def _simple_email(message: dict[str, Any]) -> Sent:
    destinations = message.get("destinations") or {}
    body = str(message.get("body") or "")
    # SendEmail keeps one body: the HTML part when the request had one, else the text part.
    is_html = "</" in body or body.lstrip().lower().startswith("<!doctype")
    return Sent(
        id=str(message.get("id", "")),
        channel="email",
        sender=message.get("source"),
        to=", ".join(address for addresses in destinations.values() for address in addresses),
        subject=message.get("subject"),
        text=None if is_html else body,
        html=body if is_html else None,
    )


def _raw_email(message: dict[str, Any]) -> Sent:
    # moto decoded the raw bytes as UTF-8; parsing bytes again keeps 8bit parts decodable. The default
    # policy parses into EmailMessage, which knows its body parts and decodes headers.
    raw = str(message.get("raw_data", "")).encode("utf-8", errors="surrogateescape")
    mime = email.message_from_bytes(raw, policy=email.policy.default)
    text_part = mime.get_body(preferencelist=("plain",))
    html_part = mime.get_body(preferencelist=("html",))
    bodies = {id(part) for part in (text_part, html_part) if part is not None}
    attachments = [
        _attachment(part, index)
        for index, part in enumerate(mime.walk(), start=1)
        if not part.is_multipart() and id(part) not in bodies
    ]
    return Sent(
        id=str(message.get("id", "")),
        channel="email",
        sender=str(mime["from"] or message.get("source") or "") or None,
        to=str(mime["to"] or ", ".join(message.get("destinations") or [])),
        subject=str(mime["subject"]) if mime["subject"] is not None else None,
        text=_content(text_part),
        html=_content(html_part),
        attachments=attachments,
        sent_at=_date(mime),
    )


def _content(part: Any) -> str | None:
    if part is None:
        return None
    return str(part.get_content())


def _attachment(part: Any, index: int) -> Attachment:
    content_type = part.get_content_type()
    filename = part.get_filename() or f"part-{index}{mimetypes.guess_extension(content_type) or ''}"
    payload = part.get_payload(decode=True)
    return Attachment(filename=filename, content_type=content_type, content=payload or b"")


def _date(mime: EmailMessage) -> str | None:
    header = mime["date"]
    moment = getattr(header, "datetime", None)
    if moment is None:
        return None
    return iso_utc(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def _sms(message: dict[str, Any]) -> Sent:
    return Sent(
        id=str(message.get("message_id", "")),
        channel="sms",
        to=str(message.get("phone_number", "")),
        text=str(message.get("message", "")),
    )
