"""The HR web app at ``GET /`` and the scripts and stylesheets of ShowUp's pages at ``GET /static/{name}``.

The page itself needs no token (it asks for one); every API call its scripts make sends it. Pages
speak the company's language (``DEFAULT_LANGUAGE``) until the person picks the other one with the
switch in the top bar (``?lang=en``), which a cookie keeps for the next visit.
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
from chalicelib.text import LANGUAGES, words
from chalicelib.vocabulary import (
    Attendance,
    Commitment,
    CommitmentAnswer,
    Intent,
    Language,
    Level,
    ModeChoice,
    NoShowReason,
    Outcome,
    Role,
    TimeZone,
    labels,
)

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


# The cookie that keeps the language picked with the switch; a year, like any preference.
LANGUAGE_COOKIE = "showup_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


def choices(language: str) -> dict[str, dict[str, str]]:
    """The labels of every select on the page, from the vocabulary, in the page's language."""
    return {
        "levels": labels(Level, language),
        "languages": {member.value: f"{member.label(language)} ({member.value})" for member in Language},
        "modes": labels(ModeChoice, language),
        "intents": labels(Intent, language),
        "attendances": labels(Attendance, language),
        "commitments": labels(Commitment, language),
        "commitment_answers": labels(CommitmentAnswer, language),
        "outcomes": labels(Outcome, language),
        "no_show_reasons": labels(NoShowReason, language),
        "roles": labels(Role, language),
    }


def page_language(request: Request) -> tuple[str, bool]:
    """The language to speak and whether the person just picked it (``?lang=``), else the cookie's or the company's."""
    picked = request.query_params.get("lang", "") if request.query_params else ""
    if picked in LANGUAGES:
        return picked, True
    for cookie in (request.headers.get("cookie") or "").split(";"):
        name, _, value = cookie.strip().partition("=")
        if name == LANGUAGE_COOKIE and value in LANGUAGES:
            return value, False
    return deps.settings().default_language, False


# The name carries the content's hash: a changed file is a new URL, so a copy may live for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


def html_page(request: Request, template: str, *, root: str = "", **context: Any) -> Response:
    """A page of the HR app, never framed; the browser checks it each time (304 when unchanged).

    ``root`` goes before every relative URL the page names, to reach the API's root from the page.
    """
    # Loaded by the first page asked for: most of the app's Lambdas never serve one.
    from chalicelib.api.assets import assets

    files = assets()
    language, picked = page_language(request)
    body = render(
        template,
        static=lambda file: f"{root}static/{files.name(file)}",
        # JSON modules are fetched by the module that imports them: modulepreload is for scripts.
        preloads=lambda entry: [f"{root}static/{name}" for name in files.module_graph(entry) if name.endswith(".js")],
        root=root,
        lang=language,
        t=words(language),
        **context,
    )
    etag = '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:20] + '"'
    headers: dict[str, str | list[str]] = {
        **page_headers(scripts=True, forms=False),
        "Cache-Control": "no-cache",
        "ETag": etag,
        # The same address reads in either language: a shared cache must keep them apart.
        "Vary": "Cookie",
    }
    if picked:
        # Not Secure: a language preference is no secret, and `make run` serves plain HTTP.
        headers["Set-Cookie"] = f"{LANGUAGE_COOKIE}={language}; Path=/; Max-Age={LANGUAGE_COOKIE_AGE}; SameSite=Lax"
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
    language, _ = page_language(request)
    return html_page(
        request,
        "web/index.html",
        root=root_from(request),
        default_language=settings.default_language,
        **choices(language),
        # Each offered zone with the name people call it (北京时间), shown beside it in the list.
        timezones={zone: TimeZone.everyday_name(zone, language) or "" for zone in COMMON_TIMEZONES},
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
