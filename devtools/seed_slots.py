"""Demo slots for the local stage: times HR opened on the junior and senior roles over the next days,
one group session filled by candidates who chose it from their own page, and one candidate still choosing.

All made through the services as HR and the candidates would: HR publishes the slots two days ago,
invites three candidates to choose yesterday (each got the "choose your time" notice then), and two of
them book the group session's two seats through the same booking the candidate page uses, so the
seats counted on the slot are real. The third has not chosen yet: the HR list shows them as choosing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from chalicelib import deps
from chalicelib.models import InterviewIn, SlotIn
from chalicelib.services.common.clock import today_in
from chalicelib.services.common.records import Interview, Position, Slot
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.slots import SlotBookings, SlotService
from chalicelib.store.actor import acting_as, acting_for_candidate

TIMEZONE = "Asia/Shanghai"

# (position, days from today in Shanghai, local start, minutes, seats, place when not the usual one)
OPEN_SLOTS: tuple[tuple[str, int, time, int, int, dict[str, str]], ...] = (
    ("junior", 2, time(10, 0), 45, 1, {}),
    ("junior", 3, time(15, 0), 45, 2, {}),
    ("senior", 3, time(14, 0), 60, 1, {}),
    ("senior", 5, time(10, 0), 60, 1, {}),
)
# The junior role's group session in the big meeting room: its two seats are booked by the candidates below.
GROUP_SESSION = (
    "junior",
    4,
    time(14, 0),
    90,
    2,
    {"address": "上海市浦东新区张江高科技园区碧波路 690 号 5 号楼", "room": "3 层大会议室"},
)

# Asked to choose; names not in the history's (devtools.seed), so a search by address finds one person.
GROUP_CANDIDATES: tuple[dict[str, Any], ...] = (
    {
        "name": "郑佳怡",
        "email": "zheng.jiayi@example.com",
        "phone": "+86 135 2100 4411",
        "expected_salary": 10000,
        "skills": ["Java", "MySQL"],
        "language": "zh-CN",
    },
    {
        "name": "何思远",
        "email": "he.siyuan@example.com",
        "expected_salary": 11500,
        "skills": ["Java", "Spring Boot"],
        "language": "zh-CN",
    },
)
STILL_CHOOSING: dict[str, Any] = {
    "name": "罗雨桐",
    "email": "luo.yutong@example.com",
    "phone": "+86 188 0066 7722",
    "expected_salary": 12000,
    "skills": ["Java", "Spring Boot", "MySQL"],
    "language": "zh-CN",
}

# When, before the seeding's ``now``, HR published the slots and invited the candidates.
PUBLISHED_BEFORE = timedelta(days=2)
INVITED_BEFORE = timedelta(days=1)


@dataclass(frozen=True)
class SeededSlots:
    slots: list[Slot]  # every slot published, the full one included, as stored at the end
    full: Slot  # the group session, every seat booked (a waitlist joins this one)
    booked: list[Interview]  # the candidates who booked the group session
    choosing: Interview  # the candidate who has not chosen yet


def seed_slots(
    now: datetime,
    made: dict[str, Position],
    offices: dict[str, dict[str, Any]],
    *,
    slots: SlotService,
    interviews: InterviewService,
    bookings: SlotBookings,
) -> SeededSlots:
    """Publish the demo slots on ``made``'s positions and let candidates book the group session."""
    today = today_in(TIMEZONE, now)
    published = now - PUBLISHED_BEFORE
    for spec in OPEN_SLOTS:
        slots.create(made[spec[0]].position_id, _slot_in(today, *spec[1:]), now=published)
    role = GROUP_SESSION[0]
    full = slots.create(made[role].position_id, _slot_in(today, *GROUP_SESSION[1:]), now=published)

    invited = now - INVITED_BEFORE

    def invite(candidate: dict[str, Any], channels: list[str]) -> Interview:
        body = {"position_id": made[role].position_id, "candidate": candidate, "choose_slot": True}
        request = InterviewIn.model_validate({**body, **offices[role], "channels": channels})
        interview = interviews.schedule(request, now=invited)
        _send_choose_notice(interview, now=invited + timedelta(minutes=2))
        return interview

    booked = []
    for hours, candidate in enumerate(GROUP_CANDIDATES, start=3):
        chose = invite(candidate, ["email"])
        with acting_for_candidate():
            booked.append(bookings.book(chose.interview_id, full.slot_id, now=invited + timedelta(hours=hours)))
    choosing = invite(STILL_CHOOSING, ["email", "sms"])
    stored = slots.list(made[role].position_id) + slots.list(made["senior"].position_id)
    full = next(slot for slot in stored if slot.slot_id == full.slot_id)
    return SeededSlots(slots=stored, full=full, booked=booked, choosing=choosing)


def _slot_in(today: date, days: int, start: time, minutes: int, seats: int, place: dict[str, str]) -> SlotIn:
    starts_at = datetime.combine(today + timedelta(days=days), start)
    return SlotIn.model_validate(
        {"starts_at": starts_at, "timezone": TIMEZONE, "duration_minutes": minutes, "seats": seats, **place}
    )


def _send_choose_notice(interview: Interview, *, now: datetime) -> None:
    """The "choose your time" notice goes out as the outbox consumer sends it (its queued copy then finds
    it sent): the candidates who book have read it first."""
    notice = {
        "kind": interview.notice.kind,
        "interview_id": interview.interview_id,
        "version": interview.version,
        "sequence": interview.notice.sequence,
    }
    # Sent by ShowUp, not by the HR person who invited them.
    with acting_as(None):
        deps.notice_delivery().deliver(notice, now=now)
