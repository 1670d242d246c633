"""The HR web app at ``GET /`` and the scripts and stylesheets of ShowUp's pages at ``GET /static/{name}``.

The page itself needs no token (it asks for one); every API call its scripts make sends it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from chalice import Response
from chalice.app import Request

from chalicelib import deps
from chalicelib.api.contract import HTML, JSON, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.api.page_headers import page_headers
from chalicelib.errors import NotFound
from chalicelib.render import render
from chalicelib.vocabulary import Intent, Language, Level, ModeChoice, NoShowReason, Outcome, Role, labels

pages = Routes(__name__)

# Offered in the time zone field; any other IANA zone can still be typed in.
COMMON_TIMEZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "UTC",
)


def choices() -> dict[str, dict[str, str]]:
    """The labels of every select on the page, from the vocabulary (the page speaks English)."""
    return {
        "levels": labels(Level, "en"),
        "languages": {language.value: f"{language.label('en')} ({language.value})" for language in Language},
        "modes": labels(ModeChoice, "en"),
        "intents": labels(Intent, "en"),
        "outcomes": labels(Outcome, "en"),
        "no_show_reasons": labels(NoShowReason, "en"),
        "roles": labels(Role, "en"),
    }


# The name carries the content's hash: a changed file is a new URL, so a copy may live for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


def html_page(request: Request, template: str, *, root: str = "", **context: Any) -> Response:
    """A page of the HR app, never framed; the browser checks it each time (304 when unchanged).

    ``root`` goes before every relative URL the page names, to reach the API's root from the page.
    """
    # Loaded by the first page asked for: most of the app's Lambdas never serve one.
    from chalicelib.api.assets import assets

    files = assets()
    body = render(
        template,
        static=lambda file: f"{root}static/{files.name(file)}",
        # JSON modules are fetched by the module that imports them: modulepreload is for scripts.
        preloads=lambda entry: [f"{root}static/{name}" for name in files.module_graph(entry) if name.endswith(".js")],
        root=root,
        **context,
    )
    etag = '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:20] + '"'
    headers: dict[str, str | list[str]] = {
        **page_headers(scripts=True, forms=False),
        "Cache-Control": "no-cache",
        "ETag": etag,
    }
    if request.headers.get("If-None-Match") == etag:
        return Response(body="", status_code=304, headers=headers)
    return Response(body=body, status_code=200, headers={"Content-Type": "text/html; charset=utf-8", **headers})


def root_from(request: Request) -> str:
    """How the HR page, at the API's root, reaches that root: "" at "/api/", but "api/" at "/api".

    Deployed, API Gateway serves the root with or without its slash; without it, "static/…" would
    resolve beside the stage ("/static/…") instead of under it.
    """
    path = str((request.context or {}).get("path") or "/")
    return "" if path.endswith("/") else path.rsplit("/", 1)[-1] + "/"


@pages.route("/", methods=["GET"])
@accepts()
@answers(media=(HTML,))
def hr_app() -> Response:
    request = pages.current_request
    settings = deps.settings()
    return html_page(
        request,
        "web/index.html",
        root=root_from(request),
        default_language=settings.default_language,
        **choices(),
        timezones=COMMON_TIMEZONES,
        company_timezone=settings.company_timezone,
    )


@pages.route("/static/{name}", methods=["GET"])
@accepts()
@answers(media=("text/javascript", "text/css", JSON))
def static_file(name: str) -> Response:
    """A script or stylesheet by its hashed name; an unknown or outdated name is a 404."""
    from chalicelib.api.assets import assets

    asset = assets().served(name)
    if asset is None:
        raise NotFound(f"No file {name}")
    return Response(
        body=asset.body,
        status_code=200,
        headers={"Content-Type": asset.content_type, "Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff"},
    )
