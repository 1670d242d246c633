"""Scheduled jobs: day-before and day-of reminders, the weather watch, HR's morning digest and the end of
seats held from a waitlist (every quarter hour: a hold lasts a few hours).

Every job takes ``now`` from its event (the instant EventBridge fired it), so a late, retried or
replayed run behaves as the scheduled one did, and tests and the local runner choose the time.
All three fire hourly: reminders because time zones reach the reminder hour one after another;
the weather watch and the digest because their hour is company time, known only at run time and
moved by clock changes, which a fixed UTC cron cannot follow. Those two act once a company day,
from their hour on, so a missed run is made up by the next.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Rate
from chalice.app import CloudWatchEvent

from chalicelib import deps

schedules = Blueprint(__name__)


def event_time(event: CloudWatchEvent) -> datetime:
    """The instant the schedule fired (EventBridge's ``time``, UTC)."""
    moment = datetime.fromisoformat(event.time)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@schedules.schedule(Rate(1, unit=Rate.HOURS))
def send_reminders(event: CloudWatchEvent) -> dict[str, int]:
    """Queue the day-before reminders that fall due now."""
    return deps.reminders().send_due(event_time(event))


@schedules.schedule(Rate(1, unit=Rate.HOURS))
def send_day_of_reminders(event: CloudWatchEvent) -> dict[str, int]:
    """Queue the short reminders due a few hours before each interview's start."""
    return deps.day_of_reminders().send_due(event_time(event))


@schedules.schedule(Rate(1, unit=Rate.HOURS))
def check_weather(event: CloudWatchEvent) -> dict[str, Any]:
    """Forecast the coming days' interviews once a day, store their risk, advise the newly at risk."""
    return deps.weather_watch().check_daily(event_time(event))


@schedules.schedule(Rate(1, unit=Rate.HOURS))
def send_hr_digest(event: CloudWatchEvent) -> dict[str, Any]:
    """Send each contact their morning digest once a day, from the digest hour on."""
    return deps.hr_digest().send_due(event_time(event))


@schedules.schedule(Rate(15, unit=Rate.MINUTES))
def expire_offers(event: CloudWatchEvent) -> dict[str, int]:
    """End the seats held from a waitlist whose time ran out, and offer each to the next in line."""
    return deps.waitlist().expire(event_time(event))
