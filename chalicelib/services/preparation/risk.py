"""No-show risk: a 0-100 score from a few explained factors, so HR knows whom to call first.

Points start at ``BASE`` and each factor adds or removes some; the total is clamped to 0-100.

| factor | points | why |
| --- | --- | --- |
| base | +10 | some candidates miss any interview |
| match | +0 to +30 | (100 - match score) x 0.3: poorly matched candidates shop around |
| intent (last call that reached them) | high -10, medium +10, low +30, not called yet +5 | HR's ear on the call |
| unreached calls in a row | +15 from the second | a candidate who never picks up rarely shows up |
| lead time, notice to interview | up to 3 days 0, up to 7 days +10, longer +20 | long waits let other offers in |
| confirmation | confirmed -30, asked to reschedule +10, declined: score 100 | the candidate's own word |
| weather | caution +10, severe +25 | typhoons, heavy rain, traffic |
| email bounced | +25 | the written notice never arrived |

Declined, cancelled and past interviews (started, or with an outcome) carry no risk:
:func:`shown_risk` says so with a reason instead of a score (``risk`` still scores them, for the
band stored with an outcome).

Bands: below 30 low, below 60 medium, otherwise high. ``bands_observed`` reports how often
each band actually ended in a no-show, so the table can be checked against what happens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal, TypedDict

from chalicelib.models import InterviewStatus
from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import CallLog, Interview
from chalicelib.vocabulary import NoRiskReason, WeatherUnknownReason

BASE = 10
MATCH_FACTOR = 0.3
INTENT_POINTS = {"high": -10, "medium": 10, "low": 30}
NOT_CALLED_POINTS = 5
UNREACHED_POINTS = 15
UNREACHED_IN_A_ROW = 2
LEAD_TIME_POINTS = ((3, 0), (7, 10))  # (up to this many days, points)
LONG_LEAD_POINTS = 20
CONFIRMED_POINTS = -30
RESCHEDULE_POINTS = 10
WEATHER_POINTS = {"caution": 10, "severe": 25}
BOUNCE_POINTS = 25
BANDS = (("low", 30), ("medium", 60))  # (band, scores below this)
HIGH = "high"


class Factor(TypedDict):
    factor: str
    points: int
    why: str


class Risk(TypedDict):
    applies: Literal[True]
    score: int
    band: str
    factors: list[Factor]


class NoRisk(TypedDict):
    applies: Literal[False]
    reason: str


class BandRate(TypedDict):
    interviews: int
    no_shows: int
    rate: float | None


def risk(interview: Interview, *, now: datetime) -> Risk:
    """The interview's no-show risk with the factors that make it up."""
    factors: list[Factor] = [{"factor": "base", "points": BASE, "why": "some candidates miss any interview"}]
    factors += [
        _match(interview),
        _intent(interview),
        _unreached(interview),
        _lead_time(interview),
        _confirmation(interview),
        _weather(interview),
        _bounce(interview),
    ]
    total = max(0, min(100, sum(f["points"] for f in factors)))
    score = 100 if interview.status == InterviewStatus.DECLINED else total
    return {"applies": True, "score": score, "band": band(score), "factors": factors}


def no_risk_reason(interview: Interview, *, now: datetime) -> NoRiskReason | None:
    """Why nobody need weigh this interview's no-show risk any more, or None while it matters."""
    if interview.status == InterviewStatus.DECLINED:
        return NoRiskReason.DECLINED
    if interview.status == InterviewStatus.CANCELLED:
        return NoRiskReason.CANCELLED
    if interview.outcome is not None or parse_utc(interview.starts_at_utc) <= now:
        return NoRiskReason.PAST
    return None


def shown_risk(interview: Interview, *, now: datetime) -> Risk | NoRisk:
    """The risk HR sees: the score while the interview is ahead, else why there is none."""
    reason = no_risk_reason(interview, now=now)
    if reason is not None:
        return {"applies": False, "reason": reason.value}
    return risk(interview, now=now)


