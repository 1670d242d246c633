"""An interview's timeline: every change it went through, who made it, written with the change itself."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.common.timeline import events_between
from chalicelib.services.privacy.erasure import candidate_key
from chalicelib.store.actor import acting_as
from chalicelib.store.interviews import InterviewRepository, StaleInterview
from chalicelib.vocabulary import ActorKind, EventKind, InterviewStatus
from tests.support import Override
from tests.support.api import Api, body_of, interview_body, position_body
from tests.support.aws import drain_outbox, sent_mail
from tests.support.builders import interview as built
from tests.support.clock import at
from tests.support.events import DELIVERY, deliver, fire, publish

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HR = ("hr", "hr-desk")


def timeline(api: Api, interview_id: str) -> list[dict[str, Any]]:
    response = api.get(f"/interviews/{interview_id}/events")
    assert response.status_code == 200, response.body
    return list(body_of(response)["events"])


def link(interview: dict[str, Any]) -> str:
    token = deps.link_signer().sign(interview["interview_id"], interview["version"], now=deps.now())
    return f"/c/{token}"


def moment(override: Override, local: str) -> None:
    """Everything from here on happens at this Shanghai wall-clock time."""
    instant = at(local)
    override(now=lambda: instant)


def send_queued(api: Api, resources: dict[str, str]) -> None:
    """The outbox consumer sends what writes queued, as Lambda runs it."""
    for message in drain_outbox(resources):
        deliver(api, message)


def test_a_scripted_interview_has_exactly_its_events_each_with_who_acted(
    api: Api, resources: dict[str, str], override: Override
) -> None:
    position = body_of(api.post("/positions", position_body()))
    # Expecting far more than the position pays: the match check holds the notice.
    body = interview_body(position["position_id"])
    body["candidate"] = {**body["candidate"], "expected_salary": 60000}
    interview = body_of(api.post("/interviews", body))
    interview_id = interview["interview_id"]
    assert interview["notice"]["status"] == "held"

    api.post(f"/interviews/{interview_id}/notice", {"accept_warnings": ["salary_mismatch"]})
    send_queued(api, resources)
    publish(api, DELIVERY, sent_mail()[-1].id)
    call = {"reached": True, "intent": "medium", "attendance": "yes", "commitments": {"venue_clear": "no"}}
    api.post(f"/interviews/{interview_id}/call", {**call, "notes": "Asked about parking"})
    moment(override, "2026-12-02T10:00")
    fire(api.client, "send_reminders", deps.now())
    send_queued(api, resources)
    current = body_of(api.get(f"/interviews/{interview_id}"))
    api.client.http.post(link(current) + "/confirm", body="", headers=FORM)
    api.client.http.post(link(current) + "/reschedule", body="reason=Friday+suits+me+better", headers=FORM)
    api.post(f"/interviews/{interview_id}/reschedule", {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai"})
    moment(override, "2026-12-04T12:00")
    api.post(f"/interviews/{interview_id}/outcome", {"outcome": "no_show", "reason": "found_job"})
    api.post(f"/interviews/{interview_id}/outcome", {"outcome": "attended"})

    events = timeline(api, interview_id)

    assert [(e["kind"], e["actor"]["kind"], e["actor"].get("name")) for e in events] == [
        ("created", *HR),
        ("warning_raised", *HR),
        ("notice_held", *HR),
        ("warning_accepted", *HR),
        ("notice_queued", *HR),
        ("notice_sent", "job", "send_notices"),
        ("notice_delivered", "job", "ses_events"),
        ("call", *HR),
        ("reminder_sent", "job", "send_notices"),
        ("answered", "candidate", None),
        ("answered", "candidate", None),
        ("rescheduled", *HR),
        ("notice_queued", *HR),
        ("outcome_recorded", *HR),
        ("outcome_corrected", *HR),
    ]
    details = {e["kind"]: e["detail"] for e in events}
    assert details["warning_raised"]["code"] == details["warning_accepted"]["code"] == "salary_mismatch"
    assert details["call"] == {
        "reached": True,
        "intent": "medium",
        "attendance": "yes",
        "commitments": {"venue_clear": "no"},
        "notes": "Asked about parking",
        "by": "hr-desk",
    }
    assert [e["detail"] for e in events if e["kind"] == "answered"] == [
        {"action": "confirm", "message": ""},
        {"action": "reschedule", "message": "Friday suits me better"},
    ]
    assert details["rescheduled"] == {"changes": {"starts_at": {"from": "2026-12-03T14:30", "to": "2026-12-04T10:00"}}}
    assert details["notice_queued"] == {"notice": "update"}
    assert details["outcome_corrected"] == {"outcome": "attended", "from": "no_show"}
    # Oldest first, each at the moment its change was stored.
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert events[-1]["at"] == "2026-12-04T04:00:00Z"


def test_a_write_that_loses_its_race_stores_no_event(api: Api) -> None:
    position = body_of(api.post("/positions", position_body()))
    interview = body_of(api.post("/interviews", interview_body(position["position_id"])))
    repository = deps.interviews()
    record = repository.get(interview["interview_id"])
    assert record is not None
    repository.replace(dataclasses.replace(record, status=InterviewStatus.CONFIRMED), expected_revision=record.revision)

    with pytest.raises(StaleInterview):
        repository.replace(
            dataclasses.replace(record, status=InterviewStatus.CANCELLED), expected_revision=record.revision
        )

    kinds = [e["kind"] for e in timeline(api, interview["interview_id"])]
    assert "cancelled" not in kinds


def test_a_write_nobody_would_call_news_stores_no_event(api: Api) -> None:
    position = body_of(api.post("/positions", position_body()))
    interview = body_of(api.post("/interviews", interview_body(position["position_id"])))
    before = timeline(api, interview["interview_id"])

    # The weather watch's daily look that found nothing new only moves its own timestamp.
    deps.interviews().update(
        interview["interview_id"], lambda i: dataclasses.replace(i, updated_at="2026-11-28T00:00:00Z")
    )

    assert timeline(api, interview["interview_id"]) == before


def test_a_correction_of_the_candidates_details_shows_old_and_new_and_erasure_removes_them(api: Api) -> None:
    position = body_of(api.post("/positions", position_body()))
    interview = body_of(api.post("/interviews", interview_body(position["position_id"])))

    def corrected(record: Any) -> Any:
        candidate = dataclasses.replace(record.candidate, email="zhang.san@example.org")
        key = candidate_key(candidate.email)
        return dataclasses.replace(record, candidate=candidate, candidate_key=key, address="99 Century Avenue")

    with acting_as("li-wei"):
        deps.interviews().update(interview["interview_id"], corrected)
    (edit,) = [e for e in timeline(api, interview["interview_id"]) if e["kind"] == "edited"]
    assert edit["actor"] == {"kind": "hr", "name": "li-wei"}
    assert edit["detail"]["changes"] == {
        "candidate.email": {"from": "zhang.san@example.com", "to": "zhang.san@example.org"},
        "address": {"from": "88 Century Avenue, Floor 12", "to": "99 Century Avenue"},
    }

    assert api.delete("/candidates/zhang.san@example.org").status_code == 200
    events = timeline(api, interview["interview_id"])
    assert events[-1]["kind"] == "erased"
    (edit,) = [e for e in events if e["kind"] == "edited"]
    assert edit["detail"]["changes"] == {"candidate.email": {}, "address": {}}
    assert "zhang.san" not in repr(events)


def test_events_of_an_unknown_interview_are_a_404(api: Api) -> None:
    response = api.get("/interviews/int_nobody/events")
    assert response.status_code == 404
    assert body_of(response)["error"] == "not_found"


def test_without_a_timeline_table_the_repository_writes_the_item_alone(resources: dict[str, str]) -> None:
    repository = InterviewRepository(table=deps.interviews()._table)
    repository.add(built(interview_id="int_bare"))
    assert repository.timeline("int_bare") == []


def test_every_event_kind_and_actor_has_a_label_in_both_languages() -> None:
    for member in [*EventKind, *ActorKind]:
        assert member.label("zh-CN") and member.label("en")
        assert member.label("zh-CN") != member.value


def test_a_new_interview_records_its_creation_and_its_notice() -> None:
    record = built()
    found = events_between(None, record, actor=ActorKind.HR, by="hr-desk", at="2026-11-27T01:00:00Z")
    assert [e.kind for e in found] == [EventKind.CREATED, EventKind.NOTICE_QUEUED]
    assert all((e.actor, e.by, e.at) == (ActorKind.HR, "hr-desk", "2026-11-27T01:00:00Z") for e in found)


def test_corrections_of_the_position_and_of_the_candidate_reach_the_timeline(
    api: Api, resources: dict[str, str]
) -> None:
    position = body_of(api.post("/positions", position_body()))
    interview = body_of(api.post("/interviews", interview_body(position["position_id"])))
    interview_id = interview["interview_id"]
    send_queued(api, resources)

    edited = api.patch(
        f"/positions/{position['position_id']}", {"revision": position["revision"], "work_location": "Xuhui, Shanghai"}
    )
    assert edited.status_code == 200, edited.body
    send_queued(api, resources)
    current = body_of(api.get(f"/interviews/{interview_id}"))
    corrected = api.patch(
        f"/interviews/{interview_id}",
        {"revision": current["revision"], "candidate": {"email": "zhang.san@example.org"}},
    )
    assert corrected.status_code == 200, corrected.body

    events = timeline(api, interview_id)[3:]
    assert [(e["kind"], e["actor"].get("name")) for e in events] == [
        ("notice_queued", "hr-desk"),
        ("notice_sent", "send_notices"),
        ("edited", "hr-desk"),
        ("notice_queued", "hr-desk"),
    ]
    assert events[0]["detail"] == {"notice": "update", "changed": ["work_location"]}
    assert events[2]["detail"]["changes"] == {
        "candidate.email": {"from": "zhang.san@example.com", "to": "zhang.san@example.org"}
    }
    assert events[3]["detail"] == {"notice": "notice"}
