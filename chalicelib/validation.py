"""Request bodies and query strings parsed into pydantic models, with errors naming each field at fault."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
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


def parse_query(model: type[M], params: Mapping[str, Iterable[str]]) -> M:
    """Parse query parameters (each name with every value given) into ``model``, or raise a 400 that
    names each bad one: an unknown name, or a name given twice, included."""
    values = {name: list(given) for name, given in params.items()}
    repeated = {name: "is given more than once; give it once" for name, given in values.items() if len(given) > 1}
    if repeated:
        raise BadRequest("Some query parameters are given more than once", repeated)
    try:
        return model.model_validate({name: given[0] for name, given in values.items()})
    except ValidationError as exc:
        fields = validation_fields(exc)
        for error in exc.errors():
            if error["type"] == "extra_forbidden":
                fields[str(error["loc"][0])] = "is not a known query parameter"
        raise BadRequest("Some query parameters are not valid", fields) from None


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
