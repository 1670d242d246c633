"""`make run`: all of ShowUp on this machine, on moto server, until Ctrl-C.

Starts moto server, creates every resource, mints the dev token, seeds demo data, serves the app
with chalice's local server (``devtools.local_server``) and runs the driver that fires schedules and
drains the interviews table's stream and the queues. The local server reloads the HTTP side when the
app's code changes and moto's data survives that; the driver runs in this process, so changes to
schedules and consumers take a restart (which reseeds). The local server dies with this process
however it ends, ``kill -9`` included.

Environment: ``SHOWUP_PORT`` (default 8000), ``SHOWUP_MOTO_PORT`` (default: any free port),
``SHOWUP_DEV_TOKEN`` (default: a new random token).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from devtools import lifeline, stages

if TYPE_CHECKING:
    from chalice import Chalice

log = logging.getLogger("devtools")

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
STARTUP_SECONDS = 120.0  # a bound for a busy machine, not a wait
STOP_SECONDS = 10.0
DEV_TOKEN_NAME = "dev"


class Stopped(BaseException):
    """Ctrl-C or SIGTERM: unwind and stop everything that was started."""


class _Interrupts:
    """The first Ctrl-C or SIGTERM unwinds; later ones are let go, so the cleanup runs to its end."""

    def __init__(self) -> None:
        self.received = 0

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.received += 1
        if self.received == 1:
            raise Stopped


class StartupFailed(Exception):
    pass


def main() -> int:
    _configure_output()
    try:
        port = _port("SHOWUP_PORT", DEFAULT_PORT)
        moto_port = _port("SHOWUP_MOTO_PORT", 0)
    except StartupFailed as exc:
        log.error("%s", exc)
        return 2
    for variable, wanted in (("SHOWUP_PORT", port), ("SHOWUP_MOTO_PORT", moto_port)):
        if wanted and not _free(wanted):
            log.error("Port %d is in use: stop what uses it or set %s to another port.", wanted, variable)
            return 1
    _on_signals(_Interrupts())
    running = contextlib.ExitStack()
    code = 0
    try:
        code = _serve(running, port, moto_port)
    except Stopped:
        log.info("Stopping…")
    except StartupFailed as exc:
        log.error("%s", exc)
        code = 1
    finally:
        running.close()
    log.info("Stopped.")
    return code


def _serve(running: contextlib.ExitStack, port: int, moto_port: int) -> int:
    from devtools.emulator import Emulator

    moto = Emulator(HOST, moto_port)
    endpoint = moto.start()
    running.callback(_quietly, "moto server", moto.stop)
    url = f"http://{HOST}:{port}"
    log.info("moto server is up at %s", endpoint)

    os.environ.update(local_environment(endpoint, url))
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        # A profile or session token from the shell would be sent to moto with the wrong credentials.
        os.environ.pop(variable, None)

    token, seeded = _bootstrap()
    log.info(
        "Created tables, queues, topic and sender; seeded %d positions, %d upcoming and %d past interviews", *seeded
    )

    # The driver's copy of the app; an app that does not import fails here, before anything serves.
    app = _load_app()
    stages.write_state(
        {"pid": os.getpid(), "endpoint_url": endpoint, "region": stages.LOCAL_AWS["AWS_DEFAULT_REGION"], "url": url}
    )
    running.callback(_quietly, "state file", lambda: stages.clear_state(os.getpid()))

    server = _start_local_server(port)
    running.callback(_quietly, "the local server", lambda: _stop_group(server))
    _wait_until_answering(url + "/", server)

    stop_driver = threading.Event()
    driver = _start_driver(app, stop_driver)
    running.callback(_quietly, "driver", lambda: _stop_thread(stop_driver, driver))

    _banner(app, url, token, endpoint)

    while (returncode := _wait(server, 1.0)) is None:
        pass
    log.error("The local server stopped on its own (exit code %s); stopping the rest.", returncode)
    return 1


def local_environment(endpoint: str, url: str) -> dict[str, str]:
    """The local stage's variables from .chalice/config.json, pointed at moto server."""
    env = stages.stage_environment(stages.LOCAL_STAGE)
    env.update(stages.LOCAL_AWS)
    env["AWS_ENDPOINT_URL"] = endpoint
    env.setdefault("PUBLIC_BASE_URL", url)
    # Candidate links are signed with it; a new one per run since the data does not outlive the run.
    env.setdefault("LINK_SECRET", secrets.token_urlsafe(32))
    return env


