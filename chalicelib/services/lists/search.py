"""Finding interviews for HR: every local day from one date to another (one Query a day on
``by_local_date``, never a Scan), or one candidate's, by email or phone (``by_candidate``,
``by_phone``), narrowed by the filters HR combines.

A filter is a test an interview passes or not, given the value HR asked for and the company's day
at the moment of the request; :data:`FILTERS` holds them by the query parameter that sets them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from chalicelib.errors import FieldError
from chalicelib.services.common.candidate_keys import candidate_key, phone_key
from chalicelib.services.followup.inbox import CompanyDay, company_day_at, needs_attention

if TYPE_CHECKING:
    from chalicelib.services.common.records import Interview

# One Query per day: a month of days is what one request may cost.
MAX_DAYS = 31

Filter = Callable[["Interview", Any, CompanyDay], bool]

# A new filter is one line here and its field in ``models.InterviewListQuery`` (a test holds the two
# together).
FILTERS: dict[str, Filter] = {
    "status": lambda interview, status, day: interview.status == status,
    "position_id": lambda interview, position_id, day: interview.position_id == position_id,
    # The inbox's rule: the interview has an item HR has not resolved (``followup.inbox``).
    "attention": lambda interview, wanted, day: needs_attention(interview, day) == wanted,
}


def days(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included; ``FieldError`` on ``to`` for a range
    that runs backwards or is over :data:`MAX_DAYS` days long."""
    if last < first:
        raise FieldError("to", code="to_before_from")
    count = (last - first).days + 1
    if count > MAX_DAYS:
        raise FieldError("to", code="too_many_days", max=MAX_DAYS, count=count)
    return [first + timedelta(days=n) for n in range(count)]


class InterviewReader(Protocol):
    """``store.interviews.InterviewRepository``: a day's interviews through the date index, one by id."""

    def on_local_date(self, local_date: str) -> Iterable[Interview]: ...

    def get(self, interview_id: str) -> Interview | None: ...


class CandidateIds(Protocol):
    """``store.interviews.CandidateIndex``: a candidate's interview ids by email key or phone key."""

    def interview_ids(self, key: str) -> Iterator[str]: ...

    def interview_ids_by_phone(self, key: str) -> Iterator[str]: ...


class InterviewLists:
    """The interviews HR asked for, in the order HR reads them: by local day, then by start."""

    def __init__(self, *, interviews: InterviewReader, candidates: CandidateIds, company_timezone: str) -> None:
        self._interviews = interviews
        self._candidates = candidates
        self._timezone = company_timezone

    def between(self, first: date, last: date, filters: Mapping[str, Any], *, now: datetime) -> list[Interview]:
        """The interviews held (in their own time zone) from ``first`` to ``last`` that pass ``filters``."""
        tests, today = _tests(filters), company_day_at(now, self._timezone)
        found = (
            interview for day in days(first, last) for interview in self._interviews.on_local_date(day.isoformat())
        )
        return [interview for interview in found if _passes(interview, tests, today)]

    def of_candidate(self, contact: str, filters: Mapping[str, Any], *, now: datetime) -> list[Interview]:
        """The interviews of the candidate at ``contact`` (an email address, or a phone number in E.164)
        that pass ``filters``, earliest first."""
        tests, today = _tests(filters), company_day_at(now, self._timezone)
        if "@" in contact:
            key = candidate_key(contact)
            ids = self._candidates.interview_ids(key)

            def theirs(interview: Interview) -> bool:
                return interview.candidate_key == key

        else:
            ids = self._candidates.interview_ids_by_phone(phone_key(contact))

            def theirs(interview: Interview) -> bool:
                return interview.candidate.phone == contact

        # The indexes follow writes by a moment: one may still list an interview whose candidate was
        # corrected or erased since, so each is read fresh and checked.
        read = (self._interviews.get(interview_id) for interview_id in dict.fromkeys(ids))
        found = [i for i in read if i is not None and theirs(i) and _passes(i, tests, today)]
        return sorted(found, key=lambda interview: (interview.starts_at_utc, interview.interview_id))


def _tests(filters: Mapping[str, Any]) -> list[tuple[Filter, Any]]:
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise ValueError(f"no such filter: {', '.join(unknown)}")
    return [(FILTERS[name], wanted) for name, wanted in filters.items()]


def _passes(interview: Interview, tests: list[tuple[Filter, Any]], today: CompanyDay) -> bool:
    return all(test(interview, wanted, today) for test, wanted in tests)