def band(score: int) -> str:
    """``low``, ``medium`` or ``high`` for a risk score."""
    return next((name for name, below in BANDS if score < below), HIGH)


def unreached_in_a_row(calls: Iterable[CallLog]) -> int:
    """Calls that did not reach the candidate since the last one that did."""
    count = 0
    for call in calls:
        count = 0 if call.reached else count + 1
    return count


def bands_observed(pairs: Iterable[tuple[str, bool]]) -> dict[str, BandRate]:
    """Given (band, no_show) pairs, the share of interviews in each band that ended in a no-show."""
    counts = {name: [0, 0] for name in (*(b for b, _ in BANDS), HIGH)}
    for name, no_show in pairs:
        tally = counts.setdefault(name, [0, 0])
        tally[0] += 1
        tally[1] += int(no_show)
    return {
        name: {"interviews": n, "no_shows": k, "rate": round(k / n, 4) if n else None}
        for name, (n, k) in counts.items()
    }


def _match(interview: Interview) -> Factor:
    if interview.match is None:
        return {"factor": "match", "points": 0, "why": "no match score on record"}
    score = interview.match.score
    points = round((100 - score) * MATCH_FACTOR)
    return {"factor": "match", "points": points, "why": f"match score {score} of 100"}


def _intent(interview: Interview) -> Factor:
    intent = interview.intent
    if intent is not None and intent in INTENT_POINTS:
        return {"factor": "intent", "points": INTENT_POINTS[intent], "why": f"sounded {intent} on the last call"}
    return {"factor": "intent", "points": NOT_CALLED_POINTS, "why": "not reached on the phone yet"}


def _unreached(interview: Interview) -> Factor:
    missed = unreached_in_a_row(interview.calls)
    points = UNREACHED_POINTS if missed >= UNREACHED_IN_A_ROW else 0
    return {"factor": "unreached_calls", "points": points, "why": f"{missed} unanswered call(s) in a row"}


def _lead_time(interview: Interview) -> Factor:
    # A held notice goes out when HR releases it; until then the interview's creation is the best guess.
    notified = interview.notice.sent_at or interview.created_at
    days = (parse_utc(interview.starts_at_utc) - parse_utc(notified)).total_seconds() / 86400
    points = next((p for limit, p in LEAD_TIME_POINTS if days <= limit), LONG_LEAD_POINTS)
    return {"factor": "lead_time", "points": points, "why": f"{days:.1f} days from notice to interview"}


def _confirmation(interview: Interview) -> Factor:
    status = interview.status
    if status == InterviewStatus.CONFIRMED:
        return {"factor": "confirmation", "points": CONFIRMED_POINTS, "why": "the candidate confirmed"}
    if status == InterviewStatus.RESCHEDULE_REQUESTED:
        return {"factor": "confirmation", "points": RESCHEDULE_POINTS, "why": "the candidate asked to reschedule"}
    if status == InterviewStatus.DECLINED:
        return {"factor": "confirmation", "points": 100, "why": "the candidate declined: they will not come"}
    return {"factor": "confirmation", "points": 0, "why": "not confirmed yet"}


def _weather(interview: Interview) -> Factor:
    weather = interview.weather
    if weather is None:
        return {"factor": "weather", "points": 0, "why": "no weather warning"}
    if weather.risk == "unknown":
        # A failed check is not good news: HR reads that the forecast is missing, and why.
        reason = WeatherUnknownReason(weather.unknown_reason or WeatherUnknownReason.UNAVAILABLE)
        return {"factor": "weather", "points": 0, "why": f"weather unknown: {reason.label('en')}"}
    points = WEATHER_POINTS.get(weather.risk, 0)
    why = f"weather forecast: {weather.risk}" if points else "no weather warning"
    return {"factor": "weather", "points": points, "why": why}


def _bounce(interview: Interview) -> Factor:
    if interview.email_bounced:
        return {"factor": "email_bounced", "points": BOUNCE_POINTS, "why": "the notice email bounced"}
    return {"factor": "email_bounced", "points": 0, "why": "no bounce reported"}
