"""Requests generated from the OpenAPI document with hypothesis: path parameters, queries and bodies, valid and not.

A body is drawn from its schema in the document, then sometimes spoilt (a required field dropped, an unknown
one added, a value of any JSON type put in a field), or replaced by any JSON value or by bytes that are not
JSON. Values the test knows (an existing interview, a valid link, a time zone) go into the parameters and
fields of their name, so that requests reach past "no such id" and "not a time zone".
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tests.support.schema_values import ANY_CHARACTER, valid

Known = Mapping[str, Sequence[Any]]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# Short texts of any character (control characters, NUL, other scripts, "/" and "%" included).
ANY_TEXT = st.text(max_size=40)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(ANY_CHARACTER, max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)


@dataclass(frozen=True)
class Operation:
    """One route and method as the document describes it."""

    method: str
    path: str
    spec: Mapping[str, Any]
    document: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    __repr__ = __str__

    def schema(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """``schema`` with the document's components beside it, so its ``$ref``s resolve on their own."""
        return {**schema, "components": self.document["components"]}

    def body_media(self) -> str | None:
        return next(iter(self.spec.get("requestBody", {}).get("content", {})), None)

    def response(self, status: int) -> Mapping[str, Any] | None:
        """The documented answer for ``status`` (shared error answers resolved), or ``None``."""
        found = self.spec["responses"].get(str(status))
        if found is not None and "$ref" in found:
            found = self.document["components"]["responses"][found["$ref"].rsplit("/", 1)[1]]
        return found


@dataclass(frozen=True)
class Case:
    """One generated request; ``conforming`` when its body is valid by the document's schema."""

    method: str
    path: str
    body: bytes | None
    media: str | None
    conforming: bool

    def __repr__(self) -> str:
        body = self.body if self.body is None or len(self.body) <= 400 else self.body[:400] + b"..."
        return f"{self.method} {self.path} ({self.media}) {body!r}"


def operations(document: Mapping[str, Any]) -> list[Operation]:
    """Every operation of the document, in its order."""
    return [
        Operation(method.upper(), path, spec, document)
        for path, item in document["paths"].items()
        for method, spec in item.items()
    ]


def cases(operation: Operation, known: Known) -> st.SearchStrategy[Case]:
    """Requests for ``operation``: its parameters and body drawn from the document, ``known`` values put in."""
    parameters, schemas = operation.spec.get("parameters", []), operation.document["components"]["schemas"]
    values = {p["name"]: _value(p["schema"], schemas, known.get(p["name"])) for p in parameters}
    path_values = st.fixed_dictionaries({p["name"]: values[p["name"]] for p in parameters if p["in"] == "path"})
    query_values = st.fixed_dictionaries(
        {p["name"]: values[p["name"]] for p in parameters if p["in"] == "query" and p["required"]},
        optional={p["name"]: values[p["name"]] for p in parameters if p["in"] == "query" and not p["required"]},
    )
    media = operation.body_media()
    body = _json_body(operation, known) if media == JSON else _form_body() if media == FORM else st.just((None, False))
    # Now and then a body labelled as plain text, which a route reading JSON or a form must refuse (415).
    labels = st.sampled_from([media, media, media, "text/plain"]) if media else st.just(None)
    return st.tuples(path_values, query_values, body, labels).map(lambda parts: _case(operation, *parts))


def _case(
    operation: Operation,
    path: dict[str, str],
    query: dict[str, str],
    body: tuple[bytes | None, bool],
    media: str | None,
) -> Case:
    filled = operation.path
    for name, value in path.items():
        filled = filled.replace("{" + name + "}", quote(value, safe=""))
    if query:
        filled += "?" + urlencode(query)
    return Case(operation.method, filled, body[0], media, body[1] and media == operation.body_media())


def _value(
    schema: Mapping[str, Any], schemas: Mapping[str, Any], known: Sequence[Any] | None
) -> st.SearchStrategy[str]:
    """A parameter: a known value, one of its schema, or any text."""
    # A URL carries UTF-8, which has no lone surrogates: no client can send one.
    drawn = valid(schema, schemas).map(_parameter_text).filter(_encodable)
    # Known values three times in four, so that the body (or the rest of the query) is what varies.
    return st.one_of(
        *([st.sampled_from(known).map(_parameter_text)] * 3 if known else []), drawn, ANY_TEXT.filter(bool)
    )


def _parameter_text(value: Any) -> str:
    """A drawn value as a URL spells it (``true``, ``12``); JSON's null as an empty value."""
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_body(operation: Operation, known: Known) -> st.SearchStrategy[tuple[bytes | None, bool]]:
    schema = operation.spec["requestBody"]["content"][JSON]["schema"]
    validator = Draft202012Validator(operation.schema(schema))
    # Known values in every field that takes one: random ones are refused before anything else is looked at.
    drawn = st.builds(_with_known, valid(schema, operation.document["components"]["schemas"]), st.just(known))
    spoilt = st.builds(_spoil, drawn, st.sampled_from(["drop", "unknown", "retype"]), ANY_JSON, st.data())

    def encoded(body: Any) -> tuple[bytes | None, bool]:
        return json.dumps(body).encode("utf-8"), validator.is_valid(body)

    not_json = st.sampled_from(
        [b"", b"{", b"[1, 2", b"\xff\xfe", b'{"a": "\xff"}', b"null", b'"text"', b"[" * 5000, b"{}" * 40_000]
    )
    # Python's JSON reader takes NaN, Infinity and numbers too large for a float; JSON itself does not.
    odd_numbers = st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-0.0", b"12345678901234567890123"])
    odd = st.builds(_odd_value, drawn, odd_numbers, st.data())
    return st.one_of(
        drawn.map(encoded),
        spoilt.map(encoded),
        ANY_JSON.map(encoded),
        odd.map(lambda raw: (raw, False)),
        not_json.map(lambda raw: (raw, False)),
    )


def _with_known(body: Any, known: Known) -> Any:
    """The body with each field, at any depth, that the test knows a value for set to it (a position's id)."""
    if isinstance(body, list):
        return [_with_known(item, known) for item in body]
    if not isinstance(body, dict):
        return body
    return {name: known[name][0] if name in known else _with_known(value, known) for name, value in body.items()}


def _odd_value(body: Any, number: bytes, data: st.DataObject) -> bytes:
    """The body with one field's value written as ``number`` (``NaN``, ``1e400``), which Python's reader takes."""
    if not isinstance(body, dict) or not body:
        return number
    name = data.draw(st.sampled_from(sorted(body)))
    return json.dumps({**body, name: "__odd__"}).encode("utf-8").replace(b'"__odd__"', number)


def _spoil(body: Any, how: str, value: Any, data: st.DataObject) -> Any:
    if not isinstance(body, dict):
        return value
    if how == "unknown" or not body:
        return {**body, data.draw(st.text(string.ascii_lowercase + "_", min_size=1, max_size=12)): value}
    name = data.draw(st.sampled_from(sorted(body)))
    if how == "drop":
        return {key: item for key, item in body.items() if key != name}
    return {**body, name: value}


def _form_body() -> st.SearchStrategy[tuple[bytes | None, bool]]:
    fields = st.dictionaries(st.sampled_from(["reason", "other"]), st.text(max_size=300), max_size=2)
    odd = st.sampled_from([b"reason=%ff%fe", b"\xff\xfe", b"reason=" + b"x" * 70_000, b"reason&reason=%00"])
    return fields.map(lambda form: (urlencode(form).encode("utf-8"), True)) | odd.map(lambda raw: (raw, False))
