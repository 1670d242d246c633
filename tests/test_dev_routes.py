"""Local-stage routes: the outbox of captured mail and texts, and scheduled jobs run on demand."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import boto3
import pytest
from chalice import Chalice
from chalice.app import CloudWatchEvent, SQSEvent
from chalice.test import Client

from chalicelib import aws, deps
from chalicelib.api.dev import PAGE_SIZE, dev
from tests.support.local import local_stage

__all__ = ["local_stage"]

JSON = {"Content-Type": "application/json"}
CANDIDATE = "chen.xiaoming@example.com"
PHONE = "+8613800138001"
JOBS_QUEUE = "dev-route-jobs"
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture(autouse=True)
def dev_routes() -> None:
    from app import app

    if "/dev/outbox" not in app.routes:
        app.register_blueprint(dev)


def body(response: Any) -> Any:
    return json.loads(response.body)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/dev/outbox"), ("GET", "/dev/outbox.json"), ("POST", "/dev/jobs/send_reminders")],
)
def test_dev_routes_do_not_exist_outside_the_local_stage(client: Client, method: str, path: str) -> None:
    response = client.http.request(method, path, headers=JSON, body=b'{"now": "2026-11-28T09:00:00+08:00"}')
    assert response.status_code == 404
    assert body(response)["error"] == "not_found"


def send_notice_email() -> None:
    mail = EmailMessage()
    mail["From"] = f"ShowUp <{deps.settings().sender_email}>"
    mail["To"] = f"陈晓明 <{CANDIDATE}>"
    mail["Subject"] = "面试通知：Java 后端开发工程师"
    mail["Date"] = format_datetime(datetime(2026, 11, 27, 1, 5, tzinfo=UTC))
    mail.set_content("陈晓明您好：\n明天 10:00 面试。")
    mail.add_alternative(
        '<p>陈晓明您好：<b>明天 10:00</b> 面试。<a href="https://x.example">确认</a></p>', subtype="html"
    )
    mail.add_attachment(ICS, subtype="calendar", filename="invite.ics")
    boto3.client("ses").send_raw_email(RawMessage={"Data": mail.as_bytes()})


def send_text() -> None:
    boto3.client("sns").publish(PhoneNumber=PHONE, Message="【星途科技】陈晓明您好，明天 10:00 面试。")


def test_outbox_json_lists_raw_mail_and_text_messages_newest_last(local_stage: None, client: Client) -> None:
    send_notice_email()
    send_text()

    response = client.http.get("/dev/outbox.json")

    assert response.status_code == 200
    mine = [m for m in body(response) if m["to"].endswith(f"<{CANDIDATE}>") or m["to"] == PHONE]
    assert mine == [
        {
            "id": mine[0]["id"],
            "channel": "email",
            "from": "ShowUp <interviews@showup.test>",
            "to": f"陈晓明 <{CANDIDATE}>",
            "subject": "面试通知：Java 后端开发工程师",
            "text": "陈晓明您好：\n明天 10:00 面试。\n",
            "html": '<p>陈晓明您好：<b>明天 10:00</b> 面试。<a href="https://x.example">确认</a></p>\n',
            "attachments": [{"filename": "invite.ics", "content_type": "text/calendar"}],
            "sent_at": "2026-11-27T01:05:00Z",
            "direction": "out",
        },
        {
            "id": mine[1]["id"],
            "channel": "sms",
            "from": None,
            "to": PHONE,
            "subject": None,
            "text": "【星途科技】陈晓明您好，明天 10:00 面试。",
            "html": None,
            "attachments": [],
            "sent_at": None,
            "direction": "out",
        },
    ]


def test_outbox_page_shows_each_part_and_offers_the_invite(local_stage: None, client: Client) -> None:
    send_notice_email()
    send_text()

    response = client.http.get("/dev/outbox")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.body.decode()
    assert "面试通知：Java 后端开发工程师" in page
    # The HTML part is shown in a sandbox, escaped into srcdoc, never inlined into the page.
    assert 'sandbox=""' in page
    assert 'srcdoc="&lt;p&gt;陈晓明您好：&lt;b&gt;明天 10:00&lt;/b&gt; 面试。&lt;a href=&#34;https://x.example' in page
    assert 'download="invite.ics"' in page
    assert "data:text/calendar;base64," in page
    assert "METHOD:REQUEST" in page
    assert "【星途科技】陈晓明您好，明天 10:00 面试。" in page


def send_texts(count: int) -> list[str]:
    sns = boto3.client("sns")
    return [sns.publish(PhoneNumber=PHONE, Message=f"第 {n} 条提醒")["MessageId"] for n in range(count)]


def outbox_ids(client: Client, query: str = "") -> list[str]:
    response = client.http.get("/dev/outbox.json" + query)
    assert response.status_code == 200, response.body
    return [message["id"] for message in body(response)]


def test_outbox_json_shows_the_newest_limit_and_pages_from_a_message(local_stage: None, client: Client) -> None:
    ids = send_texts(5)

    assert outbox_ids(client) == ids
    assert outbox_ids(client, "?limit=2") == ids[3:]
    assert outbox_ids(client, f"?after={ids[1]}&limit=2") == ids[2:4]
    assert outbox_ids(client, f"?before={ids[3]}&limit=2") == ids[1:3]
    assert outbox_ids(client, f"?after={ids[3]}") == ids[4:]
    assert client.http.get("/dev/outbox.json?limit=1").headers["X-Total-Count"] == "5"


@pytest.mark.parametrize(
    ("query", "field"),
    [("?limit=0", "limit"), ("?limit=ten", "limit"), ("?after=gone", "after"), ("?before=x", "before")],
)
def test_outbox_refuses_a_bad_limit_or_an_unknown_message(
    local_stage: None, client: Client, query: str, field: str
) -> None:
    send_texts(1)

    response = client.http.get("/dev/outbox.json" + query)

    assert response.status_code == 400
    assert field in body(response)["fields"]


def test_outbox_page_shows_the_newest_page_and_links_to_the_older_ones(local_stage: None, client: Client) -> None:
    ids = send_texts(PAGE_SIZE + 3)

    page = client.http.get("/dev/outbox").body.decode()

    assert f"Showing 4–{PAGE_SIZE + 3} of {PAGE_SIZE + 3}." in page
    assert f'href="outbox?before={ids[3]}"' in page
    assert f"第 {PAGE_SIZE + 2} 条提醒" in page and "第 3 条提醒" in page
    assert "第 2 条提醒" not in page


class Jobs:
    """A scheduled function and a queue consumer spliced onto the real app for one test."""

    def __init__(self) -> None:
        self.fired: list[str] = []
        self.consumed: list[dict[str, Any]] = []
        fake = Chalice(app_name="fake")

        @fake.schedule("rate(1 hour)", name="dev_route_tick")
        def tick(event: CloudWatchEvent) -> dict[str, Any]:
            self.fired.append(event.time)
            sqs = aws.client("sqs")
            sqs.send_message(QueueUrl=aws.queue_url(JOBS_QUEUE), MessageBody=json.dumps({"at": event.time}))
            return {"reminders": 1, "at": datetime.fromisoformat(event.time)}

        @fake.on_sqs_message(queue=JOBS_QUEUE, name="dev_route_consume")
        def consume(event: SQSEvent) -> None:
            self.consumed.extend(json.loads(record.body) for record in event)

        self.app = fake


@pytest.fixture
def jobs(local_stage: None, client: Client, monkeypatch: pytest.MonkeyPatch) -> Jobs:
    from app import app

    aws.client("sqs").create_queue(QueueName=JOBS_QUEUE)
    spliced = Jobs()
    monkeypatch.setattr(app, "event_sources", [*app.event_sources, *spliced.app.event_sources])
    monkeypatch.setattr(app, "handler_map", {**app.handler_map, **spliced.app.handler_map})
    return spliced


def test_a_job_runs_as_if_fired_at_now_then_the_queues_are_drained(jobs: Jobs, client: Client) -> None:
    response = client.http.post(
        "/dev/jobs/dev_route_tick", headers=JSON, body=json.dumps({"now": "2026-11-28T09:00:00+08:00"})
    )

    assert response.status_code == 200
    summary = body(response)
    assert summary["function"] == "dev_route_tick"
    assert summary["now"] == "2026-11-28T01:00:00Z"
    assert summary["result"] == {"reminders": 1, "at": "2026-11-28 01:00:00+00:00"}
    assert summary["drained"][JOBS_QUEUE] == 1
    assert jobs.fired == ["2026-11-28T01:00:00Z"]
    assert jobs.consumed == [{"at": "2026-11-28T01:00:00Z"}]


@pytest.mark.parametrize("payload", [{}, {"now": "tomorrow"}, {"now": "2026-11-28T09:00:00"}, {"now": 1764291600}])
def test_a_job_needs_now_with_an_offset(jobs: Jobs, client: Client, payload: dict[str, Any]) -> None:
    response = client.http.post("/dev/jobs/dev_route_tick", headers=JSON, body=json.dumps(payload))

    assert response.status_code == 400
    assert "now" in body(response)["fields"]
    assert jobs.fired == []


def test_an_unknown_job_is_404(jobs: Jobs, client: Client) -> None:
    response = client.http.post(
        "/dev/jobs/no_such_job", headers=JSON, body=json.dumps({"now": "2026-11-28T09:00:00+08:00"})
    )

    assert response.status_code == 404
    assert body(response)["error"] == "not_found"
