"""The body of ``POST /dev/jobs/{function_name}``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class JobRun(BaseModel):
    model_config = ConfigDict(extra="forbid")

    now: datetime

    @field_validator("now", mode="before")
    @classmethod
    def _iso_with_offset(cls, value: Any) -> datetime:
        # Jobs compute "today" and "tomorrow" from now; without an offset that instant is a guess.
        problem = "must be an ISO 8601 date-time with an offset, e.g. 2026-11-28T09:00:00+08:00"
        if not isinstance(value, str):
            raise ValueError(problem)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(problem) from None
        if moment.tzinfo is None:
            raise ValueError(problem)
        return moment
