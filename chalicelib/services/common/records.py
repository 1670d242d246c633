"""The domain's records: an interview, a position and their parts, frozen so a change is a new record.

``None`` means "not stored": the codec (``store.codec``) writes no attribute for it, and the API
shows no key, exactly as for an item that never had the attribute. The fields a record names in
``ABSENT_WHEN_DEFAULT`` are not stored either while they hold their default (an empty call log, a
bounce that never happened). Values of an enum are the enum's members; the items hold their values.

Defining these classes costs a few milliseconds (dataclasses compile their methods), so only the
code that reads or builds records imports this module: a cold start that reads none pays nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from chalicelib.services.common.clock import iso_utc
from chalicelib.vocabulary import (
    Attendance,
    Channel,
    Commitment,
    CommitmentAnswer,
    InboxKind,
    Intent,
    InterviewStatus,
    Language,
    Level,
    MoveReason,
    NoShowReason,
    NoticeFact,
    NoticeMode,
    NoticeStatus,
    Outcome,
    WarningCode,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """Who the candidate calls back: the position's contact unless the interview names another."""

    name: str
    phone: str
    email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    name: str
    email: str
    phone: str | None = None
    expected_salary: int | None = None
    # None once erased (the key goes, as it does for the other optional facts); else possibly empty.
    skills: tuple[str, ...] | None = None
    language: Language | None = None
    # The requests carry no level today; the match check weighs it when a record has one.
    level: Level | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    """Why a notice may be held (a check's finding); HR accepts it or fixes the cause.

    ``message`` is the English kept for API clients and records from before ``params``; ``params`` are
    the facts the message names, so it is said in the reader's language (``chalicelib/text/warnings.py``)."""

    code: WarningCode
    message: str
    params: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeState:
    """The interview's current notice: where it is, what holds it, and which send it is."""

    status: NoticeStatus
    held_for: tuple[WarningCode, ...] = ()
    # Rises with every notice HR (re)sends, so the outbox consumer's once-only keys differ.
    sequence: int = 1
    # What goes out while the status is ``queued`` (a ``notices.content.NoticeKind`` value: notice,
    # update, cancel): the write that queues it says so, and the table's stream queues the message.
    kind: str | None = None
    # The channels the queued notice goes by when not every one of the interview's: a corrected address
    # gets the notice again, an unchanged one does not. None: every channel. It narrows only the notice
    # queued by the write that names it (``Interview.with_notice`` clears it otherwise).
    to: tuple[Channel, ...] | None = None
    # What an update says changed (its facts, in the order they changed); None for a reschedule's
    # update, which says the time moved in its own words. Kept once sent: a resend says the same.
    changed: tuple[NoticeFact, ...] | None = None
    sent_at: str | None = None
    failed_at: str | None = None
    transient_bounces: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateResponse:
    """The candidate's last answer through their link."""

    # A ``notices.responses.Action`` value: confirm, decline or reschedule.
    action: str
    reason: str
    at: str
    # How the answer came when not through the link: ``sms`` for a text reply.
    channel: Channel | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateText:
    """A text from the candidate that no keyword explains: HR reads it in the inbox."""

    text: str
    at: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Commitments:
    """The candidate's answers to the commitment questions a call asked; None: not asked."""

    time_off: CommitmentAnswer | None = None
    no_clash: CommitmentAnswer | None = None
    call_before: CommitmentAnswer | None = None
    alt_number: CommitmentAnswer | None = None
    prepared: CommitmentAnswer | None = None
    venue_clear: CommitmentAnswer | None = None
    notice_received: CommitmentAnswer | None = None

    def answered(self) -> dict[Commitment, str]:
        """Each question asked with its answer (``yes`` / ``no``), in the questions' order."""
        found = {question: getattr(self, question.value) for question in Commitment}
        return {question: answer.value for question, answer in found.items() if answer is not None}


