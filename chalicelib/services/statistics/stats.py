"""Day, week and month interview statistics, kept as counters that every interview write moves.

Each interview counts once in the day, the ISO week and the month of its own ``local_date`` (the
cohort of interviews held that day, API.md), under four scopes: ``all``, ``position#<id>``,
``mode#<notification|invitation>`` and ``channel#<email|email+sms>``. What it counts is derived
from its current state alone (:func:`contribution`), so a write moves the counters by
``contribution(after) - contribution(before)`` (:func:`counter_updates`) inside the write's own
transaction: a reschedule to another day moves the counts to that day, a corrected outcome moves
them from the old outcome to the new one, and the counters always equal a recount of the records.

What each counter means (every counter is 0 or 1 per interview):

- ``scheduled``: the interview exists (cancelled ones included).
- ``notified``: a notice left ShowUp: notice status sent, delivered or bounced, or queued / held
  again for an update or cancellation after one was sent (``sent_at``). A notice whose last send
  failed is not notified, even if an earlier one went out: HR has to resend it.
- ``bounced``: the candidate's address bounced (notified, but not received); ``notice_failed``:
  the last send failed for good.
- ``reminded``: the day-before reminder went out (``reminded_at``).
- ``confirmed`` / ``declined``: the candidate's answer: the status, or once the interview is closed
  (attended, no-show, cancelled) the answer recorded with the outcome, else their last response.
- ``attended``, ``no_show``, ``cancelled``: the status; ``no_show_<reason>``: a no-show for that
  reason (``unknown`` when none was recorded), so the reasons add up to ``no_show``.
- ``rescheduled``: moved at least once (``version`` rises once per reschedule and once on
  cancellation), or its outcome is ``rescheduled`` (the candidate asked to move it).
- ``risk_band_<band>_outcome`` / ``_no_show``: held (attended or no-show) / no-show, by the risk
  band stored when the outcome was recorded (a risk computed later would see a later ``now``).

Rates (``null`` when the denominator is zero):
``no_show_rate = no_show / (attended + no_show)``: of the interviews that were due and have an
outcome, the share missed (open and cancelled interviews do not dilute it);
``confirmation_rate = confirmed / notified``: of the candidates who were sent a notice (whose links
are the only way to confirm), the share who confirmed.

Reading a period costs one Query on its ``period_key`` (the five fixed scopes, plus one item per
position when asked for), and a range one BatchGetItem per 100 periods: never a recount or a Scan.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from boto3.dynamodb.conditions import Key

from chalicelib.errors import invalid
from chalicelib.store.codec import from_item
from chalicelib.vocabulary import (
    InterviewStatus,
    NoShowReason,
    NoticeChannels,
    NoticeMode,
    NoticeStatus,
    Outcome,
    Period,
    RiskBand,
)

DAY, WEEK, MONTH = Period.DAY.value, Period.WEEK.value, Period.MONTH.value
PERIODS = tuple(period.value for period in Period)
ALL = "all"

ATTENDED, NO_SHOW, CANCELLED = InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW, InterviewStatus.CANCELLED
CONFIRMED, DECLINED = InterviewStatus.CONFIRMED, InterviewStatus.DECLINED
RESCHEDULED = Outcome.RESCHEDULED
UNKNOWN_REASON = NoShowReason.UNKNOWN.value
REASONS = tuple(reason.value for reason in NoShowReason)
MODES = tuple(mode.value for mode in NoticeMode)
EMAIL_ONLY, EMAIL_AND_SMS = NoticeChannels.EMAIL_ONLY.value, NoticeChannels.EMAIL_AND_SMS.value
CHANNELS = (EMAIL_ONLY, EMAIL_AND_SMS)
BANDS = tuple(band.value for band in RiskBand)
# The counters API.md names, in the order the table and the CSV show them.
MAIN_COUNTERS = (
    "scheduled",
    "notified",
    "reminded",
    "confirmed",
    "declined",
    "attended",
    "no_show",
    "cancelled",
    "rescheduled",
)
EXTRA_COUNTERS = ("bounced", "notice_failed")
# The longest range one request may ask for: a bit over a year of days, two years of weeks, three of months.
MAX_PERIODS = {DAY: 400, WEEK: 120, MONTH: 36}
# DynamoDB's BatchGetItem limit.
BATCH_KEYS = 100

_CLOSED = frozenset({ATTENDED, NO_SHOW, CANCELLED})
_ANSWERED = frozenset({CONFIRMED, DECLINED})
# Notice statuses: the notice left ShowUp / waits to go out (again).
_LEFT = frozenset({NoticeStatus.SENT, NoticeStatus.DELIVERED, NoticeStatus.BOUNCED})
_WAITING = frozenset({NoticeStatus.QUEUED, NoticeStatus.HELD})
_RESPONSE_STATUS = {"confirm": CONFIRMED, "decline": DECLINED}
# Scopes sort as all < channel#… < mode#… < position#…, so "below position#" is every fixed scope.
_POSITION = "position#"

# (period_key, scope) -> {counter: count}
Contribution = dict[tuple[str, str], dict[str, int]]


# ---------- Periods ----------


def period_key(period: str, day: date) -> str:
    """``day#2026-11-28``, ``week#2026-W48`` (ISO week and ISO year) or ``month#2026-11``."""
    if period == DAY:
        return f"day#{day.isoformat()}"
    if period == WEEK:
        iso = day.isocalendar()
        return f"week#{iso.year}-W{iso.week:02d}"
    if period == MONTH:
        return f"month#{day.year}-{day.month:02d}"
    raise ValueError(f"unknown period {period!r}")


