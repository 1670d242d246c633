"""Every row of an import checked before anything is written, by the rules a single booking follows.

A row becomes the body ``POST /interviews`` takes and is parsed by the same model (``InterviewIn``)
and the same start-time rule (``future_start``), so a row is refused exactly when the form would
refuse it, with the same problem codes. A candidate (same email or phone) on the same position and
local day as an earlier row, or as an interview already booked, is reported, not created.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib.errors import ApiError, Invalid
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.imports.columns import CHOOSE, LANGUAGE_NAMES, REQUIRED, mapping
from chalicelib.services.imports.decoding import Table

# Where each column's value goes in the ``POST /interviews`` body.
_PATHS = {
    "name": "candidate.name",
    "email": "candidate.email",
    "phone": "candidate.phone",
    "expected_salary": "candidate.expected_salary",
    "language": "candidate.language",
    "start": "starts_at",
    "slot": "choose_slot",
    "duration_minutes": "duration_minutes",
    "address": "address",
    "city": "city",
    "notes": "notes",
}
_COLUMN_OF = {path: column for column, path in _PATHS.items()} | {"timezone": "start"}
_STARTS = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:T?\s*(\d{1,2})\s*[:：时点]\s*(\d{2}))?"
)
_WHOLE = re.compile(r"^\d[\d,]*$")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (or the row, when ``column`` is empty), as a problem code."""

    row: int
    column: str
    value: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checked:
    """The file checked: the valid rows' bodies by row number, and every problem found."""

    columns: dict[str, str]
    valid: dict[int, dict[str, Any]]
    problems: list[Problem]
    rows: int

    @property
    def invalid(self) -> int:
        return len({problem.row for problem in self.problems})


@dataclass(frozen=True)
class Defaults:
    """What every row gets unless its own cell says otherwise."""

    position: Position
    timezone: str
    mode: str
    city: str | None = None
    address: str | None = None


# booked(local_dates) -> the interviews already held on those days.
Booked = Callable[[Iterable[str]], Iterable[Interview]]
# start(local, timezone, now) -> the local day of a start HR may book, or raises like ``future_start``.
StartDay = Callable[[datetime, str, datetime], str]


def missing_columns(table: Table) -> list[str]:
    """The required fields no header names."""
    found = set(mapping(table.headers).values())
    return [name for name in REQUIRED if name not in found]


def check(table: Table, defaults: Defaults, *, booked: Booked, start_day: StartDay, now: datetime) -> Checked:
    """Each row parsed as a booking and checked for duplicates; nothing is written."""
    from pydantic import ValidationError

    from chalicelib import models
    from chalicelib.validation import problems as problems_of

    places = mapping(table.headers)
    columns = {table.headers[place]: name for place, name in places.items()}
    header_of = {name: table.headers[place] for place, name in places.items()}
    problems: list[Problem] = []
    days: dict[int, tuple[str, models.InterviewIn]] = {}
    cells: dict[int, dict[str, str]] = {}
    for number, line in table.rows:
        row = {name: line[place] if place < len(line) else "" for place, name in places.items()}
        cells[number] = row
        body = _body(row, defaults)
        try:
            request = models.InterviewIn.model_validate(body)
            day = "choose" if request.choose_slot else start_day(request.starts_at, request.timezone, now)  # type: ignore[arg-type]
        except ValidationError as exc:
            found = problems_of(exc)
            problems += [_problem(number, path, found[path], row, header_of) for path in found]
            continue
        except ApiError as exc:
            problems += [
                _problem(number, path, Invalid(code, **params), row, header_of)
                for path, (code, params) in exc.problems.items()
            ]
            continue
        days[number] = (day, request)
    duplicates = _duplicates(days, booked, defaults.position.position_id)
    for number, code, params in duplicates:
        column = header_of.get("email", "")
        problems.append(Problem(number, column, cells[number].get("email", ""), code, params))
    dropped = {number for number, _, _ in duplicates}
    valid = {
        number: request.model_dump(mode="json", exclude_defaults=True)
        for number, (_, request) in days.items()
        if number not in dropped
    }
    problems.sort(key=lambda problem: problem.row)
    return Checked(columns=columns, valid=valid, problems=problems, rows=len(table.rows))


def _body(row: dict[str, str], defaults: Defaults) -> dict[str, Any]:
    """The ``POST /interviews`` body a row asks for."""
    position = defaults.position
    candidate: dict[str, Any] = {"name": row.get("name", ""), "email": row.get("email", "")}
    if row.get("phone"):
        candidate["phone"] = row["phone"]
    if row.get("expected_salary"):
        salary = row["expected_salary"]
        candidate["expected_salary"] = int(salary.replace(",", "")) if _WHOLE.match(salary) else salary
    if row.get("language"):
        candidate["language"] = LANGUAGE_NAMES.get(row["language"].strip().lower(), row["language"])
    body: dict[str, Any] = {
        "position_id": position.position_id,
        "candidate": candidate,
        "address": row.get("address") or defaults.address or position.work_location,
        "city": row.get("city") or defaults.city or "",
        "mode": defaults.mode,
    }
    choose = row.get("slot", "").strip().lower() in CHOOSE or not row.get("start")
    if choose:
        body["choose_slot"] = True
    else:
        body["starts_at"] = _start(row["start"])
        body["timezone"] = defaults.timezone
    if row.get("duration_minutes"):
        minutes = row["duration_minutes"]
        body["duration_minutes"] = int(minutes) if minutes.isdigit() else minutes
    if row.get("notes"):
        body["notes"] = row["notes"]
    return body


def _start(text: str) -> str:
    """``2026/12/3 14:30`` or ``2026年12月3日 14:30`` as ``2026-12-03T14:30``; anything else as written."""
    found = _STARTS.match(text.strip())
    if not found or found.group(4) is None:
        return text
    year, month, day, hour, minute = (int(part) for part in found.groups())
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"


def _problem(number: int, path: str, problem: Invalid, row: dict[str, str], header_of: dict[str, str]) -> Problem:
    column = _COLUMN_OF.get(path, "")
    # A rule across the row (slots to choose from) names no cell of it.
    return Problem(number, header_of.get(column, column), row.get(column, ""), problem.code, problem.params)


def _duplicates(
    days: dict[int, tuple[str, Any]], booked: Booked, position_id: str
) -> list[tuple[int, str, dict[str, Any]]]:
    """Rows whose candidate already has a row, or an interview, for the position that day."""
    taken: dict[tuple[str, str], int] = {}
    existing = {
        key
        for interview in booked(sorted({day for day, _ in days.values() if day != "choose"}))
        if interview.position_id == position_id and interview.status != "cancelled"
        for key in _keys(interview.candidate.email, interview.candidate.phone, interview.local_date)
    }
    found: list[tuple[int, str, dict[str, Any]]] = []
    for number, (day, request) in sorted(days.items()):
        keys = _keys(request.candidate.email, request.candidate.phone, day)
        earlier = next((taken[key] for key in keys if key in taken), None)
        if earlier is not None:
            found.append((number, "import_duplicate_in_file", {"row": earlier}))
        elif keys & existing:
            found.append((number, "import_duplicate_existing", {}))
        else:
            taken.update(dict.fromkeys(keys, number))
    return found


def _keys(email: str | None, phone: str | None, day: str) -> set[tuple[str, str]]:
    keys = {("email:" + email.strip().lower(), day)} if email else set()
    return keys | ({("phone:" + phone, day)} if phone else set())