@dataclass(frozen=True, slots=True, kw_only=True)
class CallLog:
    """One call HR made: whether it reached the candidate, the intent HR heard and what the candidate said."""

    at: str
    reached: bool
    intent: Intent | None = None
    # The candidate's own answer to "will you come", and the commitment questions asked (None: none).
    attendance: Attendance | None = None
    commitments: Commitments | None = None
    notes: str | None = None
    by: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchRecord:
    """The match check's result as kept on the interview (``preparation.matching``)."""

    score: int
    reasons: tuple[str, ...] = ()
    # None when there was nothing to compare, and once erased (the gap quotes the expected salary).
    salary_gap: int | None = None
    warnings: tuple[WarningCode, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class WeatherState:
    """The daily watch's last look at the interview day's forecast (``weather.watch``)."""

    # ``weather.thresholds.Risk`` values (calm, caution, severe, unknown): text here, so the ground
    # floor need not import the weather capability.
    risk: str
    date: str
    checked_at: str
    latitude: float | None = None
    longitude: float | None = None
    precipitation_sum: float | None = None
    probability: float | None = None
    weather_code: int | None = None
    gusts: float | None = None
    # The last real risk, kept while the forecast is unknown.
    last_known: str | None = None
    # ``vocabulary.WeatherUnknownReason`` while the risk is unknown: what HR is told instead of a level.
    unknown_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedOutcome:
    """What happened at the interview, as HR recorded it (``statistics.outcomes``)."""

    outcome: Outcome
    at: str
    reason: NoShowReason | None = None
    # The candidate's answer before the outcome replaced the status ("" for none); None on
    # outcomes recorded before the answer was kept.
    answer: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """HR marked one inbox item (``followup.inbox``) as dealt with."""

    item: str
    kind: InboxKind
    at: str
    by: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotMove:
    """The candidate moved their booking from one slot to another, and why."""

    at: str
    from_slot: str
    to_slot: str
    reason: MoveReason
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlotOffer:
    """A freed seat of a full slot offered to a candidate on its waitlist, held for them ``until``.

    ``ended`` says how it ended (an ``OfferEnd`` value); the offer stays on the record for the timeline."""

    slot_id: str
    starts_at: str
    timezone: str
    starts_at_utc: str
    duration_minutes: int
    made_at: str
    until: str
    # Counts the offers the interview was made: each goes out once (the outbox's sequence).
    number: int = 1
    ended: str | None = None
    ended_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.ended is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Slot:
    """A time HR opened on a position for candidates to book; ``seats`` of them, ``seats_taken`` booked."""

    position_id: str
    slot_id: str
    # Local wall-clock start (YYYY-MM-DDTHH:MM) in ``timezone``, as an interview's.
    starts_at: str
    timezone: str
    starts_at_utc: str
    duration_minutes: int
    seats: int
    # Counted on the slot with conditional writes: a seat is taken only while one is free.
    seats_taken: int = 0
    # Where this slot is held when not at the interview's usual place.
    address: str | None = None
    room: str | None = None
    created_at: str
    closed_at: str | None = None

    @property
    def seats_free(self) -> int:
        return max(self.seats - self.seats_taken, 0)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True, kw_only=True)
