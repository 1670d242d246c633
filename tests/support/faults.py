"""Faults the tests inject into real (moto) resources: a Lambda killed mid-call or at a write, a DynamoDB call
that fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import ClientError

WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"})


class Killed(BaseException):
    """What the runtime does to a Lambda at its timeout: nothing after it runs, no handler catches it."""


class Faulty:
    """The ledger's table (moto) on which one operation fails when ``when(request)`` says so, as
    DynamoDB's calls can fail while SES is failing too."""

    def __init__(self, table: Any, operation: str, when: Callable[[dict[str, Any]], bool] = lambda _: True) -> None:
        self._table, self._operation, self._when = table, operation, when

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._table, name)
        if name != self._operation:
            return real

        def failing(**request: Any) -> Any:
            if self._when(request):
                raise ClientError({"Error": {"Code": "InternalServerError", "Message": "try again"}}, name)
            return real(**request)

        return failing


@contextmanager
def killed_at_write(table: Any, at: int) -> Iterator[list[str]]:
    """Inside the block, the Lambda dies as it sends its ``at``-th write to ``table`` (a table resource):
    a put, or a transaction holding one of its items. The writes before it are stored, nothing after
    it runs. Yields the operations counted so far."""
    name = table.name
    writes: list[str] = []

    def count(params: dict[str, Any], model: Any, **_: Any) -> None:
        items = params.get("TransactItems", [])
        targets = [params.get("TableName")] + [next(iter(item.values())).get("TableName") for item in items]
        if model.name in WRITES and name in targets:
            writes.append(model.name)
            if len(writes) == at:
                raise Killed(f"the Lambda's timeout struck as it sent {model.name} to {name}")

    # Repositories share the resource's client: its hooks see every write the app sends.
    events = table.meta.client.meta.events
    events.register("provide-client-params.dynamodb", count)
    try:
        yield writes
    finally:
        events.unregister("provide-client-params.dynamodb", count)
