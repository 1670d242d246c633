"""The HR web app at ``GET /``: one page, plain JavaScript, talking to the HR JSON API.

The page itself needs no token (it asks for one); every API call it makes sends it.
"""

from __future__ import annotations

import secrets

from chalice import Blueprint, Response

from chalicelib import deps
from chalicelib.models import Language, Level, ModeChoice
from chalicelib.render import render

pages = Blueprint(__name__)

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

LEVEL_NAMES = {level: level.value.title() for level in Level}
LANGUAGE_NAMES = {Language.ZH_CN: "Chinese (zh-CN)", Language.EN: "English (en)"}
MODE_NAMES = {
    ModeChoice.AUTO: "Auto (ShowUp decides)",
    ModeChoice.NOTIFICATION: "Notification (short, factual)",
    ModeChoice.INVITATION: "Invitation (warm, sells the role)",
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


@pages.route("/", methods=["GET"])
def hr_app() -> Response:
    nonce = secrets.token_urlsafe(16)
    settings = deps.settings()
    html = render(
        "web/index.html",
        nonce=nonce,
        levels=LEVEL_NAMES,
        languages=LANGUAGE_NAMES,
        default_language=settings.default_language,
        modes=MODE_NAMES,
        timezones=COMMON_TIMEZONES,
        company_timezone=settings.company_timezone,
    )
    return Response(
        body=html,
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
