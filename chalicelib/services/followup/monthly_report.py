"""HR's monthly report: last month's statistics table, its top no-show reasons, and the change
from the month before, emailed once a month.

HR practice: keep a simple interview statistics table by day, week and month; the data shows
where no-shows come from, whether a change helped, and what the work achieved. The report goes
to the HR mailbox (``recipients``). Months are the company's (``company_timezone``). An hourly
schedule calls ``send_due``; it acts from the report hour on the 1st until the end of the
``catch_up_days``-th day, so a missed run is made up by the next, and does no I/O at all on
other days. Each recipient gets one report a month: the ledger key
``report#<YYYY-MM>#<sha256(recipient)>`` is claimed before sending (hashed: no address in keys).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.render import render
from chalicelib.services.common.clock import today_in
from chalicelib.services.common.company_day import due_day, opening
from chalicelib.services.common.wording import in_text
from chalicelib.services.statistics import figures, periods
from chalicelib.store.ledger import Ledger
from chalicelib.vocabulary import NoShowReason, NoticeChannels, NoticeMode, labels

log = logging.getLogger("showup.report")

# send(to, subject, text, html) -> message id
SendReport = Callable[[str, str, str, str], str]

CLAIM_TTL_SECONDS = 62 * 24 * 3600
TOP_REASONS = 3
LANGUAGES = ("en", "zh-CN")

_ROWS = {
    "en": (
        ("scheduled", "Interviews scheduled"),
        ("notified", "Notices sent"),
        ("reminded", "Reminders sent"),
        ("confirmed", "Confirmed"),
        ("declined", "Declined"),
        ("attended", "Attended"),
        ("no_show", "No-shows"),
        ("cancelled", "Cancelled"),
        ("rescheduled", "Rescheduled"),
        ("no_show_rate", "No-show rate"),
        ("confirmation_rate", "Confirmation rate"),
    ),
    "zh-CN": (
        ("scheduled", "安排面试"),
        ("notified", "已发通知"),
        ("reminded", "已发提醒"),
        ("confirmed", "已确认"),
        ("declined", "已拒绝"),
        ("attended", "到场"),
        ("no_show", "爽约"),
        ("cancelled", "已取消"),
        ("rescheduled", "改期"),
        ("no_show_rate", "爽约率"),
        ("confirmation_rate", "确认率"),
    ),
}
_RATES = frozenset({"no_show_rate", "confirmation_rate"})


@dataclass(frozen=True)
class ReportConfig:
    """When the report goes out, to whom, and in which language."""

    hour: int = 8
    company_timezone: str = "Asia/Shanghai"
    language: str = "zh-CN"
    recipients: tuple[str, ...] = ()
    # The report is due from the 1st; later runs until this day of the month make up a missed one.
    catch_up_days: int = 3


def report_key(month: str, recipient: str) -> str:
    """The ledger key of one recipient's report for ``month`` (YYYY-MM)."""
    return f"report#{month}#" + hashlib.sha256(recipient.strip().lower().encode()).hexdigest()


