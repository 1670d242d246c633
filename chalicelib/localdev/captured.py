"""Mail and text messages that moto captured instead of sending, as entries of the local outbox.

The one module that turns moto's records into messages. Against moto server (the local stage) it
asks ``make run``'s emulator for one page of its ``sent_index``; in-process (tests) it reads that
index directly. Either way only the messages shown are fetched and parsed.
"""

from __future__ import annotations

import base64
import email
import functools
import json
import mimetypes
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any

from chalicelib.localdev.sent_index import INDEX, ROUTE, UnknownMessage
from chalicelib.services.common.clock import iso_utc

__all__ = ["Attachment", "Outbox", "Sent", "UnknownMessage", "outbox"]

# Attachment types that are text although not text/*: calendar invites sent as files.
_TEXT_TYPES = frozenset({"application/ics", "application/json"})
# A page is small; the emulator answers in milliseconds unless the machine is very busy.
_TIMEOUT_SECONDS = 30


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
    # "in" for a text a candidate sent (the dev route's), "out" for what ShowUp sent.
    direction: str = "out"

    @property
    def number(self) -> str:
        """The candidate's number a text belongs to: whom it went to, or who sent it."""
        return (self.sender or "") if self.direction == "in" else self.to

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
            "direction": self.direction,
        }


@dataclass(frozen=True)
class Outbox:
    """One page of the outbox, oldest first; ``start`` is the first message's place among all ``total``."""

    messages: list[Sent]
    start: int
    total: int

    @property
    def older(self) -> bool:
        return self.start > 0

    @property
    def newer(self) -> bool:
        return self.start + len(self.messages) < self.total

    @property
    def conversations(self) -> dict[str, list[Sent]]:
        """This page's texts by the candidate's number, both ways, oldest first: one thread per number."""
        threads: dict[str, list[Sent]] = {}
        for message in self.messages:
            if message.channel == "sms":
                threads.setdefault(message.number, []).append(message)
        return threads


def outbox(
    endpoint_url: str | None, *, limit: int | None = None, after: str | None = None, before: str | None = None
) -> Outbox:
    """Sent messages, oldest first: every one, or the newest ``limit`` (the oldest ``limit`` after
    ``after``). From ``make run``'s emulator at ``endpoint_url``, else in-process moto."""
    query = {"limit": limit, "after": after, "before": before}
    if endpoint_url:
        page = _server_page(endpoint_url, {k: str(v) for k, v in query.items() if v is not None})
    else:
        INDEX.catch_up(received_at=None)
        page = INDEX.page(limit=limit, after=after, before=before).as_json()
    return Outbox(messages=[_sent(entry) for entry in page["entries"]], start=page["start"], total=page["total"])


def _server_page(endpoint_url: str, query: dict[str, str]) -> dict[str, Any]:
    url = endpoint_url.rstrip("/") + ROUTE + ("?" + urllib.parse.urlencode(query) if query else "")
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_SECONDS) as response:
            data: dict[str, Any] = json.load(response)
    except urllib.error.HTTPError as error:
        refused = json.load(error) if error.code == 400 else {}
        if "message_id" not in refused:
            raise
        raise UnknownMessage(refused["field"], refused["message_id"]) from None
    return data


def _sent(entry: dict[str, Any]) -> Sent:
    message, received_at = entry["data"], entry["received_at"]
    if entry["model"] == "RawMessage":
        return _raw_email(message, received_at)
    if entry["model"] == "Message":
        return _simple_email(message, received_at)
    if entry["model"] == "Inbound":
        return _inbound(message, received_at)
    return _sms(message, received_at)


def _simple_email(message: dict[str, Any], received_at: str | None) -> Sent:
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
        sent_at=received_at,
    )


def _raw_email(message: dict[str, Any], received_at: str | None) -> Sent:
    parsed = _parse(str(message.get("raw_data", "")))
    return replace(
        parsed,
        id=str(message.get("id", "")),
        sender=parsed.sender or message.get("source") or None,
        to=parsed.to or ", ".join(message.get("destinations") or []),
        sent_at=parsed.sent_at or received_at,
    )


# A message never changes and the outbox page is reloaded again and again: each one shown is
# parsed once, not on every load.
@functools.lru_cache(maxsize=256)
def _parse(raw_data: str) -> Sent:
    # moto decoded the raw bytes as UTF-8; parsing bytes again keeps 8bit parts decodable. The compat32
    # policy parses a notice about twenty times faster than the default one, so parts and headers are
    # decoded here instead.
    mime = email.message_from_bytes(raw_data.encode("utf-8", errors="surrogateescape"))
    text = html = None
    attachments = []
    for index, part in enumerate(mime.walk(), start=1):
        if part.is_multipart():
            continue
        kind, inline = part.get_content_type(), part.get_content_disposition() != "attachment"
        if inline and kind == "text/plain" and text is None:
            text = _content(part)
        elif inline and kind == "text/html" and html is None:
            html = _content(part)
        else:
            attachments.append(_attachment(part, index))
    return Sent(
        id="",
        channel="email",
        sender=_header(mime, "from"),
        to=_header(mime, "to") or "",
        subject=_header(mime, "subject"),
        text=text,
        html=html,
        attachments=attachments,
        sent_at=_date(mime),
    )


def _header(mime: Message, name: str) -> str | None:
    value = mime.get(name)
    if value is None:
        return None
    unfolded = "".join(str(value).splitlines())
    return str(make_header(decode_header(unfolded)))


def _content(part: Message) -> str:
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    try:
        return content.decode(part.get_content_charset() or "ascii", errors="replace")
    except LookupError:  # a charset Python does not know
        return content.decode("utf-8", errors="replace")


def _attachment(part: Message, index: int) -> Attachment:
    content_type = part.get_content_type()
    filename = part.get_filename() or f"part-{index}{mimetypes.guess_extension(content_type) or ''}"
    payload = part.get_payload(decode=True)
    return Attachment(
        filename=filename, content_type=content_type, content=payload if isinstance(payload, bytes) else b""
    )


def _date(mime: Message) -> str | None:
    value = mime.get("date")
    try:
        moment = parsedate_to_datetime(str(value)) if value is not None else None
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return iso_utc(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def _inbound(message: dict[str, Any], received_at: str | None) -> Sent:
    try:
        text = json.loads(str(message.get("message", "")))
    except ValueError:
        text = {}
    return Sent(
        id=str(message.get("message_id", "")),
        channel="sms",
        sender=str(text.get("originationNumber", "")),
        to=str(text.get("destinationNumber", "")),
        text=str(text.get("messageBody", "")),
        sent_at=received_at,
        direction="in",
    )


def _sms(message: dict[str, Any], received_at: str | None) -> Sent:
    return Sent(
        id=str(message.get("message_id", "")),
        channel="sms",
        to=str(message.get("phone_number", "")),
        text=str(message.get("message", "")),
        sent_at=received_at,
    )