def _bootstrap() -> tuple[str, tuple[int, int, int]]:
    """Create the resources, mint the dev token and seed demo data; returns the token and counts."""
    import boto3

    from chalicelib import aws, deps
    from chalicelib.services.common.clock import iso_utc
    from chalicelib.vocabulary import Role
    from devtools import seed
    from devtools.resources import create_all

    aws.reset()
    create_all(boto3.session.Session(), deps.settings())
    now = deps.now()
    token = os.environ.get("SHOWUP_DEV_TOKEN") or secrets.token_urlsafe(24)
    # The person at the laptop runs the whole stack: their token may do everything, tokens included.
    deps.tokens().mint(DEV_TOKEN_NAME, created_at=iso_utc(now), token=token, role=Role.ADMIN)
    seeded = seed.seed(now, positions=deps.position_service(), interviews=deps.interview_service())
    return token, (len(seeded.positions), len(seeded.interviews), len(seeded.history))


def _start_local_server(port: int) -> subprocess.Popen[bytes]:
    log.info("Starting the local server on port %d…", port)
    # Its own process group: it runs a worker process, and a stop must reach both. Its own session
    # also keeps a Ctrl-C in the terminal from reaching it before this process has stopped the rest.
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devtools.local_server",
            "--stage",
            stages.LOCAL_STAGE,
            "--host",
            HOST,
            "--port",
            str(port),
        ],
        cwd=stages.PROJECT_DIR,
        env=lifeline.child_environment({**os.environ, "PYTHONUNBUFFERED": "1"}),
        start_new_session=True,
    )


def _wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StartupFailed(f"The local server exited (code {process.returncode}) before it answered.")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise StartupFailed(f"The local server did not answer on {url} within {STARTUP_SECONDS:.0f} s.")


def _load_app() -> Chalice:
    if str(stages.PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(stages.PROJECT_DIR))
    app: Chalice = importlib.import_module("app").app
    return app


def _start_driver(app: Chalice, stop: threading.Event) -> threading.Thread:
    from datetime import UTC, datetime

    from devtools.driver import Driver

    driver = Driver(app, started=datetime.now(UTC))
    thread = threading.Thread(target=driver.run, args=(stop,), name="driver", daemon=True)
    thread.start()
    return thread


def _banner(app: Chalice, url: str, token: str, endpoint: str) -> None:
    from chalicelib.localdev import invoke

    schedules = invoke.schedules(app)
    listed = ", ".join(f"{name} {expression}" for name, expression in schedules.items()) or "none"
    from chalicelib.localdev import streams

    queued = [f"{c.function} ← {c.queue}" for c in invoke.consumers(app)]
    streamed = [f"{c.function} ← {c.setting} stream" for c in streams.stream_consumers(app)]
    consumers = ", ".join(queued + streamed) or "none"
    example = next(iter(schedules), "<function>")
    print(
        "\n"
        "ShowUp is running locally.\n"
        f"  App        {url}/\n"
        f"  Dev token  {token}\n"
        f"  Outbox     {url}/dev/outbox\n"
        f"  moto       {endpoint}\n"
        f"  Schedules  {listed}\n"
        f"  Consumers  {consumers}\n"
        f"Run a job now:  curl -X POST {url}/dev/jobs/{example} -H 'Content-Type: application/json' "
        '-d \'{"now": "2026-11-28T09:00:00+08:00"}\'\n'
        "Ctrl-C stops everything.\n",
        flush=True,
    )


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own group, and every process in that group."""
    group = process.pid
    _signal_group(group, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        _signal_group(group, signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + STOP_SECONDS
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _group_alive(group):
        _signal_group(group, signal.SIGKILL)


def _signal_group(group: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signum)


def _group_alive(group: int) -> bool:
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # Fields after the command name: state, ppid, pgrp. Zombies are gone in all but name.
            state, _ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):
            continue
        if int(pgrp) == group and state != "Z":
            return True
    return False


def _stop_thread(stop: threading.Event, thread: threading.Thread) -> None:
    stop.set()
    thread.join(timeout=STOP_SECONDS)


def _wait(process: subprocess.Popen[bytes], seconds: float) -> int | None:
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return None


def _quietly(what: str, stop: Callable[[], Any]) -> None:
    try:
        stop()
    except Exception as exc:
        log.warning("Could not stop %s cleanly: %s", what, exc)


def _on_signals(handler: Any) -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)


def _port(variable: str, default: int) -> int:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise StartupFailed(f"{variable} must be a port number, not {raw!r}.")
    return int(raw)


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The servers bind with SO_REUSEADDR too, so a port in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _configure_output() -> None:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stdout)
    for noisy in ("werkzeug", "botocore", "boto3", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before the handlers were in place
        sys.exit(130)
