"""The nightly learning of the no-show model from the team's recorded outcomes.

The schedule fires hourly, like the other daily jobs: its hour is company time, known only at run
time and moved by clock changes, which a fixed UTC cron cannot follow. It acts once a company day
from ``RISK_LEARNING_HOUR`` on; other runs return at once.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate
from chalice.app import CloudWatchEvent

from chalicelib import deps
from chalicelib.events.schedules import event_time

learning = Blueprint(__name__)


@learning.schedule(Rate(1, unit=Rate.HOURS))
def learn_no_show_model(event: CloudWatchEvent) -> dict[str, Any]:
    """Fit the no-show model on the recorded outcomes once a day; promote it if it beats the prior."""
    return deps.nightly_learning().run_due(event_time(event))
