"""Interview notices built the way ShowUp builds them: stored records from the real services on in-memory fakes.

A zh-CN and an en position and interview, each with every fact a notice states, and the notices composed from them.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from chalicelib.models import InterviewIn, PositionIn, RescheduleIn
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.notices.content import CandidateLinks, Notice, NoticeKind, compose
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from tests.support.api import interview_body, position_body
from tests.support.clock import NOW
from tests.support.fakes import InMemoryInterviews, InMemoryPositions

SENDER = "interviews@showup.test"
PAGE = "https://showup.test/api/c/Ab12Cd"
LINKS = CandidateLinks(page=PAGE, confirm=f"{PAGE}#confirm", decline=f"{PAGE}#decline", reschedule=f"{PAGE}#reschedule")

WHY_EN = {
    "benefits": "Five-day week, 15 days of paid leave, health insurance for the family",
    "promotion": "Promotion review twice a year; two seniors promoted last year",
    "manager_style": "Direct, reviews every pull request, weekly one-to-one",
}
WHY_ZH = {
    "benefits": "双休，年假 15 天，家属商业医疗保险",
    "promotion": "每年两次晋升评审，去年两位同事晋升高级工程师",
    "manager_style": "直接坦率，每个合并请求都评审，每周一对一沟通",
}


class Desk:
    """Positions and interviews created through the services, exactly as they are stored."""

    def __init__(self) -> None:
        self.positions = InMemoryPositions()
        self.interviews = InMemoryInterviews()
        self.service = InterviewService(positions=self.positions, interviews=self.interviews)  # type: ignore[arg-type]

    def position(self, **overrides: Any) -> Position:
        service = PositionService(positions=self.positions)  # type: ignore[arg-type]
        return service.create(PositionIn(**position_body(**overrides)), now=NOW)

    def interview(self, position: Position, **overrides: Any) -> Interview:
        return self.service.schedule(InterviewIn(**interview_body(position.position_id, **overrides)), now=NOW)

    def reschedule(self, interview: Interview, starts_at: str, timezone: str = "Asia/Shanghai") -> Interview:
        request = RescheduleIn.model_validate({"starts_at": starts_at, "timezone": timezone})
        return self.service.reschedule(interview.interview_id, request, now=NOW + timedelta(hours=1))

    def cancel(self, interview: Interview) -> Interview:
        return self.service.cancel(interview.interview_id, now=NOW + timedelta(hours=2))


def zh_position(desk: Desk, **overrides: Any) -> Position:
    body: dict[str, Any] = {
        "title": "前端工程师",
        "work_location": "上海市浦东新区张江",
        "responsibilities": "负责招聘系统前端开发（TypeScript）；\n负责可访问性与自动化测试。",
        "contact": {"name": "李伟", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"},
        **WHY_ZH,
    }
    return desk.position(**{**body, **overrides})


def zh_interview(desk: Desk, position: Position, **overrides: Any) -> Interview:
    body: dict[str, Any] = {
        "candidate": {
            "name": "张三",
            "email": "zhang.san@example.com",
            "phone": "+86 138 0013 8000",
            "language": "zh-CN",
        },
        "address": "上海市浦东新区世纪大道88号12楼",
        "city": "上海",
        "transit": "地铁2号线陆家嘴站6号口出，步行5分钟",
        "latitude": 31.2397,
        "longitude": 121.4998,
        "channels": ["email", "sms"],
    }
    return desk.interview(position, **{**body, **overrides})


def en_position(desk: Desk, **overrides: Any) -> Position:
    return desk.position(**{**WHY_EN, **overrides})


def en_interview(desk: Desk, position: Position, **overrides: Any) -> Interview:
    body: dict[str, Any] = {
        "candidate": {
            "name": "Zhang San",
            "email": "zhang.san@example.com",
            "phone": "+8613800138000",
            "language": "en",
        },
        "channels": ["email", "sms"],
    }
    return desk.interview(position, **{**body, **overrides})


def records(
    language: str, mode: str = "notification", *, desk: Desk | None = None, **overrides: Any
) -> tuple[Interview, Position]:
    """A stored (interview, position) pair in ``language`` with the notice ``mode`` HR chose."""
    desk = desk or Desk()
    if language == "zh-CN":
        position = zh_position(desk)
        return zh_interview(desk, position, mode=mode, **overrides), position
    position = en_position(desk)
    return en_interview(desk, position, mode=mode, **overrides), position


def notice_for(
    kind: NoticeKind | str,
    interview: Interview,
    position: Position,
    links: CandidateLinks | None = LINKS,
    **kw: Any,
) -> Notice:
    return compose(kind, interview, position, links, default_language="zh-CN", sender=SENDER, **kw)


@functools.cache
def composed(kind: NoticeKind, mode: str, language: str) -> Notice:
    interview, position = records(language, mode)
    return notice_for(kind, interview, position)
