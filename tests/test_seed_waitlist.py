"""The waitlist's demo data: a full slot with three candidates waiting, the first offered a freed seat."""

from __future__ import annotations

from chalicelib import deps
from devtools.seed_waitlist import seed_waitlist
from tests.support.api import Api, body_of, create_position
from tests.support.clock import NOW
from tests.support.stream import drain_stream


def test_the_demo_full_slot_has_a_waitlist_and_a_freed_seat_goes_to_its_first(api: Api) -> None:
    pid = create_position(api)["position_id"]

    seeded = seed_waitlist(
        NOW,
        position_id=pid,
        slots=deps.slot_service(),
        interviews=deps.interview_service(),
        bookings=deps.slot_bookings(),
        waitlist=deps.waitlist(),
    )
    drain_stream()
    listed = {slot["slot_id"]: slot for slot in body_of(api.get(f"/positions/{pid}/slots"))["slots"]}
    assert (listed[seeded.full_slot_id]["seats_free"], listed[seeded.full_slot_id]["waitlist"]) == (0, 3)
    assert listed[seeded.open_slot_id]["seats_free"] == 3

    assert api.post(f"/interviews/{seeded.booked_id}/cancel").status_code == 200
    drain_stream()

    first = body_of(api.get(f"/interviews/{seeded.waiting_ids[0]}"))
    assert first["offer"]["slot_id"] == seeded.full_slot_id
    assert all("offer" not in body_of(api.get(f"/interviews/{i}")) for i in seeded.waiting_ids[1:])
