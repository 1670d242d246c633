"""moto's ``TransactWriteItems`` without its copy of every table: the emulator ShowUp runs on locally
and in tests, made as cheap per transaction as DynamoDB is, and as atomic.

moto deep-copies each table a transaction touches before writing, so it can put the copies back if
an item fails: a write costs as much as the tables hold, and every interview write is a transaction
(the interview and its timeline item). DynamoDB checks every item's condition first and writes only
when all hold; :func:`install` does the same for transactions of ``Put`` and ``Update`` items (the
only kinds ShowUp makes: a booking updates its slot's seat count), so there is nothing to undo and
nothing to copy. Other transactions go to moto's own code.

DynamoDB runs transactions one at a time on the items they share; moto serves threads (moto server,
or threads in one test) without any lock, so two bookings could both read the last seat as free and
both take it. One lock around the checks and the writes gives the emulator DynamoDB's isolation.
"""

from __future__ import annotations

import threading
from typing import Any

_INSTALLED = "_showup_checks_first"
_KINDS = ({"Put"}, {"Update"})
_LOCK = threading.Lock()


def install() -> None:
    """Replace moto's ``transact_write_items`` for ``Put`` / ``Update`` transactions (idempotent)."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import MultipleTransactionsException, TransactionCanceledException
    from moto.dynamodb.models import DynamoDBBackend

    moto_own = DynamoDBBackend.transact_write_items
    if getattr(moto_own, _INSTALLED, False):
        return

    def key_of(self: Any, kind: str, action: dict[str, Any]) -> dict[str, Any]:
        if kind == "Update":
            return dict(action["Key"])
        table = self.get_table(action["TableName"])
        key = {table.hash_key_attr: action["Item"][table.hash_key_attr]}
        if table.range_key_attr is not None:
            key[table.range_key_attr] = action["Item"][table.range_key_attr]
        return key

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        if len(transact_items) > 100 or any(set(action) not in _KINDS for action in transact_items):
            return moto_own(self, transact_items)
        with _LOCK:
            actions = [(kind, action) for item in transact_items for kind, action in item.items()]
            keys, reasons = set(), []
            for kind, action in actions:
                key = key_of(self, kind, action)
                named = (action["TableName"], str(sorted(key.items())))
                if named in keys:
                    raise MultipleTransactionsException()
                keys.add(named)
                condition = action.get("ConditionExpression")
                holds = condition is None or get_filter_expression(
                    condition, action.get("ExpressionAttributeNames"), action.get("ExpressionAttributeValues")
                ).expr(self.get_item(action["TableName"], key))
                reasons.append(
                    (None, None, None) if holds else ("ConditionalCheckFailed", "The conditional request failed", None)
                )
            if any(code is not None for code, _, _ in reasons):
                raise TransactionCanceledException(reasons)
            for kind, action in actions:
                if kind == "Put":
                    self.put_item(action["TableName"], action["Item"])
                else:
                    self.update_item(
                        action["TableName"],
                        key_of(self, kind, action),
                        update_expression=action["UpdateExpression"],
                        expression_attribute_names=action.get("ExpressionAttributeNames") or {},
                        expression_attribute_values=action.get("ExpressionAttributeValues") or {},
                    )
        return None

    setattr(transact_write_items, _INSTALLED, True)
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
