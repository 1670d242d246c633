"""``GET /openapi.json``: the OpenAPI 3.1 document of every route, generated, never written by hand.

It walks the app's routes (path, method, path parameters, the HR token and the role each needs), reads
what each declared it takes and answers (``chalicelib/api/contract.py``) and puts the request models'
JSON schemas under ``components``. Built on first request, once per container: routes never change.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from chalice import Response

from chalicelib.api.contract import FORM, HTML, JSON, Answers, Takes, accepts, gives, takes
from chalicelib.api.middleware import Routes

if TYPE_CHECKING:
    from chalice import Chalice
    from chalice.app import RouteEntry
    from pydantic import BaseModel

docs = Routes(__name__)

VERSION = "1.0"
# Every error, whoever answers it (a view, the middleware, Chalice, or API Gateway's gateway responses).
ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "minLength": 1, "description": "a code, e.g. validation_error, not_found"},
        "message": {"type": "string", "minLength": 1, "description": "what went wrong, for a person"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "for bad input: each field at fault (dotted, e.g. candidate.email) and what is wrong, "
            "for a person, in the language Accept-Language asks for (zh-CN or en; English otherwise)",
        },
        "codes": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "beside fields: each field's problem as a code for programs, e.g. required, too_small, "
            "salary_range, invalid_email (invalid: a problem without a code of its own)",
        },
    },
}
# What each error status means on any route that may answer it.
ERRORS = {
    400: "Bad input; `fields` names each field at fault. Nothing was written.",
    401: "No credentials: send `Authorization: Bearer <token>` (web hooks: a fresh signature, see README).",
    403: "The token is not valid or has expired, or its role may not do this.",
    404: "No such thing (an unknown id).",
    409: "The state does not allow it, or someone changed it meanwhile (`Retry-After` says when to retry).",
    413: "The body is too large.",
    415: "The body is not of a media type this route reads.",
    429: "Too many requests; try again in a moment.",
    500: "Something went wrong on our side; the message carries the request id.",
}
CACHE_CONTROL = "public, max-age=300"


@docs.route("/openapi.json", methods=["GET"])
@accepts()
def openapi_json() -> Response:
    """This document: every route, body, answer and error of the API."""
    text, etag = _served(docs.current_app)
    headers: dict[str, str | list[str]] = {"Cache-Control": CACHE_CONTROL, "ETag": etag}
    request = docs.current_request
    if request is not None and request.headers.get("If-None-Match") == etag:
        return Response(body="", status_code=304, headers=headers)
    return Response(body=text, status_code=200, headers={"Content-Type": JSON, **headers})


@functools.cache
def _served(app: Chalice) -> tuple[str, str]:
    text = json.dumps(document(app), ensure_ascii=False, sort_keys=True)
    return text, '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20] + '"'


def document(app: Chalice) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route ``app`` serves."""
    entries = [entry for methods in app.routes.values() for entry in methods.values()]
    declared = [found for entry in entries if (found := takes(entry.view_function))]
    models, schemas = request_schemas(
        [*(d.body for d in declared), *(d.query for d in declared if isinstance(d.query, str))]
    )
    paths: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda found: (found.uri_pattern, found.method)):
        paths.setdefault(entry.uri_pattern, {})[entry.method.lower()] = operation(entry, models, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ShowUp",
            "version": VERSION,
            "description": "Stops interview no-shows. JSON in, JSON out, UTF-8, times in ISO 8601. Every error is "
            "`{error, message, fields}` (fields only for bad input), and a refused request writes nothing. "
            "HR routes need `Authorization: Bearer <token>`; each names the least role it needs "
            "(`x-showup-role`: viewer, recruiter or admin).",
        },
        # Relative: deployed, API Gateway serves the API under its stage's prefix.
        "servers": [{"url": "."}],
        "paths": paths,
        "components": {
            "schemas": {**schemas, "Error": ERROR},
            "responses": error_responses(),
            "securitySchemes": {"hrToken": {"type": "http", "scheme": "bearer", "description": "an HR token"}},
        },
    }


