"""Every text field of every request (body or query string) refuses invisible control characters with a
400 naming it.

The fields are found by walking the request models, so a field or a model added later is covered
(or this test says which model it does not know how to send).
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin
from urllib.parse import urlencode

import pytest
from pydantic import BaseModel

import chalicelib
from chalicelib import deps
from chalicelib.errors import BadRequest
from chalicelib.models import (
    HookInterviewIn,
    ImportQuery,
    InterviewIn,
    InterviewListQuery,
    InterviewPatch,
    PositionIn,
    PositionPatch,
    RescheduleIn,
    ResolveIn,
    SlotIn,
    TokenIn,
)
from chalicelib.services.intake.signature import showup_header
from chalicelib.services.preparation.calls import CallIn
from chalicelib.settings import Settings
from chalicelib.validation import parse, parse_query
from tests.support.api import Api, create_position, interview_body, position_body
from tests.support.aws import nothing_written
from tests.support.clock import NOW

CONTACT = {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"}
CANDIDATE = {
    "name": "Zhang San",
    "email": "zhang.san@example.com",
    "phone": "+86 138 0013 8000",
    "skills": ["typescript"],
    "language": "zh-CN",
}
# The HR page's text areas: the only fields where a line break belongs.
MULTI_LINE = {
    "responsibilities",
    "requirements",
    "benefits",
    "promotion",
    "manager_style",
    "transit",
    "what_to_bring",
    "notes",
}
INVISIBLE = "This contains an invisible control character (U+0000): remove it."
ONE_LINE_PROBLEMS = {
    "\n": "Keep this on one line: remove the line break.",
    "\r\n": "Keep this on one line: remove the line break.",
    "\u2028": "Keep this on one line: remove the line break.",
    "\t": "This contains a tab: replace it with a space.",
}


def bodies() -> dict[type[BaseModel], tuple[str, dict[str, Any]]]:
    """Each request model with text in it: where it is sent and a valid body holding every nested model."""
    return {
        PositionIn: ("/positions", position_body(contact=CONTACT)),
        PositionPatch: ("/positions/{position_id}", {"revision": 1, **position_body(contact=CONTACT)}),
        InterviewIn: ("/interviews", interview_body("{position_id}", candidate=CANDIDATE, contact=CONTACT)),
        RescheduleIn: (
            "/interviews/{interview_id}/reschedule",
            {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai"},
        ),
        CallIn: (
            "/interviews/{interview_id}/call",
            {"reached": True, "intent": "high", "notes": "Asked about parking"},
        ),
        TokenIn: ("/tokens", {"name": "Wang Fang", "role": "viewer", "days": 30}),
        InterviewPatch: (
            "/interviews/{interview_id}",
            {
                "revision": 1,
                "candidate": {"name": "Zhang San", "email": "zhang.san@example.com", "phone": "+86 138 0013 8000"},
                "notes": "Prefers mornings",
            },
        ),
        SlotIn: (
            "/positions/{position_id}/slots",
            {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai", "address": "1 Century Ave", "room": "301"},
        ),
        # The body is refused before the item is looked for: any item of the interview will do.
        ResolveIn: ("/inbox/{interview_id}.declined.20261127T010000Z/resolve", {"notes": "Called, all fine"}),
        # Signed by send(), as its source would.
        HookInterviewIn: (
            "/hooks/crm",
            {
                **interview_body("{position_id}", candidate=CANDIDATE),
                "external_id": "crm-4711",
                "job_id": "job-1",
                "job_title": "Front-end Engineer",
            },
        ),
    }


def send(api: Api, model: type[BaseModel], path: str, body: dict[str, Any]) -> Any:
    """``body`` sent as its route takes it: a web hook's signed with the test stage's secret for its source."""
    if not path.startswith("/hooks/"):
        return api.send(METHODS.get(model, "POST"), path, body)
    raw = json.dumps(body)
    secret = json.loads(deps.settings().hook_secrets)[path.rsplit("/", 1)[1]]
    signature = showup_header(secret, raw.encode(), int(NOW.timestamp()))
    return api.send("POST", path, raw=raw, headers={**api.headers(), "ShowUp-Signature": signature})


# Requests that are not a POST.
METHODS = {InterviewPatch: "PATCH", PositionPatch: "PATCH"}


def queries() -> dict[type[BaseModel], tuple[str, dict[str, str]]]:
    """Each query model with text in it: the route that reads it and valid parameters holding every text field."""
    return {
        InterviewListQuery: ("/interviews", {"candidate": "zhang.san@example.com", "position_id": "pos_1"}),
        ImportQuery: (
            "/imports",
            {"position_id": "pos_1", "timezone": "Asia/Shanghai", "city": "上海", "address": "88 Century Ave"},
        ),
    }


# Query models of routes that take a file as their body: sent by POST with an (empty) CSV.
POSTED_QUERIES = {ImportQuery}


def text_fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, bool]]:
    """``(dotted path, is a list)`` of every string field of ``model`` and the models inside it."""
    for name, field in model.model_fields.items():
        yield from _text_paths(field.annotation, prefix + name)


def _text_paths(annotation: Any, path: str) -> Iterator[tuple[str, bool]]:
    origin = get_origin(annotation)
    if annotation is str:
        yield path, False
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from text_fields(annotation, path + ".")
    elif origin is list:
        yield from ((item, True) for item, _ in _text_paths(get_args(annotation)[0], path))
    elif origin is Annotated:
        yield from _text_paths(get_args(annotation)[0], path)
    elif origin in (Union, types.UnionType):
        for option in get_args(annotation):
            yield from _text_paths(option, path)


def nested_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for field in model.model_fields.values():
        pending = [field.annotation]
        while pending:
            annotation = pending.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                yield annotation
                yield from nested_models(annotation)
            pending += get_args(annotation)


def request_models() -> set[type[BaseModel]]:
    """Every pydantic model defined in chalicelib (its modules do no I/O at import)."""
    for module in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
        importlib.import_module(module.name)
    found: set[type[BaseModel]] = set()
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        # Local-stage bodies (chalicelib.localdev) are refused with a 404 on every other stage, before
        # their text is read; a candidate's text may hold line breaks anyway.
        # HireHive's payload is another system's shape, its fields named by their path: tests/test_hooks.py
        # checks its text.
        elsewhere = model.__module__.startswith(("chalicelib.localdev.", "chalicelib.services.intake.hirehive"))
        if model.__module__.startswith("chalicelib.") and not elsewhere:
            found.add(model)
    return found


def with_value(body: dict[str, Any], path: str, as_list: bool, value: str) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    *parents, name = path.split(".")
    place = changed
    for parent in parents:
        place = place[parent]
    place[name] = [value] if as_list else value
    return changed


def spoiled(body: dict[str, Any], path: str, insert: str) -> str:
    """The field's valid value (or some text) with ``insert`` after its first character."""
    place: Any = body
    for part in path.split("."):
        place = place.get(part) if isinstance(place, dict) else None
    value = place[0] if isinstance(place, list) and place else place if isinstance(place, str) else "text"
    return value[:1] + insert + value[1:]


