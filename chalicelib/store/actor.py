"""Who is changing the data: the API names the signed-in person for the length of a request, and
the repositories write that name on the records they store (``created_by``, ``updated_by``).

Candidate answers and scheduled jobs are not people at a desk: they leave both fields as they
were, so ``updated_by`` is the last HR person who changed the record. The timeline still says who
acted (:func:`who`): the HR person, the candidate, or the job that ran."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from chalicelib import logs
from chalicelib.vocabulary import ActorKind

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview, Position


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    # The HR token's holder, or the job's function; None for the candidate (the timeline says who).
    name: str | None = None


_actor: ContextVar[Actor | None] = ContextVar("showup_actor", default=None)
# The records that name who created and last changed them.
R = TypeVar("R", "Interview", "Position")
# A deployed function is named showup-<stage>-<handler>; the handler says which job it is.
_FUNCTION_PREFIX = "showup-"


@contextmanager
def acting_as(name: str | None) -> Iterator[None]:
    """Every record written inside the block is signed with ``name``, an HR person."""
    with _acting(Actor(ActorKind.HR, name) if name is not None else None):
        yield


@contextmanager
def acting_for_candidate() -> Iterator[None]:
    """What is written inside the block is the candidate's own doing (their link, their reply)."""
    with _acting(Actor(ActorKind.CANDIDATE)):
        yield


@contextmanager
def _acting(who: Actor | None) -> Iterator[None]:
    reset = _actor.set(who)
    try:
        yield
    finally:
        _actor.reset(reset)


def current() -> str | None:
    """The person the current request acts for, or ``None`` outside an HR request."""
    found = _actor.get()
    return found.name if found is not None and found.kind == ActorKind.HR else None


def who() -> Actor:
    """Whoever acts now: the HR person or candidate the request acts for, else the running job."""
    found = _actor.get()
    if found is not None:
        return found
    function = logs.field("function") or "showup"
    if function.startswith(_FUNCTION_PREFIX):
        # showup-prod-send_reminders: the stage is not news to HR, the job is.
        function = function.split("-", 2)[-1]
    return Actor(ActorKind.JOB, function)


def signed(record: R, *, new: bool = False) -> R:
    """``record`` with ``updated_by`` (and ``created_by`` when ``new``) set to the current HR person, if any."""
    name = current()
    if name is None:
        return record
    if new:
        return dataclasses.replace(record, created_by=name, updated_by=name)
    return dataclasses.replace(record, updated_by=name)