def request_schemas(models: Iterable[str | None]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``$ref`` of each named request model (bodies, queries), and every schema they use (pydantic's ``$defs``)."""
    from pydantic.json_schema import models_json_schema

    named = {path: request_model(path) for path in sorted({path for path in models if path})}
    refs, top = models_json_schema(
        [(model, "validation") for model in named.values()], ref_template="#/components/schemas/{model}"
    )
    return {path: refs[(model, "validation")] for path, model in named.items()}, top.get("$defs", {})


def request_model(path: str) -> type[BaseModel]:
    """The pydantic model at the dotted ``path`` a route declared, e.g. ``chalicelib.models.PositionIn``."""
    from pydantic import BaseModel

    module, _, name = path.rpartition(".")
    model = getattr(importlib.import_module(module), name, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"{path} is not a pydantic model")
    return model


def operation(entry: RouteEntry, models: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """One route and method as an OpenAPI operation (``models``: each request model's ``$ref`` into ``schemas``)."""
    view = entry.view_function
    declared, answer = takes(view) or Takes(), gives(view)
    found: dict[str, Any] = {
        "operationId": entry.view_name,
        "tags": [view.__module__.rpartition(".")[2]],
        "summary": (view.__doc__ or entry.view_name.replace("_", " ").capitalize()).strip().splitlines()[0],
        "parameters": parameters(entry, declared, models, schemas),
        "responses": responses(entry, declared, answer),
    }
    role = getattr(view, "required_role", None)
    found["security"] = [{"hrToken": []}] if entry.authorizer is not None else []
    if role is not None:
        found["x-showup-role"] = role.value
        found["description"] = f"Needs an HR token of the {role.label('en')} role or above."
    if declared.body:
        schema = models[declared.body]
        required = bool(request_model(declared.body).model_json_schema().get("required"))
        found["requestBody"] = {"required": required, "content": {JSON: {"schema": schema}}}
    elif declared.form:
        fields = {name: {"type": "string"} for name in declared.form}
        found["requestBody"] = {
            "required": False,
            "content": {FORM: {"schema": {"type": "object", "properties": fields}}},
        }
    return found


def parameters(
    entry: RouteEntry, declared: Takes, models: dict[str, Any], schemas: dict[str, Any]
) -> list[dict[str, Any]]:
    """The path parameters (never empty), then the query parameters, from their schemas or their model."""
    string = {"type": "string", "minLength": 1}
    found = [{"name": name, "in": "path", "required": True, "schema": string} for name in entry.view_args]
    if isinstance(declared.query, str):
        model = schemas[models[declared.query]["$ref"].rsplit("/", 1)[1]]
        required = set(model.get("required", ()))
        query = [(name, schema, name in required) for name, schema in model["properties"].items()]
    else:
        query = [(name, dict(schema), False) for name, schema in declared.query.items()]
    return found + [{"name": name, "in": "query", "required": needed, "schema": s} for name, s, needed in query]


def responses(entry: RouteEntry, declared: Takes, answer: Answers) -> dict[str, Any]:
    """The success answer, the errors the route's shape implies and those it declared."""
    success: dict[str, Any] = {"description": HTTPStatus(answer.status).phrase}
    if answer.media:
        success["content"] = {media: {"schema": _media_schema(media, answer)} for media in answer.media}
    else:
        success["headers"] = {"Location": {"schema": {"type": "string"}, "description": "where to go"}}
    found: dict[str, Any] = {str(answer.status): success}
    for status in error_statuses(entry, declared, answer):
        found[str(status)] = (
            {"$ref": f"#/components/responses/{_error_name(status)}"} if status in ERRORS else error_response(status)
        )
    page = {HTML: {"schema": {"type": "string"}}}
    for status in answer.pages:
        found[str(status)] = {"description": HTTPStatus(status).phrase, "content": page}
    return dict(sorted(found.items()))


def error_responses() -> dict[str, Any]:
    """The usual error statuses, each answered with the one error shape, by name (``components.responses``)."""
    return {_error_name(status): error_response(status) for status in ERRORS}


def error_response(status: int) -> dict[str, Any]:
    description = ERRORS.get(status, HTTPStatus(status).phrase)
    return {"description": description, "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _error_name(status: int) -> str:
    return HTTPStatus(status).phrase.title().replace(" ", "")


def error_statuses(entry: RouteEntry, declared: Takes, answer: Answers) -> set[int]:
    """The statuses a route answers with the JSON error shape."""
    statuses = {429, 500, *answer.errors}
    if entry.authorizer is not None:
        statuses |= {401, 403}
    if declared.body or declared.form or declared.query:
        statuses.add(400)
    if declared.body or declared.form:
        statuses |= {413, 415}
    if entry.view_args and HTML not in answer.media:
        statuses.add(404)
    # A refusal the route answers as a page is not also answered as JSON.
    return statuses - set(answer.pages)


def _media_schema(media: str, answer: Answers) -> dict[str, Any]:
    return dict(answer.returns) if media == JSON else {"type": "string"}
