"""Candidate pages behind signed links: GET shows, POST acts (mail scanners prefetch GETs).

Every answer under ``/c/`` and ``/s/`` carries the pages' security headers, error answers
included (``candidate_headers``, an HTTP middleware): these URLs hold the link token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from chalice import Response
from chalice.app import Request

from chalicelib import deps
from chalicelib.api.contract import HTML, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.api.page_headers import page_headers
from chalicelib.render import render
from chalicelib.services.common.clock import LocalTime, localize
from chalicelib.services.notices.links import BadLink
from chalicelib.store import actor

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview

candidate = Routes(__name__)

_FORM = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]
_PATHS = ("/c/", "/s/")
# A link that leads nowhere (tampered, expired, superseded), to a closed interview, or to erased data.
PAGES = (403, 409, 410)
_HEADERS = {
    **page_headers(scripts=False, forms=True),
    # Personal data behind a secret URL: kept by no cache and listed by no search engine.
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}


def candidate_headers(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """Give every answer on a candidate path the pages' security headers (registered before the error mapping)."""
    response = get_response(event)
    if str(event.path).startswith(_PATHS):
        response.headers.update(_HEADERS)
    return response


def _page(template: str, status: int, language: str, **context: Any) -> Response:
    from chalicelib.api.assets import assets

    request = candidate.current_request
    # Relative, as every link of these pages: from /c/{token}/confirm the API's root is "../../".
    root = "../" * (str(request.path).count("/") - 1 if request is not None else 1)
    stylesheet = f"{root}static/{assets().name('candidate.css')}"
    html = render(f"candidate/{template}", lang=language, t=TEXT[language], stylesheet=stylesheet, **context)
    return Response(body=html, status_code=status, headers={"Content-Type": "text/html; charset=utf-8"})


def _language(interview: Interview | None = None) -> str:
    chosen = (interview.candidate.language if interview else None) or deps.settings().default_language
    return chosen if chosen in TEXT else "en"


def _refused(reason: str) -> Response:
    if reason == "erased":
        # Neutral: whoever holds the link learns nothing about the interview or the person.
        return _page("gone.html", 410, _language())
    return _page("refused.html", 403, _language(), reason=reason)


def _closed(interview: Interview) -> Response:
    return _page("closed.html", 409, _language(interview), interview=interview, start=_start(interview))


def _start(interview: Interview) -> LocalTime:
    from datetime import datetime

    return localize(datetime.fromisoformat(interview.starts_at), interview.timezone)


def _interview_page(
    find: Callable[[], Interview], *, done: str | None, base: str, status: int = 200, reason_refused: bool = False
) -> Response:
    """The interview page for the interview ``find`` returns, or the page saying why the link leads nowhere."""
    from chalicelib.services.notices.responses import InterviewClosed

    try:
        interview = find()
    except BadLink as exc:
        return _refused(exc.reason)
    except InterviewClosed as closed:
        return _closed(closed.interview)
    language = _language(interview)
    problem = TEXT[language]["reason_refused"] if reason_refused else None
    context = {"interview": interview, "start": _start(interview), "done": done, "base": base, "problem": problem}
    return _page("page.html", status, language, **context)


@candidate.route("/s/{code}", methods=["GET"])
@accepts()
@answers(302, media=(), pages=(403,))
def short_link(code: str) -> Response:
    """SMS links are short; they redirect to the signed page (which does all the checking)."""
    from chalicelib.services.notices.delivery import short_link_key, short_link_token

    item = deps.ledger().get(short_link_key(code)) if code.isalnum() and len(code) <= 16 else None
    token = short_link_token(item, deps.link_signer()) if item is not None else None
    if token is None:
        return _refused("unknown")
    # Relative, so it works behind API Gateway's stage prefix too.
    return Response(body="", status_code=302, headers={"Location": f"../c/{token}"})


@candidate.route("/c/{token}", methods=["GET"])
@accepts()
@answers(media=(HTML,), pages=PAGES)
def show(token: str) -> Response:
    responses, now = deps.candidate_responses(), deps.now()
    # Relative form actions: from /c/{token} the forms post to {token}/confirm.
    return _interview_page(lambda: responses.open(token, now=now), done=None, base=f"{token}/")


