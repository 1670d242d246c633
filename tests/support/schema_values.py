"""Hypothesis strategies for values valid by the JSON schemas in the OpenAPI document (pydantic's, and parameters').

Only the keywords those schemas use are read; any other is an error, so a schema this would misread (a new
``pattern``, ``oneOf``) fails loudly instead of drawing values that merely look valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import strategies as st

Schema = Mapping[str, Any]

# Words that describe a value without constraining it.
ANNOTATIONS = frozenset({"title", "description", "default", "examples"})
CONSTRAINTS = frozenset(
    {"$ref", "anyOf", "enum", "const", "type", "format", "minLength", "maxLength", "minimum", "maximum"}
    | {"items", "minItems", "maxItems", "properties", "required", "additionalProperties"}
)
# Unbounded texts and lists are drawn this long at most: long enough to matter, short enough to stay quick.
LONGEST = 100
# Mostly around the test's "now" (late November 2026), so that starts in the future come up.
SOON = st.datetimes(datetime(2026, 11, 20), datetime(2027, 3, 1))
# Any at all, from year 1 to 9999: a start that far off must be refused, not overflow.
ANY_TIME = st.datetimes()
READABLE = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
# Any code point at all, and often one of those that break things downstream: NUL, lone surrogates (JSON can
# carry them as escapes, UTF-8 cannot), a byte order mark, a right-to-left override, line separators.
ANY_CHARACTER = st.characters(exclude_categories=()) | st.sampled_from(
    ["\x00", "\ud800", "\udfff", "\ufeff", "\u202e", "\u2028", "\r"]
)


def valid(schema: Schema, components: Mapping[str, Schema]) -> st.SearchStrategy[Any]:
    """Values valid by ``schema``, whose ``$ref``s name entries of ``components`` (``#/components/schemas/X``)."""
    unknown = set(schema) - CONSTRAINTS - ANNOTATIONS
    if unknown:
        raise ValueError(f"no strategy for the keywords {sorted(unknown)} in {dict(schema)}")
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return st.deferred(lambda: valid(components[name], components))
    if "anyOf" in schema:
        return st.one_of([valid(option, components) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return st.one_of([_typed(kind, schema, components) for kind in kinds])


def _typed(kind: str, schema: Schema, components: Mapping[str, Schema]) -> st.SearchStrategy[Any]:
    low, high = schema.get("minimum"), schema.get("maximum")
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return st.integers(low, high)
    if kind == "number":
        return st.integers(low, high) | st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        items = valid(schema.get("items", {"type": "string"}), components)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=schema.get("maxItems", LONGEST // 20))
    if kind == "object":
        properties = {name: valid(value, components) for name, value in schema.get("properties", {}).items()}
        required = set(schema.get("required", ()))
        some = st.fixed_dictionaries(
            {name: value for name, value in properties.items() if name in required},
            optional={name: value for name, value in properties.items() if name not in required},
        )
        # Every field as often as some of them: a patch of only optional fields is otherwise mostly empty.
        return st.fixed_dictionaries(properties) | some
    raise ValueError(f"no strategy for the type {kind}")


def _string(schema: Schema) -> st.SearchStrategy[str]:
    form = schema.get("format")
    if form == "date-time":
        # Mostly without an offset: both are valid date-times, and the API refuses one where it must.
        moments = st.one_of(SOON, SOON, ANY_TIME).flatmap(lambda at: st.sampled_from([at, at, at.replace(tzinfo=UTC)]))
        return moments.map(datetime.isoformat)
    if form == "date":
        return st.dates().map(date.isoformat)
    if form is not None:
        raise ValueError(f"no strategy for the format {form}")
    size = {"min_size": schema.get("minLength", 0), "max_size": schema.get("maxLength", LONGEST)}
    # Mostly what people type; now and then any character at all (control characters, NUL, lone marks).
    readable = st.text(READABLE, **size)
    return st.one_of(readable, readable, readable, st.text(ANY_CHARACTER, **size))
