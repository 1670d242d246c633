"""Booking again after a no-show, from the candidate's link: the page with the position's open times
(shown at ``/c/{token}`` for a missed interview whose position invites the candidate back), and the form
that books one as a new interview (``services/scheduling/rebooking.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Response

from chalicelib import deps
from chalicelib.api.candidate import PAGES, _form, _interview_page, _language, _page, _refused
from chalicelib.api.contract import HTML, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.services.notices.links import BadLink
from chalicelib.store import actor

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview

rebook = Routes(__name__)

_FORM = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]
WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "重新预约面试",
        "text": "您原定于{day} {time}的面试，我们没有等到您。如果您仍有意向，请在下面选一个方便的时间重新预约；"
        "预约后，正式的面试通知（含地址和路线）会马上发给您。",
        "none": "目前没有可以预约的面试时间。请直接联系 HR，我们会和您另约时间。",
        "contact": "联系人：",
    },
    "en": {
        "title": "Choose a new interview time",
        "text": "We missed you at your interview on {day}, {time}. If you are still interested, choose a time "
        "below that suits you: your interview notice, with the address and directions, follows as soon as you book.",
        "none": "No interview time is open for booking just now. Please contact HR and we will find one with you.",
        "contact": "Contact:",
    },
}


def missed_page(
    missed: Interview, *, token: str, nested: bool, status: int = 200, slot_problem: str | None = None
) -> Response | None:
    """The page inviting the candidate who missed ``missed`` to book again (or, once they did, the new
    interview's page); None when its position does not invite them back. ``nested``: answered under
    ``/c/{token}/…`` rather than at ``/c/{token}`` (the relative links differ)."""
    from chalicelib.api.candidate_text import TEXT
    from chalicelib.services.notices.candidate_page import page_facts, slot_choices

    rebooking, now = deps.rebooking(), deps.now()
    if rebooking.offered(missed) is None:
        return None
    again = rebooking.rebooked(missed)
    if again is not None:
        return _booked(again, nested=nested, done=None)
    language = _language(missed)
    context = {
        "interview": missed,
        "facts": page_facts(missed, language),
        "contact_email": missed.contact.email if missed.contact else None,
        "slots": slot_choices(rebooking.open_slots(missed, now=now), language),
        "base": "" if nested else f"{token}/",
        "slot_problem": TEXT[language][slot_problem] if slot_problem else None,
        "w": WORDS[language],
    }
    return _page("rebook.html", status, language, **context)


def _booked(again: Interview, *, nested: bool, done: str | None) -> Response:
    """The page of the interview booked in place of the missed one, under its own link."""
    now = deps.now()
    fresh = deps.link_signer().sign(again.interview_id, again.version, now=now)
    # From /c/{old} its forms post to {new}/confirm; from /c/{old}/rebook to ../{new}/confirm.
    base = f"../{fresh}/" if nested else f"{fresh}/"
    return _interview_page(lambda: deps.candidate_responses().open(fresh, now=now), done=done, base=base)


@rebook.route("/c/{token}/rebook", methods=["POST"], content_types=_FORM)
@accepts(form=("slot_id",))
@answers(media=(HTML,), pages=(400, *PAGES))
def book_again(token: str) -> Response:
    """Book the time chosen as a new interview in place of the missed one; a time taken meanwhile shows
    the page again with those still open (409)."""
    from chalicelib.services.notices.responses import InterviewClosed
    from chalicelib.services.scheduling.rebooking import RebookingClosed
    from chalicelib.services.scheduling.slots import SlotTaken

    responses, now = deps.candidate_responses(), deps.now()
    try:
        interview = responses.open(token, now=now)
    except BadLink as exc:
        return _refused(exc.reason)
    except InterviewClosed as over:
        missed = over.interview
    else:
        # Not over: nothing was missed, and the interview's own page says where it stands.
        return _interview_page(lambda: interview, done=None, base="", status=409)

    def again(status: int, problem: str | None) -> Response:
        page = missed_page(missed, token=token, nested=True, status=status, slot_problem=problem)
        return page or _page("closed.html", 409, _language(missed), interview=missed)

    slot_id = _form().get("slot_id", "").strip()
    if not slot_id:
        return again(400, "slot_refused")
    try:
        with actor.acting_for_candidate():
            booked = deps.rebooking().book(missed.interview_id, slot_id, now=now)
    except SlotTaken:
        return again(409, "taken")
    except RebookingClosed:
        return again(409, None)
    return _booked(booked, nested=True, done="book")
