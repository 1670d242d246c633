"""How much of SES's sending budget the outbox consumer's own work takes per notice.

Per message: sign the candidate links, compose the notice (Jinja2 text + HTML + subject + SMS
variants, the .ics invite), build the raw MIME, check the suppression entry and claim the ledger,
"send" through an in-process SES stand-in, and record the message id in the ledger, as the
consumer does. The ledger runs twice: on an in-memory table (the code's own cost) and on moto's
DynamoDB (closer to a real table's request handling, though moto is slower than DynamoDB).

SES's default sending rate is 14 messages per second, so each message has about 71 ms; the
consumer's own work should stay under 3 % of that.

    python -m bench.outbox [--rounds 7] [--messages 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.adapters.mail import Mailer
from chalicelib.models import InterviewIn, PositionIn
from chalicelib.render import environment
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.notices.content import CandidateLinks, NoticeKind, compose
from chalicelib.services.notices.links import LinkSigner
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from chalicelib.store.ledger import Ledger

SES_RATE = 14  # messages per second, SES's default sending quota
BUDGET_MS = 1000 / SES_RATE
GOAL = 0.03
TTL = 24 * 3600
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
SENDER = "interviews@showup.example.com"
BASE_URL = "https://abcdef1234.execute-api.ap-east-1.amazonaws.com/api"


class _Records:
    """Enough of a repository for the services to build records exactly as they store them."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}

    def add(self, record: Any) -> Any:
        self.items[record.interview_id if isinstance(record, Interview) else record.position_id] = record
        return record

    def get(self, key: str) -> Any:
        return self.items.get(key)


class _Outbox:
    def put(self, message: dict[str, Any]) -> None:
        pass


class _FakeSes:
    """SES stand-in: accepts the raw message and returns an id, as send_raw_email does."""

    def __init__(self) -> None:
        self.sent = 0
        self.bytes = 0

    def send_raw_email(self, **request: Any) -> dict[str, str]:
        self.sent += 1
        self.bytes += len(request["RawMessage"]["Data"])
        return {"MessageId": f"0100018c-{self.sent:012d}-bench"}


class _MemoryTable:
    """The three DynamoDB calls the ledger makes, on a dict."""

    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}

    def put_item(self, *, Item: dict[str, Any], ConditionExpression: str) -> None:
        key = Item["ledger_key"]
        if key in self.items:
            error = {"Error": {"Code": "ConditionalCheckFailedException", "Message": "exists"}}
            raise ClientError(error, "PutItem")  # type: ignore[arg-type]
        self.items[key] = Item

    def get_item(self, *, Key: dict[str, Any]) -> dict[str, Any]:
        item = self.items.get(Key["ledger_key"])
        return {"Item": item} if item else {}

    def delete_item(self, *, Key: dict[str, Any]) -> None:
        self.items.pop(Key["ledger_key"], None)


def samples() -> list[tuple[Interview, Position]]:
    """Four interviews: Chinese and English, notification and invitation, with SMS."""
    positions, interviews = _Records(), _Records()
    position_service = PositionService(positions=positions)  # type: ignore[arg-type]
    service = InterviewService(positions=positions, interviews=interviews, outbox=_Outbox())  # type: ignore[arg-type]
    common = {
        "salary_min": 15000,
        "salary_max": 22000,
        "company_website": "https://acme.example.com",
        "benefits": "Five-day week, 15 days of paid leave",
        "promotion": "Promotion review twice a year",
        "manager_style": "Direct, weekly one-to-one",
        "contact": {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"},
    }
    zh = position_service.create(
        PositionIn(
            title="前端工程师",
            company="Acme Robotics",
            work_location="上海市浦东新区张江",
            responsibilities="负责招聘系统前端开发；\n负责可访问性与自动化测试。",
            **common,
        ),
        now=NOW,
    )
    en = position_service.create(
        PositionIn(
            title="Front-end Engineer",
            company="Acme Robotics",
            work_location="Pudong, Shanghai",
            responsibilities="Build the HR-facing web app in TypeScript; own accessibility and tests.",
            **common,
        ),
        now=NOW,
    )
    pairs = []
    for position, language, address in (
        (zh, "zh-CN", "上海市浦东新区世纪大道88号12楼"),
        (en, "en", "88 Century Avenue"),
    ):
        for mode in ("notification", "invitation"):
            request = InterviewIn.model_validate(
                {
                    "position_id": position.position_id,
                    "candidate": {
                        "name": "Zhang San",
                        "email": "zhang.san@example.com",
                        "phone": "+8613800138000",
                        "language": language,
                    },
                    "starts_at": "2026-12-03T14:30",
                    "timezone": "Asia/Shanghai",
                    "address": address,
                    "city": "上海" if language == "zh-CN" else "Shanghai",
                    "transit": "Metro line 2 to Lujiazui, exit 6",
                    "channels": ["email", "sms"],
                    "mode": mode,
                }
            )
            pairs.append((service.schedule(request, now=NOW), position))
    return pairs


STAGES = {
    "sign": "sign links",
    "compose": "compose: Jinja2 text + HTML + subject + SMS, .ics",
    "mime": "build_raw MIME + SES stand-in",
    "ledger": "ledger: suppression get, claim, message-id claim",
}


@dataclass
class Round:
    """One round: wall and CPU nanoseconds in total, and CPU nanoseconds per stage."""

    messages: int
    wall: int = 0
    cpu: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))