class Interview:
    """An interview as stored: the request HR made, what ShowUp decided, and what happened since."""

    # Written only once they happen: no item holds an empty call log or a False bounce flag.
    ABSENT_WHEN_DEFAULT: ClassVar[frozenset[str]] = frozenset(
        {"calls", "email_bounced", "email_complained", "resolutions", "slot_moves", "waitlist"}
    )

    interview_id: str
    position_id: str
    candidate: Candidate
    # Local wall-clock start (YYYY-MM-DDTHH:MM) in ``timezone``; ``starts_at_utc`` is the instant.
    starts_at: str
    timezone: str
    duration_minutes: int = 60
    address: str
    city: str
    latitude: float | None = None
    longitude: float | None = None
    transit: str | None = None
    what_to_bring: str | None = None
    contact: Contact | None = None
    channels: tuple[Channel, ...] = (Channel.EMAIL,)
    # SHA-256 of the candidate's address (the by_candidate index); None once erased.
    candidate_key: str | None = None
    position_title: str
    company: str
    status: InterviewStatus = InterviewStatus.SCHEDULED
    mode: NoticeMode
    mode_reason: str
    # ``version`` counts what the candidate was told (reschedules, cancellation); ``revision``
    # counts every write (optimistic locking).
    version: int = 1
    revision: int = 1
    # The position's revision whose facts the interview was last given (at booking, then by each
    # correction of the position); a correction at or below it has reached it already. None on
    # interviews booked before it was kept.
    position_revision: int | None = None
    warnings: tuple[Warning, ...] = ()
    accepted_warnings: tuple[WarningCode, ...] = ()
    notice: NoticeState
    created_at: str
    starts_at_utc: str
    local_date: str
    # Epoch seconds when the personal data expires (DynamoDB TTL).
    expires_at: int
    updated_at: str | None = None
    candidate_response: CandidateResponse | None = None
    calls: tuple[CallLog, ...] = ()
    intent: Intent | None = None
    # Both written after every call (False included); None before the first.
    at_risk: bool | None = None
    at_risk_prompt: str | None = None
    match: MatchRecord | None = None
    weather: WeatherState | None = None
    # True when the weather turned risky, False once calm again, None before either.
    weather_alert: bool | None = None
    # When it last turned risky: the inbox item it raised is that occurrence.
    weather_alert_at: str | None = None
    reminded_at: str | None = None
    reminder_failed_at: str | None = None
    # The short reminder a few hours before the start (``followup.day_of``).
    day_of_sent_at: str | None = None
    # The version (the time the candidate was told) that reminder was for.
    day_of_version: int | None = None
    # The candidate's last text that was not a keyword; when they texted STOP.
    candidate_text: CandidateText | None = None
    sms_stopped_at: str | None = None
    # The last weather advisory that went out (an interview may get one per turn of the weather).
    advisory_sent_at: str | None = None
    advisory_failed_at: str | None = None
    # The import and row that created it (``imp_…#12``), and when its notice may go on the outbox
    # (UTC ISO): an import's notices go at their share of the sending rate (``imports.pacing``).
    imported: str | None = None
    notice_after: str | None = None
    email_bounced: bool = False
    email_complained: bool = False
    # When SES reported the last hard bounce / complaint (the inbox tells occurrences apart by them).
    email_bounced_at: str | None = None
    email_complained_at: str | None = None
    outcome: RecordedOutcome | None = None
    # A ``RiskBand`` value: the band when the first attended / no-show outcome was recorded.
    risk_at_outcome: str | None = None
    # The no-show probability as the interview stood at its start, by the model in force when that
    # outcome was recorded, and the model's version: what the calibration is checked against.
    probability_at_outcome: float | None = None
    model_at_outcome: str | None = None
    erased_at: str | None = None
    # What HR writes down about the candidate for themselves; never shown to the candidate.
    notes: str | None = None
    # The inbox items HR resolved by hand (``followup.inbox``); those settled by an action need none.
    resolutions: tuple[Resolution, ...] = ()
    # The HR people who created the interview and changed it last (``store.actor``); None for
    # records written before they were kept, or by candidates and jobs only.
    created_by: str | None = None
    updated_by: str | None = None
    # The position's slot (``Slot``) the candidate booked; None while choosing and for interviews HR timed.
    slot_id: str | None = None
    # Each time the candidate moved their own booking to another slot, oldest first.
    slot_moves: tuple[SlotMove, ...] = ()
    # The full slots whose waitlist the candidate joined (oldest first), while they choose their time.
    waitlist: tuple[str, ...] = ()
    # The last seat offered from a waitlist (``followup.waitlist``), open or ended.
    offer: SlotOffer | None = None
    # When the "sorry we missed you" message went out after a no-show (``followup.rebooking``).
    missed_sent_at: str | None = None
    # The interview this one was booked in place of (after a no-show), and the one booked in its place.
    rebooked_from: str | None = None
    rebooked_as: str | None = None

    @property
    def open_offer(self) -> SlotOffer | None:
        """The offer the candidate may still accept (its time may have passed: the hold ends then)."""
        return self.offer if self.offer is not None and self.offer.is_open else None

    def with_notice(self, **changes: Any) -> Interview:
        """This interview with fields of its notice changed (``NoticeState`` field names); ``to`` is
        cleared unless named, so a notice queued later goes by every channel."""
        changes.setdefault("to", None)
        return dataclasses.replace(self, notice=dataclasses.replace(self.notice, **changes))

    def touched(self, now: datetime) -> Interview:
        """This interview marked as changed at ``now``."""
        return dataclasses.replace(self, updated_at=iso_utc(now))


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """The job facts every notice and call script is built from, as HR last corrected them."""

    position_id: str
    title: str
    company: str
    work_location: str
    responsibilities: str
    salary_min: int
    salary_max: int
    salary_currency: str = "CNY"
    company_website: str | None = None
    requirements: str | None = None
    benefits: str | None = None
    promotion: str | None = None
    manager_style: str | None = None
    level: Level | None = None
    applicant_count: int | None = None
    skills: tuple[str, ...] = ()
    contact: Contact | None = None
    # HR's own note on the position; no candidate ever reads it.
    notes: str | None = None
    created_at: str
    # Counts every write (optimistic locking); positions stored before it was kept read as 1.
    revision: int = 1
    updated_at: str | None = None
    # When HR closed the position (it takes no new interviews); None while it is open.
    closed_at: str | None = None
    created_by: str | None = None
    updated_by: str | None = None
    # A candidate who did not come gets one message inviting them to book another of its slots.
    rebook_after_no_show: bool = False
