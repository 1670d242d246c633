"""Who is changing the data: the API names the signed-in person for the length of a request, and
the repositories write that name on the records they store (``created_by``, ``updated_by``).

Candidate answers and scheduled jobs are not people at a desk: they act as nobody and leave both
fields as they were, so ``updated_by`` is the last HR person who changed the record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[str | None] = ContextVar("showup_actor", default=None)


@contextmanager
def acting_as(name: str | None) -> Iterator[None]:
    """Every record written inside the block is signed with ``name``."""
    reset = _actor.set(name)
    try:
        yield
    finally:
        _actor.reset(reset)


def current() -> str | None:
    """The person the current request acts for, or ``None`` outside an HR request."""
    return _actor.get()


def sign(record: dict[str, Any], *, new: bool = False) -> None:
    """Set ``updated_by`` (and ``created_by`` when ``new``) on ``record`` to the current actor, if any.

    In place, so the record the service returns is the one that was stored."""
    name = _actor.get()
    if name is not None:
        record["updated_by"] = name
        if new:
            record["created_by"] = name
