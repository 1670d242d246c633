"""What one interview counts in the statistics, and how a write moves the counters.

Each interview counts once in the day, the ISO week and the month of its own ``local_date`` (the
cohort of interviews held that day, API.md), under four scopes: ``all``, ``position#<id>``,
``mode#<notification|invitation>`` and ``channel#<email|email+sms>``. What it counts is derived
from its current state alone (:func:`contribution`), so a write moves the counters by
``contribution(after) - contribution(before)`` (:func:`difference`) inside the write's own
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
- ``self_moved`` / ``self_moved_<reason>``: the candidate moved their own booked slot (once or more), and
  for each reason they gave (``vocabulary.MoveReason``).
- ``risk_band_<band>_outcome`` / ``_no_show``: held (attended or no-show) / no-show, by the risk
  band stored when the outcome was recorded (a risk computed later would see a later ``now``).
- ``predicted_<pp>_…`` and ``predicted_brier``: the calibration counters of a held interview with a
  probability stored at its outcome (``statistics.calibration``); sums, not 0 or 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from chalicelib.services.common.records import Interview
from chalicelib.services.statistics.calibration import predicted_counts
from chalicelib.services.statistics.periods import PERIODS, period_key
from chalicelib.store.stats import ALL, POSITION
from chalicelib.vocabulary import (
    Channel,
    InterviewStatus,
    MoveReason,
    NoShowReason,
    NoticeChannels,
    NoticeMode,
    NoticeStatus,
    Outcome,
    RiskBand,
)

REASONS = tuple(reason.value for reason in NoShowReason)
MOVE_REASONS = tuple(reason.value for reason in MoveReason)
MODES = tuple(mode.value for mode in NoticeMode)
CHANNELS = tuple(channels.value for channels in NoticeChannels)
BANDS = tuple(band.value for band in RiskBand)

_CLOSED = frozenset({InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW, InterviewStatus.CANCELLED})
_HELD = frozenset({InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})
_ANSWERED = frozenset({InterviewStatus.CONFIRMED, InterviewStatus.DECLINED})
# Notice statuses: the notice left ShowUp / waits to go out (again).
_LEFT = frozenset({NoticeStatus.SENT, NoticeStatus.DELIVERED, NoticeStatus.BOUNCED})
_WAITING = frozenset({NoticeStatus.QUEUED, NoticeStatus.HELD})
# The candidate's last response (``notices.responses.Action``) -> the answer it stands for.
_RESPONSE_STATUS = {"confirm": InterviewStatus.CONFIRMED.value, "decline": InterviewStatus.DECLINED.value}

# (period_key, scope) -> {counter: count}
Contribution = dict[tuple[str, str], dict[str, int]]


def channel_of(interview: Interview) -> str:
    """``email+sms`` when the candidate is also texted, else ``email``."""
    texted = Channel.SMS in interview.channels
    return (NoticeChannels.EMAIL_AND_SMS if texted else NoticeChannels.EMAIL_ONLY).value


def answer(interview: Interview) -> str | None:
    """The candidate's answer that counts: ``confirmed``, ``declined`` or ``None``."""
    status = interview.status
    if status in _ANSWERED:
        return status.value
    if status not in _CLOSED:
        # Scheduled again (after a reschedule) or asking to move: an earlier answer no longer holds.
        return None
    if interview.outcome is not None and interview.outcome.answer is not None:
        return interview.outcome.answer or None
    response = interview.candidate_response
    return _RESPONSE_STATUS.get(response.action) if response else None


def counts(interview: Interview) -> dict[str, int]:
    """The counters one interview adds to each of its periods and scopes (only those it adds to)."""
    status = interview.status
    notice = interview.notice
    outcome = interview.outcome
    found = {
        "scheduled": True,
        "notified": notice.status in _LEFT or (notice.status in _WAITING and bool(notice.sent_at)),
        "bounced": interview.email_bounced or notice.status == NoticeStatus.BOUNCED,
        "notice_failed": notice.status == NoticeStatus.FAILED,
        "reminded": bool(interview.reminded_at),
        "attended": status == InterviewStatus.ATTENDED,
        "no_show": status == InterviewStatus.NO_SHOW,
        "cancelled": status == InterviewStatus.CANCELLED,
        "rescheduled": _moves(interview) > 0 or (outcome is not None and outcome.outcome == Outcome.RESCHEDULED),
    }
    said = answer(interview)
    if said:
        found[said] = True
    if status == InterviewStatus.NO_SHOW:
        reason = (outcome.reason if outcome else None) or NoShowReason.UNKNOWN
        found[f"no_show_{reason.value}"] = True
    for move in interview.slot_moves:
        found["self_moved"] = found[f"self_moved_{move.reason.value}"] = True
    band = interview.risk_at_outcome
    if band in BANDS and status in _HELD:
        found[f"risk_band_{band}_outcome"] = True
        found[f"risk_band_{band}_no_show"] = status == InterviewStatus.NO_SHOW
    added = {name: 1 for name, counted in found.items() if counted}
    if interview.probability_at_outcome is not None and status in _HELD:
        added.update(predicted_counts(interview.probability_at_outcome, status == InterviewStatus.NO_SHOW))
    return added


def _moves(interview: Interview) -> int:
    # ``version`` starts at 1 and rises once per reschedule and once on cancellation.
    cancelled = 1 if interview.status == InterviewStatus.CANCELLED else 0
    return interview.version - 1 - cancelled


def scopes(interview: Interview) -> list[str]:
    """The scopes an interview counts in."""
    found = [ALL]
    if interview.position_id:
        found.append(f"{POSITION}{interview.position_id}")
    found.append(f"mode#{interview.mode.value}")
    found.append(f"channel#{channel_of(interview)}")
    return found


def contribution(interview: Interview | None) -> Contribution:
    """What one interview counts: ``{(period_key, scope): {counter: 1}}`` for its day, week and month."""
    if interview is None:
        return {}
    day = date.fromisoformat(interview.local_date)
    added = counts(interview)
    return {(period_key(period, day), scope): dict(added) for period in PERIODS for scope in scopes(interview)}


def difference(before: Interview | None, after: Interview | None) -> Contribution:
    """How a write from ``before`` to ``after`` moves the counters: ``contribution(after) -
    contribution(before)``, zeros left out. At most 3 periods x 4 scopes on each side (24 items)."""
    old, new = contribution(before), contribution(after)
    moved: Contribution = {}
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key, {}), new.get(key, {})
        delta = {name: now.get(name, 0) - was.get(name, 0) for name in sorted(was.keys() | now.keys())}
        delta = {name: value for name, value in delta.items() if value}
        if delta:
            moved[key] = delta
    return moved


def total(interviews: Iterable[Interview]) -> Contribution:
    """Every interview's contribution added up: what the counters hold for these interviews."""
    summed: Contribution = {}
    for interview in interviews:
        for key, added in contribution(interview).items():
            into = summed.setdefault(key, {})
            for name, value in added.items():
                into[name] = into.get(name, 0) + value
    return summed
