"""After a no-show: the one "sorry we missed you" message a position may ask for, and booking again from it."""

from __future__ import annotations

import email
from email.header import decode_header, make_header
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib import deps
from chalicelib.services.followup.missed import missed_key
from tests.support import Override
from tests.support.api import Api, body_of, create_position, schedule
from tests.support.aws import drain_outbox, sent_mail, sent_sms
from tests.support.clock import NOW, at
from tests.support.slots import publish, sent_kinds
from tests.support.stream import drain_stream, hand_over, stream_batch

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# After the interview of ``interview_body`` (Thursday 3 December 2026, 14:30 in Shanghai) began.
AFTER = at("2026-12-03T16:00")


def subjects() -> list[str]:
    return [str(make_header(decode_header(email.message_from_string(m.raw_data)["Subject"]))) for m in sent_mail()]


def text_of(message: Any) -> str:
    parsed = email.message_from_string(message.raw_data)
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/plain")
    return str(part.get_payload(decode=True).decode("utf-8"))


def page_of(interview_id: str, version: int = 1) -> str:
    return f"/c/{deps.link_signer().sign(interview_id, version, now=NOW)}"


def record(api: Api, interview_id: str, outcome: str, reason: str | None = None) -> None:
    body = {"outcome": outcome, **({"reason": reason} if reason else {})}
    response = api.post(f"/interviews/{interview_id}/outcome", body)
    assert response.status_code == 200, response.body


@pytest.fixture
def position(api: Api) -> dict[str, Any]:
    return create_position(api, rebook_after_no_show=True)


@pytest.fixture
def missed(api: Api, position: dict[str, Any], resources: dict[str, str], override: Override) -> dict[str, Any]:
    """An interview whose notice went out, recorded as a no-show once it began (the clock then at AFTER)."""
    interview = schedule(api, position["position_id"])
    drain_stream()
    assert sent_kinds(resources) == ["notice"]
    publish(api, position["position_id"], starts_at="2026-12-10T10:00", seats=1)
    override(now=lambda: AFTER)
    record(api, interview["interview_id"], "no_show", "personal")
    return interview


def test_the_setting_is_off_by_default_stored_shown_and_corrected(api: Api) -> None:
    created = create_position(api)
    assert created["rebook_after_no_show"] is False
    changed = api.patch(f"/positions/{created['position_id']}", {"revision": 1, "rebook_after_no_show": True})

    assert body_of(changed)["rebook_after_no_show"] is True
    assert body_of(api.get(f"/positions/{created['position_id']}"))["rebook_after_no_show"] is True
    refused = api.patch(f"/positions/{created['position_id']}", {"revision": 2, "rebook_after_no_show": "yes"})
    assert refused.status_code == 400 and "rebook_after_no_show" in body_of(refused)["fields"]


def test_the_after_no_show_message_goes_once(api: Api, missed: dict[str, Any], resources: dict[str, str]) -> None:
    interview_id = missed["interview_id"]
    batch = stream_batch()
    # The stream hands the no-show over twice.
    hand_over(batch)
    hand_over(batch)
    # HR corrects the outcome, then records the no-show again.
    record(api, interview_id, "attended")
    record(api, interview_id, "no_show", "found_job")
    drain_stream()

    assert sent_kinds(resources) == ["missed"]
    assert subjects()[-1] == "重新预约面试：Acme Robotics · Front-end Engineer"
    text = text_of(sent_mail()[-1])
    assert "没有等到您" in text and "/c/" in text and "Li Wei" in text
    drain_stream()
    assert sent_kinds(resources) == []
    stored = deps.interviews().get(interview_id)
    assert stored is not None and stored.missed_sent_at
    kinds = [event["kind"] for event in body_of(api.get(f"/interviews/{interview_id}/events"))["events"]]
    assert kinds.count("missed_sent") == 1


def test_no_message_when_the_position_does_not_ask_for_it(
    api: Api, resources: dict[str, str], override: Override
) -> None:
    position = create_position(api)
    interview = schedule(api, position["position_id"])
    drain_stream()
    sent_kinds(resources)
    override(now=lambda: AFTER)
    record(api, interview["interview_id"], "no_show", "unknown")
    drain_stream()

    assert drain_outbox(resources) == []
    assert deps.ledger().get(missed_key(interview["interview_id"])) is None


