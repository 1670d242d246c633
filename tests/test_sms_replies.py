"""Candidates answering by text: each keyword acts on their next open interview once and is answered once."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.adapters.inbound_sms import InboundText, end_user_messaging_payload
from tests.support.api import Api, body_of, interview_body, position_body
from tests.support.aws import drain_outbox, sent_mail, sent_sms
from tests.support.clock import NOW
from tests.support.events import deliver, fire

PHONE = "+8613800138000"
OUR_NUMBER = "+8610690000"
REMINDER_TIME = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai the day before


def book(api: Api, starts_at: str = "2026-12-03T14:30", language: str = "zh-CN", **more: Any) -> dict[str, Any]:
    position = api.post("/positions", position_body(**more.pop("position", {}))).json_body
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com", "phone": "+86 138 0013 8000"}
    body = interview_body(
        position["position_id"],
        starts_at=starts_at,
        channels=["email", "sms"],
        candidate={**candidate, "language": language},
        **more,
    )
    response = api.post("/interviews", body)
    assert response.status_code == 201, response.body
    return dict(response.json_body)


def text(api: Api, body: str, *, message_id: str | None = None, sender: str = PHONE) -> Any:
    """Hand a text to ``sms_inbound`` as End User Messaging publishes it to the topic."""
    inbound = InboundText(sender=sender, to=OUR_NUMBER, body=body, message_id=message_id or uuid.uuid4().hex)
    event = api.client.events.generate_sns_event(message=end_user_messaging_payload(inbound), subject="")
    return api.client.lambda_.invoke("sms_inbound", event).payload


def interview(api: Api, interview_id: str) -> dict[str, Any]:
    return dict(body_of(api.get(f"/interviews/{interview_id}")))


def texts_to(phone: str = PHONE) -> list[str]:
    return [body for to, body in sent_sms().values() if to == phone]


def consume_outbox(api: Api, resources: dict[str, str]) -> None:
    while messages := drain_outbox(resources):
        for message in messages:
            deliver(api, message)


@pytest.mark.parametrize(
    ("body", "status", "answer"),
    [
        ("1", "confirmed", "已收到您的确认"),
        ("１", "confirmed", "已收到您的确认"),
        ("y", "confirmed", "已收到您的确认"),
        ("确认", "confirmed", "已收到您的确认"),
        ("2 周四上午可以吗", "reschedule_requested", "已收到您的改期请求"),
        ("改期", "reschedule_requested", "已收到您的改期请求"),
    ],
)
def test_a_keyword_acts_on_the_interview_and_is_answered_in_the_candidates_language(
    api: Api, body: str, status: str, answer: str
) -> None:
    booked = book(api)

    assert text(api, body) in ("confirmed", "reschedule")

    assert interview(api, booked["interview_id"])["status"] == status
    (reply,) = texts_to()
    assert answer in reply
    assert "前端" in reply or "Front-end Engineer" in reply
    assert "12月3日周四 14:30" in reply


def test_the_answer_is_in_english_for_an_english_candidate(api: Api) -> None:
    book(api, language="en")

    text(api, "Y")

    assert texts_to() == [
        "Acme Robotics: thank you for confirming your Front-end Engineer interview, Thu 3 Dec 14:30. See you then!"
    ]


def test_the_candidates_message_reaches_the_inbox_and_the_timeline_as_theirs_by_text(api: Api) -> None:
    booked = book(api)

    assert text(api, "2 周四上午可以吗") == "reschedule"

    items = body_of(api.get("/inbox"))["items"]
    (item,) = [i for i in items if i["kind"] == "reschedule_requested"]
    assert item["detail"]["message"] == "周四上午可以吗"
    events = body_of(api.get(f"/interviews/{booked['interview_id']}/events"))["events"]
    (answered,) = [e for e in events if e["kind"] == "answered"]
    assert answered["actor"]["kind"] == "candidate"
    assert answered["detail"] == {"action": "reschedule", "message": "周四上午可以吗", "channel": "sms"}


@pytest.mark.parametrize(("first", "second"), [("3", "是"), ("N", "不来"), ("不来", "3"), ("n", "N")])
def test_a_decline_is_asked_once_more_by_text_then_acted_on(api: Api, first: str, second: str) -> None:
    booked = book(api)

    assert text(api, first, message_id="a") == "decline_asked"
    assert interview(api, booked["interview_id"])["status"] == "scheduled"
    assert "确定不参加" in texts_to()[-1]

    assert text(api, second, message_id="b") == "declined"
    assert interview(api, booked["interview_id"])["status"] == "declined"
    assert "已记录您不参加" in texts_to()[-1]
    assert len(texts_to()) == 2


def test_yes_without_a_question_is_a_message_for_hr(api: Api) -> None:
    booked = book(api)

    assert text(api, "是") == "inbox"

    assert interview(api, booked["interview_id"])["status"] == "scheduled"


def test_any_other_text_goes_to_the_inbox_with_its_words(api: Api) -> None:
    booked = book(api)

    assert text(api, "请问可以停车吗？") == "inbox"

    (item,) = [i for i in body_of(api.get("/inbox"))["items"] if i["kind"] == "sms_reply"]
    assert item["interview_id"] == booked["interview_id"]
    assert item["detail"] == {"message": "请问可以停车吗？"}
    assert "HR 会尽快回复" in texts_to()[-1]
    # The whole options would split the answer into two texts: the short ones go.
    assert texts_to()[-1].endswith("回1确认2改期3不来")


def test_a_text_from_an_unknown_number_changes_nothing_and_is_not_answered(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    booked = book(api)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("showup").addHandler(caplog.handler)
    try:
        assert text(api, "1", sender="+8613900139000") == "unknown"
    finally:
        logging.getLogger("showup").removeHandler(caplog.handler)

    assert interview(api, booked["interview_id"])["status"] == "scheduled"
    assert sent_sms() == {}
    own = [r for r in caplog.records if r.name.startswith("showup")]
    assert any("without an open interview" in r.getMessage() for r in own)
    assert not [r for r in own if "13900139000" in r.getMessage()]


def test_with_two_open_interviews_the_next_one_is_answered_and_named(api: Api) -> None:
    later = book(api, starts_at="2026-12-08T10:00", position={"title": "Data Analyst"})
    sooner = book(api, starts_at="2026-12-03T14:30")

    text(api, "1")

    assert interview(api, sooner["interview_id"])["status"] == "confirmed"
    assert interview(api, later["interview_id"])["status"] == "scheduled"
    (reply,) = texts_to()
    assert "Front-end Engineer" in reply and "12月3日周四 14:30" in reply


def test_the_same_inbound_message_twice_acts_and_answers_once(api: Api) -> None:
    booked = book(api)

    assert text(api, "1", message_id="same") == "confirmed"
    assert text(api, "1", message_id="same") == "duplicate"

    events = body_of(api.get(f"/interviews/{booked['interview_id']}/events"))["events"]
    assert [e["kind"] for e in events].count("answered") == 1
    assert len(texts_to()) == 1


def test_stop_then_a_reminder_sends_mail_but_no_text(api: Api, resources: dict[str, str]) -> None:
    booked = book(api)
    consume_outbox(api, resources)
    assert len(texts_to()) == 1 and len(sent_mail()) == 1

    assert text(api, "TD") == "stopped"
    assert "已退订" in texts_to()[-1]
    fired = fire(api.client, "send_reminders", REMINDER_TIME)
    assert fired["queued"] == 1
    consume_outbox(api, resources)

    assert len(texts_to()) == 2  # the notice and the STOP confirmation, nothing since
    assert len(sent_mail()) == 2
    events = [e["kind"] for e in body_of(api.get(f"/interviews/{booked['interview_id']}/events"))["events"]]
    assert "sms_stopped" in events and "reminder_sent" in events
    # And a later keyword is acted on, without an answer by text.
    assert text(api, "1") == "confirmed"
    assert len(texts_to()) == 2


def test_a_payload_that_is_not_a_text_is_set_aside(api: Api) -> None:
    event = api.client.events.generate_sns_event(message=json.dumps({"hello": "world"}), subject="")

    assert api.client.lambda_.invoke("sms_inbound", event).payload == "set_aside"


def test_another_answer_settles_the_decline_question(api: Api) -> None:
    booked = book(api)

    text(api, "3")
    assert text(api, "1") == "confirmed"
    assert text(api, "是") == "inbox"

    assert interview(api, booked["interview_id"])["status"] == "confirmed"


def test_a_decline_question_lapses_after_its_window(api: Api, override: Any) -> None:
    booked = book(api)

    text(api, "3")
    override(now=lambda: NOW + timedelta(hours=13))
    assert text(api, "3") == "decline_asked"

    assert interview(api, booked["interview_id"])["status"] == "scheduled"


@pytest.mark.parametrize(
    ("body", "language", "words"),
    [("1", "zh-CN", "您还没有选择"), ("确认", "zh-CN", "您还没有选择"), ("Y", "en", "not chosen yet")],
)
def test_confirming_an_interview_whose_time_is_not_chosen_answers_with_the_link_to_choose(
    api: Api, body: str, language: str, words: str
) -> None:
    from tests.support.slots import publish

    position = api.post("/positions", position_body()).json_body
    publish(api, position["position_id"])
    request = interview_body(
        position["position_id"],
        choose_slot=True,
        channels=["email", "sms"],
        candidate={"name": "Zhang San", "email": "zhang.san@example.com", "phone": PHONE, "language": language},
    )
    del request["starts_at"], request["timezone"]
    choosing = api.post("/interviews", request).json_body

    assert text(api, body) == "choose"

    assert interview(api, choosing["interview_id"])["status"] == "choosing"
    (reply,) = texts_to()
    assert words in reply and "/s/" in reply
    # The short link opens the candidate's page, where the times are listed.
    code = reply.rsplit("/s/", 1)[1]
    opened = api.client.http.get(f"/s/{code}")
    assert opened.status_code == 302
    assert api.client.http.get("/" + opened.headers["Location"].lstrip("./")).status_code == 200
