"""Interviews as a CSV file HR opens in Excel: a byte-order mark so Excel on Chinese Windows reads
UTF-8 (without one it reads GBK and shows mojibake), headers in Chinese then English, values as HR
reads them (labels, never the API's values), and no cell a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime

from chalicelib.services.common.records import Interview
from chalicelib.services.preparation.risk import CUTOFFS, Cutoffs, NoRisk, Risk, shown_risk
from chalicelib.services.risk.model import Model
from chalicelib.services.risk.prior import PRIOR
from chalicelib.vocabulary import NoRiskReason, RiskBand, Term

BOM = "\ufeff"
# Excel, LibreOffice and Google Sheets run a cell that starts with one of these as a formula (tab and
# carriage return once they trim it): =HYPERLINK(...) typed as a candidate's name would run on HR's
# machine. Such a cell starts with an apostrophe instead, and reads as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int
Column = tuple[str, str, Callable[[Interview, Risk | NoRisk], Cell]]


def both(zh: str, en: str) -> str:
    """A header or value for a team that reads Chinese or English: ``状态 / Status``."""
    return f"{zh} / {en}"


def _label(member: Term | None) -> str:
    return "" if member is None else both(member.label("zh-CN"), member.label("en"))


def _reason(interview: Interview, _: Risk | NoRisk) -> str:
    return _label(interview.outcome.reason if interview.outcome else None)


def _risk_band(shown: Risk | NoRisk) -> str:
    # A declined, cancelled or past interview says why it has no band rather than leaving a gap.
    if shown["applies"] is True:
        return _label(RiskBand(shown["band"]))
    return _label(NoRiskReason(shown["reason"]))


COLUMNS: tuple[Column, ...] = (
    ("日期", "Date", lambda i, _: i.local_date),
    ("开始时间", "Start", lambda i, _: i.starts_at[11:16]),
    ("时区", "Time zone", lambda i, _: i.timezone),
    ("时长（分钟）", "Minutes", lambda i, _: i.duration_minutes),
    ("候选人", "Candidate", lambda i, _: i.candidate.name),
    ("邮箱", "Email", lambda i, _: i.candidate.email),
    ("电话", "Phone", lambda i, _: i.candidate.phone or ""),
    ("职位", "Position", lambda i, _: i.position_title),
    ("公司", "Company", lambda i, _: i.company),
    ("城市", "City", lambda i, _: i.city),
    ("地址", "Address", lambda i, _: i.address),
    ("状态", "Status", lambda i, _: _label(i.status)),
    ("通知", "Notice", lambda i, _: _label(i.notice.status)),
    ("爽约风险", "No-show risk", lambda _, r: _risk_band(r)),
    ("风险分", "Risk score", lambda _, r: r["score"] if r["applies"] is True else ""),
    ("未到场原因", "No-show reason", _reason),
    ("面试编号", "Interview ID", lambda i, _: i.interview_id),
)


def safe_cell(value: Cell) -> Cell:
    """``value`` as a spreadsheet shows it and never runs it (see :data:`FORMULA_STARTS`)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(
    interviews: Iterable[Interview], *, now: datetime, model: Model = PRIOR, cutoffs: Cutoffs = CUTOFFS
) -> str:
    """A header and one line per interview, in the order given; the risk is as of ``now``, by ``model``."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([both(zh, en) for zh, en, _ in COLUMNS])
    for interview in interviews:
        shown = shown_risk(interview, now=now, model=model, cutoffs=cutoffs)
        writer.writerow([safe_cell(cell(interview, shown)) for _, _, cell in COLUMNS])
    return out.getvalue()
