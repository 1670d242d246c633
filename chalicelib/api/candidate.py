"""Candidate pages behind signed links: GET shows, POST acts (mail scanners prefetch GETs).

Every answer under ``/c/`` and ``/s/`` carries the pages' security headers, error answers
included (``candidate_headers``, an HTTP middleware): these URLs hold the link token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from chalice import Response
from chalice.app import Request

from chalicelib import deps
from chalicelib.api.candidate_text import TEXT, status_text
from chalicelib.api.contract import HTML, accepts, answers
from chalicelib.api.middleware import Routes
from chalicelib.api.page_headers import page_headers
from chalicelib.render import render
from chalicelib.services.notices.links import BadLink
from chalicelib.store import actor

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview

candidate = Routes(__name__)

_FORM = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]
_PATHS = ("/c/", "/s/")
# A link that leads nowhere (tampered, expired, superseded), to a closed interview, or to erased data.
PAGES = (403, 409, 410)
# closed(interview) -> the page to show for an interview that is over instead of "closed", or None.
Closed = Callable[["Interview"], Response | None]
_HEADERS = {
    **page_headers(scripts=False, forms=True),
    # Personal data behind a secret URL: kept by no cache and listed by no search engine.
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
}


def candidate_headers(event: Request, get_response: Callable[[Request], Response]) -> Response:
    """Give every answer on a candidate path the pages' security headers (registered before the error mapping)."""
    response = get_response(event)
    if str(event.path).startswith(_PATHS):
        response.headers.update(_HEADERS)
    return response


def _page(template: str, status: int, language: str, **context: Any) -> Response:
    from chalicelib.api.assets import assets

    request = candidate.current_request
    # Relative, as every link of these pages: from /c/{token}/confirm the API's root is "../../".
    root = "../" * (str(request.path).count("/") - 1 if request is not None else 1)
    stylesheet = f"{root}static/{assets().name('candidate.css')}"
    html = render(f"candidate/{template}", lang=language, t=TEXT[language], stylesheet=stylesheet, **context)
    return Response(body=html, status_code=status, headers={"Content-Type": "text/html; charset=utf-8"})


def _language(interview: Interview | None = None) -> str:
    chosen = (interview.candidate.language if interview else None) or deps.settings().default_language
    return chosen if chosen in TEXT else "en"


def _refused(reason: str) -> Response:
    if reason == "erased":
        # Neutral: whoever holds the link learns nothing about the interview or the person.
        return _page("gone.html", 410, _language())
    return _page("refused.html", 403, _language(), reason=reason)


def _open(find: Callable[[], Interview], closed: Closed | None = None) -> Interview | Response:
    """The interview ``find`` returns, or the page saying why the link leads nowhere (``closed``'s page,
    when it has one for the interview that is over)."""
    from chalicelib.services.notices.responses import InterviewClosed

    try:
        return find()
    except BadLink as exc:
        return _refused(exc.reason)
    except InterviewClosed as over:
        page = closed(over.interview) if closed is not None else None
        return page or _page("closed.html", 409, _language(over.interview), interview=over.interview)


