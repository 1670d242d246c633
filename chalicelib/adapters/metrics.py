"""CloudWatch metrics for what happens to interviews, as Embedded Metric Format log lines.

``observe(before, after)`` is the interview repository's observer: after every successful write
it compares the two records and emits one count per event (namespace ``ShowUp``, service
``showup``). EMF needs no API call: the JSON line printed to stdout becomes the metric when
CloudWatch Logs ingests the function's log, so a write never waits on CloudWatch.

Every metric is emitted three times over, by dimension set: ``[service]`` (the totals the
dashboard and alarms use), ``[service, Mode]`` and ``[service, Channel]``; ``NoShow`` also by
``[service, Reason]``. Dimensions are low-cardinality on purpose (a handful of values each): no
candidate, interview or position ever becomes a dimension or a property of the log line.

Metrics count events as they happen: a corrected outcome adds the new one and takes nothing
back. The exact, corrected figures are the statistics counters (``services/statistics``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.services.statistics.counting import channel_of
from chalicelib.vocabulary import InterviewStatus, NoShowReason, NoticeMode, NoticeStatus

log = logging.getLogger("showup.metrics")

NAMESPACE = "ShowUp"
SERVICE = "showup"

INTERVIEW_SCHEDULED = "InterviewScheduled"
NOTICE_SENT = "NoticeSent"
NOTICE_FAILED = "NoticeFailed"
NOTICE_BOUNCED = "NoticeBounced"
REMINDER_SENT = "ReminderSent"
CONFIRMED = "Confirmed"
DECLINED = "Declined"
ATTENDED = "Attended"
NO_SHOW = "NoShow"
CANCELLED = "Cancelled"
RESCHEDULED = "Rescheduled"

# Interview status -> the metric of arriving in it.
_STATUS_METRICS: dict[str, str] = {
    InterviewStatus.CONFIRMED: CONFIRMED,
    InterviewStatus.DECLINED: DECLINED,
    InterviewStatus.ATTENDED: ATTENDED,
    InterviewStatus.NO_SHOW: NO_SHOW,
    InterviewStatus.CANCELLED: CANCELLED,
}
# Notice status -> the metric of arriving in it.
_NOTICE_METRICS: dict[str, str] = {
    NoticeStatus.SENT: NOTICE_SENT,
    NoticeStatus.FAILED: NOTICE_FAILED,
    NoticeStatus.BOUNCED: NOTICE_BOUNCED,
}
_MODES = frozenset(NoticeMode)
_REASONS = frozenset(NoShowReason)
# A dimension value for a mode the record does not name.
UNKNOWN_MODE = "unknown"


@dataclass(frozen=True)
class Events:
    """What one write changed, in metric names, with its low-cardinality dimensions."""

    names: tuple[str, ...]
    mode: str
    channel: str
    reason: str | None = None


def events(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> Events:
    """The events a write from ``before`` to ``after`` amounts to (pure: no output)."""
    was: Mapping[str, Any] = before or {}
    names: list[str] = []
    if before is None:
        names.append(INTERVIEW_SCHEDULED)
    old_notice = (was.get("notice") or {}).get("status")
    new_notice = (after.get("notice") or {}).get("status")
    if new_notice != old_notice and new_notice in _NOTICE_METRICS:
        names.append(_NOTICE_METRICS[new_notice])
    elif after.get("email_bounced") and not was.get("email_bounced"):
        names.append(NOTICE_BOUNCED)
    if after.get("reminded_at") and after.get("reminded_at") != was.get("reminded_at"):
        names.append(REMINDER_SENT)
    status = after.get("status")
    if status != was.get("status") and status in _STATUS_METRICS:
        names.append(_STATUS_METRICS[str(status)])
    moved = before is not None and int(after.get("version") or 1) > int(was.get("version") or 1)
    if moved and status != InterviewStatus.CANCELLED:
        names.append(RESCHEDULED)
    reason = None
    if NO_SHOW in names:
        given = (after.get("outcome") or {}).get("reason")
        reason = given if given in _REASONS else NoShowReason.UNKNOWN.value
    mode = after.get("mode")
    return Events(
        names=tuple(names),
        mode=str(mode) if mode in _MODES else UNKNOWN_MODE,
        channel=channel_of(after),
        reason=reason,
    )


def observe(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> None:
    """Emit the metrics for one successful interview write (the repository's observer)."""
    try:
        emit(events(before, after))
    except Exception:
        # The write already happened; a metric must never turn it into an error for the caller.
        log.exception("could not emit interview metrics")


def emit(happened: Events) -> None:
    """Print the EMF lines for ``happened`` (nothing when nothing happened)."""
    if not happened.names:
        return
    # Imported on first use: most requests write no interview, and cold starts pay for imports.
    from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

    # EphemeralMetrics keeps nothing between calls (Metrics shares its buffer class-wide), so each
    # write flushes exactly its own events, inside or outside a Lambda handler.
    metrics = EphemeralMetrics(namespace=NAMESPACE, service=SERVICE)
    metrics.add_dimensions(service=SERVICE, Mode=happened.mode)
    metrics.add_dimensions(service=SERVICE, Channel=happened.channel)
    for name in happened.names:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
    metrics.flush_metrics()
    if happened.reason is not None:
        by_reason = EphemeralMetrics(namespace=NAMESPACE, service=SERVICE)
        by_reason.add_dimension(name="Reason", value=happened.reason)
        by_reason.add_metric(name=NO_SHOW, unit=MetricUnit.Count, value=1)
        by_reason.flush_metrics()
