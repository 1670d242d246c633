"""What follows an interview write, applied from the interviews table's stream a batch at a time.

The request path writes the interview alone. The stream hands each write over (the item before and
after it) at least once, in order per interview; for each batch this queues the notices the writes
asked for, moves the statistics counters by the writes' summed differences, each write exactly once
(``store.stats.Counters``), and then emits the CloudWatch metrics of the writes counted just now.

So the statistics lag the interviews by the stream's delay (seconds), and a write that is handed
over again queues its notice again (the outbox consumer sends it once) but counts nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.services.common.records import Interview
from chalicelib.services.statistics.counting import Contribution, difference


@dataclass(frozen=True)
class Written:
    """One interview write as the stream tells it: the item before (None: created) and after it
    (None: deleted, which moves nothing: kept counts stay when personal data expires)."""

    before: Interview | None
    after: Interview | None

    @property
    def written(self) -> Interview:
        """The interview as the write left it (as it was, for a deletion)."""
        found = self.after or self.before
        assert found is not None, "a stream record holds at least one image"
        return found

    @property
    def key(self) -> str:
        """What names this write once and for all: the interview and the revision it wrote."""
        return f"{self.written.interview_id}#r{self.written.revision}"


class CountersOnce(Protocol):
    """``store.stats.Counters``: adds each write's moves once; answers the writes counted now."""

    def add_once(self, writes: Mapping[str, Contribution], *, now_epoch: int) -> set[str]: ...


# queue(before, after, now) -> whether a notice went on the outbox (``scheduling.queued.NoticeQueue``).
Queue = Callable[[Interview | None, Interview, datetime], bool]
# emit(before, after): the write's CloudWatch metrics (``adapters.metrics.observe``).
Emit = Callable[[Interview | None, Interview], None]
# follow(before, after, now) -> whether it acted: another consequence of a write, safe to apply twice
# (``followup.missed.MissedMessages.follow``, ``scheduling.rebooking.RebookedMarks.follow``).
FollowUp = Callable[[Interview | None, Interview, datetime], bool]


class WriteFollowUp:
    """Applies a batch of interview writes' consequences: notices, counters, metrics."""

    def __init__(self, *, queue: Queue, counters: CountersOnce, emit: Emit, then: Sequence[FollowUp] = ()) -> None:
        self._queue = queue
        self._counters = counters
        self._emit = emit
        self._then = tuple(then)

    def apply(self, batch: Sequence[Written], *, now: datetime) -> dict[str, int]:
        """Follow up every write of ``batch``; returns ``{writes, queued, counted, repeated}`` (and
        ``followed``: what the other follow-ups did)."""
        changed = {write.key: (write.before, write.after) for write in batch if write.after is not None}
        # Notices first: a batch that fails after this is handed over again, and queuing is idempotent.
        queued = sum(self._queue(before, after, now) for before, after in changed.values())
        followed = sum(follow(before, after, now) for before, after in changed.values() for follow in self._then)
        moves = {key: difference(before, after) for key, (before, after) in changed.items()}
        counted = self._counters.add_once(moves, now_epoch=int(now.timestamp()))
        for key, (before, after) in changed.items():
            if key in counted:
                self._emit(before, after)
        repeated = len(changed) - len(counted)
        summary = {"writes": len(batch), "queued": queued, "counted": len(counted), "repeated": repeated}
        return {**summary, "followed": followed} if self._then else summary
