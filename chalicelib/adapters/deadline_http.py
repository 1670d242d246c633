"""HTTP GETs that end by a deadline: connecting, the headers, the body and the caller's retries share one clock.

``requests`` bounds each socket operation, not the call: a server that trickles a byte every tenth
of a second holds a request for as long as it likes. Here the connect and read timeouts are capped
by the time left, the body is read in chunks that look at the clock, and a watchdog shuts the
socket when the deadline passes, which also ends a trickle of headers. Name resolution is the one
step no timeout reaches. Imported on first use: it imports ``requests``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

CHUNK_BYTES = 16 * 1024


class Unanswered(Exception):
    """No whole answer: the connection failed, timed out or broke off; asking again may help."""


class DeadlinePassed(Unanswered):
    """The deadline passed before the whole answer arrived: there is no time to ask again."""


class AnswerTooLarge(Exception):
    """The answer is longer than the caller accepts."""


class Deadline:
    """An instant ``seconds`` from now on a monotonic clock."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._at = clock() + seconds

    def left(self) -> float:
        return max(0.0, self._at - self._clock())

    def passed(self) -> DeadlinePassed:
        return DeadlinePassed(f"no whole answer within {self.seconds:g} s")


class Answer:
    """A response whose headers arrived in time; ``read`` takes its body within the same deadline."""

    def __init__(self, response: requests.Response, deadline: Deadline) -> None:
        self.status = response.status_code
        self._response = response
        self._deadline = deadline

    def read(self, limit: int) -> bytes:
        """The whole body, or ``DeadlinePassed`` / ``Unanswered`` / ``AnswerTooLarge``."""
        raw = self._response.raw
        chunks: list[bytes] = []
        size = 0
        with _faults(self._deadline):
            while True:
                left = self._deadline.left()
                if not left:
                    raise self._deadline.passed()
                sock = getattr(raw.connection, "sock", None)
                if sock is not None:
                    # Each wait for the next bytes is bounded by what is left, not by the read timeout.
                    sock.settimeout(left)
                chunk = raw.read1(CHUNK_BYTES, decode_content=True)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > limit:
                    raise AnswerTooLarge(f"the answer is longer than {limit} bytes")
                chunks.append(chunk)


def session() -> requests.Session:
    """A session whose connections are shut by the watchdog of the call using them."""
    watched = requests.Session()
    for prefix in ("http://", "https://"):
        watched.mount(prefix, _WatchedAdapter())
    return watched


@contextmanager
def get(
    http: requests.Session, url: str, *, params: Mapping[str, str], deadline: Deadline, timeout: float
) -> Iterator[Answer]:
    """GET ``url`` with connect and read timeouts of at most ``timeout`` and never past ``deadline``.

    Failures a retry may cure raise ``Unanswered`` (``DeadlinePassed`` when out of time); a request
    that cannot work (a bad URL, a redirect loop) raises ``requests.RequestException``.
    """
    left = deadline.left()
    if not left:
        raise deadline.passed()
    watchdog = _Watchdog(deadline)
    watching = _WATCHDOG.set(watchdog)
    response: requests.Response | None = None
    try:
        with _faults(deadline):
            response = http.get(url, params=params, stream=True, timeout=min(timeout, left))
        yield Answer(response, deadline)
    finally:
        watchdog.stop()
        _WATCHDOG.reset(watching)
        if response is not None:
            # Never back to the pool half read: the next call would read this one's leftovers.
            response.close()


@contextmanager
def _faults(deadline: Deadline) -> Iterator[None]:
    try:
        yield
    except (
        requests.Timeout,
        requests.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.HTTPError,
    ) as exc:
        if not deadline.left():
            raise deadline.passed() from None
        raise Unanswered(f"{type(exc).__name__}: {exc}") from None


class _Watchdog:
    """Shuts the sockets one call uses when its time is up, ending any read blocked on them."""

    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline
        self._timers: list[threading.Timer] = []

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        timer = threading.Timer(self._deadline.left(), _shut, (sock,))
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _shut(sock: socket.socket) -> None:
    # Already closed means the call ended on its own. The plain socket's shutdown, also for TLS:
    # it wakes the blocked reader without touching the TLS state.
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


# The watchdog of the call running in this thread (or context), found by the connection it uses.
_WATCHDOG: ContextVar[_Watchdog | None] = ContextVar("showup_http_watchdog", default=None)


def _watch(sock: socket.socket | None) -> None:
    watchdog = _WATCHDOG.get()
    if watchdog is not None:
        watchdog.watch(sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self) -> Any:  # the response's headers are read from here on
        _watch(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> Any:
        _watch(self.sock)
        return super().getresponse()


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