def one_round(messages: int, ledger: Ledger, round_no: int) -> Round:
    pairs = samples()
    signer = LinkSigner(secret="bench-secret", max_age_seconds=30 * 24 * 3600)
    ses = _FakeSes()
    mailer = Mailer(ses=ses, sender=SENDER)
    result = Round(messages)
    stages = result.stages
    cpu = time.process_time_ns
    now_epoch = int(NOW.timestamp())
    wall_start, cpu_start = time.perf_counter_ns(), cpu()
    for i in range(messages):
        interview, position = pairs[i % len(pairs)]
        t0 = cpu()
        token = signer.sign(interview.interview_id, interview.version, now=NOW)
        page = f"{BASE_URL}/c/{token}"
        links = CandidateLinks(
            page=page, confirm=f"{page}#confirm", decline=f"{page}#decline", reschedule=f"{page}#reschedule"
        )
        t1 = cpu()
        notice = compose(NoticeKind.NOTICE, interview, position, links, default_language="zh-CN", sender=SENDER)
        t2 = cpu()
        ledger.get(f"suppress#{i}")
        claimed = ledger.claim(
            f"notice#{interview.interview_id}#r{round_no}#m{i}#email", now_epoch=now_epoch, ttl_seconds=TTL
        )
        t3 = cpu()
        message_id = mailer.send(interview.candidate.email, notice) if claimed else ""
        t4 = cpu()
        ledger.claim(f"ses#{message_id}#r{round_no}", now_epoch=now_epoch, ttl_seconds=TTL, detail={"i": i})
        t5 = cpu()
        stages["sign"] += t1 - t0
        stages["compose"] += t2 - t1
        stages["ledger"] += (t3 - t2) + (t5 - t4)
        stages["mime"] += t4 - t3
    result.wall, result.cpu = time.perf_counter_ns() - wall_start, cpu() - cpu_start
    assert ses.sent == messages
    return result


@contextmanager
def memory_ledger() -> Iterator[Ledger]:
    yield Ledger(table=_MemoryTable())


@contextmanager
def moto_ledger() -> Iterator[Ledger]:
    # Only the in-process emulator: never a real endpoint or account.
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.pop("AWS_PROFILE", None)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        os.environ[name] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    import boto3
    from moto import mock_aws

    with mock_aws():
        dynamodb = boto3.resource("dynamodb", region_name="us-east-1")
        table = dynamodb.create_table(
            TableName="bench-ledger",
            KeySchema=[{"AttributeName": "ledger_key", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "ledger_key", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield Ledger(table=table)


def run(label: str, ledger_factory: Callable[[], Any], rounds: int, messages: int) -> tuple[float, float]:
    """Print one ledger's figures; returns the budget shares (wall, CPU)."""
    with ledger_factory() as ledger:
        one_round(20, ledger, -1)  # warm: templates compiled, clients built, caches filled
        results = [one_round(messages, ledger, r) for r in range(rounds)]
    wall_ms = statistics.median(r.wall for r in results) / messages / 1e6
    cpu_ms = statistics.median(r.cpu for r in results) / messages / 1e6
    spread = sorted(1000 / (r.wall / messages / 1e6) for r in results)
    print(f"\n{label}")
    print(
        f"  wall  {1000 / wall_ms:7.0f} msgs/s  {wall_ms:6.3f} ms/msg  {wall_ms / BUDGET_MS:6.2%} of budget"
        f"   (rounds {spread[0]:.0f}..{spread[-1]:.0f} msgs/s)"
    )
    print(f"  CPU   {1000 / cpu_ms:7.0f} msgs/s  {cpu_ms:6.3f} ms/msg  {cpu_ms / BUDGET_MS:6.2%} of budget")
    for stage, description in STAGES.items():
        stage_ms = statistics.median(r.stages[stage] for r in results) / messages / 1e6
        print(f"    {stage_ms:6.3f} ms CPU  {description}")
    return wall_ms / BUDGET_MS, cpu_ms / BUDGET_MS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.messages < 1:
        parser.error("rounds and messages must be positive")

    environment()  # build the cached Jinja2 environment every render shares
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"outbox consumer work per notice: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load:.1f}")
    print(
        f"median of {args.rounds} rounds x {args.messages} notices; SES budget {BUDGET_MS:.1f} ms/msg at {SES_RATE}/s"
    )
    print("CPU time is what this process used; wall time also counts waiting for a busy machine")
    own_wall, own_cpu = run(
        "ledger on an in-memory table (the code's own cost)", memory_ledger, args.rounds, args.messages
    )
    moto_wall, moto_cpu = run(
        "ledger on moto DynamoDB (boto3 + in-process emulator)", moto_ledger, args.rounds, args.messages
    )
    print(
        f"\ngoal < {GOAL:.0%}: in-memory ledger {'met' if own_cpu < GOAL else 'MISSED'} on CPU ({own_cpu:.2%}),"
        f" {'met' if own_wall < GOAL else 'missed'} on wall ({own_wall:.2%});"
        f" moto ledger {moto_cpu:.2%} CPU / {moto_wall:.2%} wall (moto's emulation dominates)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
