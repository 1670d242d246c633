"""The local stand-in for EventBridge and the SQS event source mappings.

``chalice local`` serves HTTP only. The driver fires each scheduled function registered on the app
when its ``rate(...)`` or ``cron(...)`` comes due, then hands new records of the interviews table's
stream and queued messages to their consumers, through the same code ``POST /dev/jobs`` uses: every
write made through the local API is followed up (its notice queued, its counts moved) within a tick.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalice import Chalice

from chalicelib.localdev import invoke
from chalicelib.services.common.clock import iso_utc
from devtools import cadence

log = logging.getLogger("devtools")


@dataclass(frozen=True)
class Schedule:
    function: str
    expression: str
    cadence: cadence.Rate | cadence.Cron


class Driver:
    """Fires due schedules and drains the stream and the queues each time it ticks."""

    def __init__(self, app: Chalice, *, started: datetime, sqs: Any = None) -> None:
        self._app = app
        self._sqs = sqs
        self._last = started
        self._warned: set[str] = set()
        self.schedules: list[Schedule] = []
        for function, expression in invoke.schedules(app).items():
            try:
                self.schedules.append(Schedule(function, expression, cadence.parse(expression, anchor=started)))
            except cadence.UnsupportedSchedule as exc:
                log.warning("%s will not fire on its own: %s", function, exc)

    def tick(self, now: datetime) -> invoke.Drained:
        """Fire every schedule due since the last tick (once each, at its due time), then drain."""
        for schedule in self.schedules:
            due = schedule.cadence.latest(self._last, now)
            if due is not None:
                self._fire(schedule.function, due)
        self._last = now
        drained = invoke.drain(self._app, sqs=self._sqs)
        for queue in drained.missing:
            if queue not in self._warned:
                self._warned.add(queue)
                log.warning("queue %s does not exist; its consumer gets nothing", queue)
        for table in drained.streamed.missing:
            if table not in self._warned:
                self._warned.add(table)
                log.warning("table %s has no stream; its consumer gets nothing", table)
        for function, count in drained.streamed.consumed.items():
            if count:
                log.info("%s: %d stream record(s) consumed", function, count)
        for function, count in drained.streamed.failed.items():
            if count:
                log.warning("%s: %d stream record(s) failed, handed over again next tick", function, count)
        for queue, count in drained.consumed.items():
            if count:
                log.info("%s: %d message(s) consumed", queue, count)
        for queue, count in drained.failed.items():
            log.warning("%s: %d message(s) failed, left for a retry", queue, count)
        return drained

    def _fire(self, function: str, due: datetime) -> None:
        log.info("%s fires at %s", function, iso_utc(due))
        try:
            result = invoke.fire(self._app, function, due)
        except Exception:
            log.exception("%s failed", function)
            return
        log.info("%s done: %s", function, _short(invoke.jsonable(result)))

    def run(
        self,
        stop: threading.Event,
        *,
        every_seconds: float = 1.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Tick every ``every_seconds`` until ``stop`` is set; a failing tick never ends the loop."""
        last_error = ""
        while not stop.wait(every_seconds):
            try:
                self.tick(clock())
            except Exception as exc:
                # The same failure every second (moto server gone) is told once, not every tick.
                if repr(exc) != last_error:
                    log.exception("driver tick failed")
                last_error = repr(exc)
            else:
                last_error = ""


def _short(value: Any, limit: int = 160) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
