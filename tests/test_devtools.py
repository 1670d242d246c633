"""The local runner: schedule expressions, the driver, demo data, `make token`, and `make run` end to end."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice import Chalice
from chalice.app import CloudWatchEvent, SQSEvent

from chalicelib import aws, deps
from chalicelib.localdev import captured, invoke, streams
from chalicelib.localdev.sent_index import ROUTE
from chalicelib.settings import Settings
from chalicelib.store.tokens import TokenRepository
from devtools import cadence, local_server, seed, stages
from devtools import token as make_token
from devtools.driver import Driver
from devtools.resources import table_specs
from tests.support.builders import interview as booked
from tests.support.builders import position as position_record

PROJECT_DIR = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 11, 27, 0, 59, 30, tzinfo=UTC)
FAKE_QUEUE = "fake-jobs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def until(condition: Callable[[], Any], *, timeout: float, what: str) -> Any:
    """Poll ``condition`` until it returns something truthy, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# --- schedule expressions -------------------------------------------------------------------


def test_rate_fires_one_interval_after_it_starts_not_at_start() -> None:
    rate = cadence.parse("rate(1 hour)", anchor=T0)
    assert rate.latest(T0, T0 + timedelta(minutes=59)) is None
    assert rate.latest(T0, T0 + timedelta(hours=1, seconds=5)) == T0 + timedelta(hours=1)
    # Already fired for that tick: the next check finds nothing new.
    assert rate.latest(T0 + timedelta(hours=1, seconds=5), T0 + timedelta(hours=1, seconds=6)) is None


def test_rate_accepts_plural_units() -> None:
    assert cadence.parse("rate(15 minutes)", anchor=T0) == cadence.Rate(timedelta(minutes=15), T0)
    assert cadence.parse("rate(2 days)", anchor=T0) == cadence.Rate(timedelta(days=2), T0)


def test_cron_fires_at_its_minute_in_utc() -> None:
    daily = cadence.parse("cron(0 1 * * ? *)", anchor=T0)
    assert daily.latest(T0, T0 + timedelta(seconds=40)) == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    assert daily.latest(T0 + timedelta(seconds=40), T0 + timedelta(hours=2)) is None


def test_cron_reads_steps_ranges_and_day_names() -> None:
    weekdays = cadence.parse("cron(0/15 8-17 ? * MON-FRI *)", anchor=T0)
    assert isinstance(weekdays, cadence.Cron)
    friday = datetime(2026, 11, 27, 8, 45, tzinfo=UTC)
    assert weekdays.matches(friday)
    assert not weekdays.matches(friday.replace(minute=50))
    assert not weekdays.matches(friday + timedelta(days=1))  # Saturday
    assert cadence.parse("cron(30 9 ? * 2 *)", anchor=T0).matches(datetime(2026, 11, 30, 9, 30, tzinfo=UTC))  # Monday


def test_cron_month_names_are_not_mistaken_for_last_day_marks() -> None:
    july = cadence.parse("cron(0 0 1 JUL ? *)", anchor=T0)
    assert isinstance(july, cadence.Cron)
    assert july.months == frozenset({7})


@pytest.mark.parametrize("expression", ["cron(0 0 L * ? *)", "cron(0 0 ? * 6#3 *)", "cron(0 0 * *)", "every hour"])
def test_unsupported_expressions_are_refused_with_a_reason(expression: str) -> None:
    with pytest.raises(cadence.UnsupportedSchedule):
        cadence.parse(expression, anchor=T0)


# --- the driver -----------------------------------------------------------------------------


class FakeApp:
    """A Chalice app with one hourly job that queues a message, and one consumer of that queue."""

    def __init__(self, *, fail: Callable[[dict[str, Any]], bool] = lambda body: False, batch_size: int = 10) -> None:
        self.app = Chalice(app_name="fake")
        self.fired: list[str] = []
        self.batches: list[list[dict[str, Any]]] = []

        @self.app.schedule("rate(1 hour)", name="fake_tick")
        def tick(event: CloudWatchEvent) -> dict[str, Any]:
            self.fired.append(event.time)
            put({"job": "tick", "at": event.time})
            return {"queued": 1}

        @self.app.on_sqs_message(queue=FAKE_QUEUE, batch_size=batch_size, name="fake_consume")
        def consume(event: SQSEvent) -> dict[str, Any]:
            records = [record.to_dict() for record in event]
            self.batches.append(records)
            failures = [r["messageId"] for r in records if fail(json.loads(r["body"]))]
            return {"batchItemFailures": [{"itemIdentifier": m} for m in failures]}

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(record["body"]) for batch in self.batches for record in batch]


