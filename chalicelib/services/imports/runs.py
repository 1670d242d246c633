"""An import from upload to the last interview: checked and stored, started by HR, created in chunks.

``check`` reads and checks the file and stores the valid rows (nothing is booked yet); ``start`` puts
one message per chunk on the imports queue; ``run_chunk`` books a chunk's rows, each under an id made
from the import and the row, so a chunk handed over again (or cut short by a crash) books only the
rows still missing. The same file for the same position answers the import that took it first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.errors import ApiError, Conflict, NotFound, invalid
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.ids import new_id
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.imports import decoding, rows
from chalicelib.services.scheduling.interviews import open_position
from chalicelib.store.interviews import InterviewExists
from chalicelib.vocabulary import NoticeStatus

CHUNK_ROWS = 100
# An import's file, rows and report hold candidates' personal data: kept long enough to start the import,
# fix the file and upload it again; the interviews booked keep their own retention.
KEPT = timedelta(days=30)


class Imports(Protocol):
    """``store.imports.ImportRepository``."""

    def claim_file(self, position_id: str, digest: str, import_id: str, *, expires_at: int) -> str: ...
    def save(
        self, summary: dict[str, Any], chunks: list[list[dict[str, Any]]], problems: list[dict[str, Any]]
    ) -> None: ...
    def summary(self, import_id: str) -> dict[str, Any] | None: ...
    def problems(self, import_id: str) -> list[dict[str, Any]]: ...
    def rows(self, import_id: str, chunk: int) -> list[dict[str, Any]]: ...
    def start(self, import_id: str, *, rows: str, at: str) -> bool: ...
    def chunk_done(
        self, import_id: str, chunk: int, progress: dict[str, int], failures: list[dict[str, Any]]
    ) -> None: ...
    def failures(self, summary: dict[str, Any]) -> list[dict[str, Any]]: ...


class Scheduler(Protocol):
    """``scheduling.interviews.InterviewService``: books one interview (the single booking's path)."""

    def schedule(
        self, request: Any, *, now: datetime, interview_id: str | None, imported: str | None, notice_after: str | None
    ) -> Interview: ...


def interview_id(import_id: str, row: int) -> str:
    """The id an import's row is booked under: the same on every try, unguessable as the import's own."""
    return "int_" + hashlib.sha256(f"{import_id}#{row}".encode()).hexdigest()[:16]


class ImportService:
    def __init__(
        self,
        *,
        imports: Imports,
        positions: Callable[[str], Position | None],
        booked: rows.Booked,
        start_day: rows.StartDay,
        scheduler: Scheduler,
        get_interview: Callable[[str], Interview | None],
        enqueue: Callable[[dict[str, Any]], None],
        notices_per_second: float,
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        self._imports = imports
        self._positions = positions
        self._booked = booked
        self._start_day = start_day
        self._scheduler = scheduler
        self._get_interview = get_interview
        self._enqueue = enqueue
        self._pace = notices_per_second
        self._chunk_rows = chunk_rows

    def check(self, body: bytes, content_type: str, defaults: dict[str, Any], *, now: datetime) -> dict[str, Any]:
        """Read and check the file, store the valid rows; the import's summary (an earlier import's,
        with ``repeated``, when this position took the same file before)."""
        position = open_position(self._positions(str(defaults["position_id"])))
        table = decoding.read(body, content_type)
        missing = rows.missing_columns(table)
        if missing:
            raise invalid("file", code="import_missing_columns", columns=", ".join(missing))
        digest = hashlib.sha256(json.dumps([table.headers, table.rows], ensure_ascii=False).encode()).hexdigest()
        expires_at = int((now + KEPT).timestamp())
        earlier = self._imports.claim_file(position.position_id, digest, new_id("imp"), expires_at=expires_at)
        found = self._imports.summary(earlier)
        if found is not None:
            return {**found, "repeated": True}
        given = rows.Defaults(
            position=position,
            timezone=str(defaults["timezone"]),
            mode=str(defaults.get("mode") or "auto"),
            city=defaults.get("city"),
            address=defaults.get("address"),
        )
        checked = rows.check(table, given, booked=self._booked, start_day=self._start_day, now=now)
        valid = [{"row": number, "body": body} for number, body in sorted(checked.valid.items())]
        chunks = [valid[start : start + self._chunk_rows] for start in range(0, len(valid), self._chunk_rows)]
        summary = {
            "import_id": earlier,
            "status": "checked",
            "position_id": position.position_id,
            "timezone": given.timezone,
            "encoding": table.encoding,
            "columns": checked.columns,
            "rows": checked.rows,
            "valid": len(valid),
            "invalid": checked.invalid,
            "created_at": iso_utc(now),
            "expires_at": expires_at,
        }
        problems = [
            {"row": p.row, "column": p.column, "value": p.value, "code": p.code, "params": p.params}
            for p in checked.problems
        ]
        self._imports.save(summary, chunks, problems)
        return {**summary, "chunks": len(chunks)}

    def get(self, import_id: str) -> dict[str, Any]:
        found = self._imports.summary(import_id)
        if found is None:
            raise NotFound(f"No import {import_id}")
        return found

    def problems(self, import_id: str) -> list[dict[str, Any]]:
        self.get(import_id)
        return self._imports.problems(import_id)

    def failures(self, summary: dict[str, Any]) -> list[dict[str, Any]]:
        return self._imports.failures(summary)

    def start(self, import_id: str, which: str, *, now: datetime) -> dict[str, Any]:
        """Book the valid rows (``valid``), or every row (``all``: refused, creating nothing, while any
        row is invalid), in the background; the summary as it then stands."""
        summary = self.get(import_id)
        if which == "all" and summary["invalid"]:
            raise Conflict(
                f"{summary['invalid']} rows have errors",
                {"rows": f"{summary['invalid']} rows have errors: import the valid rows only, or fix the file"},
            )
        if not self._imports.start(import_id, rows=which, at=iso_utc(now)):
            raise Conflict("This import has already started", {"rows": "this import has already started"})
        for chunk in range(int(summary["chunks"])):
            self._enqueue({"import_id": import_id, "chunk": chunk})
        if not summary["chunks"]:
            self._imports.chunk_done(import_id, 0, {"created": 0}, [])
        return self.get(import_id)

    def run_chunk(self, import_id: str, chunk: int, *, now: datetime) -> dict[str, int]:
        """Book the chunk's rows not booked yet; add the chunk's progress to the import once."""
        from chalicelib.models import InterviewIn

        summary = self.get(import_id)
        started = parse_utc(str(summary.get("started_at") or iso_utc(now)))
        progress = {"created": 0, "notices_queued": 0, "notices_held": 0, "failed": 0}
        failures: list[dict[str, Any]] = []
        for place, row in enumerate(self._imports.rows(import_id, chunk), start=chunk * self._chunk_rows):
            booked_id = interview_id(import_id, row["row"])
            # The import's notices go out at their share of the sending rate: row k after k / rate seconds.
            after = iso_utc(started + timedelta(seconds=place / self._pace))
            try:
                interview = self._scheduler.schedule(
                    InterviewIn.model_validate(row["body"]),
                    now=now,
                    interview_id=booked_id,
                    imported=f"{import_id}#{row['row']}",
                    notice_after=after,
                )
            except InterviewExists:
                # Booked by an earlier try of this chunk: counted now, with the chunk.
                existing = self._get_interview(booked_id)
                assert existing is not None, "an interview that exists can be read"
                interview = existing
            except ApiError as exc:
                # Valid when checked, refused now (its time has passed, the position closed, no slot left).
                progress["failed"] += 1
                failures.append({"row": row["row"], "code": exc.code, "message": exc.message})
                continue
            progress["created"] += 1
            held = interview.notice.status == NoticeStatus.HELD
            progress["notices_held" if held else "notices_queued"] += 1
        self._imports.chunk_done(import_id, chunk, progress, failures)
        return progress