def _interview_page(
    find: Callable[[], Interview],
    *,
    done: str | None,
    base: str,
    status: int = 200,
    reason_refused: bool = False,
    slot_problem: str | None = None,
    move_problem: str | None = None,
    offer_problem: str | None = None,
    closed: Closed | None = None,
) -> Response:
    """The interview page for the interview ``find`` returns, or the page saying why the link leads nowhere;
    ``slot_problem`` / ``move_problem``: a key of ``TEXT`` saying what to fix in the slot forms."""
    from chalicelib.services.notices.candidate_page import offer_choice, page_facts, slot_choices
    from chalicelib.vocabulary import InterviewStatus, MoveReason, labels

    interview = _open(find, closed)
    if isinstance(interview, Response):
        return interview
    language = _language(interview)
    bookings, now = deps.slot_bookings(), deps.now()
    # Offered while choosing, and while the candidate may still move their booking themselves.
    movable = bookings.can_move(interview, now=now)
    offered = interview.status == InterviewStatus.CHOOSING or movable
    text = TEXT[language]
    context = {
        "interview": interview,
        "facts": page_facts(interview, language),
        "status_text": status_text(interview.status, language),
        "done": done,
        "base": base,
        "problem": text["reason_refused"] if reason_refused else None,
        "slots": slot_choices(bookings.open_slots(interview, now=now), language) if offered else [],
        "movable": movable,
        "rules": bookings.rules,
        "move_reasons": labels(MoveReason, language),
        "slot_problem": text[slot_problem] if slot_problem else None,
        "move_problem": text[move_problem] if move_problem else None,
    }
    joinable, waiting = bookings.waitlists(interview, now=now)
    context |= {
        "full_slots": slot_choices(joinable, language),
        "waiting_slots": slot_choices(waiting, language),
        "offer": offer_choice(interview, language, now=now),
        "offer_problem": text[offer_problem] if offer_problem else None,
    }
    return _page("page.html", status, language, **context)


@candidate.route("/s/{code}", methods=["GET"])
@accepts()
@answers(302, media=(), pages=(403,))
def short_link(code: str) -> Response:
    """SMS links are short; they redirect to the signed page (which does all the checking)."""
    from chalicelib.services.notices.delivery import short_link_key, short_link_token

    item = deps.ledger().get(short_link_key(code)) if code.isalnum() and len(code) <= 16 else None
    token = short_link_token(item, deps.link_signer()) if item is not None else None
    if token is None:
        return _refused("unknown")
    # Relative, so it works behind API Gateway's stage prefix too.
    return Response(body="", status_code=302, headers={"Location": f"../c/{token}"})


@candidate.route("/c/{token}", methods=["GET"])
@accepts()
@answers(media=(HTML,), pages=PAGES)
def show(token: str) -> Response:
    from chalicelib.api.rebook import missed_page

    responses, now = deps.candidate_responses(), deps.now()
    # Relative form actions: from /c/{token} the forms post to {token}/confirm. A missed interview whose
    # position invites the candidate back shows the times to book instead of "closed".
    return _interview_page(
        lambda: responses.open(token, now=now),
        done=None,
        base=f"{token}/",
        closed=lambda missed: missed_page(missed, token=token, nested=False),
    )


@candidate.route("/c/{token}/calendar.ics", methods=["GET"])
@accepts()
@answers(media=("text/calendar",), pages=PAGES)
def calendar_file(token: str) -> Response:
    """The candidate's own interview as a calendar entry to add: the emailed invite's entry (same UID and
    sequence, so a calendar that holds it updates it), without its reply request."""
    from chalicelib.services.notices.calendar import invite

    interview = _open(lambda: deps.candidate_responses().open(token, now=deps.now()))
    if isinstance(interview, Response):
        return interview
    position = deps.positions().get(interview.position_id)
    if position is None:
        return _refused("gone")
    settings = deps.settings()
    page_url = f"{settings.public_base_url}/c/{token}" if settings.public_base_url else None
    ics = invite(
        interview,
        position,
        organizer=settings.sender_email,
        method="PUBLISH",
        language=_language(interview),
        page_url=page_url,
    )
    disposition = f'attachment; filename="interview-{interview.local_date}.ics"'
    return Response(
        # Text, so every gateway passes it as it is (bytes would need a binary media type).
        body=ics.decode("utf-8"),
        status_code=200,
        headers={"Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": disposition},
    )


def _form() -> dict[str, str]:
    request = candidate.current_request
    raw = request.raw_body if request is not None else b""
    fields = parse_qs(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw or "")
    return {name: values[0] for name, values in fields.items()}


