"""Alerts to HR: short plain messages to the position's contact."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.render import render
from chalicelib.services.common.records import Interview

# send(to, subject, text) -> message id
SendText = Callable[[str, str, str], str]


class HrAlerts:
    def __init__(self, *, send: SendText, fallback_to: str, default_language: str) -> None:
        self._send = send
        self._fallback_to = fallback_to
        self._default_language = default_language

    def bounced(self, interview: Interview) -> None:
        """The notice bounced: call the candidate and re-check the address, letter by letter."""
        contact = interview.contact
        to = (contact.email if contact else None) or self._fallback_to
        language = "en" if self._default_language == "en" else "zh-CN"
        text = render(f"alerts/{language}/bounce.txt", interview=interview, contact=contact)
        subject, _, body = text.partition("\n")
        self._send(to, subject.strip(), body.strip() + "\n")
