"""Update notices: what a candidate who already has their notice is told when its facts change.

One update says everything that changed since the candidate was last told: an update still on its way
(queued, or failed for HR to resend) is replaced by one that says what it said and what changed since.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.services.common.records import Interview, NoticeState
from chalicelib.services.notices.content import NoticeKind
from chalicelib.vocabulary import NoticeFact, NoticeStatus

_ON_ITS_WAY = frozenset({NoticeStatus.QUEUED, NoticeStatus.FAILED})


def untold(notice: NoticeState) -> tuple[NoticeFact, ...]:
    """The facts an update still on its way says changed; () when none is on its way."""
    if notice.kind != NoticeKind.UPDATE or notice.status not in _ON_ITS_WAY:
        return ()
    # An update that names no facts is a reschedule's: it says the time moved.
    return notice.changed or (NoticeFact.TIME,)


def moved(notice: NoticeState) -> tuple[NoticeFact, ...] | None:
    """What the update of a reschedule says changed: None (the time moved, in the update's own words)
    unless an update still on its way also says other facts changed."""
    earlier = untold(notice)
    if set(earlier) <= {NoticeFact.TIME}:
        return None
    return _merged(earlier, [NoticeFact.TIME])


def told_of(interview: Interview, facts: Iterable[NoticeFact]) -> Interview:
    """``interview`` with one update queued that says ``facts`` changed (and what an update still on its
    way said); the raised sequence retires that one, so the candidate gets one email."""
    notice = interview.notice
    return interview.with_notice(
        status=NoticeStatus.QUEUED,
        kind=NoticeKind.UPDATE.value,
        sequence=notice.sequence + 1,
        changed=_merged(untold(notice), facts),
        held_for=(),
    )


def _merged(earlier: Iterable[NoticeFact], later: Iterable[NoticeFact]) -> tuple[NoticeFact, ...]:
    return tuple(dict.fromkeys([*earlier, *later]))
