"""DynamoDB's rule for concurrent writes, which moto does not keep: an item is busy while a write on it is
in flight, and a transaction that touches a busy item, or a single write on an item a transaction holds,
is refused (``TransactionCanceledException`` with ``TransactionConflict``; ``TransactionConflictException``).

``conflicting(client)`` applies the rule to every call the app makes through that client. moto serves
one call at a time (it is not safe to share between threads), and a write is in flight from the moment
it is made until moto answered it, so writers that wait for moto together overlap as they would on AWS.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from botocore.awsrequest import AWSResponse

from chalicelib.settings import Settings
from devtools.resources import table_specs

WRITES = ("PutItem", "UpdateItem", "DeleteItem")
TRANSACTION = "TransactWriteItems"
_STATE = "conflict_model"

Item = tuple[str, tuple[tuple[str, str], ...]]


class ConflictModel:
    """Which items writes in flight hold, and whether they hold them for a transaction."""

    def __init__(self, keys: Mapping[str, tuple[str, ...]]) -> None:
        self._keys = keys
        self._lock = threading.Lock()
        self._held: dict[Item, bool] = {}
        self.refused: list[str] = []
        # The most items writes held at once: above one, writers really overlapped.
        self.most_held = 0

    def begin(self, operation: str, items: list[Item]) -> list[bool]:
        """Hold ``items`` for a write; returns, per item, whether it conflicts (then nothing is held)."""
        transaction = operation == TRANSACTION
        with self._lock:
            clashes = [item in self._held and (transaction or self._held[item]) for item in items]
            if any(clashes):
                self.refused.append(operation)
                return clashes
            for item in items:
                self._held[item] = transaction
            self.most_held = max(self.most_held, len(self._held))
            return clashes

    def end(self, items: list[Item]) -> None:
        with self._lock:
            for item in items:
                self._held.pop(item, None)

    def items(self, operation: str, params: Mapping[str, Any]) -> list[Item]:
        """The items a write touches, by table and key (plain values, as the table resource takes them)."""
        if operation == TRANSACTION:
            return [self._item(kind, entry) for action in params["TransactItems"] for kind, entry in action.items()]
        return [self._item("Put" if operation == "PutItem" else "Update", params)] if operation in WRITES else []

    def _item(self, kind: str, entry: Mapping[str, Any]) -> Item:
        table = str(entry["TableName"])
        values = entry["Item"] if kind == "Put" else entry["Key"]
        return table, tuple((name, str(values[name])) for name in self._keys[table])


def _refusal(operation: str, clashes: list[bool]) -> tuple[AWSResponse, dict[str, Any]]:
    if operation == TRANSACTION:
        reasons = [{"Code": "TransactionConflict"} if clash else {"Code": "None"} for clash in clashes]
        error = {"Code": "TransactionCanceledException", "Message": "Transaction cancelled: TransactionConflict"}
        parsed: dict[str, Any] = {"Error": error, "CancellationReasons": reasons}
    else:
        parsed = {"Error": {"Code": "TransactionConflictException", "Message": "Transaction is ongoing for the item"}}
    parsed["ResponseMetadata"] = {"HTTPStatusCode": 400}
    return AWSResponse("https://dynamodb.local/", 400, {}, None), parsed


@contextmanager
def conflicting(client: Any, settings: Settings) -> Iterator[ConflictModel]:
    """Apply DynamoDB's conflict rule to ``client`` (a table resource's client) inside the block."""
    rule = ConflictModel(
        {spec["TableName"]: tuple(k["AttributeName"] for k in spec["KeySchema"]) for spec in table_specs(settings)}
    )
    moto = threading.Lock()

    def note(params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        context[_STATE] = {"operation": model.name, "items": rule.items(model.name, params), "held": False}

    def before(context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        state = context.get(_STATE)
        if state is None:
            return None
        clashes = rule.begin(state["operation"], state["items"])
        if any(clashes):
            return _refusal(state["operation"], clashes)
        state["held"] = True
        moto.acquire()
        return None

    def after(context: dict[str, Any], **_: Any) -> None:
        state = context.pop(_STATE, None)
        if state is not None and state["held"]:
            moto.release()
            rule.end(state["items"])

    handlers: list[tuple[str, Any]] = [
        ("provide-client-params.dynamodb", note),
        ("before-call.dynamodb", before),
        ("after-call.dynamodb", after),
        ("after-call-error.dynamodb", after),
    ]
    for event, handler in handlers:
        client.meta.events.register(event, handler)
    try:
        yield rule
    finally:
        for event, handler in handlers:
            client.meta.events.unregister(event, handler)


@contextmanager
def one_container_per_thread(app: Any) -> Iterator[None]:
    """Let threads call ``app`` at once, as separate Lambda containers would: Chalice keeps the request
    being handled on the app itself, so each thread gets its own."""
    local = threading.local()

    def slot(name: str) -> property:
        return property(lambda _: getattr(local, name, None), lambda _, value: setattr(local, name, value))

    original = type(app)
    app.__class__ = type(
        "PerThread", (original,), {"current_request": slot("request"), "lambda_context": slot("context")}
    )
    try:
        yield
    finally:
        app.__class__ = original
