"""Correcting an interview (``PATCH /interviews/{id}``) and rescheduling it to the time it already has.

A corrected address gets the current notice once and the old one nothing more; a stale revision or bad
input writes nothing; rescheduling to the same start, length and time zone sends nothing and keeps the
candidate's links working.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.privacy.erasure import REDACTED
from chalicelib.settings import Settings
from tests.support.api import Api, assert_validation_error, body_of, create_position, interview_body
from tests.support.aws import drain_outbox, nothing_written, sent_mail, sent_sms, stored_counters
from tests.support.clock import NOW
from tests.support.events import BOUNCE, deliver, publish

TYPO = "zhang.san@exmaple.com"
FIXED = "zhang.san@example.com"
PHONE = "+8613800138000"
NEW_PHONE = "+8613900139000"


def schedule(api: Api, email: str = TYPO, **overrides: Any) -> dict[str, Any]:
    position = create_position(api)
    candidate = {"name": "Zhang San", "email": email, "phone": PHONE, "language": "en"}
    response = api.post("/interviews", interview_body(position["position_id"], candidate=candidate, **overrides))
    assert response.status_code == 201, response.body
    return dict(body_of(response))


def send_all(api: Api, resources: dict[str, str]) -> list[dict[str, Any]]:
    """Let the outbox consumer send everything queued; returns the messages it was handed."""
    messages = drain_outbox(resources)
    for message in messages:
        deliver(api, message)
    return messages


def current(api: Api, interview_id: str) -> dict[str, Any]:
    return dict(body_of(api.get(f"/interviews/{interview_id}")))


def correct(api: Api, interview_id: str, **changes: Any) -> Any:
    """``PATCH`` the interview on the revision it is at now."""
    return api.patch(f"/interviews/{interview_id}", {"revision": current(api, interview_id)["revision"], **changes})


def recipients(mail: Any) -> list[str]:
    """Who a mail went to (notices are raw MIME, whose recipients moto lists once per header; HR's
    alerts plain mail)."""
    to = mail.destinations
    return sorted(set(to["ToAddresses"] if isinstance(to, dict) else to))


def mail_to(address: str) -> list[Any]:
    return [mail for mail in sent_mail() if address in recipients(mail)]


def bounce(api: Api, message_id: str, address: str = TYPO, feedback: str = "first") -> Any:
    """A hard bounce of ``message_id`` from ``address``, as SES publishes it."""
    event = copy.deepcopy(BOUNCE)
    event["bounce"]["bouncedRecipients"] = [{"emailAddress": address, "action": "failed", "status": "5.1.1"}]
    event["bounce"]["feedbackId"] = feedback
    return publish(api, event, message_id)


@pytest.fixture
def bounced(api: Api, resources: dict[str, str]) -> dict[str, Any]:
    """An interview (email and SMS) whose notice went to a mistyped address and bounced."""
    interview = schedule(api, channels=["email", "sms"])
    (message,) = send_all(api, resources)
    assert message["sequence"] == 1
    (notice,) = mail_to(TYPO)
    assert bounce(api, notice.id) == "bounced"
    record = current(api, interview["interview_id"])
    assert (record["email_bounced"], record["notice"]["status"]) == (True, "bounced")
    return {**record, "first_message": message, "first_mail_id": notice.id}


def test_an_email_corrected_after_a_hard_bounce_gets_one_notice_and_the_old_address_none(
    api: Api, resources: dict[str, str], settings: Settings, bounced: dict[str, Any]
) -> None:
    interview_id = bounced["interview_id"]
    texts = len(sent_sms())

    response = correct(api, interview_id, candidate={"email": FIXED})

    assert response.status_code == 200, response.body
    answer = body_of(response)
    assert answer["corrected"] == ["candidate.email"] and answer["unchanged"] is False
    assert answer["resent_by"] == ["email"]
    assert answer["message"] == "Saved. The notice goes to the corrected address now; the old one gets nothing more"
    assert answer["candidate"]["email"] == FIXED
    assert "email_bounced" not in answer
    assert answer["notice"]["status"] == "queued" and answer["notice"]["sequence"] == 2
    assert answer["version"] == bounced["version"]

    (message,) = drain_outbox(resources)
    # The first notice still on the queue (a soft bounce's retry, say) goes to neither address now.
    late = {**bounced["first_message"], "attempt": 1}
    assert deps.notice_delivery().deliver(late, now=NOW) == "stale"
    deliver(api, message)
    deliver(api, message)

    assert message == {
        "kind": "notice",
        "interview_id": interview_id,
        "version": 1,
        "sequence": 2,
        "channels": ["email"],
    }
    assert len(mail_to(FIXED)) == 1
    assert len(mail_to(TYPO)) == 1, "the mistyped address got the first notice only"
    assert len(sent_sms()) == texts, "the phone had the notice already"
    record = current(api, interview_id)
    assert record["notice"]["status"] == "sent" and "email_bounced" not in record
    assert not any(counts.get("bounced") for counts in stored_counters(settings).values())
    # A late repeat of the old address's bounce says nothing about the new one.
    assert bounce(api, bounced["first_mail_id"], feedback="late") == "readdressed"
    assert "email_bounced" not in current(api, interview_id)


def test_the_old_address_gets_nothing_from_a_message_queued_before_the_correction(
    api: Api, resources: dict[str, str]
) -> None:
    interview = schedule(api)
    # HR spots the typo before the outbox consumer ran: the queued notice goes to the address the
    # interview has when it is sent, and nothing else is queued.
    assert body_of(correct(api, interview["interview_id"], candidate={"email": FIXED}))["resent_by"] == []

    (message,) = send_all(api, resources)

    assert message["sequence"] == 1
    assert [recipients(mail) for mail in sent_mail()] == [[FIXED]]


def test_an_email_corrected_after_the_notice_was_delivered_gets_the_notice_too(
    api: Api, resources: dict[str, str]
) -> None:
    interview = schedule(api, email="zhang.san@work.example.com")
    send_all(api, resources)

    answer = body_of(correct(api, interview["interview_id"], candidate={"email": FIXED}))
    send_all(api, resources)

    assert answer["resent_by"] == ["email"]
    assert len(mail_to(FIXED)) == 1 and len(mail_to("zhang.san@work.example.com")) == 1


def test_a_phone_corrected_for_texts_gets_the_notice_by_text_alone(api: Api, resources: dict[str, str]) -> None:
    interview = schedule(api, email=FIXED, channels=["email", "sms"])
    send_all(api, resources)
    mails = len(sent_mail())

    answer = body_of(correct(api, interview["interview_id"], candidate={"phone": "139 0013 9000"}))
    send_all(api, resources)

    assert answer["candidate"]["phone"] == NEW_PHONE and answer["resent_by"] == ["sms"]
    assert [phone for phone, _ in sent_sms().values()] == [PHONE, NEW_PHONE]
    assert len(sent_mail()) == mails


def test_a_corrected_name_or_a_note_sends_nothing(api: Api, resources: dict[str, str]) -> None:
    interview = schedule(api, email=FIXED)
    send_all(api, resources)

    answer = body_of(
        correct(
            api,
            interview["interview_id"],
            candidate={"name": "Zhang Shan"},
            notes="Prefers mornings.\nAsk about notice.",
        )
    )

    assert answer["corrected"] == ["candidate.name", "notes"] and answer["resent_by"] == []
    assert answer["message"] == "Saved. Nothing is sent to the candidate"
    assert answer["notes"] == "Prefers mornings.\nAsk about notice."
    assert drain_outbox(resources) == []
    page = api.client.http.get("/c/" + deps.link_signer().sign(interview["interview_id"], 1, now=NOW))
    assert page.status_code == 200 and "Prefers mornings" not in page.body.decode()


def test_the_same_values_again_write_nothing(api: Api, settings: Settings, resources: dict[str, str]) -> None:
    interview = schedule(api, email=FIXED)

    with nothing_written(settings, resources):
        response = correct(api, interview["interview_id"], candidate={"email": FIXED, "name": "Zhang San"})

    assert response.status_code == 200
    assert (body_of(response)["unchanged"], body_of(response)["corrected"]) == (True, [])


def test_a_stale_revision_is_refused_with_409_and_nothing_is_written(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    interview = schedule(api)
    first = api.patch(f"/interviews/{interview['interview_id']}", {"revision": 1, "notes": "Called once."})
    assert first.status_code == 200 and body_of(first)["revision"] == 2

    with nothing_written(settings, resources):
        stale = api.patch(f"/interviews/{interview['interview_id']}", {"revision": 1, "candidate": {"email": FIXED}})

    assert stale.status_code == 409, stale.body
    refused = body_of(stale)
    assert refused["error"] == "conflict" and "reload" in refused["message"]
    assert refused["fields"] == {"revision": "You read revision 1, but the interview is at revision 2 now: reload it."}
    assert current(api, interview["interview_id"])["candidate"]["email"] == TYPO


# Bodies HR's client might send by mistake, and the field each 400 names.
BAD = {
    "malformed JSON": ('{"revision": 1,', "body"),
    "not an object": ("[1]", "body"),
    "empty": ({}, "body"),
    "revision alone": ({"revision": 1}, "body"),
    "no revision": ({"notes": "x"}, "revision"),
    "revision as text": ({"revision": "1", "notes": "x"}, "revision"),
    "revision as true": ({"revision": True, "notes": "x"}, "revision"),
    "notes as a number": ({"revision": 1, "notes": 5}, "notes"),
    "channels as text": ({"revision": 1, "channels": "email"}, "channels"),
    "no channels": ({"revision": 1, "channels": []}, "channels"),
    "channels without email": ({"revision": 1, "channels": ["sms"]}, "channels"),
    "an unknown channel": ({"revision": 1, "channels": ["email", "fax"]}, "channels.1"),
    "channels removed": ({"revision": 1, "channels": None}, "channels"),
    "candidate as text": ({"revision": 1, "candidate": "Zhang San"}, "candidate"),
    "empty candidate": ({"revision": 1, "candidate": {}}, "candidate"),
    "unknown field": ({"revision": 1, "starts_at": "2026-12-04T10:00"}, "starts_at"),
    "unknown candidate field": ({"revision": 1, "candidate": {"skills": ["css"]}}, "candidate.skills"),
    "bad email": ({"revision": 1, "candidate": {"email": "zhang.san@"}}, "candidate.email"),
    "email removed": ({"revision": 1, "candidate": {"email": None}}, "candidate.email"),
    "bad phone": ({"revision": 1, "candidate": {"phone": "12345"}}, "candidate.phone"),
    "blank name": ({"revision": 1, "candidate": {"name": "  "}}, "candidate.name"),
    "name on two lines": ({"revision": 1, "candidate": {"name": "Zhang\nSan"}}, "candidate.name"),
    "a NUL in the notes": ({"revision": 1, "notes": "Called\x00"}, "notes"),
    "unknown language": ({"revision": 1, "candidate": {"language": "fr"}}, "candidate.language"),
    "texts without a phone": ({"revision": 1, "channels": ["email", "sms"]}, "candidate.phone"),
}


@pytest.mark.parametrize(("body", "field"), BAD.values(), ids=BAD.keys())
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    api: Api, settings: Settings, resources: dict[str, str], body: Any, field: str
) -> None:
    position = create_position(api)
    created = body_of(api.post("/interviews", interview_body(position["position_id"])))
    path = f"/interviews/{created['interview_id']}"

    with nothing_written(settings, resources):
        response = api.patch(path, raw=body) if isinstance(body, str) else api.patch(path, body)

    assert_validation_error(response, field)


def test_an_unknown_interview_is_a_404(api: Api, settings: Settings, resources: dict[str, str]) -> None:
    with nothing_written(settings, resources):
        response = api.patch("/interviews/int_0000000000000000", {"revision": 1, "notes": "x"})

    assert response.status_code == 404


def test_a_cancelled_interview_takes_a_corrected_name_but_no_new_channels(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    interview = schedule(api)
    send_all(api, resources)
    assert api.post(f"/interviews/{interview['interview_id']}/cancel").status_code == 200
    send_all(api, resources)
    mails = len(sent_mail())

    with nothing_written(settings, resources):
        refused = correct(api, interview["interview_id"], channels=["email", "sms"])
    answer = body_of(correct(api, interview["interview_id"], candidate={"name": "Zhang Shan", "email": FIXED}))

    assert refused.status_code == 409
    assert "closed (cancelled)" in body_of(refused)["message"] and "name, email, phone" in body_of(refused)["message"]
    assert body_of(refused)["fields"] == {"channels": "This cannot change on a closed interview."}
    assert answer["candidate"]["name"] == "Zhang Shan" and answer["resent_by"] == []
    assert "nothing is sent" in answer["message"]
    assert drain_outbox(resources) == [] and len(sent_mail()) == mails


def test_erasure_finds_the_interview_by_its_corrected_email(api: Api, bounced: dict[str, Any]) -> None:
    interview_id = bounced["interview_id"]
    correct(api, interview_id, candidate={"email": FIXED}, notes="Zhang San asked for mornings")
    headers = api.headers()

    by_old = api.client.http.delete(f"/candidates/{TYPO}", headers=headers)
    by_new = api.client.http.delete(f"/candidates/{FIXED}", headers=headers)

    assert by_old.json_body == {"erased": 0}
    assert by_new.json_body == {"erased": 1}
    record = current(api, interview_id)
    assert record["candidate"]["email"] == REDACTED and record["notes"] == REDACTED
    refused = correct(api, interview_id, candidate={"name": "Zhang San"})
    assert refused.status_code == 409 and "erased" in body_of(refused)["message"]


# ---------- Rescheduling to the time the interview already has ----------


def reschedule(api: Api, interview_id: str, **body: Any) -> Any:
    return api.post(
        f"/interviews/{interview_id}/reschedule", {"starts_at": "2026-12-03T14:30", "timezone": "Asia/Shanghai", **body}
    )


def test_rescheduling_to_the_same_time_changes_nothing_sends_nothing_and_keeps_the_links(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    interview = schedule(api, email=FIXED)
    send_all(api, resources)
    before = current(api, interview["interview_id"])
    link = "/c/" + deps.link_signer().sign(interview["interview_id"], before["version"], now=NOW)

    with nothing_written(settings, resources):
        same = reschedule(api, interview["interview_id"])
        also_same = reschedule(api, interview["interview_id"], duration_minutes=60)

    assert same.status_code == also_same.status_code == 200
    answer = body_of(same)
    assert answer["unchanged"] is True and "nothing changed" in answer["message"]
    assert {k: v for k, v in answer.items() if k not in ("unchanged", "message")} == before
    assert (answer["version"], answer["revision"]) == (before["version"], before["revision"])
    assert drain_outbox(resources) == []
    assert len(sent_mail()) == 1
    assert api.client.http.get(link).status_code == 200


@pytest.mark.parametrize(
    "moved",
    [
        {"starts_at": "2026-12-03T15:00"},
        {"duration_minutes": 90},
        # The same wall-clock time in another zone is another moment.
        {"timezone": "Asia/Tokyo"},
    ],
    ids=["start", "length", "time zone"],
)
def test_a_different_start_length_or_time_zone_is_a_reschedule(
    api: Api, resources: dict[str, str], moved: dict[str, Any]
) -> None:
    interview = schedule(api, email=FIXED)
    send_all(api, resources)

    answer = body_of(reschedule(api, interview["interview_id"], **moved))
    (message,) = drain_outbox(resources)

    assert answer["unchanged"] is False and answer["version"] == 2
    assert answer["duration_minutes"] == moved.get("duration_minutes", 60)
    assert (message["kind"], message["version"]) == ("update", 2)
