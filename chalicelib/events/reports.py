"""The monthly statistics report for HR, sent on the 1st of each company month.

The schedule fires hourly, like the other jobs: the 1st and its report hour are company time,
known only at run time and moved by clock changes, which a fixed UTC cron cannot follow. Outside
the first days of a month a run returns at once without touching AWS.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Rate
from chalice.app import CloudWatchEvent

from chalicelib import aws, deps

if TYPE_CHECKING:
    from chalicelib.services.monthly_report import MonthlyReport, SendReport

reports = Blueprint(__name__)


def event_time(event: CloudWatchEvent) -> datetime:
    """The instant the schedule fired (EventBridge's ``time``, UTC)."""
    moment = datetime.fromisoformat(event.time.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@reports.schedule(Rate(1, unit=Rate.HOURS))
def send_monthly_report(event: CloudWatchEvent) -> dict[str, Any]:
    """Email last month's statistics to HR once, from the report hour on the 1st."""
    return build_monthly_report().send_due(event_time(event))


def build_monthly_report() -> MonthlyReport:
    from chalicelib.services.monthly_report import MonthlyReport, ReportConfig
    from chalicelib.services.stats import StatsTable

    config = deps.settings()
    return MonthlyReport(
        stats=StatsTable(table=aws.table(config.stats_table)),
        ledger=deps.ledger(),
        send=ses_sender(),
        config=ReportConfig.from_env({**os.environ, "SENDER_EMAIL": config.sender_email}),
    )


def ses_sender() -> SendReport:
    """``send(to, subject, text, html) -> message id`` through SES ``SendEmail``."""
    sender = deps.settings().sender_email
    ses = aws.client("ses")

    def send(to: str, subject: str, text: str, html: str) -> str:
        response = ses.send_email(
            Source=sender,
            Destination={"ToAddresses": [to]},
            Message={
                "Subject": {"Data": subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": text, "Charset": "UTF-8"}, "Html": {"Data": html, "Charset": "UTF-8"}},
            },
        )
        return str(response["MessageId"])

    return send