def put(body: dict[str, Any]) -> None:
    aws.client("sqs").send_message(QueueUrl=aws.queue_url(FAKE_QUEUE), MessageBody=json.dumps(body))


def queue_counts() -> tuple[int, int]:
    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=aws.queue_url(FAKE_QUEUE),
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]), int(attributes["ApproximateNumberOfMessagesNotVisible"])


@pytest.fixture
def fake_queue(resources: dict[str, str]) -> str:
    return str(aws.client("sqs").create_queue(QueueName=FAKE_QUEUE)["QueueUrl"])


def test_driver_drains_the_queue_into_its_consumer_in_batches(fake_queue: str) -> None:
    fake = FakeApp(batch_size=2)
    for n in range(3):
        put({"n": n})

    drained = Driver(fake.app, started=T0).tick(T0 + timedelta(seconds=1))

    assert sorted(body["n"] for body in fake.bodies) == [0, 1, 2]
    assert [len(batch) for batch in fake.batches] == [2, 1]
    assert drained.consumed == {FAKE_QUEUE: 3}
    assert queue_counts() == (0, 0)
    record = fake.batches[0][0]
    # Consumers read these to back off and to give up: they must be the queue's own.
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["eventSourceARN"].endswith(f":{FAKE_QUEUE}")
    assert record["receiptHandle"]


def test_a_failed_message_stays_queued_for_a_retry(fake_queue: str) -> None:
    fake = FakeApp(fail=lambda body: body["n"] == 1)
    for n in range(3):
        put({"n": n})

    drained = Driver(fake.app, started=T0).tick(T0 + timedelta(seconds=1))

    assert drained.consumed == {FAKE_QUEUE: 2}
    assert drained.failed == {FAKE_QUEUE: 1}
    assert queue_counts() == (0, 1)  # in flight until its visibility timeout ends


def test_a_consumer_that_raises_leaves_its_whole_batch_queued(fake_queue: str) -> None:
    app = Chalice(app_name="fake")

    @app.on_sqs_message(queue=FAKE_QUEUE, batch_size=10, name="broken")
    def broken(event: SQSEvent) -> None:
        raise RuntimeError("SES is down")

    put({"n": 1})
    put({"n": 2})
    drained = invoke.drain(app)

    assert drained.consumed == {FAKE_QUEUE: 0}
    assert drained.failed == {FAKE_QUEUE: 2}
    assert queue_counts() == (0, 2)


def test_driver_fires_a_due_schedule_once_with_its_due_time_then_drains(fake_queue: str) -> None:
    fake = FakeApp()
    driver = Driver(fake.app, started=T0)

    driver.tick(T0 + timedelta(minutes=30))
    assert fake.fired == []

    driver.tick(T0 + timedelta(hours=1, seconds=2))
    driver.tick(T0 + timedelta(hours=1, seconds=3))

    assert fake.fired == ["2026-11-27T01:59:30Z"]
    assert fake.bodies == [{"job": "tick", "at": "2026-11-27T01:59:30Z"}]


def test_an_app_without_schedules_or_consumers_is_fine(resources: dict[str, str]) -> None:
    drained = Driver(Chalice(app_name="empty"), started=T0).tick(T0 + timedelta(hours=2))
    assert not drained.anything


def test_a_consumer_of_a_missing_queue_is_reported_not_fatal(resources: dict[str, str]) -> None:
    drained = Driver(FakeApp().app, started=T0).tick(T0 + timedelta(seconds=1))
    assert drained.missing == [FAKE_QUEUE]


# --- the interviews table's stream ---------------------------------------------------------


