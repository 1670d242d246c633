"""The OpenAPI document: generated from the routes and their declarations, valid OpenAPI 3.1, complete, and served.

A route added without ``@accepts(...)`` beside it fails here, and so does a body model that is not a
strict pydantic model: the document (and the property-based test that runs from it) would miss it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from chalice import Chalice
from chalice.test import Client
from openapi_spec_validator import OpenAPIV31SpecValidator

from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import DAY, accepts, answers, gives, takes
from chalicelib.api.middleware import Routes
from chalicelib.api.openapi import document, request_model
from chalicelib.vocabulary import Role
from tests.support.api import body_of

ROOT = Path(__file__).resolve().parent.parent


def app_document() -> dict[str, Any]:
    from app import app

    return document(app)


def routes(app: Chalice) -> list[tuple[str, str, Any]]:
    return [(path, method, entry) for path, methods in app.routes.items() for method, entry in methods.items()]


def test_the_document_is_valid_openapi_3_1() -> None:
    spec = app_document()

    assert spec["openapi"] == "3.1.0"
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in OpenAPIV31SpecValidator(spec).iter_errors()
    ]
    assert errors == []


def test_every_route_declares_what_it_takes() -> None:
    from app import app

    undeclared = [f"{method} {path}" for path, method, entry in routes(app) if takes(entry.view_function) is None]

    assert undeclared == [], (
        "declare beside each route what it takes: "
        '@accepts("chalicelib.models.Model"), @accepts(query={...}) or @accepts()'
    )


def test_every_route_of_the_app_is_in_the_document_with_its_path_parameters() -> None:
    from app import app

    spec = app_document()

    served = {(path, method.lower()) for path, method, _ in routes(app)}
    assert {(path, method) for path, item in spec["paths"].items() for method in item} == served
    for path, method, entry in routes(app):
        parameters = spec["paths"][path][method.lower()]["parameters"]
        assert [p["name"] for p in parameters if p["in"] == "path"] == entry.view_args


def test_every_body_names_a_strict_pydantic_model_whose_schema_is_in_the_components() -> None:
    from app import app

    spec = app_document()

    for path, method, entry in routes(app):
        declared = takes(entry.view_function)
        if declared is None or declared.body is None:
            continue
        model = request_model(declared.body)
        assert model.model_config.get("extra") == "forbid", (
            f"{method} {path}: {model.__name__} must refuse unknown fields"
        )
        body = spec["paths"][path][method.lower()]["requestBody"]
        assert body["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model.__name__}"}
        assert model.__name__ in spec["components"]["schemas"]
    assert "$defs" not in json.dumps(spec)


def test_hr_routes_need_the_bearer_token_and_name_their_role_and_the_rest_are_public() -> None:
    from app import app

    spec = app_document()

    assert spec["components"]["securitySchemes"]["hrToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "an HR token",
    }
    for path, method, entry in routes(app):
        found = spec["paths"][path][method.lower()]
        if entry.authorizer is None:
            # A web hook is public too: its signature, checked by the route, is what a 401 refuses.
            signed = 401 in gives(entry.view_function).errors
            assert found["security"] == [] and ("401" in found["responses"]) == signed
        else:
            assert found["security"] == [{"hrToken": []}]
            assert found["x-showup-role"] == entry.view_function.required_role.value
            assert {"401", "403"} <= set(found["responses"])


def test_every_json_error_refers_to_the_one_error_shape() -> None:
    spec = app_document()
    shared = spec["components"]["responses"]

    for item in spec["paths"].values():
        for found in item.values():
            for status, answer in found["responses"].items():
                if int(status) < 400:
                    continue
                answer = shared[answer["$ref"].rsplit("/", 1)[1]] if "$ref" in answer else answer
                if "application/json" in answer["content"]:
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
                else:
                    assert set(answer["content"]) == {"text/html"}
            assert {"429", "500"} <= set(found["responses"])
    assert spec["components"]["schemas"]["Error"]["required"] == ["error", "message"]


def test_creating_answers_201_and_bad_input_400_and_candidate_pages_refuse_with_a_page() -> None:
    responses = app_document()["paths"]

    assert "201" in responses["/positions"]["post"]["responses"]
    assert "201" in responses["/interviews"]["post"]["responses"]
    assert responses["/interviews"]["post"]["responses"]["400"] == {"$ref": "#/components/responses/BadRequest"}
    assert responses["/interviews/{interview_id}/reschedule"]["post"]["responses"]["409"] == {
        "$ref": "#/components/responses/Conflict"
    }
    confirm = responses["/c/{token}/confirm"]["post"]
    assert set(confirm["responses"]["403"]["content"]) == {"text/html"}
    assert set(confirm["requestBody"]["content"]) == {"application/x-www-form-urlencoded"}
    listing = {p["name"]: p for p in responses["/interviews"]["get"]["parameters"]}
    # Declared by a schema or by the query's model, whose optional fields may also be null.
    assert '"format": "date"' in json.dumps(listing["date"]["schema"]) and not listing["date"]["required"]


def test_a_route_added_with_a_declaration_is_documented_from_it_and_one_without_is_not_declared() -> None:
    extra = Routes("extra")

    @extra.route("/things/{thing_id}", methods=["PATCH"], authorizer=hr_token)
    @requires(Role.RECRUITER)
    @accepts("chalicelib.models.NoticeIn", query={"day": DAY})
    @answers(errors=(409,))
    def patch_thing(thing_id: str) -> dict[str, Any]:
        return {}

    @extra.route("/things", methods=["POST"])
    def forgotten() -> dict[str, Any]:
        return {}

    @extra.route("/things", methods=["GET"])
    @accepts(query="chalicelib.models.RescheduleIn")
    def find_things() -> dict[str, Any]:
        return {}

    app = Chalice("extra")
    app.register_blueprint(extra)
    spec = document(app)

    patch = spec["paths"]["/things/{thing_id}"]["patch"]
    assert patch["requestBody"] == {
        "required": False,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoticeIn"}}},
    }
    assert [p["name"] for p in patch["parameters"]] == ["thing_id", "day"]
    assert {"400", "401", "403", "404", "409", "413", "415", "429", "500"} == set(patch["responses"]) - {"200"}
    assert patch["x-showup-role"] == "recruiter"
    assert takes(app.routes["/things"]["POST"].view_function) is None
    by_model = {p["name"]: p for p in spec["paths"]["/things"]["get"]["parameters"]}
    assert by_model["timezone"] == {
        "name": "timezone",
        "in": "query",
        "required": True,
        "schema": {"title": "Timezone", "type": "string"},
    }
    assert by_model["starts_at"]["schema"]["format"] == "date-time"
    assert not list(OpenAPIV31SpecValidator(spec).iter_errors())


def test_a_declared_body_that_is_not_a_model_is_refused() -> None:
    with pytest.raises(TypeError, match="not a pydantic model"):
        request_model("chalicelib.models.dump")


def test_the_document_is_served_to_anyone_and_may_be_cached(client: Client) -> None:
    response = client.http.get("/openapi.json")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"].startswith("public")
    assert body_of(response) == json.loads(json.dumps(app_document()))
    again = client.http.get("/openapi.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.body == b""


def test_the_readme_links_the_document() -> None:
    assert "/openapi.json" in (ROOT / "README.md").read_text(encoding="utf-8")
