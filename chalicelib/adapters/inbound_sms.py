"""Texts candidates send back, as the provider hands them over, read into one plain shape.

AWS End User Messaging SMS publishes each text that reaches a two-way number to an SNS topic as a
JSON object (its documented payload: ``originationNumber``, ``destinationNumber``,
``messageKeyword``, ``messageBody``, ``inboundMessageId``, ``previousPublishedMessageId``). Another
provider (one with uplink SMS for mainland China numbers, say) plugs in with a reader of its own
payload that returns the same :class:`InboundText`; the README says what else it takes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol


class MalformedText(ValueError):
    """The payload is not a text message in the provider's shape; the message names the shape, never a value."""


@dataclass(frozen=True)
class InboundText:
    """One text from a candidate: who sent it (E.164), to which of our numbers, what it says, and its id."""

    sender: str
    to: str
    body: str
    message_id: str
    # The id of our message it answers, when the provider knows it.
    in_reply_to: str | None = None


class InboundReader(Protocol):
    """Reads a provider's payload into an :class:`InboundText`, or raises :class:`MalformedText`."""

    def read(self, payload: str) -> InboundText: ...


class EndUserMessagingReader:
    """AWS End User Messaging SMS two-way messages, as published to the inbound SNS topic."""

    def read(self, payload: str) -> InboundText:
        try:
            data: Any = json.loads(payload)
        except ValueError:
            raise MalformedText("not JSON") from None
        if not isinstance(data, dict):
            raise MalformedText("not a JSON object")
        fields = {}
        for name in ("originationNumber", "destinationNumber", "inboundMessageId"):
            value = data.get(name)
            if not isinstance(value, str) or not value.strip():
                raise MalformedText(f"{name} missing")
            fields[name] = value.strip()
        body = data.get("messageBody")
        if not isinstance(body, str):
            raise MalformedText("messageBody missing")
        previous = data.get("previousPublishedMessageId")
        return InboundText(
            sender=fields["originationNumber"],
            to=fields["destinationNumber"],
            body=body,
            message_id=fields["inboundMessageId"],
            in_reply_to=previous if isinstance(previous, str) and previous else None,
        )


def end_user_messaging_payload(text: InboundText, *, keyword: str = "") -> str:
    """The payload End User Messaging would publish for ``text`` (the local stage's dev route sends it)."""
    return json.dumps(
        {
            "originationNumber": text.sender,
            "destinationNumber": text.to,
            "messageKeyword": keyword,
            "messageBody": text.body,
            "inboundMessageId": text.message_id,
            "previousPublishedMessageId": text.in_reply_to or "",
        },
        ensure_ascii=False,
    )
