"""Every item of a DynamoDB Query or Scan, however many pages it takes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def items(read: Callable[..., Any], **request: Any) -> Iterator[dict[str, Any]]:
    """What ``read`` (a table's ``query`` or ``scan``) finds for ``request``, a page read only when needed."""
    while True:
        page = read(**request)
        yield from page["Items"]
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
