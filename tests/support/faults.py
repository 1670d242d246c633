"""Faults the tests inject into real (moto) resources: a Lambda killed mid-call, a DynamoDB call that fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError


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
