"""Structured logs: one JSON object per line on stdout, which Lambda sends to CloudWatch Logs.

Every line carries the request id, the function and, once known, the interview it concerns
(``correlation_id``), so one interview can be followed across the API, the queue and the jobs
with a single CloudWatch Logs Insights filter. Messages are scrubbed of email addresses and
phone numbers as a last line of defence: log calls pass ids, never people's details.

Chalice gives its app logger (``showup``) level ERROR and no propagation unless the app runs in
debug, which silences every ``showup.*`` warning in Lambda; ``configure`` replaces that setup.
Standard library only: this loads on every cold start.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

ROOT = "showup"

_fields: ContextVar[dict[str, str]] = ContextVar("showup_log_fields", default={})  # noqa: B039 (never mutated)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# E.164 numbers, and mainland mobile numbers written without a country code.
_PHONE = re.compile(r"\+\d[\d ]{6,17}\d|(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    """``text`` with email addresses and phone numbers masked."""
    return _PHONE.sub("<phone>", _EMAIL.sub("<email>", text))


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message and the invocation's fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            **_fields.get(),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class _Stdout(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is when a line is logged (runtimes and test runners swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure(level: str = "INFO") -> logging.Logger:
    """Send ``showup`` and every ``showup.*`` logger to stdout as JSON at ``level``; idempotent."""
    logger = logging.getLogger(ROOT)
    if not any(isinstance(handler.formatter, JsonFormatter) for handler in logger.handlers):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        handler = _Stdout()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(level)
    return logger


@contextmanager
def invocation(*, request_id: str, function: str, correlation_id: str | None = None) -> Iterator[None]:
    """Tag every line logged inside the block with this invocation (and interview)."""
    fields = {"request_id": request_id, "function": function}
    if correlation_id:
        fields["correlation_id"] = correlation_id
    token = _fields.set(fields)
    try:
        yield
    finally:
        _fields.reset(token)


def field(name: str) -> str | None:
    """What this invocation's lines are tagged with under ``name`` (``function``, ``request_id``…)."""
    return _fields.get().get(name)


def correlate(interview_id: str | None) -> None:
    """From here on in this invocation, lines concern ``interview_id``."""
    if interview_id:
        _fields.set({**_fields.get(), "correlation_id": interview_id})