def bounds(period: str, day: date) -> tuple[date, date]:
    """First and last day of the period that contains ``day``."""
    if period == DAY:
        return day, day
    if period == WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    raise ValueError(f"unknown period {period!r}")


def label(period: str, day: date) -> str:
    """The period as people write it: ``2026-11-28``, ``2026-W48``, ``2026-11``."""
    return period_key(period, day).partition("#")[2]


def starts(period: str, first: date, last: date) -> list[date]:
    """The first day of each period from the one containing ``first`` to the one containing ``last``."""
    found: list[date] = []
    start = bounds(period, first)[0]
    while start <= last:
        found.append(start)
        start = bounds(period, start)[1] + timedelta(days=1)
    return found


# ---------- What one interview counts ----------


def channel_of(interview: Mapping[str, Any]) -> str:
    """``email+sms`` when the candidate is also texted, else ``email``."""
    return EMAIL_AND_SMS if "sms" in (interview.get("channels") or []) else EMAIL_ONLY


def answer(interview: Mapping[str, Any]) -> str | None:
    """The candidate's answer that counts: ``confirmed``, ``declined`` or ``None``."""
    status = interview.get("status")
    if status in _ANSWERED:
        return str(status)
    if status not in _CLOSED:
        # Scheduled again (after a reschedule) or asking to move: an earlier answer no longer holds.
        return None
    outcome = interview.get("outcome") or {}
    if "answer" in outcome:
        return outcome["answer"] or None
    action = (interview.get("candidate_response") or {}).get("action")
    return _RESPONSE_STATUS.get(str(action))


def counts(interview: Mapping[str, Any]) -> dict[str, int]:
    """The counters one interview adds to each of its periods and scopes (only those it adds to)."""
    status = interview.get("status")
    notice = interview.get("notice") or {}
    notice_status = notice.get("status")
    outcome = interview.get("outcome") or {}
    found = {
        "scheduled": True,
        "notified": notice_status in _LEFT or (notice_status in _WAITING and bool(notice.get("sent_at"))),
        "bounced": bool(interview.get("email_bounced")) or notice_status == NoticeStatus.BOUNCED,
        "notice_failed": notice_status == NoticeStatus.FAILED,
        "reminded": bool(interview.get("reminded_at")),
        "attended": status == ATTENDED,
        "no_show": status == NO_SHOW,
        "cancelled": status == CANCELLED,
        "rescheduled": _moves(interview) > 0 or outcome.get("outcome") == RESCHEDULED,
    }
    said = answer(interview)
    if said:
        found[said] = True
    if status == NO_SHOW:
        reason = outcome.get("reason")
        found[f"no_show_{reason if reason in REASONS else UNKNOWN_REASON}"] = True
    band = interview.get("risk_at_outcome")
    if band in BANDS and status in (ATTENDED, NO_SHOW):
        found[f"risk_band_{band}_outcome"] = True
        found[f"risk_band_{band}_no_show"] = status == NO_SHOW
    return {name: 1 for name, counted in found.items() if counted}


