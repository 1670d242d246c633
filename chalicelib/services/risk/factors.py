"""An interview's no-show factors as numbers by name, as they stood at a given moment.

Each feature is a one-hot (1.0 when it holds, absent otherwise) or a number that is 0 when neutral,
so a fact nobody knows (a question not asked, no forecast) adds nothing. Names are
``vocabulary.RiskFactor`` values; expected direction (+ raises the no-show probability):

| feature | value | direction: why |
| --- | --- | --- |
| intent_high / _medium / _low | HR's ear on the last call that reached them | − / 0 / +: keen candidates come |
| not_reached | no call reached them and they answered no link | +: nobody heard them say they come |
| unreached_calls | two or more unanswered calls in a row | +: who never picks up rarely shows up |
| attendance_yes / _unsure / _no | the candidate's own answer on the call | − / + / ++: 26 / 50 / 99 % no-shows |
| <commitment>_yes / _no | each commitment question asked (seven) | − / +: a concrete plan to be there |
| confirmed | confirmed by link or SMS | −: their own yes, closer to the day |
| declined | declined by link or SMS | ++: they said they will not come |
| reschedule_asked | their last answer asked to move the interview | +: wavering |
| moves | times the interview moved (capped at 3) | +: each move is a chance to mix up the time |
| email_bounced | the notice email bounced | +: the written notice never arrived |
| lead_days | days from notice to interview beyond 3 (capped at 14) | +: long waits let other offers in |
| weather_caution / _severe | the forecast for the day | + / ++: rain, typhoons, traffic |
| match_shortfall | (100 − match score) / 100 | +: poorly matched candidates shop around |
| salary_gap | share of their expected salary above the range's top (0-1) | +: the offer will not do |
| invitation | invitation mode (senior role, few resumes) | +: candidates choose among offers |
| sms | the notice and reminder also go by SMS | −: SMS reminders raise attendance |
| early_start / late_start | local start before 10:00 / from 17:00 | + / +: time off from a job, rush hours |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from chalicelib.models import InterviewStatus
from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import CallLog, Interview
from chalicelib.vocabulary import Channel, Commitment, NoticeMode
from chalicelib.vocabulary import RiskFactor as F

UNREACHED_IN_A_ROW = 2
LEAD_DAYS_FREE = 3.0
LEAD_DAYS_CAP = 14.0
MOVES_CAP = 3
EARLY_BEFORE_HOUR = 10
LATE_FROM_HOUR = 17

_INTENT = {"high": F.INTENT_HIGH, "medium": F.INTENT_MEDIUM, "low": F.INTENT_LOW}
_ATTENDANCE = {"yes": F.ATTENDANCE_YES, "unsure": F.ATTENDANCE_UNSURE, "no": F.ATTENDANCE_NO}
_WEATHER = {"caution": F.WEATHER_CAUTION, "severe": F.WEATHER_SEVERE}
# The statuses (or, once closed, the answer kept with the outcome) that are the candidate's word by link or SMS.
_CONFIRMED, _DECLINED = InterviewStatus.CONFIRMED.value, InterviewStatus.DECLINED.value


def features(interview: Interview, *, now: datetime) -> dict[str, float]:
    """The interview's features as of ``now``: calls, answers, bounces and forecasts after it are left out."""
    calls = [call for call in interview.calls if parse_utc(call.at) <= now]
    answered = _answer(interview, now)
    found: dict[str, float] = {}
    found.update(_calls(calls, heard_from=answered is not None))
    if answered == _CONFIRMED:
        found[F.CONFIRMED] = 1.0
    elif answered == _DECLINED:
        found[F.DECLINED] = 1.0
    if _asked_to_move(interview, now):
        found[F.RESCHEDULE_ASKED] = 1.0
    if interview.version > 1:
        found[F.MOVES] = float(min(interview.version - 1, MOVES_CAP))
    if interview.email_bounced and _by(interview.email_bounced_at, now):
        found[F.EMAIL_BOUNCED] = 1.0
    found.update(_lead_time(interview))
    found.update(_weather(interview, now))
    found.update(_match(interview))
    if interview.mode == NoticeMode.INVITATION:
        found[F.INVITATION] = 1.0
    if Channel.SMS in interview.channels:
        found[F.SMS] = 1.0
    hour = int(interview.starts_at[11:13])
    if hour < EARLY_BEFORE_HOUR:
        found[F.EARLY_START] = 1.0
    elif hour >= LATE_FROM_HOUR:
        found[F.LATE_START] = 1.0
    return {str(name): value for name, value in found.items()}