def test_the_driver_hands_each_new_stream_record_to_the_stream_consumer_once(resources: dict[str, str]) -> None:
    from app import app

    deps.positions().add(position_record())
    deps.interviews().add(booked(interview_id="int_1"))
    driver = Driver(app, started=T0)

    first = driver.tick(T0 + timedelta(seconds=1))
    again = driver.tick(T0 + timedelta(seconds=2))

    # The write, then the outbox consumer's: its notice went out through the stream and the queue.
    assert first.streamed.consumed == {"interview_changes": 2, "position_changes": 1}
    assert first.consumed == {deps.settings().outbox_queue: 1, deps.settings().imports_queue: 0}
    assert again.streamed.consumed == {"interview_changes": 0, "position_changes": 0}
    assert deps.stats().get("day#2026-12-03") == {"scheduled": 1, "notified": 1}


def test_the_driver_carries_a_corrected_position_to_its_interviews_and_their_update_out(
    resources: dict[str, str], now: datetime
) -> None:
    from app import app

    deps.positions().add(position_record())
    deps.interviews().add(booked(interview_id="int_1", position_revision=1))
    driver = Driver(app, started=T0)
    driver.tick(T0 + timedelta(seconds=1))
    read = deps.positions().get("pos_1")
    assert read is not None
    deps.positions().replace(dataclasses.replace(read, work_location="Xuhui, Shanghai"), expected_revision=1)

    corrected = driver.tick(T0 + timedelta(seconds=2))

    assert corrected.streamed.consumed["position_changes"] == 1
    told = deps.interviews().get("int_1")
    assert told is not None
    assert (told.notice.kind, told.notice.status, told.notice.changed) == ("update", "sent", ("work_location",))


def test_a_stream_batch_that_fails_comes_again_then_is_set_aside(resources: dict[str, str]) -> None:
    from chalicelib.events.changes import INTERVIEWS_STREAM

    app, handed = Chalice(app_name="fake"), []

    @app.on_dynamodb_record(stream_arn=INTERVIEWS_STREAM, name="changes")
    def changes(event: Any) -> None:
        handed.append(len(event.to_dict()["Records"]))
        if len(handed) <= streams.MAX_RETRIES + 1:
            raise RuntimeError("the stats table is unreachable")

    deps.interviews().add(booked(interview_id="int_1"))
    results = [invoke.drain_streams(app) for _ in range(streams.MAX_RETRIES + 1)]
    deps.interviews().add(booked(interview_id="int_2"))
    later = invoke.drain_streams(app)

    assert [r.failed["changes"] for r in results] == [1] * streams.MAX_RETRIES + [0]
    assert results[-1].set_aside == {"changes": 1}
    assert later.consumed == {"changes": 1}
    assert handed == [1] * (streams.MAX_RETRIES + 2)


# --- demo data ------------------------------------------------------------------------------


def test_seed_makes_a_busy_junior_role_a_rare_senior_one_and_an_interview_tomorrow_in_shanghai(
    resources: dict[str, str], now: datetime
) -> None:
    seeded = seed.seed(now, positions=deps.position_service(), interviews=deps.interview_service())

    junior, senior = seeded.positions["junior"], seeded.positions["senior"]
    assert junior.level == "junior" and senior.level == "senior"
    assert (junior.applicant_count or 0) > 10 > (senior.applicant_count or 0)
    for position in (junior, senior):
        assert 0 < position.salary_min < position.salary_max
        assert position.contact and position.contact.phone and position.company.endswith("有限公司")
    assert len(deps.position_service().list()) == 3
    hurried = seeded.positions["hurried"]

    interviews = seeded.interviews
    # Seven booked by HR, three asked to choose their time (two chose the group session), and four
    # around the full slot with a waitlist (one booked, three waiting).
    assert len(interviews) == 14
    # NOW is Friday 27 November 2026, 09:00 in Shanghai.
    assert [i.local_date for i in interviews].count("2026-11-28") == 1
    assert all("2026-11-28" <= i.local_date <= "2026-12-04" for i in interviews)
    assert {i.timezone for i in interviews} == {"Asia/Shanghai"}
    assert {i.mode for i in interviews if i.position_id == junior.position_id} == {"notification"}
    assert {i.mode for i in interviews if i.position_id == senior.position_id} == {"invitation"}
    held_by_data = {"incomplete_position", "low_match", "salary_mismatch"}
    # Only the role added in a hurry holds a notice, for the facts it lacks.
    assert {(i.position_id, w.code) for i in interviews for w in i.warnings if w.code in held_by_data} == {
        (hurried.position_id, "incomplete_position")
    }
    # One address was mistyped: its notice bounced and the interview says so.
    (bounced,) = [deps.interviews().get(i.interview_id) for i in interviews if i.candidate.email == seed.TYPO_EMAIL]
    assert bounced is not None and bounced.email_bounced and bounced.notice.status == "bounced"
    tomorrow = deps.interview_service().on_date("2026-11-28")
    assert [i.candidate.name for i in tomorrow] == ["陈晓明"]


