"""Who is changing the data: the API names the signed-in person for the length of a request, and
the repositories write that name on the records they store (``created_by``, ``updated_by``).

Candidate answers and scheduled jobs are not people at a desk: they act as nobody and leave both
fields as they were, so ``updated_by`` is the last HR person who changed the record."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview, Position

_actor: ContextVar[str | None] = ContextVar("showup_actor", default=None)
# The records that name who created and last changed them.
R = TypeVar("R", "Interview", "Position")


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


def signed(record: R, *, new: bool = False) -> R:
    """``record`` with ``updated_by`` (and ``created_by`` when ``new``) set to the current actor, if any."""
    name = _actor.get()
    if name is None:
        return record
    if new:
        return dataclasses.replace(record, created_by=name, updated_by=name)
    return dataclasses.replace(record, updated_by=name)
