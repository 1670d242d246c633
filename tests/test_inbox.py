"""HR's inbox: each kind of item appears through the flow that raises it, and leaves when HR resolves it or
when the action that settles it happens."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import responses

from chalicelib import deps
from chalicelib.vocabulary import InboxKind
from tests.support import Override
from tests.support.api import Api
from tests.support.aws import drain_outbox, send_outbox, sent_mail
from tests.support.clock import NOW, at
from tests.support.events import BOUNCE, COMPLAINT, publish
from tests.support.inbox import (
    answer,
    book,
    call,
    give_up_on,
    inbox,
    kinds,
    only_item,
    position_id,
    resolve,
)
from tests.support.open_meteo import ANY_FORECAST_HOST, fixture, http

__all__ = ["http", "position_id"]


def test_a_decline_through_the_candidates_link_is_an_item_with_their_message(api: Api, position_id: str) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "decline", "I took another offer")

    listed = inbox(api)

    assert listed["count"] == 1
    assert listed["items"] == [
        {
            "id": f"{interview_id}.declined.20261127T010000Z",
            "kind": "declined",
            "label": {"zh-CN": InboxKind.DECLINED.label("zh-CN"), "en": "Declined"},
            "raised_at": "2026-11-27T01:00:00Z",
            "interview_id": interview_id,
            "interview": {
                "candidate": "Zhang San",
                "position": "Front-end Engineer",
                "company": "Acme Robotics",
                "starts_at": "2026-12-03T14:30",
                "timezone": "Asia/Shanghai",
                "starts_at_utc": "2026-12-03T06:30:00Z",
                "status": "declined",
            },
            "detail": {"message": "I took another offer"},
        }
    ]


def test_a_resolved_item_leaves_the_inbox_stays_on_the_interview_and_its_timeline_and_resolving_again_is_harmless(
    api: Api, position_id: str
) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "decline", "I took another offer")
    item = only_item(api)

    resolved = resolve(api, item["id"], {"notes": "Thanked them, closed the file"})
    again = resolve(api, item["id"], {"notes": "a second click"})

    record = api.get(f"/interviews/{interview_id}").json_body
    events = api.get(f"/interviews/{interview_id}/events").json_body["events"]
    assert resolved["resolved"] == {
        "item": item["id"],
        "kind": "declined",
        "at": "2026-11-27T01:00:00Z",
        "by": "hr-desk",
        "notes": "Thanked them, closed the file",
    }
    assert record["resolutions"] == [resolved["resolved"]]
    assert again == resolved
    assert inbox(api) == {"count": 0, "items": []}
    (event,) = [event for event in events if event["kind"] == "resolved"]
    assert event["actor"] == {"kind": "hr", "name": "hr-desk"}
    assert event["detail"] == {"item": item["id"], "kind": "declined", "notes": "Thanked them, closed the file"}


def test_a_reschedule_request_carries_the_message_and_is_settled_by_rescheduling(api: Api, position_id: str) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "reschedule", "Friday morning suits me better")

    item = only_item(api)
    moved = api.post(
        f"/interviews/{interview_id}/reschedule", {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai"}
    )

    assert (item["kind"], item["detail"]) == ("reschedule_requested", {"message": "Friday morning suits me better"})
    assert moved.status_code == 200
    assert inbox(api)["count"] == 0


def correct_email(api: Api, interview_id: str, email: str) -> None:
    """HR corrects the candidate's address (``PATCH /interviews/{id}``) from the revision they read."""
    revision = api.get(f"/interviews/{interview_id}").json_body["revision"]
    response = api.patch(f"/interviews/{interview_id}", {"revision": revision, "candidate": {"email": email}})
    assert response.status_code == 200, response.body


def test_a_hard_bounce_is_an_item_until_the_address_is_corrected(
    api: Api, position_id: str, resources: dict[str, str]
) -> None:
    interview_id = book(api, position_id)
    send_outbox(resources)
    (mail,) = sent_mail()

    assert publish(api, BOUNCE, mail.id) == "bounced"
    item = only_item(api)
    correct_email(api, interview_id, "zhang.san@example.org")

    assert (item["kind"], item["detail"]) == ("email_bounced", {"email": "zhang.san@example.com"})
    assert inbox(api)["count"] == 0


