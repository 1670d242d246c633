"""Demo data for the waitlist: a full slot on a position, with candidates waiting for a seat to free.

Made through the services as HR and the candidates would make it (publish, invite to choose, book,
join the waitlist), so the demo shows what a new user sees: decline or cancel the booked interview and
the first on the list gets the offer (``/dev/outbox``). Call it after the stack is up, for example
from ``devtools/run.py`` after ``seed.seed(...)``::

    seed_waitlist(now, position_id=seeded.positions["junior"].position_id, slots=deps.slot_service(),
                  interviews=deps.interview_service(), bookings=deps.slot_bookings(), waitlist=deps.waitlist())
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from chalicelib.models import InterviewIn, SlotIn
from chalicelib.services.common.clock import today_in
from chalicelib.services.common.records import Interview
from chalicelib.services.followup.waitlist import Waitlist
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.slots import SlotBookings, SlotService
from chalicelib.store.actor import acting_as, acting_for_candidate

TIMEZONE = "Asia/Shanghai"
# Who publishes the slots and invites the candidates (as the demo's junior role's contact).
HR = "刘婷"
PLACE = {
    "address": "上海市浦东新区张江高科技园区碧波路 690 号 5 号楼 3 层",
    "city": "上海",
    "latitude": 31.2036,
    "longitude": 121.5906,
}
# The one who holds the full slot's seat, then those who wait for it, first come first.
BOOKED = {"name": "吴磊", "email": "wu.lei@example.com", "phone": "+86 138 0013 8101", "language": "zh-CN"}
WAITING = (
    {"name": "郑雪", "email": "zheng.xue@example.com", "phone": "+86 138 0013 8102", "language": "zh-CN"},
    {"name": "Emily Chen", "email": "emily.chen@example.com", "phone": "+86 138 0013 8103", "language": "en"},
    {"name": "冯凯", "email": "feng.kai@example.com", "phone": "+86 138 0013 8104", "language": "zh-CN"},
)


@dataclass(frozen=True)
class WaitlistSeeded:
    full_slot_id: str
    open_slot_id: str
    booked_id: str
    waiting_ids: tuple[str, ...]
    # The four interviews as they stand once seeded: the one booked, then those waiting, in order.
    interviews: tuple[Interview, ...] = ()


def seed_waitlist(
    now: datetime,
    *,
    position_id: str,
    slots: SlotService,
    interviews: InterviewService,
    bookings: SlotBookings,
    waitlist: Waitlist,
    waiting: tuple[dict[str, Any], ...] = WAITING,
) -> WaitlistSeeded:
    """Publish a one-seat slot the day after tomorrow and an open one the day after, book the first, and
    put ``waiting`` on its waitlist in order (a millisecond apart, so the order is theirs)."""
    day = today_in(TIMEZONE, now) + timedelta(days=2)
    with acting_as(HR):
        full = slots.create(position_id, _slot(datetime.combine(day, time(14, 0)), seats=1), now=now)
        # Choosing needs a slot with a seat free: the waiting candidates may still book this one instead.
        open_slot = slots.create(position_id, _slot(datetime.combine(day + timedelta(days=1), time(10, 0))), now=now)
        invited = [interviews.schedule(_choosing(position_id, candidate), now=now) for candidate in (BOOKED, *waiting)]
    with acting_for_candidate():
        booked = bookings.book(invited[0].interview_id, full.slot_id, now=now)
        joined = [
            waitlist.join(interview.interview_id, full.slot_id, now=now + timedelta(milliseconds=n))
            for n, interview in enumerate(invited[1:], start=1)
        ]
    return WaitlistSeeded(
        full_slot_id=full.slot_id,
        open_slot_id=open_slot.slot_id,
        booked_id=invited[0].interview_id,
        waiting_ids=tuple(interview.interview_id for interview in invited[1:]),
        interviews=(booked, *joined),
    )


def _slot(starts_at: datetime, seats: int = 3) -> SlotIn:
    return SlotIn.model_validate({"starts_at": starts_at, "timezone": TIMEZONE, "seats": seats})


def _choosing(position_id: str, candidate: dict[str, Any]) -> InterviewIn:
    body = {
        "position_id": position_id,
        "candidate": candidate,
        "choose_slot": True,
        "channels": ["email", "sms"],
        **PLACE,
    }
    return InterviewIn.model_validate(body)