def _act(token: str, answer: str) -> Response:
    from chalicelib.characters import problem
    from chalicelib.services.notices.responses import Action

    action = Action(answer)
    form = _form()
    reason = form.get("reason", "").strip()
    responses, now = deps.candidate_responses(), deps.now()
    refused = bool(problem(reason, one_line=False))
    if action is Action.DECLINE and (refused or form.get("sure") != "yes"):
        # Declining asks once more (a tap by mistake costs the interview); the answer posts back here.
        return _decline_step(token, reason="" if refused else reason, refused=refused)
    # Answered at /c/{token}/<action>: the next answer posts to a sibling path.
    if refused:
        # The page again, nothing changed, the reason field marked for the candidate to fix.
        return _interview_page(
            lambda: responses.open(token, now=now), done=None, base="", status=400, reason_refused=True
        )
    with actor.acting_for_candidate():
        return _interview_page(
            lambda: responses.respond(token, action, now=now, reason=reason)[0], done=action, base=""
        )


def _decline_step(token: str, *, reason: str, refused: bool) -> Response:
    """ "Are you sure?", with the reason field; changes nothing."""
    interview = _open(lambda: deps.candidate_responses().open(token, now=deps.now()))
    if isinstance(interview, Response):
        return interview
    language = _language(interview)
    problem = TEXT[language]["reason_refused"] if refused else None
    # From /c/{token}/decline the page itself is ../{token}.
    context = {"interview": interview, "reason": reason, "problem": problem, "back": f"../{token}"}
    return _page("decline.html", 400 if refused else 200, language, **context)


@candidate.route("/c/{token}/confirm", methods=["POST"], content_types=_FORM)
@accepts(form=("reason",))
@answers(media=(HTML,), pages=(400, *PAGES))
def confirm(token: str) -> Response:
    return _act(token, "confirm")


@candidate.route("/c/{token}/decline", methods=["POST"], content_types=_FORM)
@accepts(form=("reason", "sure"))
@answers(media=(HTML,), pages=(400, *PAGES))
def decline(token: str) -> Response:
    return _act(token, "decline")


@candidate.route("/c/{token}/reschedule", methods=["POST"], content_types=_FORM)
@accepts(form=("reason",))
@answers(media=(HTML,), pages=(400, *PAGES))
def reschedule(token: str) -> Response:
    return _act(token, "reschedule")


@candidate.route("/c/{token}/book", methods=["POST"], content_types=_FORM)
@accepts(form=("slot_id",))
@answers(media=(HTML,), pages=(400, *PAGES))
def book(token: str) -> Response:
    """Book the slot chosen; a slot taken meanwhile shows the page again with those still open (409)."""

    def booked(interview_id: str, slot_id: str, _: dict[str, str]) -> Interview:
        return deps.slot_bookings().book(interview_id, slot_id, now=deps.now())

    return _slot_action(token, booked, moving=False)


@candidate.route("/c/{token}/move", methods=["POST"], content_types=_FORM)
@accepts(form=("slot_id", "move_reason", "note"))
@answers(media=(HTML,), pages=(400, *PAGES))
def move(token: str) -> Response:
    """Move a booked time to another slot within the rules; outside them it becomes a request to HR."""
    from chalicelib.vocabulary import MoveReason

    def moved(interview_id: str, slot_id: str, form: dict[str, str]) -> Interview:
        reason = MoveReason(form["move_reason"])
        note = form.get("note", "").strip()[:500] or None
        return deps.slot_bookings().move(interview_id, slot_id, reason, now=deps.now(), note=note)

    return _slot_action(token, moved, moving=True)


