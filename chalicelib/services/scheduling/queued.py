"""The notices that interview writes ask for, put on the outbox once the write is read back from the
interviews table's stream.

A write asks for a notice by leaving it ``queued`` with a kind, a sequence and a version that differ
from what was queued before (``requested``), to go by the channels it names (``NoticeState.to``) or by
all. The stream may hand the same write over twice; the outbox consumer sends each (kind, interview,
version, sequence) once, so queuing it twice is harmless.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.content import NoticeKind
from chalicelib.store.interviews import InterviewRepository
from chalicelib.vocabulary import InterviewStatus, NoticeStatus

log = logging.getLogger("showup.interviews")

# put(message, delay_seconds=…): the outbox (``adapters.outbox.Outbox.put``).
Put = Callable[..., None]


def requested(before: Interview | None, after: Interview) -> dict[str, Any] | None:
    """The outbox message the write from ``before`` to ``after`` asks for, or None."""
    notice = after.notice
    if notice.status != NoticeStatus.QUEUED:
        return None
    if before is not None and before.notice.status == NoticeStatus.QUEUED and _asked(before) == _asked(after):
        # Still the notice an earlier write queued (a call logged, a forecast noted meanwhile).
        return None
    # Items written before notices carried their kind held a first notice.
    kind = NoticeKind(notice.kind or NoticeKind.NOTICE.value)
    if after.status == InterviewStatus.CANCELLED and kind != NoticeKind.CANCEL:
        # Cancelled before its notice went out: the raised version retires it, and nobody is told.
        return None
    message: dict[str, Any] = {
        "kind": kind.value,
        "interview_id": after.interview_id,
        "version": after.version,
        "sequence": notice.sequence,
    }
    if notice.to:
        # Only to the addresses HR corrected: the others have this notice already.
        message["channels"] = [channel.value for channel in notice.to]
    return message


def _asked(interview: Interview) -> tuple[str | None, int, int]:
    return interview.notice.kind, interview.notice.sequence, interview.version


class NoticeQueue:
    """Puts requested notices on the outbox; if the queue refuses, the notice shows ``failed`` for HR."""

    def __init__(self, *, interviews: InterviewRepository, put: Put) -> None:
        self._interviews = interviews
        self._put = put

    def queue(self, before: Interview | None, after: Interview, now: datetime) -> bool:
        """Queue what the write asked for; whether a message went on the outbox."""
        message = requested(before, after)
        if message is None:
            return False
        # An import's notice waits its turn (``imports.pacing``); a single booking's goes at once.
        wait = _seconds_until(after.notice_after, now) if after.notice_after else 0
        try:
            self._put(message, delay_seconds=wait) if wait else self._put(message)
        except Exception:
            # A notice left "queued" would never go out. Failed, HR sees it and can resend.
            log.exception("could not queue the %s for %s", message["kind"], after.interview_id)
            self._failed(after, now)
            return False
        return True

    def _failed(self, asked: Interview, now: datetime) -> None:
        def fail(current: Interview) -> Interview | None:
            # Only the notice this write queued: a later write may have queued another since.
            if current.notice.status != NoticeStatus.QUEUED or _asked(current) != _asked(asked):
                return None
            return current.with_notice(status=NoticeStatus.FAILED, failed_at=iso_utc(now)).touched(now)

        self._interviews.update(asked.interview_id, fail)


def _seconds_until(moment: str, now: datetime) -> int:
    return max(0, math.ceil((parse_utc(moment) - now).total_seconds()))
