"""Request bodies parsed into pydantic models, with errors naming each field at fault."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chalicelib.errors import BadRequest, FieldError

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], raw: bytes | str | None) -> M:
    """Parse a JSON request body into ``model`` or raise a 400 that names each bad field."""
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"The body is not valid JSON: {exc}", {"body": "is not valid JSON"}) from None
    except RecursionError:
        raise BadRequest("The body is nested too deeply", {"body": "is nested too deeply"}) from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object", {"body": "must be a JSON object"})
    return validate(model, data)


def validate(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as ``model``, or a 400 that names each bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadRequest("Some fields are not valid", validation_fields(exc)) from None


def validation_fields(exc: ValidationError) -> dict[str, str]:
    """Map pydantic's errors to ``{"candidate.email": "is not a valid email address"}``."""
    fields: dict[str, str] = {}
    for error in exc.errors():
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldError):
            name, message = cause.field, cause.message
        else:
            name = ".".join(str(part) for part in error["loc"]) or "body"
            message = _message(error)
        fields.setdefault(name, message)
    return fields


def _message(error: Any) -> str:
    kind, text = error["type"], str(error["msg"])
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "value_error":
        return text.removeprefix("Value error, ")
    return text
