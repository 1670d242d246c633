"""What each route takes and answers, declared beside it; ``GET /openapi.json`` is generated from these.

Every route declares ``@accepts(...)``: its JSON body's pydantic model (named by its dotted path, so
pydantic still loads only when a request needs it), form fields, query parameters (each one's schema, or
the model that parses them), or nothing at all.
``@answers(...)`` is needed only where the answer is not a JSON object with status 200. The errors a
route's shape implies (400, 401, 403, 404, 413, 415, 429, 500) are added by the document itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

View = TypeVar("View", bound=Callable[..., Any])
Schema = Mapping[str, Any]

JSON = "application/json"
HTML = "text/html"
CSV = "text/csv"
FORM = "application/x-www-form-urlencoded"

DAY: Schema = {"type": "string", "format": "date", "description": "a day, YYYY-MM-DD"}
FLAG: Schema = {"type": "string", "enum": ["true", "false", "1", "0"]}
OBJECT: Schema = {"type": "object"}
ARRAY: Schema = {"type": "array", "items": OBJECT}


def one_of(terms: type[Enum]) -> Schema:
    """A query parameter that takes one value of ``terms`` (a vocabulary enum)."""
    return {"type": "string", "enum": [term.value for term in terms]}


@dataclass(frozen=True)
class Takes:
    """What a route reads from the request besides its path."""

    body: str | None = None
    form: tuple[str, ...] = ()
    # Each parameter's schema, or the dotted path of a pydantic model that parses the whole query.
    query: Mapping[str, Schema] | str = field(default_factory=dict)


@dataclass(frozen=True)
class Answers:
    """What a route answers: its success status and media, and its own refusals.

    ``errors`` are statuses answered with the JSON error shape beyond those the route's shape implies
    (409 for a conflicting state); ``pages`` are refusals answered as an HTML page (candidate links)."""

    status: int = 200
    media: tuple[str, ...] = (JSON,)
    returns: Schema = field(default_factory=lambda: OBJECT)
    errors: tuple[int, ...] = ()
    pages: tuple[int, ...] = ()


def accepts(
    body: str | None = None, *, form: tuple[str, ...] = (), query: Mapping[str, Schema] | str | None = None
) -> Callable[[View], View]:
    """Declare what the route takes: ``@accepts("chalicelib.models.PositionIn")``, ``@accepts(query={...})``
    (or ``query="chalicelib.models.SomeQuery"``), or ``@accepts()`` for nothing but its path."""
    return _declare("accepts", Takes(body, form, query if isinstance(query, str) else dict(query or {})))


def answers(
    status: int = 200,
    *,
    media: tuple[str, ...] = (JSON,),
    returns: Schema = OBJECT,
    errors: tuple[int, ...] = (),
    pages: tuple[int, ...] = (),
) -> Callable[[View], View]:
    """Declare an answer other than a JSON object with 200: ``@answers(201)``, ``@answers(errors=(409,))``."""
    return _declare("answers", Answers(status, media, returns, errors, pages))


def _declare(name: str, value: Takes | Answers) -> Callable[[View], View]:
    def declare(view: View) -> View:
        # An attribute, as ``requires`` leaves its role: the route's wrappers copy it (functools.wraps).
        setattr(view, name, value)
        return view

    return declare


def takes(view: Callable[..., Any]) -> Takes | None:
    """What ``view`` declared it takes, or ``None`` when it declared nothing."""
    found = getattr(view, "accepts", None)
    return found if isinstance(found, Takes) else None


def gives(view: Callable[..., Any]) -> Answers:
    """What ``view`` declared it answers (a JSON object with 200 unless it said otherwise)."""
    found = getattr(view, "answers", None)
    return found if isinstance(found, Answers) else Answers()
