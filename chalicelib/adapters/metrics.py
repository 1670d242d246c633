"""CloudWatch metrics for what happens to interviews, as Embedded Metric Format log lines.

``observe(before, after)`` runs in the interviews table's stream consumer, once per write it counts
(``statistics.changes``): it compares the two records and emits one count per event (namespace
``ShowUp``, service ``showup``). EMF needs no API call: the JSON line printed to stdout becomes the
metric when CloudWatch Logs ingests the consumer's log, so no request ever waits on CloudWatch.

Every metric is emitted three times over, by dimension set: ``[service]`` (the totals the
dashboard and alarms use), ``[service, Mode]`` and ``[service, Channel]``; ``NoShow`` also by
``[service, Reason]``. Dimensions are low-cardinality on purpose (a handful of values each): no
candidate, interview or position ever becomes a dimension or a property of the log line.

Metrics count events as they happen: a corrected outcome adds the new one and takes nothing
back. The exact, corrected figures are the statistics counters (``services/statistics``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.services.common.records import Interview
from chalicelib.services.statistics.counting import channel_of
from chalicelib.vocabulary import InterviewStatus, NoShowReason, NoticeStatus

if TYPE_CHECKING:
    from chalicelib.services.risk.learning import Learned

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
# The nightly learning: a model promoted, and the held-out Brier scores it was judged by.
RISK_MODEL_PROMOTED = "RiskModelPromoted"
RISK_MODEL_BRIER = "RiskModelBrier"
RISK_PRIOR_BRIER = "RiskPriorBrier"

# Interview status -> the metric of arriving in it.
_STATUS_METRICS: dict[InterviewStatus, str] = {
    InterviewStatus.CONFIRMED: CONFIRMED,
    InterviewStatus.DECLINED: DECLINED,
    InterviewStatus.ATTENDED: ATTENDED,
    InterviewStatus.NO_SHOW: NO_SHOW,
    InterviewStatus.CANCELLED: CANCELLED,
}
# Notice status -> the metric of arriving in it.
_NOTICE_METRICS: dict[NoticeStatus, str] = {
    NoticeStatus.SENT: NOTICE_SENT,
    NoticeStatus.FAILED: NOTICE_FAILED,
    NoticeStatus.BOUNCED: NOTICE_BOUNCED,
}


@dataclass(frozen=True)
class Events:
    """What one write changed, in metric names, with its low-cardinality dimensions."""

    names: tuple[str, ...]
    mode: str
    channel: str
    reason: str | None = None


def events(before: Interview | None, after: Interview) -> Events:
    """The events a write from ``before`` to ``after`` amounts to (pure: no output)."""
    names: list[str] = []
    if before is None:
        names.append(INTERVIEW_SCHEDULED)
    old_notice = before.notice.status if before else None
    new_notice = after.notice.status
    if new_notice != old_notice and new_notice in _NOTICE_METRICS:
        names.append(_NOTICE_METRICS[new_notice])
    elif after.email_bounced and not (before and before.email_bounced):
        names.append(NOTICE_BOUNCED)
    if after.reminded_at and after.reminded_at != (before.reminded_at if before else None):
        names.append(REMINDER_SENT)
    status = after.status
    if status != (before.status if before else None) and status in _STATUS_METRICS:
        names.append(_STATUS_METRICS[status])
    moved = before is not None and after.version > before.version
    if moved and status != InterviewStatus.CANCELLED:
        names.append(RESCHEDULED)
    reason = None
    if NO_SHOW in names:
        given = after.outcome.reason if after.outcome else None
        reason = (given or NoShowReason.UNKNOWN).value
    return Events(names=tuple(names), mode=after.mode.value, channel=channel_of(after), reason=reason)


def observe(before: Interview | None, after: Interview) -> None:
    """Emit the metrics for one interview write, as the stream consumer counts it."""
    try:
        emit(events(before, after))
    except Exception:
        # The write is counted; a metric must never fail the batch and have it handed over again.
        log.exception("could not emit interview metrics")


def emit(happened: Events) -> None:
    """Print the EMF lines for ``happened`` (nothing when nothing happened)."""
    if not happened.names:
        return
    # Imported on first use: many batches count nothing new, and cold starts pay for imports.
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


def learned(outcome: Learned) -> None:
    """Emit what a night's learning decided: promoted or not, and the Brier scores it compared."""
    from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

    metrics = EphemeralMetrics(namespace=NAMESPACE, service=SERVICE)
    metrics.add_dimension(name="service", value=SERVICE)
    metrics.add_metric(name=RISK_MODEL_PROMOTED, unit=MetricUnit.Count, value=int(outcome.promoted))
    for name, detail in ((RISK_MODEL_BRIER, "brier"), (RISK_PRIOR_BRIER, "prior_brier")):
        if detail in outcome.details:
            metrics.add_metric(name=name, unit=MetricUnit.NoUnit, value=outcome.details[detail])
    metrics.flush_metrics()