@pytest.mark.parametrize("settled_by", ["resolving", "correcting the address"])
def test_a_complaint_is_an_item_until_hr_resolves_it_or_corrects_the_address(
    api: Api, position_id: str, resources: dict[str, str], settled_by: str
) -> None:
    interview_id = book(api, position_id)
    send_outbox(resources)
    (mail,) = sent_mail()

    assert publish(api, COMPLAINT, mail.id) == "complaint"
    item = only_item(api)
    if settled_by == "resolving":
        resolve(api, item["id"])
    else:
        correct_email(api, interview_id, "zhang.san@example.org")

    assert item["kind"] == "email_complained"
    assert inbox(api)["count"] == 0


def test_a_notice_that_could_not_be_sent_is_an_item_until_hr_sends_it_again(
    api: Api, position_id: str, resources: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id = book(api, position_id)
    (message,) = drain_outbox(resources)
    give_up_on(api, message, monkeypatch)

    item = only_item(api)
    resent = api.post(f"/interviews/{interview_id}/notice", {"accept_warnings": []})

    assert (item["kind"], item["detail"]) == ("notice_failed", {"notice": "notice"})
    assert resent.status_code == 200
    assert inbox(api)["count"] == 0


def test_a_reminder_that_could_not_be_sent_is_an_item(
    api: Api, position_id: str, resources: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id = book(api, position_id)
    send_outbox(resources)
    give_up_on(api, {"kind": "reminder", "interview_id": interview_id, "version": 1, "sequence": 0}, monkeypatch)

    item = only_item(api)
    resolve(api, item["id"])

    assert (item["kind"], item["raised_at"]) == ("reminder_failed", "2026-11-27T01:00:00Z")
    assert inbox(api)["count"] == 0


def test_a_call_with_low_intent_is_an_item_until_a_better_call_and_a_later_one_is_a_new_item(
    api: Api, position_id: str, override: Override
) -> None:
    interview_id = book(api, position_id)
    call(api, interview_id, "low")
    first = only_item(api)
    resolve(api, first["id"])
    override(now=lambda: NOW + timedelta(hours=2))
    call(api, interview_id, "low")
    second = only_item(api)
    call(api, interview_id, "high")

    assert first["kind"] == second["kind"] == "at_risk"
    assert first["detail"]["prompt"].startswith("Intent sounded low")
    assert second["id"] != first["id"] and second["raised_at"] == "2026-11-27T03:00:00Z"
    assert inbox(api)["count"] == 0


def watch(override: Override, local: str) -> datetime:
    """The daily weather watch runs at ``local`` Shanghai time, and HR reads the inbox then."""
    moment = at(local)
    override(now=lambda: moment)
    deps.weather_watch().check_upcoming(moment)
    return moment


def test_weather_turning_risky_is_an_item_and_a_calm_forecast_settles_it_and_its_failed_advisory(
    api: Api,
    position_id: str,
    resources: dict[str, str],
    http: responses.RequestsMock,
    override: Override,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book(api, position_id, latitude=31.2304, longitude=121.4737)
    send_outbox(resources)
    http.get(ANY_FORECAST_HOST, json=fixture("forecast_rainstorm.json"))

    stormy = watch(override, "2026-12-01T08:00")
    weather = only_item(api)
    (advisory,) = [m for m in drain_outbox(resources) if m["kind"] == "advisory"]
    give_up_on(api, advisory, monkeypatch)
    listed = kinds(api)
    http.replace(responses.GET, ANY_FORECAST_HOST, json=fixture("forecast_calm.json"))
    watch(override, "2026-12-01T09:00")

    assert (weather["kind"], weather["detail"]) == ("weather_risk", {"risk": "severe", "date": "2026-12-03"})
    assert weather["raised_at"] == stormy.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert sorted(listed) == ["advisory_failed", "weather_risk"]
    assert inbox(api)["count"] == 0