def test_every_request_model_with_text_is_known_here() -> None:
    known = set(bodies()) | set(queries())
    reached = known | {nested for model in known for nested in nested_models(model)}
    untested = {model.__name__ for model in request_models() - reached if list(text_fields(model))}
    assert untested == set(), "add these models to bodies() or queries() so their text fields are checked"


@pytest.mark.parametrize("model", list(bodies()), ids=lambda model: model.__name__)
def test_a_nul_in_any_text_field_is_a_400_naming_it_and_nothing_is_written(
    api: Api, settings: Settings, resources: dict[str, str], model: type[BaseModel]
) -> None:
    position = create_position(api)
    interview = json.loads(api.post("/interviews", interview_body(position["position_id"])).body)
    route, template = bodies()[model]
    path = route.format(interview_id=interview["interview_id"], position_id=position["position_id"])
    body = json.loads(json.dumps(template).replace("{position_id}", position["position_id"]))
    fields = list(text_fields(model))
    assert fields

    with nothing_written(settings, resources):
        for field, as_list in fields:
            sent = with_value(body, field, as_list, spoiled(body, field, "\x00"))
            response = send(api, model, path, sent)

            assert response.status_code == 400, field
            named = field + ".0" if as_list else field
            assert json.loads(response.body)["fields"] == {named: INVISIBLE}


@pytest.mark.parametrize("model", list(bodies()), ids=lambda model: model.__name__)
def test_only_the_text_area_fields_take_line_breaks_and_tabs(model: type[BaseModel]) -> None:
    template = bodies()[model][1]
    body = json.loads(json.dumps(template).replace("{position_id}", "pos_1"))
    for field, as_list in text_fields(model):
        named = field + ".0" if as_list else field
        for typed, problem in ONE_LINE_PROBLEMS.items():
            sent = json.dumps(with_value(body, field, as_list, spoiled(body, field, typed)))
            if field.rsplit(".", 1)[-1] in MULTI_LINE:
                parse(model, sent)
            else:
                with pytest.raises(BadRequest) as refused:
                    parse(model, sent)
                assert refused.value.fields == {named: problem}


@pytest.mark.parametrize("model", list(queries()), ids=lambda model: model.__name__)
def test_a_nul_in_any_text_query_parameter_is_a_400_naming_it_and_nothing_is_written(
    api: Api, settings: Settings, resources: dict[str, str], model: type[BaseModel]
) -> None:
    route, params = queries()[model]
    fields = [field for field, _ in text_fields(model)]
    assert fields

    with nothing_written(settings, resources):
        for field in fields:
            url = f"{route}?{urlencode({**params, field: spoiled(params, field, chr(0))})}"
            if model in POSTED_QUERIES:
                response = api.post(url, raw="", headers={**api.headers(), "Content-Type": "text/csv"})
            else:
                response = api.get(url)

            assert response.status_code == 400, field
            assert json.loads(response.body)["fields"] == {field: INVISIBLE}


@pytest.mark.parametrize("model", list(queries()), ids=lambda model: model.__name__)
def test_no_query_parameter_takes_line_breaks_or_tabs(model: type[BaseModel]) -> None:
    params = queries()[model][1]
    for field, _ in text_fields(model):
        for typed, problem in ONE_LINE_PROBLEMS.items():
            sent = {**params, field: spoiled(params, field, typed)}
            with pytest.raises(BadRequest) as refused:
                parse_query(model, {name: [value] for name, value in sent.items()})
            assert refused.value.fields == {field: problem}
