"""The outbox consumer: each notice goes out once, throttling is retried, poison is marked failed."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws, deps
from chalicelib.events.queues import NoticeNotSent
from chalicelib.services.notices.delivery import LEASE_SECONDS
from chalicelib.store.ledger import LeaseHeld, Ledger
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import atomic_writes, drain_outbox, sent_mail, sent_sms
from tests.support.clock import NOW
from tests.support.events import deliver
from tests.support.faults import Faulty, Killed


@pytest.fixture
def scheduled(api: Api, resources: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An interview whose notice is on the outbox; returns (interview, outbox message)."""
    position = api.post("/positions", position_body()).json_body
    interview = api.post("/interviews", interview_body(position["position_id"])).json_body
    (message,) = drain_outbox(resources)
    return interview, message


def test_a_queued_notice_is_sent_as_email_with_an_invite(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    interview, message = scheduled
    assert message == {"kind": "notice", "interview_id": interview["interview_id"], "version": 1, "sequence": 1}
    deliver(api, message)
    (mail,) = sent_mail()
    parsed = email.message_from_string(mail.raw_data, policy=email.policy.default)
    assert parsed["To"] == "zhang.san@example.com"
    assert any(part.get_content_type() == "text/calendar" for part in parsed.walk())
    stored = api.get(f"/interviews/{interview['interview_id']}").json_body
    assert stored["notice"]["status"] == "sent"


def test_a_message_delivered_twice_sends_one_email(api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, message = scheduled
    deliver(api, message)
    deliver(api, message)
    assert len(sent_mail()) == 1


@pytest.mark.usefixtures(atomic_writes.__name__)
def test_two_consumers_racing_send_one_email(api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, message = scheduled
    barrier = threading.Barrier(2)
    results: list[str] = []

    def consume() -> None:
        barrier.wait()
        try:
            results.append(deps.notice_delivery().deliver(message, now=deps.now()))
        except LeaseHeld:
            results.append("retry later")

    threads = [threading.Thread(target=consume) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The second finds the send finished, or still in the first one's hands: never sends it again.
    assert sorted(results) in (["duplicate", "sent"], ["retry later", "sent"])
    assert len(sent_mail()) == 1


def _fail_first(monkeypatch: pytest.MonkeyPatch, failures: int, error: Callable[[], BaseException]) -> list[int]:
    """SES's SendRawEmail raises ``error()`` on its first ``failures`` calls, then sends."""
    ses = aws.client("ses")
    real = ses.send_raw_email
    calls: list[int] = []

    def flaky(**kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= failures:
            raise error()
        return real(**kwargs)

    monkeypatch.setattr(ses, "send_raw_email", flaky)
    return calls


def _ses_error(code: str, message: str = "") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "SendRawEmail")


def _throttle_first(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    return _fail_first(monkeypatch, failures, lambda: _ses_error("Throttling", "Maximum sending rate exceeded."))


def test_throttling_is_retried_through_the_queue_and_then_sent(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview, message = scheduled
    calls = _throttle_first(monkeypatch, failures=1)
    backoffs: list[int] = []
    monkeypatch.setattr(
        aws.client("sqs"), "change_message_visibility", lambda **kwargs: backoffs.append(kwargs["VisibilityTimeout"])
    )
    with pytest.raises(NoticeNotSent, match="Throttling"):
        deliver(api, message, attempt=1)
    assert backoffs == [30]
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "queued"
    deliver(api, message, attempt=2)
    assert len(calls) == 2
    assert len(sent_mail()) == 1
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "sent"


def test_a_notice_that_keeps_failing_is_marked_failed_on_its_last_attempt(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview, message = scheduled
    _throttle_first(monkeypatch, failures=100)
    monkeypatch.setattr(aws.client("sqs"), "change_message_visibility", lambda **kwargs: None)
    last = deps.settings().outbox_max_receives
    for attempt in range(1, last + 1):
        with pytest.raises(NoticeNotSent):
            deliver(api, message, attempt=attempt)
        status = api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"]
        assert status == ("failed" if attempt == last else "queued")
    assert sent_mail() == []


def test_poison_messages_land_in_the_dead_letter_queue(settings: Any, resources: dict[str, str]) -> None:
    sqs = aws.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=resources["outbox_url"], AttributeNames=["RedrivePolicy"])
    redrive = json.loads(attributes["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":showup-outbox-dlq")
    assert int(redrive["maxReceiveCount"]) == settings.outbox_max_receives


def test_sms_goes_out_once_when_chosen(api: Api, resources: dict[str, str]) -> None:
    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"], channels=["email", "sms"])
    body["candidate"]["phone"] = "+86 138 0013 8000"
    api.post("/interviews", body)
    (message,) = drain_outbox(resources)
    deliver(api, message)
    deliver(api, message)
    ((phone, text),) = sent_sms().values()
    assert phone == "+8613800138000"
    assert "Acme Robotics" in text
    sms = deps.ledger().get(f"notice#{message['interview_id']}#v1#s1#sms")
    assert sms is not None
    assert sms["state"] == "sent"
    assert sms["message_id"]


def test_the_sms_carries_a_short_link_that_fits_one_segment_and_opens_the_page(
    api: Api, resources: dict[str, str]
) -> None:
    from chalicelib.adapters.sms import fits_one_segment

    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"], channels=["email", "sms"])
    # English fits 160 GSM characters with the short link. Chinese texts get 70 characters,
    # which only a short custom domain leaves room for.
    body["candidate"].update(phone="+86 138 0013 8000", language="en")
    api.post("/interviews", body)
    (message,) = drain_outbox(resources)
    deliver(api, message)
    ((_, text),) = sent_sms().values()
    assert fits_one_segment(text), text
    short = text[text.index("https://showup.test/api/s/") :].split()[0].removeprefix("https://showup.test/api")
    redirect = api.client.http.get(short)
    assert redirect.status_code == 302
    location = redirect.headers["Location"]
    assert location.startswith("../c/")
    assert api.client.http.get("/c/" + location.removeprefix("../c/")).status_code == 200
    assert api.client.http.get("/s/unknown0000").status_code == 403


def test_cancelling_sends_a_calendar_cancellation_and_kills_the_queued_notice(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], resources: dict[str, str]
) -> None:
    interview, message = scheduled
    deliver(api, message)
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    (cancel,) = drain_outbox(resources)
    assert cancel["kind"] == "cancel"
    deliver(api, cancel)
    # The original notice, redelivered late, is stale: the candidate gets no contradicting mail.
    assert deps.notice_delivery().deliver(message, now=deps.now()) == "stale"
    mails = sent_mail()
    assert len(mails) == 2
    parsed = email.message_from_string(mails[-1].raw_data, policy=email.policy.default)
    calendar = next(part for part in parsed.walk() if part.get_content_type() == "text/calendar")
    assert "METHOD:CANCEL" in calendar.get_content()


def test_a_held_notice_released_by_hr_goes_out(api: Api, resources: dict[str, str]) -> None:
    position = api.post("/positions", position_body()).json_body
    interview = api.post("/interviews", interview_body(position["position_id"])).json_body
    (first,) = drain_outbox(resources)
    deliver(api, first)
    api.post(f"/interviews/{interview['interview_id']}/notice", {"accept_warnings": []})
    (resend,) = drain_outbox(resources)
    assert resend["sequence"] == 2
    deliver(api, resend)
    assert len(sent_mail()) == 2


def test_a_retry_after_the_send_but_before_the_record_still_records_the_notice_as_sent(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.services.notices import delivery

    interview, message = scheduled
    real = delivery.NoticeDelivery._record_sent
    calls: list[int] = []

    def lost_once(self: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the Lambda ran out of time right after SES accepted the mail")
        real(self, *args, **kwargs)

    monkeypatch.setattr(delivery.NoticeDelivery, "_record_sent", lost_once)
    with pytest.raises(NoticeNotSent):
        deliver(api, message)
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "queued"
    deliver(api, message)
    assert len(sent_mail()) == 1
    assert api.get(f"/interviews/{interview['interview_id']}").json_body["notice"]["status"] == "sent"


def test_a_reminder_that_keeps_failing_leaves_the_notice_as_it_was(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    interview, message = scheduled
    deliver(api, message)
    _throttle_first(monkeypatch, failures=100)
    monkeypatch.setattr(aws.client("sqs"), "change_message_visibility", lambda **kwargs: None)
    reminder = {"kind": "reminder", "interview_id": interview["interview_id"], "version": 1, "sequence": 0}
    with pytest.raises(NoticeNotSent):
        deliver(api, reminder, attempt=deps.settings().outbox_max_receives)
    stored = api.get(f"/interviews/{interview['interview_id']}").json_body
    assert stored["notice"]["status"] == "sent"
    assert stored["reminder_failed_at"] == "2026-11-27T01:00:00Z"


def test_no_notice_goes_out_with_links_that_lead_nowhere(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], override: Override
) -> None:
    import dataclasses

    _, message = scheduled
    unconfigured = dataclasses.replace(deps.settings(), public_base_url="")
    override(settings=lambda: unconfigured)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        deps.notice_delivery().deliver(message, now=deps.now())
    assert sent_mail() == []


def notice_status(api: Api, interview_id: str) -> str:
    return str(api.get(f"/interviews/{interview_id}").json_body["notice"]["status"])


def test_a_lambda_killed_between_claim_and_send_sends_once_after_the_lease_and_never_reads_sent_before(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch, override: Override
) -> None:
    interview, message = scheduled
    calls = _fail_first(monkeypatch, 1, lambda: Killed("the Lambda's timeout struck while it called SES"))
    while_sending: list[str] = []
    aws.client("ses").meta.events.register(
        "before-call.ses.SendRawEmail",
        lambda **_: while_sending.append(notice_status(api, interview["interview_id"])),
    )

    with pytest.raises(Killed):
        deliver(api, message, attempt=1)
    assert notice_status(api, interview["interview_id"]) == "queued"
    # SQS hands the message out again while the dead consumer's lease still runs: it waits its turn.
    override(now=lambda: NOW + timedelta(seconds=LEASE_SECONDS - 1))
    with pytest.raises(NoticeNotSent, match="LeaseHeld"):
        deliver(api, message, attempt=2)
    assert notice_status(api, interview["interview_id"]) == "queued"
    assert sent_mail() == []

    override(now=lambda: NOW + timedelta(seconds=LEASE_SECONDS))
    deliver(api, message, attempt=3)
    deliver(api, message, attempt=4)

    assert len(calls) == 2
    assert len(sent_mail()) == 1
    assert while_sending == ["queued"]
    assert notice_status(api, interview["interview_id"]) == "sent"


def test_a_failed_send_whose_lease_was_not_given_back_goes_out_once_the_lease_ended(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch, override: Override
) -> None:
    interview, message = scheduled
    _fail_first(monkeypatch, 1, lambda: _ses_error("ServiceUnavailable"))
    table = aws.table(deps.settings().ledger_table)
    override(ledger=lambda: Ledger(table=Faulty(table, "delete_item")))

    with pytest.raises(NoticeNotSent, match="ServiceUnavailable"):
        deliver(api, message, attempt=1)
    with pytest.raises(NoticeNotSent, match="LeaseHeld"):
        deliver(api, message, attempt=2)
    override(now=lambda: NOW + timedelta(seconds=LEASE_SECONDS))
    deliver(api, message, attempt=3)

    assert len(sent_mail()) == 1
    assert notice_status(api, interview["interview_id"]) == "sent"


def test_a_send_is_recorded_sent_with_the_message_id_ses_gave_it(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    interview, message = scheduled
    deliver(api, message)
    (mail,) = sent_mail()

    item = deps.ledger().get(f"notice#{interview['interview_id']}#v1#s1#email")

    assert item is not None
    assert (item["state"], item["message_id"]) == ("sent", mail.id)
    assert "lease_until" not in item


def test_a_send_claimed_without_a_message_id_is_neither_sent_again_nor_recorded_sent(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    interview, message = scheduled
    # As the ledger held sends before they took leases: a claim that never says whether SES answered.
    key = f"notice#{interview['interview_id']}#v1#s1#email"
    deps.ledger().claim(key, now_epoch=int(NOW.timestamp()), ttl_seconds=3600)

    assert deps.notice_delivery().deliver(message, now=NOW) == "duplicate"

    assert sent_mail() == []
    assert notice_status(api, interview["interview_id"]) == "queued"


def test_the_mail_names_its_interview_in_ses_tags_and_a_header(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    interview, message = scheduled
    requests: list[dict[str, Any]] = []
    aws.client("ses").meta.events.register(
        "provide-client-params.ses.SendRawEmail", lambda params, **_: requests.append(dict(params))
    )

    deliver(api, message)

    (request,) = requests
    assert request["Tags"] == [
        {"Name": "interview", "Value": interview["interview_id"]},
        {"Name": "kind", "Value": "notice"},
        {"Name": "version", "Value": "1"},
        {"Name": "sequence", "Value": "1"},
    ]
    (mail,) = sent_mail()
    parsed = email.message_from_string(mail.raw_data, policy=email.policy.default)
    assert parsed["X-ShowUp-Interview"] == interview["interview_id"]
    assert (parsed["X-ShowUp-Kind"], parsed["X-ShowUp-Sequence"]) == ("notice", "1")


def test_a_send_gives_up_before_its_consumer_times_out_and_its_lease_outlives_the_consumer() -> None:
    config = json.loads((Path(__file__).parent.parent / ".chalice" / "config.json").read_text())
    timeouts = [
        stage.get("lambda_functions", {}).get(function, {}).get("lambda_timeout", config["lambda_timeout"])
        for stage in config["stages"].values()
        for function in ("send_notices", "ses_events")
    ]
    for service in ("ses", "sns"):
        client = aws.client(service).meta.config
        tries = client.retries["total_max_attempts"]
        # Standard retries wait at most 1 s of jitter, and 5 s more when the service asks for it.
        worst = tries * (client.connect_timeout + client.read_timeout) + (tries - 1) * 6

        assert worst < min(timeouts), service
    assert max(timeouts) < LEASE_SECONDS


def test_a_notice_marked_failed_while_another_consumer_held_its_send_reads_sent_once_that_send_finished(
    api: Api, scheduled: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    interview, message = scheduled
    ledger, key = deps.ledger(), f"notice#{interview['interview_id']}#v1#s1#email"
    elsewhere = ledger.take(key, now_epoch=int(NOW.timestamp()), lease_seconds=LEASE_SECONDS, ttl_seconds=3600)

    with pytest.raises(NoticeNotSent, match="LeaseHeld"):
        deliver(api, message, attempt=deps.settings().outbox_max_receives)
    assert notice_status(api, interview["interview_id"]) == "failed"

    ledger.finish(elsewhere, state="sent", message_id="0100-elsewhere")
    assert deps.notice_delivery().deliver(message, now=NOW) == "duplicate"

    assert notice_status(api, interview["interview_id"]) == "sent"
    assert sent_mail() == []
