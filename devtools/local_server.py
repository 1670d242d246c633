"""The HTTP side of `make run`: chalice's local dev server, restarted when the app's code changes.

It serves as ``chalice local --stage local`` does, with three changes the runner needs: both of its
processes (a supervisor and the worker that serves) die with their parent however it dies; the
access log masks link tokens, email addresses and searched-for candidates in paths; and only the app's
own files restart the server, not the caches that tests, linters and bytecode writers leave beside them.

    python -m devtools.local_server --port 8000 [--host 127.0.0.1] [--stage local]
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from chalice.local import ChaliceRequestHandler

from devtools import lifeline, stages

# The worker's exit code that asks the supervisor for a fresh worker: the code changed.
RESTART = 3
WORKER_VARIABLE = "SHOWUP_LOCAL_WORKER"
POLL_SECONDS = 1.0
# Candidate links carry their token in the path, short links their code, erasure an address.
_SECRET_SEGMENT = re.compile(r"(/(?:c|s|candidates)/)[^/?#\s\"]+")
_EMAIL = re.compile(r"[^/?&=#\s\"]+(?:@|%40)[^/?&#\s\"]+", re.IGNORECASE)
# HR's search for a candidate carries their email or phone number in the query.
_CANDIDATE = re.compile(r"([?&]candidate=)[^&#\s\"]+")
MASK = "***"


def mask(line: str) -> str:
    """``line`` with link tokens, short-link codes, email addresses and searched-for candidates replaced
    by ``***``."""
    line = _CANDIDATE.sub(rf"\g<1>{MASK}", _SECRET_SEGMENT.sub(rf"\g<1>{MASK}", line))
    return _EMAIL.sub(MASK, line)


class MaskedRequestHandler(ChaliceRequestHandler):
    """chalice's request handler, whose access log lines hold no link token and no address."""

    def log_message(self, format: str, *args: Any) -> None:
        super().log_message("%s", mask(format % args))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--stage", default=stages.LOCAL_STAGE)
    args = parser.parse_args(argv)
    lifeline.die_with_parent()
    # Its parent stops it; an interrupt is no error worth a traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if os.environ.get(WORKER_VARIABLE):
        return _serve(args.host, args.port, args.stage)
    return _supervise(argv)


def _supervise(argv: list[str]) -> int:
    environment = lifeline.child_environment({**os.environ, WORKER_VARIABLE: "1"})
    while True:
        worker = subprocess.Popen([sys.executable, "-m", "devtools.local_server", *argv], env=environment)
        code = worker.wait()
        if code != RESTART:
            return code
        print("The app's code changed: restarting the local server.", flush=True)


def _serve(host: str, port: int, stage: str) -> int:
    from chalice.cli.factory import CLIFactory
    from chalice.local import create_local_server

    # As chalice local does: the app's log lines go to stdout, as Lambda sends them to its log.
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
    for noisy in ("botocore", "boto3", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    watched = _snapshot()
    config = CLIFactory(project_dir=str(stages.PROJECT_DIR)).create_config_obj(chalice_stage_name=stage)
    app = config.chalice_app
    server = create_local_server(app, config, host, port)
    server.server.RequestHandlerClass = functools.partial(MaskedRequestHandler, app_object=app, config=config)
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    while _snapshot() == watched:
        time.sleep(POLL_SECONDS)
    server.shutdown()
    return RESTART


def _snapshot() -> dict[Path, int]:
    """Modification times of the files the app is made of: app.py, chalicelib/ and the stage config."""
    project = stages.PROJECT_DIR
    files = [project / "app.py", stages.CONFIG_FILE]
    files += [path for path in (project / "chalicelib").rglob("*") if "__pycache__" not in path.parts]
    found = {}
    for path in files:
        try:
            if path.is_file():
                found[path] = path.stat().st_mtime_ns
        except OSError:
            continue  # removed while listed: the next snapshot tells
    return found


if __name__ == "__main__":
    sys.exit(main())
