"""The local outbox with thousands of messages sent, against the same request to an empty emulator.

Two emulators run as ``make run`` runs its own (``devtools.emulator``: moto server and the outbox
index, each in a process of its own). One holds ``--messages`` sent messages, four in five of them
ShowUp notices from its own templates (about 13 KB of MIME each) and the rest texts; the other holds
none. The subject is ``GET /dev/outbox.json?limit=20`` (what the outbox page shows) through the
app's routing and middleware, against the full emulator; the baseline is the same request against
the empty one. Goal: under 0.5 s, and at most 3x the empty emulator's time.

    python -m bench.outbox_page [--runs 21] [--messages 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench._timing import MIN_RUNS, compare, report, timed

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 3.0
GOAL_SECONDS = 0.5
SHOWN = 20
PATH = f"/dev/outbox.json?limit={SHOWN}"
SENDERS = 4  # clients seeding in parallel: the emulator answers each request on a thread of its own


@contextmanager
def emulator() -> Iterator[str]:
    """A ``devtools.emulator`` process on a free port, stopped on the way out; yields its URL."""
    process = subprocess.Popen([sys.executable, "-m", "devtools.emulator"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=30)


def local_stage(endpoint: str) -> None:
    """The local stage's environment, as ``make run`` sets it, pointed at ``endpoint``."""
    from devtools import stages

    os.environ.update({**stages.stage_environment(stages.LOCAL_STAGE), **stages.LOCAL_AWS})
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(variable, None)


def notices() -> list[bytes]:
    """Four raw notices as the outbox consumer builds them: Chinese and English, both modes."""
    from bench.outbox import BASE_URL, SENDER, samples
    from chalicelib.adapters.mail import build_raw
    from chalicelib.services.notices.content import CandidateLinks, NoticeKind, compose

    raws = []
    for interview, position in samples():
        page = f"{BASE_URL}/c/bench-token"
        links = CandidateLinks(page=page, confirm=page, decline=page, reschedule=page)
        notice = compose(NoticeKind.NOTICE, interview, position, links, default_language="zh-CN", sender=SENDER)
        raws.append(build_raw(sender=SENDER, to=interview.candidate.email, notice=notice))
    return raws


def fill(endpoint: str, messages: int) -> float:
    """Send ``messages`` through the emulator (four notices to each text); returns the seconds it took."""
    import boto3

    from bench.outbox import SENDER

    session = boto3.session.Session(aws_access_key_id="bench", aws_secret_access_key="bench", region_name="us-east-1")
    session.client("ses", endpoint_url=endpoint).verify_email_identity(EmailAddress=SENDER)
    raws = notices()

    def send(start: int) -> None:
        ses = session.client("ses", endpoint_url=endpoint)
        sns = session.client("sns", endpoint_url=endpoint)
        for n in range(start, messages, SENDERS):
            if n % 5 == 4:
                sns.publish(PhoneNumber=f"+86138{n:08d}", Message=f"【星途科技】您好，明天 10:00 面试。#{n}")
            else:
                ses.send_raw_email(Source=SENDER, RawMessage={"Data": raws[n % len(raws)]})

    started = time.perf_counter()
    with ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(send, range(SENDERS)))
    return time.perf_counter() - started


def requester(client: Any, endpoint: str) -> Callable[[], float]:
    """One timed ``GET /dev/outbox.json?limit=20`` against ``endpoint``."""

    def request() -> None:
        os.environ["AWS_ENDPOINT_URL"] = endpoint
        response = client.http.get(PATH)
        assert response.status_code == 200, response.body

    return lambda: timed(request)


def whole_dump(endpoint: str) -> tuple[int, float]:
    """What the page used to read on every load: moto's dump of every model; its size and seconds."""
    started = time.perf_counter()
    with urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=600) as response:
        size = len(response.read())
    return size, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21, help=f"runs of each (at least {MIN_RUNS})")
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS or args.messages < SHOWN:
        parser.error(f"at least {MIN_RUNS} runs and {SHOWN} messages")

    with ExitStack() as running:
        full = running.enter_context(emulator())
        empty = running.enter_context(emulator())
        local_stage(full)
        seeded = fill(full, args.messages)
        print(f"local outbox: {args.messages} messages sent in {seeded:.1f} s; load {os.getloadavg()[0]:.1f}")

        from chalice.test import Client

        from app import app

        client = running.enter_context(Client(app, stage_name="local", project_dir=str(ROOT)))
        subject, baseline = requester(client, full), requester(client, empty)
        baseline()  # warm: the app's modules imported, the clients built
        first = subject()  # no message parsed yet
        os.environ["AWS_ENDPOINT_URL"] = full
        shown = json.loads(client.http.get(PATH).body)
        assert len(shown) == SHOWN, len(shown)
        comparison = compare(subject, baseline, args.runs)
        size, seconds = whole_dump(full)

    report(
        f"GET {PATH} with {args.messages} messages sent (subject) vs none (baseline)",
        comparison,
        unit="ms",
        scale=1000,
        goal=GOAL_RATIO,
    )
    verdict = "meets" if comparison.subject_median < GOAL_SECONDS else "MISSES"
    print(f"  time      {comparison.subject_median:.3f} s  (goal < {GOAL_SECONDS} s: {verdict})")
    print(f"  first     {first:.3f} s  (no message parsed yet; later loads reuse what this one parsed)")
    print(f"  for scale: moto's whole dump, which each load read before, is {size / 1e6:.1f} MB in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
