"""moto's ``TransactWriteItems`` without its copy of every table: the emulator ShowUp runs on locally
and in tests, made as cheap per transaction as DynamoDB is.

moto deep-copies each table a transaction touches before writing, so it can put the copies back if
an item fails: a write costs as much as the tables hold, and every interview write is a transaction
(the interview and its timeline item). DynamoDB checks every item's condition first and writes only
when all hold; :func:`install` does the same for transactions of ``Put`` items (the only kind ShowUp
makes), so there is nothing to undo and nothing to copy. Other transactions go to moto's own code.
"""

from __future__ import annotations

from typing import Any

_INSTALLED = "_showup_checks_first"


def install() -> None:
    """Replace moto's ``transact_write_items`` for ``Put``-only transactions (idempotent)."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import MultipleTransactionsException, TransactionCanceledException
    from moto.dynamodb.models import DynamoDBBackend

    moto_own = DynamoDBBackend.transact_write_items
    if getattr(moto_own, _INSTALLED, False):
        return

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        if len(transact_items) > 100 or any(list(action) != ["Put"] for action in transact_items):
            return moto_own(self, transact_items)
        puts = [action["Put"] for action in transact_items]
        keys, reasons = set(), []
        for put in puts:
            table = self.get_table(put["TableName"])
            key = {table.hash_key_attr: put["Item"][table.hash_key_attr]}
            if table.range_key_attr is not None:
                key[table.range_key_attr] = put["Item"][table.range_key_attr]
            named = (put["TableName"], str(sorted(key.items())))
            if named in keys:
                raise MultipleTransactionsException()
            keys.add(named)
            condition = put.get("ConditionExpression")
            holds = condition is None or get_filter_expression(
                condition, put.get("ExpressionAttributeNames"), put.get("ExpressionAttributeValues")
            ).expr(self.get_item(put["TableName"], key))
            reasons.append(
                (None, None, None) if holds else ("ConditionalCheckFailed", "The conditional request failed", None)
            )
        if any(code is not None for code, _, _ in reasons):
            raise TransactionCanceledException(reasons)
        for put in puts:
            self.put_item(put["TableName"], put["Item"])
        return None

    setattr(transact_write_items, _INSTALLED, True)
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