# --- moto server over HTTP: `make token` and the captured outbox --------------------------------


@contextmanager
def emulator() -> Iterator[str]:
    """``make run``'s emulator in a process of its own; yields its URL once it is listening."""
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.emulator"], cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        # It prints its URL once its socket listens: ready, no polling needed.
        endpoint = process.stdout.readline().strip()
        assert endpoint.startswith("http://127.0.0.1:"), endpoint
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    """A moto server of its own: in-process moto state is shared with every other test in the worker."""
    with emulator() as endpoint:
        yield endpoint


def server_session() -> Any:
    return boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1")


@pytest.fixture(scope="module")
def local_stack(moto_server: str) -> Settings:
    """The local stage's tokens table and verified sender on the module's moto server."""
    settings = Settings.from_env(stages.stage_environment("local"))
    session = server_session()
    tokens = next(spec for spec in table_specs(settings) if spec["TableName"] == settings.tokens_table)
    session.client("dynamodb", endpoint_url=moto_server).create_table(**tokens)
    session.client("ses", endpoint_url=moto_server).verify_email_identity(EmailAddress=settings.sender_email)
    return settings


def test_make_token_asks_for_make_run_when_the_local_stage_is_not_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHOWUP_STATE_FILE", str(tmp_path / "local.json"))
    assert make_token.main(["--name", "hr-desk"]) == 1
    assert "start `make run` first" in capsys.readouterr().err


