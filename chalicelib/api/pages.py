"""The HR web app at ``GET /``: one page, plain JavaScript, talking to the HR JSON API.

The page itself needs no token (it asks for one); every API call it makes sends it.
"""

from __future__ import annotations

import secrets
from typing import Any

from chalice import Response

from chalicelib import deps
from chalicelib.api.middleware import Routes
from chalicelib.render import render
from chalicelib.vocabulary import Intent, Language, Level, ModeChoice, NoShowReason, Outcome, labels

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
    }


def content_security_policy(nonce: str) -> str:
    """Only our own inline script and style may run: a stolen sessionStorage token is the risk."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'nonce-{nonce}'",
            f"style-src 'nonce-{nonce}'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


def html_page(template: str, **context: Any) -> Response:
    """A page of the HR app: rendered with a fresh CSP nonce, never cached, never framed."""
    nonce = secrets.token_urlsafe(16)
    return Response(
        body=render(template, nonce=nonce, **context),
        status_code=200,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": content_security_policy(nonce),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            # The nonce changes per response, so a cached copy would carry a stale one.
            "Cache-Control": "no-store",
        },
    )


@pages.route("/", methods=["GET"])
def hr_app() -> Response:
    settings = deps.settings()
    return html_page(
        "web/index.html",
        default_language=settings.default_language,
        **choices(),
        timezones=COMMON_TIMEZONES,
        company_timezone=settings.company_timezone,
    )
