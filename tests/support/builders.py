"""Records as the services store them, built in one call: ``interview(status="confirmed")``.

Overrides take the stored (JSON) shape or records: ``interview(match={"score": 40})`` and
``interview(candidate=candidate(phone="+8613800138000"))`` both work, because every record is read
through the store's own codec, exactly as a stored item is.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.services.common.records import Candidate, Interview, Position
from chalicelib.services.privacy.erasure import candidate_key
from chalicelib.store.codec import plain
from chalicelib.store.readers import candidate_from, interview_from, position_from
from tests.support.api import position_body

# The interview day: Thursday 3 December 2026, 14:30 in Shanghai; booked the Friday before, 09:00 there.
STARTS_AT_UTC = datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
CREATED_AT = "2026-11-27T01:00:00Z"
EMAIL = "zhang.san@example.com"


def _data(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    return {**defaults, **{name: plain(value) for name, value in overrides.items()}}


def candidate(**overrides: Any) -> Candidate:
    """Zhang San, who reads Chinese and gave neither a phone number nor skills."""
    return candidate_from(_data({"name": "Zhang San", "email": EMAIL, "skills": [], "language": "zh-CN"}, overrides))


def position(**overrides: Any) -> Position:
    """The front-end position HR's forms create by default: complete, mid-level, 40 resumes on hand."""
    defaults = {"position_id": "pos_1", **position_body(), "created_at": "2026-11-01T00:00:00Z"}
    return position_from(_data(defaults, overrides))


def interview(**overrides: Any) -> Interview:
    """A scheduled interview for that position, its notice queued, no one called yet and no contact of
    its own (``contact=`` gives it one)."""
    defaults = {
        "interview_id": "int_1",
        "position_id": "pos_1",
        "candidate": plain(candidate()),
        "starts_at": "2026-12-03T14:30",
        "timezone": "Asia/Shanghai",
        "duration_minutes": 60,
        "address": "88 Century Avenue, Floor 12",
        "city": "Shanghai",
        "transit": "Metro line 2 to Lujiazui, exit 6",
        "channels": ["email"],
        "candidate_key": candidate_key(EMAIL),
        "position_title": "Front-end Engineer",
        "company": "Acme Robotics",
        "status": "scheduled",
        "mode": "notification",
        "mode_reason": "many resumes on hand (40) for a mid role",
        "version": 1,
        "revision": 1,
        "warnings": [],
        "accepted_warnings": [],
        "notice": {"status": "queued", "held_for": [], "sequence": 1},
        "created_at": CREATED_AT,
        "starts_at_utc": "2026-12-03T06:30:00Z",
        "local_date": "2026-12-03",
        "expires_at": int((STARTS_AT_UTC + timedelta(days=180)).timestamp()),
    }
    return interview_from(_data(defaults, overrides))
