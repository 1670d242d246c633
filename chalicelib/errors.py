"""Errors users cause, as values with a code, a message and the fields at fault.

Plain Python: the domain raises them, and the HTTP middleware alone turns them into the
API.md error shape. No pydantic and no chalice here: this loads on every cold start."""

from __future__ import annotations

from typing import Any


class FieldError(ValueError):
    """A validation failure that names the field at fault (for cross-field rules)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ApiError(Exception):
    """Raised by views and services; the HTTP middleware turns it into the API.md error shape."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries besides the body (none unless a subclass says)."""
        return {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return body


class BadRequest(ApiError):
    status, code = 400, "validation_error"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class TryAgain(Conflict):
    """Someone changed the same thing at the same moment: nothing was written, and the same request
    on a fresh copy will most likely go through (``Retry-After`` says when)."""

    retry_after_seconds = 1

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


def invalid(field: str, message: str) -> BadRequest:
    """A 400 naming one field."""
    return BadRequest(f"{field} {message}", {field: message})
