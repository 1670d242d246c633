"""Corrections HR makes to an interview (API.md): the candidate's details, on the revision HR read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import deps
from chalicelib.api.auth import hr_token, requires
from chalicelib.api.contract import accepts, answers
from chalicelib.api.hr import with_risk
from chalicelib.api.middleware import Routes
from chalicelib.vocabulary import Role

if TYPE_CHECKING:
    from chalicelib.models import InterviewPatch

corrections = Routes(__name__)


def _patch() -> InterviewPatch:
    # pydantic loads with the first correction, not on every cold start.
    from chalicelib.models import InterviewPatch
    from chalicelib.validation import parse

    request = corrections.current_request
    return parse(InterviewPatch, request.raw_body if request is not None else None)


@corrections.route("/interviews/{interview_id}", methods=["PATCH"], authorizer=hr_token)
@requires(Role.RECRUITER)
@accepts("chalicelib.models.InterviewPatch")
@answers(errors=(409,))
def correct_interview(interview_id: str) -> dict[str, Any]:
    now = deps.now()
    done = deps.interview_corrections().correct(interview_id, _patch(), now=now)
    return {
        **with_risk(done.interview, now),
        "unchanged": not done.changed,
        "corrected": list(done.changed),
        "resent_by": [channel.value for channel in done.resent_by],
        "message": done.message,
    }
