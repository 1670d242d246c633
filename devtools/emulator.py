"""moto server for `make run`, with the local outbox's index beside it.

moto's WSGI app runs in a thread of this process (as moto's ``ThreadedMotoServer`` does) behind a
small layer that notes each mail or text message as moto accepts it and serves pages of them at
``sent_index.ROUTE``, so the outbox page reads only what it shows.

    python -m devtools.emulator [--port N]   # alone (tests, benchmarks): prints its URL, Ctrl-C stops
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from chalicelib.localdev.sent_index import INDEX, ROUTE, SentIndex, UnknownMessage
from chalicelib.services.common.clock import iso_utc

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Emulator:
    """moto server on ``host``:``port`` (0: any free port) until ``stop``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
        from werkzeug.serving import make_server

        from devtools import moto_transactions

        moto_transactions.install()

        app = WithOutbox(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        self._thread.start()
        return self.endpoint

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()


class WithOutbox:
    """moto's WSGI app, plus the outbox index: caught up after each request, served at ``ROUTE``."""

    def __init__(self, moto: Wsgi, index: SentIndex = INDEX) -> None:
        self._moto = moto
        self._index = index

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == ROUTE:
            status, body = self._page(environ.get("QUERY_STRING", ""))
            payload = json.dumps(body).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
            return [payload]
        try:
            return self._moto(environ, start_response)
        finally:
            # moto has handled the request by now; checking for new messages costs three len() calls.
            self._index.catch_up(received_at=iso_utc(datetime.now(UTC)))

    def _page(self, query: str) -> tuple[str, dict[str, Any]]:
        params = {name: values[-1] for name, values in urllib.parse.parse_qs(query).items()}
        limit = params.get("limit")
        if limit is not None and not limit.isdigit():
            return "400 Bad Request", {"field": "limit", "message": "must be a whole number"}
        try:
            page = self._index.page(
                limit=None if limit is None else int(limit), after=params.get("after"), before=params.get("before")
            )
        except UnknownMessage as exc:
            return "400 Bad Request", {"field": exc.field, "message_id": exc.message_id, "message": str(exc)}
        return "200 OK", page.as_json()


def main(argv: list[str] | None = None) -> int:
    from devtools import lifeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    lifeline.die_with_parent()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    emulator = Emulator(args.host, args.port)
    print(emulator.start(), flush=True)
    while not stopped.wait(0.5):
        pass
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
