"""After a no-show: one "sorry we missed you" message, with a link to book another of the position's slots.

Off by default; HR turns it on per position (``rebook_after_no_show``). Read from the interviews table's
stream: the write that records the no-show is HR's alone, and this queues the message when the stream
hands that write over. Once per interview, whatever happens after: the stream may hand the write over
twice, and HR may correct the outcome (no-show, attended, no-show again). The follow-up queues first
and claims ``missed#<id>`` after, as the day-of reminder does: a batch handed over again between the
two queues again, and the outbox consumer sends each (interview, version, channel) once; the claim
keeps every later no-show write of the interview from queuing at all.
"""

from __future__ import annotations

import logging
from datetime import datetime

from chalicelib.adapters.outbox import Outbox
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.content import NoticeKind
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository
from chalicelib.vocabulary import InterviewStatus

log = logging.getLogger("showup.missed")

# The message's sequence: fixed, so the consumer's ledger key depends on the interview's version only.
MISSED_SEQUENCE = 0
# Longer than any retry of the stream or the queue; the outcome is rarely corrected months later.
CLAIM_TTL_SECONDS = 400 * 24 * 3600


def missed_key(interview_id: str) -> str:
    """Ledger key of the one missed-you message an interview may get."""
    return f"missed#{interview_id}"


class MissedMessages:
    """Queues the missed-you message for each newly recorded no-show whose position asks for it, once."""

    def __init__(self, *, positions: PositionRepository, ledger: Ledger, outbox: Outbox) -> None:
        self._positions = positions
        self._ledger = ledger
        self._outbox = outbox

    def follow(self, before: Interview | None, after: Interview, now: datetime) -> bool:
        """Queue the message the write from ``before`` to ``after`` calls for; whether it queued one."""
        if after.status != InterviewStatus.NO_SHOW or (before is not None and before.status == after.status):
            return False
        if after.erased_at or after.rebooked_as:
            return False
        position = self._positions.get(after.position_id)
        if position is None or not position.rebook_after_no_show or position.closed_at:
            return False
        key = missed_key(after.interview_id)
        if self._ledger.get(key) is not None:
            return False
        self._outbox.put(
            {
                "kind": NoticeKind.MISSED.value,
                "interview_id": after.interview_id,
                "version": after.version,
                "sequence": MISSED_SEQUENCE,
            }
        )
        self._ledger.claim(key, now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS)
        log.info("missed-you message queued for %s", after.interview_id)
        return True
