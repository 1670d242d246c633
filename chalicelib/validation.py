"""Request bodies and query strings parsed into pydantic models, with errors naming each field at fault."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chalicelib.errors import BadRequest, FieldError, Invalid, refused

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
        raise refused(problems(exc)) from None


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
        found = problems(exc)
        for error in exc.errors():
            if error["type"] == "extra_forbidden":
                found[str(error["loc"][0])] = Invalid("unknown_parameter")
        raise refused(found) from None


def validation_fields(exc: ValidationError) -> dict[str, str]:
    """Map pydantic's errors to ``{"candidate.email": "This email address looks incomplete…"}`` (English)."""
    return {field: problem.message for field, problem in problems(exc).items()}


def problems(exc: ValidationError) -> dict[str, Invalid]:
    """Each field at fault (dotted path) with its first problem as a code and the facts its message needs."""
    found: dict[str, Invalid] = {}
    for error in exc.errors():
        cause = (error.get("ctx") or {}).get("error")
        problem: Invalid
        if isinstance(cause, FieldError):
            name, problem = cause.field, cause
        else:
            name = ".".join(str(part) for part in error["loc"]) or "body"
            problem = cause if isinstance(cause, Invalid) else _problem(error)
        found.setdefault(name, problem)
    return found


# pydantic's error types by the problem they are for a person, with the fact its message needs
# (the message's placeholder and where pydantic's ctx holds it).
_BY_TYPE: dict[str, tuple[str, str, str] | tuple[str]] = {
    "missing": ("required",),
    "extra_forbidden": ("unknown_field",),
    "string_too_short": ("too_short", "min", "min_length"),
    "string_too_long": ("too_long", "max", "max_length"),
    "too_short": ("too_few", "min", "min_length"),
    "too_long": ("too_many", "max", "max_length"),
    "greater_than_equal": ("too_small", "min", "ge"),
    "greater_than": ("too_small", "min", "gt"),
    "less_than_equal": ("too_large", "max", "le"),
    "less_than": ("too_large", "max", "lt"),
    "int_type": ("not_a_whole_number",),
    "int_parsing": ("not_a_whole_number",),
    "int_from_float": ("not_a_whole_number",),
    "float_type": ("not_a_number",),
    "float_parsing": ("not_a_number",),
    "enum": ("invalid_choice",),
    "literal_error": ("invalid_choice",),
    "bool_type": ("invalid_choice",),
    "bool_parsing": ("invalid_choice",),
}


def _problem(error: Any) -> Invalid:
    kind, ctx = str(error["type"]), error.get("ctx") or {}
    if kind == "value_error":
        # A plain ValueError of ours that has no code: its own words, in English.
        return FieldError("", str(error["msg"]).removeprefix("Value error, "))
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        # Spaces are trimmed first: a blank name is a missing name.
        return Invalid("required")
    if kind.startswith(("datetime", "date")):
        return Invalid("invalid_datetime" if kind.startswith("datetime") else "invalid_date")
    code, *fact = _BY_TYPE.get(kind, ("wrong_kind",))
    return Invalid(code, **({fact[0]: ctx.get(fact[1])} if fact else {}))
