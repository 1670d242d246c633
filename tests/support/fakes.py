"""In-memory stand-ins for the repositories and senders the services are given, so the real services run without AWS."""

from __future__ import annotations

import dataclasses
import threading

from chalicelib.services.common.records import Interview, Position


class InMemoryPositions:
    """The position table as a dict, so the real services build the records."""

    def __init__(self) -> None:
        self.items: dict[str, Position] = {}

    def add(self, position: Position) -> Position:
        self.items[position.position_id] = position
        return position

    def get(self, position_id: str) -> Position | None:
        return self.items.get(position_id)


class InMemoryInterviews:
    """The interview table as a dict; every replace bumps the revision, as the store does."""

    def __init__(self) -> None:
        self.items: dict[str, Interview] = {}

    def add(self, interview: Interview) -> Interview:
        self.items[interview.interview_id] = interview
        return interview

    def get(self, interview_id: str) -> Interview | None:
        return self.items.get(interview_id)

    def replace(self, interview: Interview, *, expected_revision: int, before: Interview | None = None) -> Interview:
        stored = dataclasses.replace(interview, revision=expected_revision + 1)
        self.items[interview.interview_id] = stored
        return stored


class Mailbox:
    """A mail sender ``(to, subject, text, html) -> message id`` that records what it sends.

    It can be told to fail for one address, and jobs may send from several threads at once."""

    def __init__(self, failing: str | None = None) -> None:
        self.sent: list[dict[str, str]] = []
        self.failing = failing
        self.lock = threading.Lock()

    def __call__(self, to: str, subject: str, text: str, html: str) -> str:
        if to == self.failing:
            raise RuntimeError("SES is throttling")
        with self.lock:
            self.sent.append({"to": to, "subject": subject, "text": text, "html": html})
            return f"msg-{len(self.sent)}"

    def to(self, address: str) -> dict[str, str]:
        """The one mail sent to ``address``."""
        (found,) = [mail for mail in self.sent if mail["to"] == address]
        return found