def unreached_in_a_row(calls: Iterable[CallLog]) -> int:
    """Calls that did not reach the candidate since the last one that did."""
    count = 0
    for call in calls:
        count = 0 if call.reached else count + 1
    return count


def _calls(calls: list[CallLog], *, heard_from: bool) -> dict[str, float]:
    reached = [call for call in calls if call.reached]
    found: dict[str, float] = {}
    intent = next((call.intent for call in reversed(reached) if call.intent is not None), None)
    if intent is not None:
        found[_INTENT[intent.value]] = 1.0
    elif not heard_from:
        found[F.NOT_REACHED] = 1.0
    if unreached_in_a_row(calls) >= UNREACHED_IN_A_ROW:
        found[F.UNREACHED_CALLS] = 1.0
    attendance = next((call.attendance for call in reversed(reached) if call.attendance is not None), None)
    if attendance is not None:
        found[_ATTENDANCE[attendance.value]] = 1.0
    found.update(_commitments(reached))
    return found


def _commitments(reached: list[CallLog]) -> dict[str, float]:
    # The latest answer to each question counts: one asked on an earlier call stays known.
    latest: dict[Commitment, str] = {}
    for call in reached:
        if call.commitments is not None:
            latest.update(call.commitments.answered())
    return {f"{question.value}_{answer}": 1.0 for question, answer in latest.items()}


def _answer(interview: Interview, now: datetime) -> str | None:
    """``confirmed`` or ``declined`` when the candidate said so by link or SMS by ``now``, else None."""
    status = interview.status.value
    if status in (_CONFIRMED, _DECLINED):
        response = interview.candidate_response
        return status if response is None or _by(response.at, now) else None
    if interview.outcome is not None and interview.outcome.answer:
        # A closed interview keeps the answer its outcome replaced; it was given before the outcome.
        return interview.outcome.answer if interview.outcome.answer in (_CONFIRMED, _DECLINED) else None
    return None


def _asked_to_move(interview: Interview, now: datetime) -> bool:
    response = interview.candidate_response
    return response is not None and response.action == "reschedule" and _by(response.at, now)


def _lead_time(interview: Interview) -> Mapping[str, float]:
    # A held notice goes out when HR releases it; until then the interview's creation is the best guess.
    notified = interview.notice.sent_at or interview.created_at
    days = (parse_utc(interview.starts_at_utc) - parse_utc(notified)).total_seconds() / 86400
    beyond = min(max(days - LEAD_DAYS_FREE, 0.0), LEAD_DAYS_CAP)
    return {F.LEAD_DAYS: round(beyond, 2)} if beyond else {}


def _weather(interview: Interview, now: datetime) -> Mapping[str, float]:
    weather = interview.weather
    if weather is None or not _by(weather.checked_at, now):
        return {}
    # Unknown is not good news, but not bad news either: it adds nothing, and the page says why.
    level = _WEATHER.get(weather.risk)
    return {level: 1.0} if level else {}


def _match(interview: Interview) -> Mapping[str, float]:
    match = interview.match
    if match is None:
        return {}
    found: dict[str, float] = {}
    if match.score < 100:
        found[F.MATCH_SHORTFALL] = round((100 - max(match.score, 0)) / 100, 2)
    asked = interview.candidate.expected_salary
    if match.salary_gap is not None and match.salary_gap > 0 and asked:
        found[F.SALARY_GAP] = round(min(match.salary_gap / asked, 1.0), 3)
    return found


def _by(at: str | None, now: datetime) -> bool:
    """Whether something stamped ``at`` had happened by ``now`` (unstamped: assume it had)."""
    return at is None or parse_utc(at) <= now
