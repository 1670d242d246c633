"""The prior: the no-show model ShowUp starts from before the team's own outcomes teach it better.

Sourced coefficients (each a shift on the log-odds scale from the published rates):

- Intercept and the candidate's own answer: the "Interview Attendance Problem" data, 1,233
  scheduled interviews in Chennai (2014-2016, recruiters calling every candidate): 36.5 %
  no-shows overall; said "yes" on the call 26 %, "uncertain" 50 %, "no" 99 %. The intercept is
  that overall rate; each answer moves it to its own rate. A confirmation or decline by link or
  SMS is the same word given in writing, weighed as "yes" / "no".
- ``sms``: Cochrane review 2013 (Gurol-Urganci et al., mobile phone text message reminders):
  attendance 68 % without → 79 % with SMS reminders (RR 1.14), i.e. no-shows 32 % → 21 %.
- ``not_reached``: gencat outpatient non-attendance prediction: targeted calls to patients the
  model flagged cut non-attendance by 39-51 %. The Chennai rate is for called candidates; one
  nobody has heard from misses as if that cut (midpoint, 45 %) had not happened: 36.5 % / 0.55.

The other weights have no published figure: they are judgement, kept small against the sourced
ones so they order interviews without outvoting what candidates said. HR's ear (intent) is
neutral at "medium" and weighs less than the candidate's own answer it overlaps with. Of the
seven commitment questions, a refused call a few hours before and an unclear venue weigh most
(the two a notification call asks); a "yes" weighs less than a "no" (saying yes is cheap).
The nightly fit replaces all of them with the team's own (``risk.learning``).
"""

from __future__ import annotations

from chalicelib.services.risk.model import Model, logit
from chalicelib.vocabulary import RiskFactor as F

VERSION = "prior-2026-12"

# Interview Attendance Problem (Chennai): overall, and by the candidate's answer on the call.
OVERALL_NO_SHOW = 0.365
SAID_YES_NO_SHOW = 0.26
SAID_UNSURE_NO_SHOW = 0.50
SAID_NO_NO_SHOW = 0.99
# Cochrane 2013: no-shows without and with SMS reminders (attendance 68 % -> 79 %).
WITHOUT_SMS_NO_SHOW = 0.32
WITH_SMS_NO_SHOW = 0.21
# gencat: a targeted call cuts non-attendance by 39-51 %; the midpoint.
CALL_CUT = 0.45


def _shift(to: float, frm: float = OVERALL_NO_SHOW) -> float:
    """The log-odds shift that moves a no-show rate ``frm`` to ``to``, rounded for reading."""
    return round(logit(to) - logit(frm), 3)


SAID_YES = _shift(SAID_YES_NO_SHOW)
SAID_NO = _shift(SAID_NO_NO_SHOW)

WEIGHTS: dict[str, float] = {
    # Sourced (see the module's docstring).
    F.ATTENDANCE_YES: SAID_YES,
    F.ATTENDANCE_UNSURE: _shift(SAID_UNSURE_NO_SHOW),
    F.ATTENDANCE_NO: SAID_NO,
    F.CONFIRMED: SAID_YES,
    F.DECLINED: SAID_NO,
    F.SMS: _shift(WITH_SMS_NO_SHOW, WITHOUT_SMS_NO_SHOW),
    F.NOT_REACHED: _shift(OVERALL_NO_SHOW / (1 - CALL_CUT)),
    # Judgement (see the module's docstring).
    F.INTENT_HIGH: -0.3,
    F.INTENT_MEDIUM: 0.0,
    F.INTENT_LOW: 0.8,
    F.UNREACHED_CALLS: 0.6,
    F.CALL_BEFORE_YES: -0.3,
    F.CALL_BEFORE_NO: 0.9,
    F.VENUE_CLEAR_YES: -0.2,
    F.VENUE_CLEAR_NO: 0.7,
    F.TIME_OFF_YES: -0.2,
    F.TIME_OFF_NO: 0.6,
    F.NO_CLASH_YES: -0.1,
    F.NO_CLASH_NO: 0.5,
    F.NOTICE_RECEIVED_YES: -0.1,
    F.NOTICE_RECEIVED_NO: 0.5,
    F.PREPARED_YES: -0.2,
    F.PREPARED_NO: 0.4,
    F.ALT_NUMBER_YES: -0.1,
    F.ALT_NUMBER_NO: 0.3,
    F.RESCHEDULE_ASKED: 0.4,
    F.MOVES: 0.15,  # per move
    F.EMAIL_BOUNCED: 0.7,
    F.LEAD_DAYS: 0.05,  # per day beyond three: a two-week wait adds about +0.55
    F.WEATHER_CAUTION: 0.3,
    F.WEATHER_SEVERE: 0.9,
    F.MATCH_SHORTFALL: 1.0,  # a match score of 40 adds +0.6
    F.SALARY_GAP: 1.0,  # asking a fifth more than the range's top adds +0.2
    F.INVITATION: 0.2,
    F.EARLY_START: 0.15,
    F.LATE_START: 0.1,
}

PRIOR = Model(
    version=VERSION,
    intercept=round(logit(OVERALL_NO_SHOW), 3),
    weights={str(name): weight for name, weight in WEIGHTS.items()},
)