def _slot_action(token: str, act: Callable[[str, str, dict[str, str]], Interview], *, moving: bool) -> Response:
    from chalicelib.characters import problem
    from chalicelib.services.notices.responses import Action
    from chalicelib.services.scheduling.slots import MoveNotAllowed, SlotTaken
    from chalicelib.vocabulary import MoveReason

    responses, now = deps.candidate_responses(), deps.now()
    interview = _open(lambda: responses.open(token, now=now))
    if isinstance(interview, Response):
        return interview
    form = _form()
    slot_id = form.get("slot_id", "").strip()

    def again() -> Interview:
        return responses.open(token, now=now)

    if not slot_id:
        return _interview_page(again, done=None, base="", status=400, slot_problem="slot_refused")
    if moving and (form.get("move_reason") not in set(MoveReason) or problem(form.get("note", ""), one_line=False)):
        return _interview_page(again, done=None, base="", status=400, move_problem="move_reason_refused")
    try:
        with actor.acting_for_candidate():
            done = act(interview.interview_id, slot_id, form)
    except SlotTaken:
        return _interview_page(again, done=None, base="", status=409, slot_problem="taken")
    except MoveNotAllowed:
        # Too close to the start, or moved often enough: HR decides, as for any reschedule request.
        reason = f"{MoveReason(form['move_reason']).label(_language(interview))}: {form.get('note', '').strip()}"
        with actor.acting_for_candidate():
            return _interview_page(
                lambda: responses.respond(token, Action.RESCHEDULE, now=now, reason=reason.rstrip(": "))[0],
                done=Action.RESCHEDULE,
                base="",
            )
    if done.version == interview.version:
        return _interview_page(lambda: done, done="book", base="")
    # The move retired the old link: the page's forms post under the new one (from /c/{old}/move, ../{new}/).
    fresh = deps.link_signer().sign(done.interview_id, done.version, now=now)
    return _interview_page(lambda: done, done="move", base=f"../{fresh}/")


@candidate.route("/c/{token}/waitlist", methods=["POST"], content_types=_FORM)
@accepts(form=("slot_id",))
@answers(media=(HTML,), pages=(400, *PAGES))
def join_waitlist(token: str) -> Response:
    """Join a full slot's waitlist; a slot with a seat free meanwhile shows the page to book it (409)."""
    from chalicelib.services.followup.waitlist import SlotNotFull

    responses, now = deps.candidate_responses(), deps.now()
    interview = _open(lambda: responses.open(token, now=now))
    if isinstance(interview, Response):
        return interview
    slot_id = _form().get("slot_id", "").strip()

    def again() -> Interview:
        return responses.open(token, now=now)

    if not slot_id:
        return _interview_page(again, done=None, base="", status=400, slot_problem="slot_refused")
    try:
        with actor.acting_for_candidate():
            joined = deps.waitlist().join(interview.interview_id, slot_id, now=now)
    except SlotNotFull:
        return _interview_page(again, done=None, base="", status=409, slot_problem="not_full")
    return _interview_page(lambda: joined, done="waitlist", base="")


@candidate.route("/c/{token}/offer/accept", methods=["POST"], content_types=_FORM)
@accepts()
@answers(media=(HTML,), pages=PAGES)
def accept_offer(token: str) -> Response:
    """Book the seat held for the candidate; once its time ran out, say so and show what is still open (409)."""
    return _offer_action(token, accept=True)


@candidate.route("/c/{token}/offer/decline", methods=["POST"], content_types=_FORM)
@accepts()
@answers(media=(HTML,), pages=PAGES)
def decline_offer(token: str) -> Response:
    """Let the seat held for the candidate go to the next in line."""
    return _offer_action(token, accept=False)


def _offer_action(token: str, *, accept: bool) -> Response:
    from chalicelib.services.scheduling.slots import OfferEnded

    responses, now = deps.candidate_responses(), deps.now()
    interview = _open(lambda: responses.open(token, now=now))
    if isinstance(interview, Response):
        return interview
    # From /c/{token}/offer/accept the page's forms post to ../book, ../waitlist.
    try:
        with actor.acting_for_candidate():
            if accept:
                done = deps.slot_bookings().accept_offer(interview.interview_id, now=now)
            else:
                done = deps.waitlist().decline(interview.interview_id, now=now)
    except OfferEnded:
        return _interview_page(
            lambda: responses.open(token, now=now), done=None, base="../", status=409, offer_problem="offer_ended"
        )
    return _interview_page(lambda: done, done="offer_accept" if accept else "offer_decline", base="../")
