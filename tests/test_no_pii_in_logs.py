"""No candidate's name, address or phone number in any log line or on stdout, along the whole flow.

Logs leave the privacy boundary: they are kept for weeks, read by operators and copied to other
tools, and erasing a candidate does not reach them. The flow runs in-process with every logger at
DEBUG: scheduling with SMS, the outbox consumer, the candidate's confirmation, a call, the reminder
job, a bounce, the outcome and the erasure. What the code itself logs is checked at every level;
libraries that dump request bodies at DEBUG (botocore, urllib3, moto...) are checked from INFO up,
because their DEBUG output only exists when someone turns it on for a debugging session.
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import responses
from botocore.exceptions import ClientError
from chalice import Chalice

from chalicelib import aws, deps
from chalicelib import settings as settings_module
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import drain_outbox, sent_mail
from tests.support.events import BOUNCE, deliver, fire, publish

CANDIDATE = {
    "name": "Qiao Lanfang",
    "email": "Qiao.Lanfang.PII@example.net",
    "phone": "+86 138 0013 8000",
    "expected_salary": 18000,
    "skills": ["typescript"],
    "language": "en",
}
# Every form the candidate's data may take in a log line, compared case-insensitively.
NEEDLES = (
    "Qiao Lanfang",
    "Lanfang",
    "qiao.lanfang.pii",
    "+8613800138000",
    "13800138000",
    "138 0013 8000",
    # A number that texted in without an interview is someone's too.
    "13900139000",
)
# Libraries whose DEBUG records carry whole requests and responses.
WIRE_LOGGERS = ("botocore", "boto3", "s3transfer", "urllib3", "moto", "werkzeug", "responses", "requests")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
REMINDER_TIME = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai the day before
AFTER_THE_INTERVIEW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def every_log_line(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every logger at DEBUG, including the app's own logger, which does not propagate."""
    # Each invocation sets the app's level from LOG_LEVEL.
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    settings_module.reset()
    caplog.set_level(logging.DEBUG)
    own = logging.getLogger("showup")
    level, propagate = own.level, own.propagate
    own.setLevel(logging.DEBUG)
    own.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        own.removeHandler(caplog.handler)
        own.setLevel(level)
        own.propagate = propagate


@pytest.fixture
def no_network() -> Iterator[None]:
    """Any HTTP call (the weather check) fails at once instead of leaving the machine."""
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        yield