def _moves(interview: Mapping[str, Any]) -> int:
    # ``version`` starts at 1 and rises once per reschedule and once on cancellation.
    cancelled = 1 if interview.get("status") == CANCELLED else 0
    return int(interview.get("version") or 1) - 1 - cancelled


def scopes(interview: Mapping[str, Any]) -> list[str]:
    """The scopes an interview counts in."""
    found = [ALL]
    if interview.get("position_id"):
        found.append(f"position#{interview['position_id']}")
    if interview.get("mode") in MODES:
        found.append(f"mode#{interview['mode']}")
    found.append(f"channel#{channel_of(interview)}")
    return found


def contribution(interview: Mapping[str, Any] | None) -> Contribution:
    """What one interview counts: ``{(period_key, scope): {counter: 1}}`` for its day, week and month."""
    if not interview or not interview.get("local_date"):
        return {}
    day = date.fromisoformat(str(interview["local_date"]))
    added = counts(interview)
    return {(period_key(period, day), scope): dict(added) for period in PERIODS for scope in scopes(interview)}


def difference(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> Contribution:
    """``contribution(after) - contribution(before)``, zeros left out."""
    old, new = contribution(before), contribution(after)
    moved: Contribution = {}
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key, {}), new.get(key, {})
        delta = {name: now.get(name, 0) - was.get(name, 0) for name in sorted(was.keys() | now.keys())}
        delta = {name: value for name, value in delta.items() if value}
        if delta:
            moved[key] = delta
    return moved


