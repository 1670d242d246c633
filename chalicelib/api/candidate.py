"""Candidate pages behind signed links: GET shows, POST acts (mail scanners prefetch GETs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from chalice import Response

from chalicelib import deps
from chalicelib.api.middleware import Routes
from chalicelib.render import render
from chalicelib.services.common.clock import LocalTime, localize
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.links import BadLink

candidate = Routes(__name__)

_FORM = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]


def _page(template: str, status: int, language: str, **context: Any) -> Response:
    html = render(f"candidate/{template}", lang=language, t=TEXT[language], **context)
    return Response(
        body=html,
        status_code=status,
        headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            # The token is in the URL: never leak it to other sites.
            "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex",
        },
    )


def _language(interview: Interview | None = None) -> str:
    chosen = (interview.candidate.language if interview else None) or deps.settings().default_language
    return chosen if chosen in TEXT else "en"


def _refused(reason: str) -> Response:
    return _page("refused.html", 403, _language(), reason=reason)


def _closed(interview: Interview) -> Response:
    return _page("closed.html", 409, _language(interview), interview=interview, start=_start(interview))


def _start(interview: Interview) -> LocalTime:
    from datetime import datetime

    return localize(datetime.fromisoformat(interview.starts_at), interview.timezone)


@candidate.route("/s/{code}", methods=["GET"])
def short_link(code: str) -> Response:
    """SMS links are short; they redirect to the signed page (which does all the checking)."""
    from chalicelib.services.notices.delivery import short_link_key

    item = deps.ledger().get(short_link_key(code)) if code.isalnum() and len(code) <= 16 else None
    if item is None:
        return _refused("unknown")
    # Relative, so it works behind API Gateway's stage prefix too.
    return Response(
        body="", status_code=302, headers={"Location": f"../c/{item['token']}", "Cache-Control": "no-store"}
    )


@candidate.route("/c/{token}", methods=["GET"])
def show(token: str) -> Response:
    from chalicelib.services.notices.responses import InterviewClosed

    try:
        interview = deps.candidate_responses().open(token, now=deps.now())
    except BadLink as exc:
        return _refused(exc.reason)
    except InterviewClosed as closed:
        return _closed(closed.interview)
    language = _language(interview)
    # Relative form actions: from /c/{token} the forms post to {token}/confirm.
    return _page("page.html", 200, language, interview=interview, start=_start(interview), done=None, base=f"{token}/")


def _act(token: str, answer: str) -> Response:
    from chalicelib.services.notices.responses import Action, InterviewClosed

    action = Action(answer)
    request = candidate.current_request
    raw = request.raw_body if request is not None else b""
    form = parse_qs(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw or "")
    reason = (form.get("reason") or [""])[0].strip()
    responses = deps.candidate_responses()
    try:
        interview, _changed = responses.respond(token, action, now=deps.now(), reason=reason)
    except BadLink as exc:
        return _refused(exc.reason)
    except InterviewClosed as closed:
        return _closed(closed.interview)
    language = _language(interview)
    # Answered at /c/{token}/<action>: the next answer posts to a sibling path.
    return _page("page.html", 200, language, interview=interview, start=_start(interview), done=action, base="")


@candidate.route("/c/{token}/confirm", methods=["POST"], content_types=_FORM)
def confirm(token: str) -> Response:
    return _act(token, "confirm")


@candidate.route("/c/{token}/decline", methods=["POST"], content_types=_FORM)
def decline(token: str) -> Response:
    return _act(token, "decline")


@candidate.route("/c/{token}/reschedule", methods=["POST"], content_types=_FORM)
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
    },
}
