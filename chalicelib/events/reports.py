"""The monthly statistics report for HR, sent on the 1st of each company month.

The schedule fires hourly, like the other jobs: the 1st and its report hour are company time,
known only at run time and moved by clock changes, which a fixed UTC cron cannot follow. Outside
the first days of a month a run returns at once without touching AWS.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Rate
from chalice.app import CloudWatchEvent

from chalicelib import deps
from chalicelib.events.schedules import event_time

if TYPE_CHECKING:
    from chalicelib.services.followup.monthly_report import MonthlyReport

reports = Blueprint(__name__)


@reports.schedule(Rate(1, unit=Rate.HOURS))
def send_monthly_report(event: CloudWatchEvent) -> dict[str, Any]:
    """Email last month's statistics to HR once, from the report hour on the 1st."""
    return build_monthly_report().send_due(event_time(event))


def build_monthly_report() -> MonthlyReport:
    from chalicelib.services.followup.monthly_report import MonthlyReport, ReportConfig

    config = deps.settings()
    return MonthlyReport(
        stats=deps.stats(),
        ledger=deps.ledger(),
        send=deps.hr_mail_sender(),
        config=ReportConfig.from_env({**os.environ, "SENDER_EMAIL": config.sender_email}),
    )