def leaks(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Log lines and stdout / stderr lines that contain any form of the candidate's data."""
    lines: list[str] = []
    for record in caplog.records:
        if record.name.split(".")[0] in WIRE_LOGGERS and record.levelno < logging.INFO:
            continue
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        lines.append(f"{record.name} {record.levelname}: {text}")
    captured = capsys.readouterr()
    lines += [f"stdout: {line}" for line in captured.out.splitlines()]
    lines += [f"stderr: {line}" for line in captured.err.splitlines()]
    return [line for line in lines if any(needle.lower() in line.lower() for needle in NEEDLES)]


def register_if_present(app: Chalice, module: str, blueprint: str, marker: str) -> bool:
    """Serve a blueprint whether or not app.py registers it yet; ``False`` when it does not exist yet.

    ``marker`` is one of its routes or functions, which tells whether it is registered already."""
    if marker in app.routes or marker in app.handler_map:
        return True
    try:
        found = getattr(importlib.import_module(module), blueprint)
    except ModuleNotFoundError:
        return False
    app.register_blueprint(found)
    return True


@pytest.fixture(autouse=True)
def present() -> dict[str, bool]:
    """The optional parts of the flow, served whether or not app.py registers them yet.

    Registered before the test client starts: it reads the routes' authorizers when it starts."""
    from app import app

    return {
        "reminders": register_if_present(app, "chalicelib.events.schedules", "schedules", "send_reminders"),
        "outcomes": register_if_present(app, "chalicelib.api.stats", "stats", "/interviews/{interview_id}/outcome"),
        "erasure": register_if_present(app, "chalicelib.api.candidates", "candidates", "/candidates/{email}"),
    }


def consume_outbox(api: Api, resources: dict[str, str]) -> list[Any]:
    """Every queued message through the outbox consumer, as Lambda would deliver them."""
    results = []
    while messages := drain_outbox(resources):
        results += [deliver(api, message).payload for message in messages]
    return results


def schedule_with_sms(api: Api) -> dict[str, Any]:
    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"], channels=["email", "sms"], candidate=dict(CANDIDATE))
    response = api.post("/interviews", body)
    assert response.status_code == 201, response.body
    return dict(response.json_body)


def candidate_link(interview: dict[str, Any]) -> str:
    token = deps.link_signer().sign(interview["interview_id"], interview["version"], now=deps.now())
    return f"/c/{token}"


@pytest.mark.usefixtures("no_network")
def test_the_whole_flow_logs_no_candidate_data(
    api: Api,
    resources: dict[str, str],
    every_log_line: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    override: Override,
    present: dict[str, bool],
) -> None:
    interview = schedule_with_sms(api)
    interview_id = interview["interview_id"]
    assert consume_outbox(api, resources) == [{"m-1": "sent"}]
    assert len(sent_mail()) == 1

    confirmed = api.client.http.post(
        candidate_link(interview) + "/confirm", body="reason=Qiao+Lanfang+comes+by+metro", headers=FORM
    )
    assert confirmed.status_code == 200
    call = api.post(f"/interviews/{interview_id}/call", {"reached": True, "intent": "high", "notes": "Lanfang: ok"})
    assert call.status_code == 200, call.body

    if present["reminders"]:
        assert fire(api.client, "send_reminders", REMINDER_TIME)["queued"] == 1
        consume_outbox(api, resources)

    # The bounce names the candidate's address, as SES's notifications do.
    bounce = json.loads(json.dumps(BOUNCE).replace("zhang.san@example.com", CANDIDATE["email"]))
    assert publish(api, bounce, sent_mail()[0].id) == "bounced"

    if present["outcomes"]:
        # Outcomes are recorded once the interview has started.
        override(now=lambda: AFTER_THE_INTERVIEW)
        outcome = api.post(f"/interviews/{interview_id}/outcome", {"outcome": "no_show", "reason": "found_job"})
        assert outcome.status_code == 200, outcome.body

    erased = api.client.http.delete(f"/candidates/{CANDIDATE['email']}", headers=api.headers())
    assert erased.json_body == {"erased": 1}

    assert every_log_line.records, "the flow logged nothing: the capture is not working"
    assert leaks(every_log_line, capsys) == []


@pytest.mark.usefixtures("no_network")
def test_a_rejected_notice_logs_no_candidate_data(
    api: Api,
    resources: dict[str, str],
    every_log_line: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    schedule_with_sms(api)
    # SES's own wording for a sandboxed account (Amazon SES developer guide, "Sending errors").
    rejection = ClientError(
        {
            "Error": {
                "Code": "MessageRejected",
                "Message": "Email address is not verified. The following identities failed the check in region "
                f"US-EAST-1: {CANDIDATE['email']}",
            }
        },
        "SendRawEmail",
    )

    def reject(**_: Any) -> Any:
        raise rejection

    monkeypatch.setattr(aws.client("ses"), "send_raw_email", reject)
    (message,) = drain_outbox(resources)
    from chalicelib.events.queues import NoticeNotSent

    with pytest.raises(NoticeNotSent) as raised:
        deliver(api, message)

    assert leaks(every_log_line, capsys) == []
    # The Lambda runtime logs what an invocation raises: it carries the code, no address, no cause.
    assert str(raised.value) == "MessageRejected"
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_the_leak_check_finds_a_leak(
    every_log_line: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.getLogger("showup.delivery").debug("sent to %s", json.dumps(CANDIDATE))
    print("qiao.lanfang.pii@example.net")  # noqa: T201 (a line on stdout, as an EMF record would be)

    # The record itself, its JSON line on stdout (names cannot be masked, addresses are), and the print.
    assert len(leaks(every_log_line, capsys)) == 3


@pytest.mark.usefixtures("no_network")
def test_text_replies_log_no_candidate_data(
    api: Api,
    resources: dict[str, str],
    every_log_line: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from chalicelib.adapters.inbound_sms import InboundText, end_user_messaging_payload

    schedule_with_sms(api)
    consume_outbox(api, resources)
    replies = [("+8613800138000", body) for body in ("2 周四上午可以吗", "3", "是", "请问可以停车吗", "TD")]
    for number, (sender, body) in enumerate([*replies, ("+8613900139000", "1")]):
        text = InboundText(sender=sender, to="+8610690000000", body=body, message_id=f"in-{number}")
        event = api.client.events.generate_sns_event(message=end_user_messaging_payload(text), subject="")
        assert api.client.lambda_.invoke("sms_inbound", event).payload

    assert every_log_line.records
    assert leaks(every_log_line, capsys) == []
