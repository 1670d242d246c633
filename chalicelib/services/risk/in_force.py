"""The no-show model in force: the one promoted last, or the prior before any, read at most every few minutes.

Every interview read computes a risk, and the promoted model changes once a night at most: a Lambda
container keeps the model it read for ``ttl`` (five minutes by default), so a promotion reaches
every container within that time and a busy container pays one read per ``ttl``, not per request.
The clock is passed in, so a test chooses when the kept model goes stale.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from chalicelib.services.risk.model import Model

TTL = timedelta(minutes=5)


class ModelInForce:
    """The promoted model (``latest()``), else ``prior``; kept for ``ttl`` after each read."""

    def __init__(self, *, latest: Callable[[], Model | None], prior: Model, ttl: timedelta = TTL) -> None:
        self._latest = latest
        self._prior = prior
        self._ttl = ttl
        self._kept: tuple[datetime, Model] | None = None

    def model(self, now: datetime) -> Model:
        """The model to compute risks with at ``now``."""
        kept = self._kept
        # A clock that went back (another test's, a corrected one) cannot vouch for what was kept.
        if kept is None or not kept[0] <= now < kept[0] + self._ttl:
            kept = (now, self._latest() or self._prior)
            self._kept = kept
        return kept[1]

    def forget(self) -> None:
        """Read the store again at the next call."""
        self._kept = None