def test_make_token_mints_in_the_running_local_stage(
    moto_server: str,
    local_stack: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHOWUP_STATE_FILE", str(tmp_path / "local.json"))
    stages.write_state({"pid": os.getpid(), "endpoint_url": moto_server, "region": "us-east-1"})

    assert make_token.main(["--name", "hr-desk"]) == 0

    token = capsys.readouterr().out.strip()
    table = server_session().resource("dynamodb", endpoint_url=moto_server).Table(local_stack.tokens_table)
    assert TokenRepository(table=table).holder(token) == "hr-desk"


def test_make_token_for_another_stage_uses_that_stages_table(
    resources: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert make_token.main(["--name", "ci", "--stage", "test"]) == 0
    assert deps.tokens().holder(capsys.readouterr().out.strip()) == "ci"


def test_captured_outbox_reads_moto_server_over_http(moto_server: str, local_stack: Settings) -> None:
    session = server_session()
    mail = EmailMessage()
    mail["From"] = local_stack.sender_email
    mail["To"] = "over.http@example.com"
    mail["Subject"] = "面试通知"
    mail["Date"] = "Fri, 27 Nov 2026 09:05:00 +0800"
    mail.set_content("明天 10:00 见。")
    sns = session.client("sns", endpoint_url=moto_server)
    sns.publish(PhoneNumber="+8613800138009", Message="您好")
    session.client("ses", endpoint_url=moto_server).send_raw_email(RawMessage={"Data": mail.as_bytes()})
    sns.publish(PhoneNumber="+8613800138009", Message="明天 10:00 面试")

    sent = captured.outbox(moto_server).messages

    # In the order the emulator accepted them, whatever their kind.
    assert [s.channel for s in sent[-3:]] == ["sms", "email", "sms"]
    email_entry, text_entry = sent[-2:]
    assert (email_entry.to, email_entry.subject, email_entry.text, email_entry.sent_at) == (
        "over.http@example.com",
        "面试通知",
        "明天 10:00 见。\n",
        "2026-11-27T01:05:00Z",  # the mail's own Date
    )
    assert (text_entry.to, text_entry.text) == ("+8613800138009", "明天 10:00 面试")
    # A text has no date of its own: it carries the moment the emulator accepted it.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", text_entry.sent_at or "")


def notice_mail(to: str, sender: str) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, "面试通知"
    mail.set_content("明天 10:00 见。" * 200)
    return mail.as_bytes()


def test_the_outbox_fetches_only_the_page_it_shows_whatever_else_the_emulator_holds() -> None:
    settings = Settings.from_env(stages.stage_environment("local"))
    with emulator() as endpoint:
        session = server_session()
        ses = session.client("ses", endpoint_url=endpoint)
        ses.verify_email_identity(EmailAddress=settings.sender_email)
        page_url = endpoint + ROUTE + "?limit=2"

        def send(to: str) -> None:
            ses.send_raw_email(RawMessage={"Data": notice_mail(to, settings.sender_email)})

        def fetched() -> int:
            with urllib.request.urlopen(page_url, timeout=30) as response:
                return len(response.read())

        send("first@example.com")
        send("second@example.com")
        alone = fetched()

        # Unrelated data: a table of 300 items, and 40 older messages the page does not show.
        dynamodb = session.client("dynamodb", endpoint_url=endpoint)
        dynamodb.create_table(
            TableName="unrelated",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for batch in range(12):
            items = [{"PutRequest": {"Item": {"k": {"S": f"{batch}-{n}"}, "v": {"S": "x" * 1000}}}} for n in range(25)]
            dynamodb.batch_write_item(RequestItems={"unrelated": items})
        for n in range(40):
            send(f"older{n:03d}@example.com")
        send("third@example.com")
        send("fourth@example.com")

        # The same page size, give or take the digits of its counts; moto's whole dump is far larger.
        assert fetched() - alone < 10
        with urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=60) as dump:
            assert len(dump.read()) > 10 * alone
        page = captured.outbox(endpoint, limit=2)
        assert [m.to for m in page.messages] == ["third@example.com", "fourth@example.com"]
        assert (page.start, page.total) == (42, 44)


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ('"GET /c/eyJpIjoiMDFK.c2lnbmF0dXJl HTTP/1.1" 200 -', '"GET /c/*** HTTP/1.1" 200 -'),
        ('"POST /c/eyJpIjoiMDFK.c2ln/confirm HTTP/1.1" 303 -', '"POST /c/***/confirm HTTP/1.1" 303 -'),
        ('"GET /s/Ab3xYz9 HTTP/1.1" 302 -', '"GET /s/*** HTTP/1.1" 302 -'),
        ('"DELETE /candidates/chen.xiaoming%40example.com HTTP/1.1" 200 -', '"DELETE /candidates/*** HTTP/1.1" 200 -'),
        (
            '"GET /interviews?email=chen@example.com&date=2026-11-28 HTTP/1.1" 200 -',
            '"GET /interviews?email=***&date=2026-11-28 HTTP/1.1" 200 -',
        ),
        ('"GET /interviews/01JGT6Q9 HTTP/1.1" 200 -', '"GET /interviews/01JGT6Q9 HTTP/1.1" 200 -'),
        (
            '"GET /interviews?candidate=%2B86%20138%200013%208000&status=scheduled HTTP/1.1" 200 -',
            '"GET /interviews?candidate=***&status=scheduled HTTP/1.1" 200 -',
        ),
        (
            '"GET /interviews.csv?status=no_show&candidate=13800138000 HTTP/1.1" 200 -',
            '"GET /interviews.csv?status=no_show&candidate=*** HTTP/1.1" 200 -',
        ),
    ],
)
def test_the_local_access_log_masks_link_tokens_short_links_and_addresses(line: str, masked: str) -> None:
    assert local_server.mask(line) == masked


# --- `make run`, end to end ---------------------------------------------------------------