def previous_month(day: date) -> date:
    """The first day of the month before the one containing ``day``."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


class MonthlyReport:
    def __init__(self, *, stats: figures.CounterSource, ledger: Ledger, send: SendReport, config: ReportConfig) -> None:
        self._stats = stats
        self._ledger = ledger
        self._send = send
        self._config = config
        self._language = config.language if config.language in LANGUAGES else "en"

    def send_due(self, now: datetime) -> dict[str, Any]:
        """Send last month's report to whoever has not had it, when it is due; returns what happened."""
        config = self._config
        today = today_in(config.company_timezone, now)
        month = previous_month(today)
        label = periods.label(periods.MONTH, month)
        summary: dict[str, Any] = {"month": label, "recipients": 0, "sent": 0, "skipped": 0, "failed": 0}
        # The 1st opens at the report hour; the catch-up days after it are open all day.
        due = due_day(now, config.company_timezone, config.hour if today.day == 1 else 0)
        if due is None or due.day > config.catch_up_days:
            summary["waiting_until"] = f"the 1st, {opening(config.hour, config.company_timezone)}"
            return summary
        done = f"report#{label}#done"
        if self._ledger.get(done):
            summary["done"] = True
            return summary
        subject, text, html = self.compose(month)
        summary["recipients"] = len(self._config.recipients)
        for to in self._config.recipients:
            try:
                outcome = self._deliver(label, to, subject, text, html, now)
            except Exception:
                log.exception("monthly report failed for a recipient (%s)", report_key(label, to))
                outcome = "failed"
            summary[outcome] += 1
        if not summary["failed"]:
            self._ledger.claim(done, now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS)
        log.info("monthly report for %s: %s", label, summary)
        return summary

    def compose(self, month: date) -> tuple[str, str, str]:
        """The report on the month starting ``month``: ``(subject, text, html)``."""
        lang = self._language
        context = self.context(month)
        subject = " ".join(render(f"report/{lang}/subject.txt", **context).split())
        context["subject"] = subject
        text = render(f"report/{lang}/report.txt", **context).strip() + "\n"
        return subject, text, render(f"report/{lang}/report.html", **context)

    def context(self, month: date) -> dict[str, Any]:
        """What the templates show: the table with last month beside it, the top reasons, comparisons."""
        lang = self._language
        current = figures.read(periods.MONTH, month, stats=self._stats)
        before = figures.read(periods.MONTH, previous_month(month), stats=self._stats)
        rows = [
            {
                "key": key,
                "label": label,
                "value": _shown(key, current[key]),
                "before": _shown(key, before[key]),
                "change": _change(key, current[key], before[key]),
            }
            for key, label in _ROWS[lang]
        ]
        no_shows = int(current["no_show"])
        top = sorted(((n, r) for r, n in current["reasons"].items() if n), key=lambda item: (-item[0], item[1]))
        reasons = [
            {"label": in_text(NoShowReason(r), lang), "count": n, "share": f"{round(100 * n / no_shows)}%"}
            for n, r in top[:TOP_REASONS]
        ]
        named = labels(NoticeMode, lang) | labels(NoticeChannels, lang)
        groups = [
            {
                "label": named[name],
                "scheduled": figures["scheduled"],
                "no_show_rate": percent(figures["no_show_rate"]),
                "confirmation_rate": percent(figures["confirmation_rate"]),
            }
            for name, figures in [*current["by_mode"].items(), *current["by_channel"].items()]
        ]
        return {
            "lang": lang,
            "month": current["label"],
            "previous": before["label"],
            "start": current["start"],
            "end": current["end"],
            "rows": rows,
            "reasons": reasons,
            "groups": groups,
            "no_show_rate": percent(current["no_show_rate"]),
            "no_show_change": _change("no_show_rate", current["no_show_rate"], before["no_show_rate"]),
            "empty": not current["scheduled"],
        }

    def _deliver(self, month: str, to: str, subject: str, text: str, html: str, now: datetime) -> str:
        # A failed send gives its claim back, so the next hourly run sends it.
        sent, _ = self._ledger.once(
            report_key(month, to), lambda: self._send(to, subject, text, html), now=now, ttl_seconds=CLAIM_TTL_SECONDS
        )
        return "sent" if sent else "skipped"


def percent(rate: float | None) -> str:
    """A rate as ``12.5%``; ``–`` when there was nothing to divide by."""
    return "–" if rate is None else f"{round(rate * 100, 1):g}%"


def _shown(key: str, value: Any) -> str:
    return percent(value) if key in _RATES else str(value)


def _change(key: str, now: Any, before: Any) -> str:
    """``+3``, ``-2``, ``+4.5 pp`` (percentage points for rates), ``±0``; ``–`` when a rate is missing."""
    if key in _RATES:
        if now is None or before is None:
            return "–"
        points = round((float(now) - float(before)) * 100, 1)
        return "±0 pp" if points == 0 else f"{points:+g} pp"
    delta = int(now) - int(before)
    return "±0" if delta == 0 else f"{delta:+d}"