def counter_updates(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], *, table_name: str
) -> list[dict[str, Any]]:
    """TransactWriteItems ``Update`` entries that move the counters from ``before`` to ``after``.

    Keys and values are plain Python, like the ``Put`` beside them: the repository sends the
    transaction through the table resource's client, which serialises both to DynamoDB's typed
    JSON (typed values here would be serialised twice). At most 3 periods x 4 scopes on each side
    (24 items), well inside a transaction's limit."""
    updates: list[dict[str, Any]] = []
    for (key, scope), delta in difference(before, after).items():
        names = {f"#c{i}": name for i, name in enumerate(delta)}
        values = {f":c{i}": value for i, value in enumerate(delta.values())}
        updates.append(
            {
                "Update": {
                    "TableName": table_name,
                    "Key": {"period_key": key, "scope": scope},
                    "UpdateExpression": "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(delta))),
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            }
        )
    return updates


def total(interviews: Iterable[Mapping[str, Any]]) -> Contribution:
    """Every interview's contribution added up: what the counters hold for these interviews."""
    summed: Contribution = {}
    for interview in interviews:
        for key, added in contribution(interview).items():
            into = summed.setdefault(key, {})
            for name, value in added.items():
                into[name] = into.get(name, 0) + value
    return summed


# ---------- Reading ----------


class CounterSource(Protocol):
    """Where counters are read from: the stats table (:class:`StatsTable`), or any object with these reads."""

    def scopes(self, period_key: str, *, positions: bool) -> dict[str, dict[str, int]]:
        """Every scope's counters for one period (position scopes only when asked)."""
        ...

    def totals(self, period_keys: Sequence[str]) -> dict[str, dict[str, int]]:
        """The ``all`` scope's counters for many periods."""
        ...


class StatsTable:
    """The read side of the stats table: one Query per period, one BatchGetItem per 100 periods."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def scopes(self, period_key: str, *, positions: bool) -> dict[str, dict[str, int]]:
        condition: Any = Key("period_key").eq(period_key)
        if not positions:
            condition = condition & Key("scope").lt(_POSITION)
        kwargs: dict[str, Any] = {"KeyConditionExpression": condition}
        found: dict[str, dict[str, int]] = {}
        while True:
            page = self._table.query(**kwargs)
            for item in page["Items"]:
                found[str(item["scope"])] = _counters(item)
            if "LastEvaluatedKey" not in page:
                return found
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def totals(self, period_keys: Sequence[str]) -> dict[str, dict[str, int]]:
        # The table resource's client takes and returns plain values (it serialises, as for the table).
        client, name = self._table.meta.client, self._table.name
        found: dict[str, dict[str, int]] = {}
        for first in range(0, len(period_keys), BATCH_KEYS):
            chunk = period_keys[first : first + BATCH_KEYS]
            request: dict[str, Any] = {name: {"Keys": [{"period_key": key, "scope": ALL} for key in chunk]}}
            # DynamoDB may leave part of a batch unread under load; ask again for the rest, backing off.
            for attempt in range(8):
                if attempt:
                    time.sleep(0.05 * 2**attempt)
                response = client.batch_get_item(RequestItems=request)
                for item in response.get("Responses", {}).get(name, []):
                    found[str(item["period_key"])] = _counters(item)
                request = response.get("UnprocessedKeys") or {}
                if not request:
                    break
            else:
                raise RuntimeError("DynamoDB kept part of a statistics batch unread")
        return found


def _counters(item: Mapping[str, Any]) -> dict[str, int]:
    values: dict[str, Any] = from_item(dict(item))
    return {k: int(v) for k, v in values.items() if k not in ("period_key", "scope")}


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` to four places, or ``None`` when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def summary(counters: Mapping[str, int]) -> dict[str, Any]:
    """Counters as the API shows them: every counter (0 when absent), rates, reasons, risk bands."""

    def get(name: str) -> int:
        return int(counters.get(name, 0))

    row: dict[str, Any] = {name: get(name) for name in MAIN_COUNTERS}
    row["no_show_rate"] = rate(row["no_show"], row["attended"] + row["no_show"])
    row["confirmation_rate"] = rate(row["confirmed"], row["notified"])
    row["reasons"] = {reason: get(f"no_show_{reason}") for reason in REASONS}
    row.update({name: get(name) for name in EXTRA_COUNTERS})
    row["risk_bands"] = {
        band: {
            "interviews": get(f"risk_band_{band}_outcome"),
            "no_shows": get(f"risk_band_{band}_no_show"),
            "rate": rate(get(f"risk_band_{band}_no_show"), get(f"risk_band_{band}_outcome")),
        }
        for band in BANDS
    }
    return row


def read(period: str, day: date, *, stats: CounterSource, positions: bool = False) -> dict[str, Any]:
    """The statistics of the period containing ``day``, with notification vs invitation, email vs
    email+SMS (and, when asked, each position) side by side. One Query, no recount."""
    first, last = bounds(period, day)
    found = stats.scopes(period_key(period, day), positions=positions)
    result: dict[str, Any] = {
        "period": period,
        "label": label(period, day),
        "start": first.isoformat(),
        "end": last.isoformat(),
        **summary(found.get(ALL, {})),
        "by_mode": {mode: summary(found.get(f"mode#{mode}", {})) for mode in MODES},
        "by_channel": {channel: summary(found.get(f"channel#{channel}", {})) for channel in CHANNELS},
    }
    if positions:
        result["by_position"] = {
            scope.removeprefix(_POSITION): summary(counters)
            for scope, counters in sorted(found.items())
            if scope.startswith(_POSITION)
        }
    return result


def count(period: str, first: date, last: date) -> int:
    """How many periods the range from ``first`` to ``last`` touches."""
    if period == DAY:
        return (last - first).days + 1
    if period == WEEK:
        return (bounds(WEEK, last)[0] - bounds(WEEK, first)[0]).days // 7 + 1
    return (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1


def check_range(period: str, first: date, last: date) -> list[date]:
    """The periods from ``first`` to ``last``, or a 400 naming ``to`` for a reversed or too long range."""
    if last < first:
        raise invalid("to", "must not be before from")
    limit = MAX_PERIODS[period]
    if count(period, first, last) > limit:
        raise invalid("to", f"is too far from from: at most {limit} {period}s at a time")
    return starts(period, first, last)


def series(period: str, first: date, last: date, *, stats: CounterSource) -> list[dict[str, Any]]:
    """One row per period from ``first`` to ``last`` (all scopes together), oldest first."""
    periods = check_range(period, first, last)
    keys = [period_key(period, start) for start in periods]
    found = stats.totals(keys)
    rows: list[dict[str, Any]] = []
    for start, key in zip(periods, keys, strict=True):
        begin, end = bounds(period, start)
        rows.append(
            {
                "period": period,
                "label": label(period, start),
                "start": begin.isoformat(),
                "end": end.isoformat(),
                **summary(found.get(key, {})),
            }
        )
    return rows


def recent(period: str, day: date, count: int) -> tuple[date, date]:
    """The first and last day of the ``count`` periods that end with the one containing ``day``."""
    start = bounds(period, day)[0]
    for _ in range(count - 1):
        start = bounds(period, start - timedelta(days=1))[0]
    return start, bounds(period, day)[1]
