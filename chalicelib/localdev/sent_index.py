"""The mail and texts moto captured, in the order they arrived, read one page at a time.

moto keeps each kind of message in its own list (one per model class) with no send time, and its
``/moto-api/data.json`` dumps every model of every service. The index notes each new message once,
in arrival order, so a page costs what it shows, not what the emulator holds. It lives in the
process that runs moto: ``make run``'s emulator catches it up after every request and serves it at
``ROUTE``; tests read it in-process, where messages of different kinds sent between two reads keep
moto's order by kind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

# Where the emulator serves pages of the index (beside moto's own ``/moto-api/``).
ROUTE = "/_showup/outbox"
# The moto models that hold sent mail and texts, and the attribute that holds each one's id.
SOURCES = (("ses", "Message", "id"), ("ses", "RawMessage", "id"), ("sns", "SMS", "message_id"))
# Texts candidates sent: what was published to the inbound topic (moto keeps a topic's notifications
# on the topic, not as model instances).
INBOUND = ("sns", "Inbound", "message_id")
_JSON_TYPES = (str, int, float, bool, list, dict, type(None))


class UnknownMessage(LookupError):
    """A page was asked for relative to a message id the emulator does not hold (any more)."""

    def __init__(self, field: str, message_id: str) -> None:
        super().__init__(f"{field}: no message {message_id!r}")
        self.field = field
        self.message_id = message_id


@dataclass(frozen=True)
class Arrival:
    service: str
    model: str
    message_id: str
    received_at: str | None
    instance: Any


@dataclass(frozen=True)
class Page:
    """Some consecutive messages, oldest first; ``start`` is the first one's place among all ``total``."""

    entries: list[dict[str, Any]]
    start: int
    total: int

    def as_json(self) -> dict[str, Any]:
        return {"entries": self.entries, "start": self.start, "total": self.total}


class SentIndex:
    """Every message moto captured, in arrival order; ``catch_up`` after each request keeps it current."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._arrivals: list[Arrival] = []
        self._places: dict[str, int] = {}
        # Per source: moto's list of instances and how many of them are indexed. moto replaces the
        # lists when it resets, which is how a reset is noticed.
        self._seen: dict[str, tuple[list[Any], int]] = {}

    def catch_up(self, received_at: str | None) -> None:
        """Index messages moto captured since the last call, stamped ``received_at``; cheap when none."""
        with self._lock:
            current = {model: _tracked(service, model) for service, model, _ in SOURCES}
            current[INBOUND[1]] = _inbound()
            if any(indexed and known is not current[model] for model, (known, indexed) in self._seen.items()):
                self._arrivals, self._places, self._seen = [], {}, {}
            # A text in comes before the answers it causes when both arrive between two reads.
            for service, model, id_attribute in (INBOUND, *SOURCES):
                tracked = current[model]
                known, indexed = self._seen.get(model, (tracked, 0))
                if known is not tracked:
                    indexed = 0  # moto loaded the service since: its list is new, not reset
                # One slice: moto may append on another thread meanwhile; those wait for the next call.
                new = tracked[indexed:]
                for instance in new:
                    message_id = str(getattr(instance, id_attribute, ""))
                    self._places[message_id] = len(self._arrivals)
                    self._arrivals.append(Arrival(service, model, message_id, received_at, instance))
                self._seen[model] = (tracked, indexed + len(new))

    def page(self, *, limit: int | None = None, after: str | None = None, before: str | None = None) -> Page:
        """Messages after ``after`` and before ``before`` (ids); ``limit`` keeps the oldest of them when
        paging forward from ``after``, else the newest."""
        with self._lock:
            end = len(self._arrivals) if before is None else self._place("before", before)
            start = 0 if after is None else self._place("after", after) + 1
            if limit is not None:
                if after is not None and before is None:
                    end = min(end, start + limit)
                else:
                    start = max(start, end - limit)
            chosen = self._arrivals[start:end] if start < end else []
            total = len(self._arrivals)
        return Page(entries=[_entry(arrival) for arrival in chosen], start=start, total=total)

    def _place(self, field: str, message_id: str) -> int:
        try:
            return self._places[message_id]
        except KeyError:
            raise UnknownMessage(field, message_id) from None


def _tracked(service: str, model: str) -> list[Any]:
    from moto.core.model_instances import model_data

    cls = model_data.get(service, {}).get(model)
    # moto defines a model class (and its list) when it first loads that service; until then, none.
    return getattr(cls, "instances_tracked", _NONE_YET)


_NONE_YET: list[Any] = []
_NO_TEXTS_YET: list[Any] = []


class _Notification:
    """One notification a topic kept, with the attributes an index entry reads."""

    def __init__(self, kept: tuple[Any, ...]) -> None:
        self.message_id, self.message = str(kept[0]), str(kept[1])


class _Notifications(list[Any]):
    """The inbound topic's notifications as instances, built once per notification (the index slices it)."""


def _inbound() -> list[Any]:
    """The inbound topic's notifications, as the same list object while moto keeps the same topic."""
    import sys

    from chalicelib.settings import SMS_INBOUND_TOPIC

    if "moto.sns.models" not in sys.modules:
        return _NO_TEXTS_YET
    from moto.sns.models import sns_backends

    for account in list(sns_backends.values()):
        for backend in list(account.values()):
            for arn, topic in list(backend.topics.items()):
                if arn.rsplit(":", 1)[-1] == SMS_INBOUND_TOPIC:
                    return _wrapped(topic.sent_notifications)
    return _NO_TEXTS_YET


_WRAPPED: dict[int, tuple[list[Any], _Notifications]] = {}


def _wrapped(kept: list[Any]) -> _Notifications:
    # The same wrapper for the same list, grown as the topic keeps more: the index notices a new list
    # (moto reset) by identity, and reads new entries by position.
    known, wrapper = _WRAPPED.get(id(kept), (None, _Notifications()))
    if known is not kept:
        wrapper = _Notifications()
    wrapper.extend(_Notification(entry) for entry in kept[len(wrapper) :])
    _WRAPPED[id(kept)] = (kept, wrapper)
    return wrapper


def _entry(arrival: Arrival) -> dict[str, Any]:
    fields = {name: value for name, value in vars(arrival.instance).items() if isinstance(value, _JSON_TYPES)}
    return {"service": arrival.service, "model": arrival.model, "received_at": arrival.received_at, "data": fields}


# The index of the process that runs moto: the emulator's, or in tests the in-process moto's.
INDEX = SentIndex()
