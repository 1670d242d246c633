"""The monthly statistics report for HR, sent on the 1st of each company month.

The schedule fires hourly, like the other jobs: the 1st and its report hour are company time,
known only at run time and moved by clock changes, which a fixed UTC cron cannot follow. Outside
the first days of a month a run returns at once without touching AWS.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate
from chalice.app import CloudWatchEvent

from chalicelib import deps
from chalicelib.events.schedules import event_time

reports = Blueprint(__name__)


@reports.schedule(Rate(1, unit=Rate.HOURS))
def send_monthly_report(event: CloudWatchEvent) -> dict[str, Any]:
    """Email last month's statistics to HR once, from the report hour on the 1st."""
    return deps.monthly_report().send_due(event_time(event))