def test_the_message_goes_by_text_too_unless_the_number_stopped_texts(
    api: Api, position: dict[str, Any], resources: dict[str, str], override: Override
) -> None:
    from chalicelib.services.notices.delivery import sms_suppression_key

    texted = schedule(
        api,
        position["position_id"],
        channels=["email", "sms"],
        candidate={
            "name": "Zhang San",
            "email": "zhang.san@example.com",
            "phone": "+8613800138000",
            "language": "zh-CN",
        },
    )
    stopped = schedule(
        api,
        position["position_id"],
        channels=["email", "sms"],
        candidate={"name": "Li Si", "email": "li.si@example.com", "phone": "+8613900139000", "language": "en"},
    )
    drain_stream()
    sent_kinds(resources)
    deps.ledger().claim(sms_suppression_key("+8613900139000"), now_epoch=int(NOW.timestamp()), ttl_seconds=3600)
    before = set(sent_sms())
    override(now=lambda: AFTER)
    for interview in (texted, stopped):
        record(api, interview["interview_id"], "no_show", "unknown")
    drain_stream()

    assert sent_kinds(resources) == ["missed", "missed"]
    texts = [sms for key, sms in sent_sms().items() if key not in before]
    assert [phone for phone, _ in texts] == ["+8613800138000"]
    assert texts[0][1].startswith("【Acme Robotics】") and "/s/" in texts[0][1]
    assert subjects()[-2:] == [
        "重新预约面试：Acme Robotics · Front-end Engineer",
        "Sorry we missed you: Acme Robotics · Front-end Engineer",
    ]


def test_the_link_lists_the_open_times_and_booking_one_makes_a_new_linked_interview(
    api: Api, missed: dict[str, Any], resources: dict[str, str]
) -> None:
    interview_id = missed["interview_id"]
    page = api.client.http.get(page_of(interview_id))
    html = page.body.decode()
    assert page.status_code == 200 and 'data-testid="rebook"' in html
    assert "2026年12月10日 星期四" in html and "重新预约面试" in html
    slot_id = body_of(api.get(f"/positions/{missed['position_id']}/slots"))["slots"][0]["slot_id"]

    booked = api.client.http.post(page_of(interview_id) + "/rebook", body=urlencode({"slot_id": slot_id}), headers=FORM)
    again = api.client.http.post(page_of(interview_id) + "/rebook", body=urlencode({"slot_id": slot_id}), headers=FORM)

    assert booked.status_code == 200 and 'data-testid="done"' in booked.body.decode()
    assert again.status_code == 200
    new_id = f"{interview_id}_r"
    new = body_of(api.get(f"/interviews/{new_id}"))
    assert (new["rebooked_from"], new["starts_at"], new["slot_id"]) == (interview_id, "2026-12-10T10:00", slot_id)
    assert body_of(api.get(f"/positions/{missed['position_id']}/slots"))["slots"][0]["seats_taken"] == 1
    drain_stream()
    assert sorted(sent_kinds(resources)) == ["missed", "notice"]
    first = body_of(api.get(f"/interviews/{interview_id}"))
    assert first["rebooked_as"] == new_id
    events = body_of(api.get(f"/interviews/{interview_id}/events"))["events"]
    rebooked = [event for event in events if event["kind"] == "rebooked"]
    assert [(e["detail"], e["actor"]["kind"]) for e in rebooked] == [({"interview_id": new_id}, "candidate")]
    # The old link now leads to the new interview's page.
    follow = api.client.http.get(page_of(interview_id)).body.decode()
    assert 'data-status="scheduled"' in follow and "12月10日" in follow


def test_no_open_time_says_so_and_gives_the_hr_contact(api: Api, missed: dict[str, Any], override: Override) -> None:
    slot_id = body_of(api.get(f"/positions/{missed['position_id']}/slots"))["slots"][0]["slot_id"]
    api.post(f"/positions/{missed['position_id']}/slots/{slot_id}/close")

    html = api.client.http.get(page_of(missed["interview_id"])).body.decode()

    assert 'data-testid="no-slots"' in html and "目前没有可以预约的面试时间" in html
    assert "Li Wei" in html and "tel:+862155550100" in html and "liwei@acme.example.com" in html


def test_a_taken_time_shows_the_page_again_and_a_closed_position_the_closed_page(
    api: Api, missed: dict[str, Any]
) -> None:
    pid = missed["position_id"]
    slot_id = body_of(api.get(f"/positions/{pid}/slots"))["slots"][0]["slot_id"]
    api.post(f"/positions/{pid}/slots/{slot_id}/close")
    taken = api.client.http.post(
        page_of(missed["interview_id"]) + "/rebook", body=urlencode({"slot_id": slot_id}), headers=FORM
    )
    assert taken.status_code == 409 and 'data-testid="rebook"' in taken.body.decode()

    api.post(f"/positions/{pid}/close")
    closed = api.client.http.get(page_of(missed["interview_id"]))
    assert closed.status_code == 409 and 'data-testid="rebook"' not in closed.body.decode()
    assert api.get(f"/interviews/{missed['interview_id']}_r").status_code == 404