def http(method: str, url: str, token: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    # A bound, not a wait: on a busy machine a request that writes an interview takes seconds.
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def processes() -> list[tuple[int, int, int, str]]:
    """(pid, parent pid, process group, state) of every process, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError):
            continue
        found.append((int(stat.parent.name), int(ppid), int(pgrp), state))
    return found


def group_gone(group: int) -> bool:
    # A zombie has exited; only its parent's bookkeeping is left.
    return not [p for p in processes() if p[2] == group and p[3] != "Z"]


@dataclass
class MakeRun:
    process: subprocess.Popen[bytes]
    output: Path
    state_file: Path
    url: str
    token: str

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def log(self) -> str:
        return self.output.read_text(errors="replace")

    def children(self) -> set[int]:
        """The process groups of its children (the local server runs in a group of its own)."""
        return {group for _, parent, group, _ in processes() if parent == self.process.pid}


@contextmanager
def make_run(tmp_path: Path) -> Iterator[MakeRun]:
    """`make run` on free ports, once it has printed its banner (it does once the app answers)."""
    port = free_port()
    state_file = tmp_path / "local.json"
    output = tmp_path / "run.log"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "SHOWUP_PORT": str(port),
        "SHOWUP_STATE_FILE": str(state_file),
    }
    with output.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "devtools.run"], cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        # Readiness, not a fixed time: the banner comes once the local server answers HTTP.
        found = until(
            lambda: process.poll() is not None or re.search(r"Dev token\s+(\S+)", output.read_text()),
            timeout=240,
            what="make run to print the dev token",
        )
        assert process.poll() is None, output.read_text()
        yield MakeRun(process, output, state_file, f"http://127.0.0.1:{port}", found.group(1))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_make_run_serves_the_seeded_app_and_stops_everything_on_ctrl_c(tmp_path: Path) -> None:
    with make_run(tmp_path) as run:
        url, token = run.url, run.token
        status, messages = http("GET", url + "/dev/outbox.json", token)
        assert (status, type(messages)) == (200, list)

        status, listed = http("GET", url + "/positions", token)
        assert status == 200
        junior = next(p for p in listed["positions"] if p["level"] == "junior")
        starts = (datetime.now(UTC) + timedelta(days=10)).strftime("%Y-%m-%dT10:00")
        status, made = http(
            "POST",
            url + "/interviews",
            token,
            {
                "position_id": junior["position_id"],
                "candidate": {"name": "孙悦", "email": "sun.yue@example.com"},
                "starts_at": starts,
                "timezone": "Asia/Shanghai",
                "address": "上海市浦东新区碧波路 690 号",
                "city": "上海",
            },
        )
        assert status == 201, made
        status, day = http("GET", url + f"/interviews?date={made['local_date']}", token)
        assert status == 200
        assert made["interview_id"] in [i["interview_id"] for i in day["interviews"]]
        assert json.loads(run.state_file.read_text())["endpoint_url"].startswith("http://127.0.0.1:")
        chalice_groups = run.children()
        assert chalice_groups, "the local server runs as a child process"

        # Paths that carry a link token or an address reach the access log masked.
        link_token = "eyJpIjoiMDFKR1RFU1QiLCJ2IjoxfQ.secret-signature"
        with pytest.raises(urllib.error.HTTPError):  # a forged link: refused, but logged
            urllib.request.urlopen(f"{url}/c/{link_token}", timeout=60)
        http("DELETE", url + "/candidates/sun.yue%40example.com", token)
        # Twice at once, as an impatient person does: the second one must not cut the cleanup short.
        run.process.send_signal(signal.SIGINT)
        run.process.send_signal(signal.SIGINT)
        returncode = run.process.wait(timeout=60)

    text = run.log()
    assert returncode == 0, text
    stopping = text[text.index("Stopping…") :]
    assert "Traceback" not in stopping
    assert stopping.rstrip().endswith("Stopped.")
    assert '"GET /c/*** HTTP/1.1"' in text and '"DELETE /candidates/*** HTTP/1.1"' in text
    assert link_token not in text and "sun.yue%40example.com" not in text
    until(lambda: all(map(group_gone, chalice_groups)), timeout=30, what="the local server to exit")
    until(lambda: port_is_free(run.port), timeout=30, what=f"port {run.port} to be free")
    assert not run.state_file.exists()


def test_kill_9_of_make_run_leaves_no_process_and_no_port_behind(tmp_path: Path) -> None:
    with make_run(tmp_path) as run:
        groups = run.children()
        assert groups, "the local server runs as a child process"
        moto_port = urllib.parse.urlsplit(json.loads(run.state_file.read_text())["endpoint_url"]).port
        run.process.kill()
        run.process.wait()

    # The local server's supervisor and its worker die with the runner; moto ran inside it.
    until(lambda: all(map(group_gone, groups)), timeout=30, what="the local server to die with make run")
    assert moto_port is not None
    until(lambda: port_is_free(run.port) and port_is_free(moto_port), timeout=30, what="both ports to be free")