def _act(token: str, answer: str) -> Response:
    from chalicelib.characters import problem
    from chalicelib.services.notices.responses import Action

    action = Action(answer)
    request = candidate.current_request
    raw = request.raw_body if request is not None else b""
    form = parse_qs(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw or "")
    reason = (form.get("reason") or [""])[0].strip()
    responses, now = deps.candidate_responses(), deps.now()
    # Answered at /c/{token}/<action>: the next answer posts to a sibling path.
    if problem(reason, one_line=False):
        # The page again, nothing changed, the reason field marked for the candidate to fix.
        return _interview_page(
            lambda: responses.open(token, now=now), done=None, base="", status=400, reason_refused=True
        )
    with actor.acting_for_candidate():
        return _interview_page(
            lambda: responses.respond(token, action, now=now, reason=reason)[0], done=action, base=""
        )


@candidate.route("/c/{token}/confirm", methods=["POST"], content_types=_FORM)
@accepts(form=("reason",))
@answers(media=(HTML,), pages=(400, *PAGES))
def confirm(token: str) -> Response:
    return _act(token, "confirm")


@candidate.route("/c/{token}/decline", methods=["POST"], content_types=_FORM)
@accepts(form=("reason",))
@answers(media=(HTML,), pages=(400, *PAGES))
def decline(token: str) -> Response:
    return _act(token, "decline")


@candidate.route("/c/{token}/reschedule", methods=["POST"], content_types=_FORM)
@accepts(form=("reason",))
@answers(media=(HTML,), pages=(400, *PAGES))
def reschedule(token: str) -> Response:
    return _act(token, "reschedule")


TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "面试安排",
        "when": "时间",
        "where": "地址",
        "route": "路线",
        "contact": "联系人",
        "role": "职位",
        "minutes": "分钟",
        "confirm": "确认参加",
        "decline": "不参加了",
        "reschedule": "申请改期",
        "reason": "原因或方便的时间（选填）",
        "done_confirm": "已确认，谢谢！我们面试见。面试前一天我们会再提醒您。",
        "done_decline": "已收到您不参加的答复，谢谢告知。",
        "done_reschedule": "已收到改期申请，HR 会尽快联系您。",
        "status": "当前状态",
        "refused_title": "链接无效",
        "refused_text": "这个链接已失效（可能已过期、被修改，或面试时间已更新）。"
        "请使用最新邮件中的链接，或直接联系 HR。",
        "closed_title": "面试已取消或已结束",
        "closed_text": "这场面试已不再接受回复。如有疑问请联系 HR。",
        "gone_title": "页面已不再提供",
        "gone_text": "这个链接对应的内容已不再提供。如有需要，请直接联系 HR。",
        "reason_refused": "原因中含有看不见的控制字符，请重新输入后再提交。",
    },
    "en": {
        "title": "Your interview",
        "when": "When",
        "where": "Where",
        "route": "Getting there",
        "contact": "Contact",
        "role": "Role",
        "minutes": "minutes",
        "confirm": "I'll be there",
        "decline": "I can't come",
        "reschedule": "Ask to reschedule",
        "reason": "Reason or times that suit you (optional)",
        "done_confirm": "Confirmed, thank you! See you there; we will remind you the day before.",
        "done_decline": "Thank you for letting us know you won't come.",
        "done_reschedule": "We received your request; HR will contact you shortly.",
        "status": "Status",
        "refused_title": "This link no longer works",
        "refused_text": "The link has expired, was altered, or the interview has changed. "
        "Please use the link in the latest email, or contact HR directly.",
        "closed_title": "This interview is closed",
        "closed_text": "This interview was cancelled or has already taken place. Please contact HR with any questions.",
        "gone_title": "This page is no longer available",
        "gone_text": "What this link showed is no longer available. Please contact HR directly if you need anything.",
        "reason_refused": "The reason contains an invisible control character. Please type it again and send it.",
    },
}
