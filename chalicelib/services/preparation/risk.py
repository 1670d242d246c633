"""No-show risk as HR sees it: the probability a model gives, its level, and what moved it.

``risk`` is ``{applies: true, probability, level, factors: [{name, effect}], model, score, band}``:
the probability of a no-show in [0, 1]; the level (``low`` / ``watch`` / ``call``) from the
cut-offs (settings ``RISK_WATCH_AT`` and ``RISK_CALL_AT``); each factor's contribution on the
log-odds scale, largest first (``services.risk.factors`` says what each one is and why); the
version of the model that produced it. ``score`` (the probability in percent) and ``band``
(``low`` / ``medium`` / ``high`` for the three levels) stay for the readers that came before.

The model is an argument: the prior (``services.risk.prior``) unless the caller passes the one the
nightly fit promoted (``deps.risk_model``).

Declined, cancelled and past interviews (started, or with an outcome) carry no risk:
:func:`shown_risk` says so with a reason instead (``risk`` still assesses them, for the band
stored with an outcome). ``bands_observed`` reports how often each band actually ended in a
no-show, so the levels can be checked against what happens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypedDict

from chalicelib.models import InterviewStatus
from chalicelib.services.common.clock import parse_utc
from chalicelib.services.common.records import Interview
from chalicelib.services.risk.factors import features
from chalicelib.services.risk.model import Model
from chalicelib.services.risk.prior import PRIOR
from chalicelib.vocabulary import NoRiskReason, RiskBand, RiskLevel

# The band each level stands for: the counters and the spreadsheet read bands.
BAND_OF_LEVEL = {RiskLevel.LOW: RiskBand.LOW, RiskLevel.WATCH: RiskBand.MEDIUM, RiskLevel.CALL: RiskBand.HIGH}


@dataclass(frozen=True)
class Cutoffs:
    """The probabilities from which an interview is worth watching, and worth a call.

    Defaults from the Chennai figures (``risk.prior``): a candidate who said "yes" on the call
    still misses 26 % of the time, so watching starts just above that (0.30), and one who said
    "unsure" misses half the time, a coin toss worth a call (0.50)."""

    watch_at: float = 0.30
    call_at: float = 0.50

    def level(self, probability: float) -> RiskLevel:
        if probability >= self.call_at:
            return RiskLevel.CALL
        return RiskLevel.WATCH if probability >= self.watch_at else RiskLevel.LOW


CUTOFFS = Cutoffs()


class Factor(TypedDict):
    name: str
    effect: float


class Risk(TypedDict):
    applies: Literal[True]
    probability: float
    level: str
    factors: list[Factor]
    model: str
    score: int
    band: str


class NoRisk(TypedDict):
    applies: Literal[False]
    reason: str


class BandRate(TypedDict):
    interviews: int
    no_shows: int
    rate: float | None


def risk(interview: Interview, *, now: datetime, model: Model = PRIOR, cutoffs: Cutoffs = CUTOFFS) -> Risk:
    """The interview's no-show probability as of ``now``, with the factors that make it up."""
    found = features(interview, now=now)
    probability = model.probability(found)
    level = cutoffs.level(probability)
    effects = sorted(model.effects(found), key=lambda named: -abs(named[1]))
    return {
        "applies": True,
        "probability": round(probability, 3),
        "level": level.value,
        "factors": [{"name": name, "effect": round(effect, 3)} for name, effect in effects if effect],
        "model": model.version,
        "score": round(probability * 100),
        "band": BAND_OF_LEVEL[level].value,
    }


def no_risk_reason(interview: Interview, *, now: datetime) -> NoRiskReason | None:
    """Why nobody need weigh this interview's no-show risk any more, or None while it matters."""
    if interview.status == InterviewStatus.DECLINED:
        return NoRiskReason.DECLINED
    if interview.status == InterviewStatus.CANCELLED:
        return NoRiskReason.CANCELLED
    if interview.outcome is not None or parse_utc(interview.starts_at_utc) <= now:
        return NoRiskReason.PAST
    return None


def shown_risk(
    interview: Interview, *, now: datetime, model: Model = PRIOR, cutoffs: Cutoffs = CUTOFFS
) -> Risk | NoRisk:
    """The risk HR sees: the probability while the interview is ahead, else why there is none."""
    reason = no_risk_reason(interview, now=now)
    if reason is not None:
        return {"applies": False, "reason": reason.value}
    return risk(interview, now=now, model=model, cutoffs=cutoffs)


def bands_observed(pairs: Iterable[tuple[str, bool]]) -> dict[str, BandRate]:
    """Given (band, no_show) pairs, the share of interviews in each band that ended in a no-show."""
    counts = {band.value: [0, 0] for band in RiskBand}
    for name, no_show in pairs:
        tally = counts.setdefault(name, [0, 0])
        tally[0] += 1
        tally[1] += int(no_show)
    return {
        name: {"interviews": n, "no_shows": k, "rate": round(k / n, 4) if n else None}
        for name, (n, k) in counts.items()
    }
