"""The call API: call scripts, logging calls, and notices held by the match and completeness checks."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.api.calls import calls
from chalicelib.errors import Conflict
from chalicelib.services.common.records import Interview
from chalicelib.services.preparation.calls import CallIn, CallService, Intent
from chalicelib.services.preparation.completeness import completeness_check
from chalicelib.services.preparation.matching import match_check
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.store.interviews import InterviewRepository, StaleInterview
from tests.support import Override
from tests.support.api import Api, interview_body, position_body

CALL_SCRIPT_ROUTE = "/interviews/{interview_id}/call-script"


@pytest.fixture(autouse=True)
def calls_routes() -> None:
    """Serve the call routes whether or not app.py registers the blueprint yet."""
    from app import app

    if CALL_SCRIPT_ROUTE not in app.routes:
        app.register_blueprint(calls)


@pytest.fixture
def checked(override: Override) -> None:
    """Interviews are scheduled with the completeness and match checks plugged in."""

    def service() -> InterviewService:
        return InterviewService(
            positions=deps.positions(),
            interviews=deps.interviews(),
            checks=[completeness_check, match_check],
            retention_days=deps.settings().retention_days,
        )

    override(interview_service=service)


def body(response: Any) -> Any:
    return json.loads(response.body)


def create_position(api: Api, **overrides: Any) -> str:
    response = api.post("/positions", position_body(**overrides))
    assert response.status_code == 201, response.body
    return str(body(response)["position_id"])


def create_interview(api: Api, **overrides: Any) -> dict[str, Any]:
    position_id = overrides.pop("position_id", None) or create_position(api)
    response = api.post("/interviews", interview_body(position_id, **overrides))
    assert response.status_code == 201, response.body
    return dict(body(response))


@pytest.fixture
def interview(api: Api) -> dict[str, Any]:
    return create_interview(api)


def log_call(api: Api, interview_id: str, **call: Any) -> Any:
    return api.post(f"/interviews/{interview_id}/call", call)


# --- call script -------------------------------------------------------------------------


def test_call_script_is_served_in_the_candidates_language(api: Api, interview: dict[str, Any]) -> None:
    response = api.get(f"/interviews/{interview['interview_id']}/call-script")
    assert response.status_code == 200, response.body
    script = body(response)
    assert script["language"] == "zh-CN"
    assert script["mode"] == "notification"
    assert script["target_seconds"] == 30
    assert abs(script["estimated_seconds"] - 30) <= 6
    assert script["sections"][0]["title"] == "开场"
    assert "Acme Robotics" in script["text"]
    assert "艾特" in script["email_spelled"]


def test_call_script_falls_back_to_the_default_language(api: Api) -> None:
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com"}
    interview = create_interview(api, candidate=candidate)
    script = body(api.get(f"/interviews/{interview['interview_id']}/call-script"))
    assert script["language"] == deps.settings().default_language


def test_call_script_for_a_senior_role_is_an_invitation(api: Api) -> None:
    position_id = create_position(api, level="senior", benefits="Fourteen months of salary.")
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com", "language": "en"}
    interview = create_interview(api, position_id=position_id, candidate=candidate)
    script = body(api.get(f"/interviews/{interview['interview_id']}/call-script"))
    assert script["mode"] == "invitation"
    assert script["target_seconds"] == 120
    assert "Fourteen months of salary" in script["text"]


def test_call_script_of_an_unknown_interview_is_404(api: Api) -> None:
    response = api.get("/interviews/int_missing/call-script")
    assert response.status_code == 404
    assert body(response)["error"] == "not_found"


def test_call_script_of_a_cancelled_interview_is_409(api: Api, interview: dict[str, Any]) -> None:
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    assert api.get(f"/interviews/{interview['interview_id']}/call-script").status_code == 409


def test_call_script_needs_a_valid_token(api: Api, interview: dict[str, Any]) -> None:
    path = f"/interviews/{interview['interview_id']}/call-script"
    assert api.get(path, headers=api.headers("not-a-token")).status_code == 403


# --- logging calls -----------------------------------------------------------------------


def test_a_call_is_logged_with_intent_and_risk(api: Api, interview: dict[str, Any]) -> None:
    response = log_call(
        api, interview["interview_id"], reached=True, intent="high", notes="  Keen, asked about parking. "
    )
    assert response.status_code == 200, response.body
    updated = body(response)
    assert updated["calls"] == [
        {
            "at": "2026-11-27T01:00:00Z",
            "reached": True,
            "intent": "high",
            "notes": "Keen, asked about parking.",
            "by": "hr-desk",
        }
    ]
    assert updated["intent"] == "high"
    assert updated["at_risk"] is False
    assert updated["match"]["score"] == 100
    # Heard keen on the phone: less likely to miss than before anyone had reached them.
    assert updated["risk"]["probability"] < interview["risk"]["probability"]
    assert {"name": "intent_high", "effect": -0.3} in updated["risk"]["factors"]
    assert updated["risk"]["model"] == "prior-2026-12"
    assert "expires_at" not in updated
    stored = body(api.get(f"/interviews/{interview['interview_id']}"))
    assert stored["calls"] == updated["calls"]


def test_low_intent_flags_the_interview_to_confirm_attendance_directly(api: Api, interview: dict[str, Any]) -> None:
    updated = body(log_call(api, interview["interview_id"], reached=True, intent="low"))
    assert updated["at_risk"] is True
    assert "confirm attendance directly" in updated["at_risk_prompt"]
    assert updated["risk"]["level"] == "call"
    assert updated["risk"]["band"] == "high"


def test_a_call_records_what_the_candidate_said_and_the_probability_follows(
    api: Api, interview: dict[str, Any]
) -> None:
    commitments = {"call_before": "no", "venue_clear": "no", "time_off": "not_asked"}
    call = {"reached": True, "intent": "medium", "attendance": "unsure", "commitments": commitments}
    updated = body(log_call(api, interview["interview_id"], **call))

    # Only the questions asked are kept; "not asked" tells nothing, as if the key were missing.
    assert updated["calls"][-1] == {
        "at": "2026-11-27T01:00:00Z",
        "reached": True,
        "intent": "medium",
        "attendance": "unsure",
        "commitments": {"call_before": "no", "venue_clear": "no"},
        "by": "hr-desk",
    }
    risk = updated["risk"]
    assert risk["level"] == "call"
    assert risk["probability"] > 0.5
    assert {"attendance_unsure", "call_before_no", "venue_clear_no"} <= {f["name"] for f in risk["factors"]}
    assert risk["score"] == round(risk["probability"] * 100)


def test_a_call_with_no_commitment_asked_stores_none(api: Api, interview: dict[str, Any]) -> None:
    call = {"reached": True, "intent": "high", "attendance": "yes", "commitments": {"prepared": "not_asked"}}
    logged = body(log_call(api, interview["interview_id"], **call))["calls"][-1]
    assert logged["attendance"] == "yes"
    assert "commitments" not in logged


def test_two_unanswered_calls_flag_the_interview_and_an_answer_clears_it(api: Api, interview: dict[str, Any]) -> None:
    interview_id = interview["interview_id"]
    assert body(log_call(api, interview_id, reached=False))["at_risk"] is False
    flagged = body(log_call(api, interview_id, reached=False))
    assert flagged["at_risk"] is True
    assert "confirm attendance directly" in flagged["at_risk_prompt"]
    assert "intent" not in flagged
    cleared = body(log_call(api, interview_id, reached=True, intent="medium"))
    assert cleared["at_risk"] is False
    assert "at_risk_prompt" not in cleared
    assert len(cleared["calls"]) == 3


def test_an_unreached_call_keeps_the_last_heard_intent(api: Api, interview: dict[str, Any]) -> None:
    log_call(api, interview["interview_id"], reached=True, intent="high")
    updated = body(log_call(api, interview["interview_id"], reached=False, intent="low"))
    assert updated["intent"] == "high"
    assert updated["calls"][-1]["intent"] == "low"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        ({"reached": True, "intent": "maybe"}, "intent"),
        ({"reached": True}, "intent"),
        ({"reached": "yes", "intent": "high"}, "reached"),
        ({"intent": "high"}, "reached"),
        ({"reached": True, "intent": "high", "mood": "good"}, "mood"),
        ({"reached": True, "intent": "high", "notes": "x" * 501}, "notes"),
        ({"reached": True, "intent": "high", "attendance": "maybe"}, "attendance"),
        ({"reached": True, "intent": "high", "commitments": {"mood": "yes"}}, "commitments.mood"),
        ({"reached": True, "intent": "high", "commitments": {"call_before": "sure"}}, "commitments.call_before"),
        ({"reached": True, "intent": "high", "commitments": ["call_before"]}, "commitments"),
        ({"reached": False, "attendance": "yes"}, "attendance"),
        ({"reached": False, "commitments": {"venue_clear": "yes"}}, "commitments"),
    ],
)
def test_a_bad_call_body_is_400_naming_the_field(
    api: Api, interview: dict[str, Any], call: dict[str, Any], field: str
) -> None:
    response = log_call(api, interview["interview_id"], **call)
    assert response.status_code == 400
    assert field in body(response)["fields"]
    assert "calls" not in body(api.get(f"/interviews/{interview['interview_id']}"))


def test_a_call_body_that_is_not_json_is_400(api: Api, interview: dict[str, Any]) -> None:
    response = api.post(f"/interviews/{interview['interview_id']}/call", raw="{")
    assert response.status_code == 400
    assert "body" in body(response)["fields"]


def test_a_call_on_an_unknown_interview_is_404(api: Api) -> None:
    assert log_call(api, "int_missing", reached=True, intent="high").status_code == 404


def test_a_call_on_a_cancelled_interview_is_409(api: Api, interview: dict[str, Any]) -> None:
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    response = log_call(api, interview["interview_id"], reached=True, intent="high")
    assert response.status_code == 409
    assert body(response)["error"] == "conflict"


class _RacingRepository(InterviewRepository):
    """Someone else writes between our read and our write ``races`` times."""

    def __init__(self, inner: InterviewRepository, races: int) -> None:
        self._inner = inner
        self.races = races

    def get(self, interview_id: str) -> Interview | None:
        return self._inner.get(interview_id)

    def replace(self, interview: Interview, *, expected_revision: int, before: Interview | None = None) -> Interview:
        if self.races:
            self.races -= 1
            raise StaleInterview(interview.interview_id)
        return self._inner.replace(interview, expected_revision=expected_revision, before=before)


def _service(races: int) -> CallService:
    repository = _RacingRepository(deps.interviews(), races)
    return CallService(interviews=repository, positions=deps.positions(), default_language="en")


def test_a_call_logged_during_a_concurrent_write_is_applied_to_the_fresh_record(
    interview: dict[str, Any], now: datetime
) -> None:
    call = CallIn(reached=True, intent=Intent.HIGH)
    updated = _service(races=1).record(interview["interview_id"], call, now=now)
    assert [c.intent for c in updated.calls] == ["high"]


def test_a_call_that_keeps_losing_the_race_is_409(interview: dict[str, Any], now: datetime) -> None:
    call = CallIn(reached=True, intent=Intent.HIGH)
    with pytest.raises(Conflict):
        _service(races=10).record(interview["interview_id"], call, now=now)
    stored = deps.interviews().get(interview["interview_id"])
    assert stored is not None and stored.calls == ()


# --- checks hold the notice ----------------------------------------------------------------


@pytest.fixture
def low_paid_position(api: Api) -> str:
    return create_position(api, salary_min=3000, salary_max=4000, skills=["typescript", "css"])


def test_a_salary_mismatch_holds_the_notice_until_hr_accepts_it(
    api: Api, checked: None, low_paid_position: str
) -> None:
    candidate = {"name": "Wang Wu", "email": "wang.wu@example.com", "expected_salary": 5000}
    response = api.post("/interviews", interview_body(low_paid_position, candidate=candidate))
    assert response.status_code == 201, response.body
    interview = body(response)
    assert [w["code"] for w in interview["warnings"]] == ["salary_mismatch"]
    assert "asks 5,000, the offer tops at 4,000: gap 1,000 CNY" in interview["warnings"][0]["message"]
    assert interview["notice"] == {**interview["notice"], "status": "held", "held_for": ["salary_mismatch"]}

    released = api.post(f"/interviews/{interview['interview_id']}/notice", {"accept_warnings": ["salary_mismatch"]})
    assert released.status_code == 200, released.body
    assert body(released)["notice"]["status"] == "queued"


def test_a_low_match_holds_the_notice_and_accepting_another_warning_does_not_release_it(
    api: Api, checked: None, low_paid_position: str
) -> None:
    candidate = {"name": "Wang Wu", "email": "wang.wu@example.com", "skills": ["COBOL"]}
    interview = body(api.post("/interviews", interview_body(low_paid_position, candidate=candidate)))
    assert [w["code"] for w in interview["warnings"]] == ["low_match"]
    assert interview["notice"]["status"] == "held"

    path = f"/interviews/{interview['interview_id']}/notice"
    assert api.post(path, {"accept_warnings": ["salary_mismatch"]}).status_code == 409
    assert body(api.post(path, {"accept_warnings": ["low_match"]}))["notice"]["status"] == "queued"


def test_a_vague_position_holds_the_notice_as_incomplete(api: Api, checked: None) -> None:
    position_id = create_position(api, responsibilities="负责相关工作")
    interview = create_interview(api, position_id=position_id)
    assert [w["code"] for w in interview["warnings"]] == ["incomplete_position"]
    assert interview["notice"]["held_for"] == ["incomplete_position"]


def test_a_sound_match_for_a_complete_position_goes_straight_out(api: Api, checked: None) -> None:
    candidate = {"name": "Li Lei", "email": "li.lei@example.com", "expected_salary": 18000, "skills": ["TypeScript"]}
    interview = create_interview(api, candidate=candidate)
    assert interview["warnings"] == []
    assert interview["notice"]["status"] == "queued"
