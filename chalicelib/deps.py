"""The composition root: the one place that builds services, repositories and clients.

Handlers ask it for a service and never touch ``chalicelib.aws`` themselves. Services are
imported on first use: every Lambda imports app.py, and a cold start should not pay for
pydantic, Jinja2 or the mail code that this invocation may never touch.

It is long on purpose (one short builder per part, read as a list); it holds no logic of its own.

Tests replace a part with ``override(name=factory)`` (the ``override`` test fixture does it and
undoes it): every builder below looks up its override first, so a replaced repository or
clock is what every service built afterwards receives."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from chalicelib import aws
from chalicelib.adapters.outbox import Outbox
from chalicelib.services.notices.links import LinkSigner
from chalicelib.settings import Settings, get_settings
from chalicelib.store.interviews import InterviewRepository, InterviewWindows
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository
from chalicelib.store.stats import Counters, StatsRepository
from chalicelib.store.timeline import TimelineTable
from chalicelib.store.tokens import TokenRepository

if TYPE_CHECKING:
    from chalicelib.adapters.failed_events import FailedEvents
    from chalicelib.adapters.inbound_sms import InboundReader
    from chalicelib.adapters.mail import Mailer
    from chalicelib.adapters.sms import SmsSender
    from chalicelib.adapters.weather_api import OpenMeteo, OpenMeteoConfig
    from chalicelib.services.common.records import Interview
    from chalicelib.services.followup.day_of import DayOfReminders
    from chalicelib.services.followup.digest import HrDigest
    from chalicelib.services.followup.inbox import Inbox
    from chalicelib.services.followup.missed import MissedMessages
    from chalicelib.services.followup.monthly_report import MonthlyReport
    from chalicelib.services.followup.reminders import Reminders
    from chalicelib.services.followup.waitlist import Waitlist
    from chalicelib.services.imports.runs import ImportService
    from chalicelib.services.intake.arrivals import HookIntake
    from chalicelib.services.lists.search import InterviewLists
    from chalicelib.services.notices.alerts import HrAlerts
    from chalicelib.services.notices.bounces import SesEvents
    from chalicelib.services.notices.delivery import NoticeDelivery
    from chalicelib.services.notices.responses import CandidateResponses
    from chalicelib.services.preparation.calls import CallService
    from chalicelib.services.preparation.risk import Cutoffs
    from chalicelib.services.privacy.erasure import CandidateErasure
    from chalicelib.services.replies.conversation import SmsReplies
    from chalicelib.services.risk.in_force import ModelInForce
    from chalicelib.services.risk.model import Model
    from chalicelib.services.risk.nightly import NightlyLearning
    from chalicelib.services.scheduling.corrections import InterviewCorrections
    from chalicelib.services.scheduling.interviews import InterviewService
    from chalicelib.services.scheduling.position_edits import PositionEdits
    from chalicelib.services.scheduling.position_fanout import PositionFanOut
    from chalicelib.services.scheduling.positions import PositionService
    from chalicelib.services.scheduling.rebooking import RebookedMarks, Rebooking
    from chalicelib.services.scheduling.slots import MoveRules, SlotBookings, SlotService
    from chalicelib.services.statistics.changes import WriteFollowUp
    from chalicelib.services.statistics.outcomes import OutcomeService
    from chalicelib.services.weather.thresholds import Thresholds
    from chalicelib.services.weather.watch import WeatherWatch
    from chalicelib.store.risk_models import RiskModels
    from chalicelib.store.slots import SlotRepository

P = ParamSpec("P")
R = TypeVar("R")

_overrides: dict[str, Callable[..., Any]] = {}


def _part(build: Callable[P, R]) -> Callable[P, R]:
    """A builder that an override can replace (see ``override``)."""

    @functools.wraps(build)
    def built(*args: P.args, **kwargs: P.kwargs) -> R:
        replacement = _overrides.get(build.__name__)
        result: R = (replacement or build)(*args, **kwargs)
        return result

    return built


@contextmanager
def override(**parts: Callable[..., Any]) -> Iterator[None]:
    """Build the named parts with these factories instead, until the block ends."""
    unknown = sorted(name for name in parts if not callable(globals().get(name)) or name.startswith("_"))
    if unknown:
        raise KeyError(f"No part called {', '.join(unknown)} in the composition root")
    saved = dict(_overrides)
    _overrides.update(parts)
    # What was kept was built from the parts before (or, leaving, from the replacements): build it again.
    reset()
    try:
        yield
    finally:
        _overrides.clear()
        _overrides.update(saved)
        reset()


@_part
def settings() -> Settings:
    """The checked settings; ``SettingsError`` names the variable when one is bad."""
    return get_settings()


@_part
def now() -> datetime:
    """The current instant; requests use it, jobs take theirs from the event."""
    return datetime.now(UTC)


@_part
def tokens() -> TokenRepository:
    return TokenRepository(table=aws.table(settings().tokens_table))


@_part
def positions() -> PositionRepository:
    return PositionRepository(table=aws.table(settings().positions_table))


@_part
def interviews() -> InterviewRepository:
    """Interviews; a write is the interview's item and its timeline events in one transaction
    (``interview_changes`` follows it up)."""
    return InterviewRepository(
        table=aws.table(settings().interviews_table),
        timeline=TimelineTable(table=aws.table(settings().timeline_table)),
        clock=now,
    )


@_part
def upcoming_interviews() -> InterviewWindows:
    """Interviews by local date and start, for the jobs that look ahead (reminders, weather)."""
    return InterviewWindows(table=aws.table(settings().interviews_table))


@_part
def ledger() -> Ledger:
    return Ledger(table=aws.table(settings().ledger_table))


@_part
def stats() -> StatsRepository:
    """The statistics counters, as the stats API and the monthly report read them."""
    return StatsRepository(table=aws.table(settings().stats_table))


@_part
def risk_models() -> RiskModels:
    """The promoted no-show models, kept in the statistics table under their own key."""
    from chalicelib.store.risk_models import RiskModels

    return RiskModels(table=aws.table(settings().stats_table))


@_part
def counters() -> Counters:
    """The statistics counters as interview writes move them: each write once, marked in the ledger."""
    config = settings()
    # The table resource's client serialises plain values, as the stats repository's reads expect.
    client = aws.table(config.stats_table).meta.client
    return Counters(client=client, stats_table=config.stats_table, ledger_table=config.ledger_table)


@_part
def interview_changes() -> WriteFollowUp:
    """What follows interview writes, read from the table's stream: notices, counters, metrics."""
    from chalicelib.adapters import metrics
    from chalicelib.services.scheduling.queued import NoticeQueue
    from chalicelib.services.statistics.changes import WriteFollowUp

    notices = NoticeQueue(interviews=interviews(), put=outbox().put)
    return WriteFollowUp(
        queue=notices.queue,
        counters=counters(),
        emit=metrics.observe,
        then=(missed_messages().follow, rebooked_marks().follow),
    )


@_part
def missed_messages() -> MissedMessages:
    """After a no-show, the "sorry we missed you" message its position asks for, once per interview."""
    from chalicelib.services.followup.missed import MissedMessages

    return MissedMessages(positions=positions(), ledger=ledger(), outbox=outbox())


@_part
def rebooked_marks() -> RebookedMarks:
    """A missed interview marked with the one its candidate booked in its place."""
    from chalicelib.services.scheduling.rebooking import RebookedMarks
    from chalicelib.store.actor import acting_for_candidate

    return RebookedMarks(interviews=interviews(), acting_for_candidate=acting_for_candidate)


@_part
def rebooking() -> Rebooking:
    """Candidates who missed their interview booking another of the position's slots."""
    from chalicelib.services.scheduling.rebooking import Rebooking

    return Rebooking(interviews=interviews(), positions=positions(), slots=slots(), scheduling=interview_service())


@_part
def outbox() -> Outbox:
    return Outbox(sqs=aws.client("sqs"), queue_url=lambda: aws.queue_url(settings().outbox_queue))


@_part
def failed_events() -> FailedEvents:
    """Where a consumer sets aside an event it cannot read, instead of failing on it again and again."""
    from chalicelib.adapters.failed_events import FailedEvents

    return FailedEvents(sqs=aws.client("sqs"), queue_url=lambda: aws.queue_url(settings().failed_events_queue))


@_part
def position_service() -> PositionService:
    from chalicelib.services.scheduling.positions import PositionService

    return PositionService(positions=positions())


@_part
def position_edits() -> PositionEdits:
    """Corrections, closing and reopening: the position's item alone (``position_changes`` follows it up)."""
    from chalicelib.services.scheduling.position_edits import PositionEdits

    return PositionEdits(positions=positions())


@_part
def position_fanout() -> PositionFanOut:
    """A corrected position reaching its upcoming interviews, read from the positions table's stream."""
    from chalicelib.services.preparation.recheck import rechecked
    from chalicelib.services.scheduling.position_fanout import PositionFanOut
    from chalicelib.store.actor import acting_as
    from chalicelib.store.interviews import PositionIndex

    return PositionFanOut(
        interviews=interviews(),
        upcoming=PositionIndex(table=aws.table(settings().interviews_table)),
        recheck=rechecked,
        acting_as=acting_as,
    )


@_part
def interview_service() -> InterviewService:
    from chalicelib.services.preparation.completeness import completeness_check
    from chalicelib.services.preparation.matching import match_check
    from chalicelib.services.scheduling.interviews import InterviewService
    from chalicelib.services.weather.check import weather_check

    return InterviewService(
        positions=positions(),
        interviews=interviews(),
        # HR is waiting: at most 2.5 s for the weather, then scheduling goes on without it.
        checks=[completeness_check, match_check, weather_check(weather_api(patient=False), weather_thresholds())],
        retention_days=settings().retention_days,
        slots=slots(),
    )


@_part
def slots() -> SlotRepository:
    from chalicelib.store.slots import SlotRepository

    return SlotRepository(table=aws.table(settings().slots_table))


@_part
def slot_service() -> SlotService:
    from chalicelib.services.scheduling.slots import SlotService

    return SlotService(positions=positions(), slots=slots())


@_part
def slot_bookings() -> SlotBookings:
    """Candidates booking a slot, or moving to another, from their page."""
    from chalicelib.services.scheduling.slots import SlotBookings

    return SlotBookings(interviews=interviews(), slots=slots(), scheduling=interview_service(), rules=move_rules())


@_part
def move_rules() -> MoveRules:
    """When candidates may move their own booking (``RESCHEDULE_MIN_HOURS``, ``RESCHEDULE_MAX``)."""
    from chalicelib.services.scheduling.slots import MoveRules

    config = settings()
    return MoveRules(min_hours=config.reschedule_min_hours, max_moves=config.reschedule_max)


@_part
def interview_lists() -> InterviewLists:
    """HR's lists: local days through the date index, a candidate through the candidate indexes."""
    from chalicelib.services.lists.search import InterviewLists
    from chalicelib.store.interviews import CandidateIndex

    config = settings()
    return InterviewLists(
        interviews=interviews(),
        candidates=CandidateIndex(table=aws.table(config.interviews_table)),
        company_timezone=config.company_timezone,
    )


@_part
def interview_corrections() -> InterviewCorrections:
    from chalicelib.services.scheduling.corrections import InterviewCorrections

    return InterviewCorrections(interviews=interviews())


@_part
def link_signer() -> LinkSigner:
    config = settings()
    secret = config.link_secret or aws.secure_parameter(config.link_secret_parameter)
    return LinkSigner(secret=secret, max_age_seconds=config.link_max_age_days * 24 * 3600)


@_part
def mailer() -> Mailer:
    from chalicelib.adapters.mail import Mailer

    config = settings()
    return Mailer(ses=aws.client("ses"), sender=config.sender_email, configuration_set=config.ses_configuration_set)


@_part
def sms_sender() -> SmsSender:
    from chalicelib.adapters.sms import SmsSender

    return SmsSender(sns=aws.client("sns"), origination_number=settings().sms_origination_number)


@_part
def notice_delivery() -> NoticeDelivery:
    from chalicelib.services.notices.delivery import NoticeDelivery, Senders

    config = settings()
    return NoticeDelivery(
        interviews=interviews(),
        positions=positions(),
        ledger=ledger(),
        senders=Senders(email=mailer().send, sms=sms_sender().send),
        links=link_signer(),
        base_url=config.public_base_url,
        sender=config.sender_email,
        default_language=config.default_language,
        movable=move_rules().movable,
    )


@_part
def hr_mail_sender() -> Callable[[str, str, str, str | None], str]:
    """Plain SES mail for HR (alerts, digests, reports): no invite, no tracking of bounces."""
    from chalicelib.adapters.mail import simple_sender

    return simple_sender(aws.client("ses"), settings().sender_email)


@_part
def hr_alerts() -> HrAlerts:
    from chalicelib.services.notices.alerts import HrAlerts

    config = settings()
    send = hr_mail_sender()
    return HrAlerts(
        send=lambda to, subject, text: send(to, subject, text, None),
        fallback_to=config.sender_email,
        default_language=config.default_language,
    )


@_part
def ses_events() -> SesEvents:
    from chalicelib.services.notices.bounces import SesEvents

    box = outbox()
    return SesEvents(
        interviews=interviews(),
        ledger=ledger(),
        alert=hr_alerts().bounced,
        retry=lambda message, delay: box.put(message, delay_seconds=delay),
    )


@_part
def sms_replies() -> SmsReplies:
    """Texts candidates send back: acted on for their next open interview, answered once by text."""
    from chalicelib.services.replies.conversation import SmsReplies
    from chalicelib.store.actor import acting_for_candidate
    from chalicelib.store.interviews import CandidateIndex

    config = settings()
    return SmsReplies(
        interviews=interviews(),
        phones=CandidateIndex(table=aws.table(config.interviews_table)),
        positions=positions(),
        responses=candidate_responses(),
        ledger=ledger(),
        send=sms_sender().send,
        acting_for_candidate=acting_for_candidate,
        default_language=config.default_language,
        page_link=_short_page_link,
    )


def _short_page_link(interview: Interview, now: datetime) -> str:
    """A short link to the candidate's page, as texts carry it (without building the mail sender)."""
    from chalicelib.services.notices.delivery import PageLinks

    made = PageLinks(ledger=ledger(), links=link_signer(), base_url=settings().public_base_url)
    links = made.links_for(interview, now=now, short=True)
    return links.short or links.page


@_part
def inbound_reader() -> InboundReader:
    """The provider's shape of an inbound text: AWS End User Messaging SMS two-way messages."""
    from chalicelib.adapters.inbound_sms import EndUserMessagingReader

    return EndUserMessagingReader()


@_part
def candidate_responses() -> CandidateResponses:
    from chalicelib.services.notices.responses import CandidateResponses

    return CandidateResponses(interviews=interviews(), links=link_signer())


@_part
def weather_api(*, patient: bool = True) -> OpenMeteo:
    """Open-Meteo: jobs may wait out retries, a request HR is waiting for may not."""
    from dataclasses import replace

    from chalicelib.adapters.weather_api import OpenMeteoConfig

    config = settings()
    api = OpenMeteoConfig(
        forecast_url=config.weather_api_url,
        geocoding_url=config.geocoding_api_url,
        api_key=config.weather_api_key,
        timeout_seconds=config.weather_api_timeout_seconds,
        retries=config.weather_api_retries,
        batch_size=config.weather_api_batch_size,
    )
    # HR's check asks at most twice (the city, then the forecast), 1.25 s each with nothing retried:
    # HR waits at most 2.5 s for the weather, however slowly the provider answers.
    hurried = replace(api, retries=0, timeout_seconds=min(api.timeout_seconds, 2.0), deadline_seconds=1.25)
    return _open_meteo(api if patient else hurried)


@functools.cache
def _open_meteo(config: OpenMeteoConfig) -> OpenMeteo:
    # One client, and so one pool of HTTP connections, per configuration and container.
    from chalicelib.adapters.weather_api import OpenMeteo

    return OpenMeteo(config=config)


@_part
def weather_thresholds() -> Thresholds:
    from chalicelib.services.weather.thresholds import Thresholds

    config = settings()
    return Thresholds(
        severe_precipitation_mm=config.weather_severe_mm,
        severe_weather_codes=config.weather_severe_codes,
        severe_gusts_kmh=config.weather_severe_gusts_kmh,
        caution_precipitation_mm=config.weather_caution_mm,
        caution_probability_pct=config.weather_caution_probability,
        caution_probable_mm=config.weather_caution_probable_mm,
    )


@_part
def reminders() -> Reminders:
    from chalicelib.services.followup.reminders import ReminderConfig, Reminders

    config = settings()
    return Reminders(
        upcoming=upcoming_interviews(),
        ledger=ledger(),
        outbox=outbox(),
        config=ReminderConfig(hour=config.reminder_hour, catch_up_hours=config.reminder_catch_up_hours),
    )


@_part
def day_of_reminders() -> DayOfReminders:
    from chalicelib.services.followup.day_of import DayOfReminders

    return DayOfReminders(
        upcoming=upcoming_interviews(), ledger=ledger(), outbox=outbox(), hours=settings().day_of_reminder_hours
    )


@_part
def weather_watch() -> WeatherWatch:
    from chalicelib.services.weather.watch import WatchConfig, WeatherWatch

    config = settings()
    return WeatherWatch(
        forecaster=weather_api(),
        interviews=interviews(),
        upcoming=upcoming_interviews(),
        ledger=ledger(),
        outbox=outbox(),
        thresholds=weather_thresholds(),
        config=WatchConfig(
            hour=config.weather_check_hour, days=config.weather_watch_days, company_timezone=config.company_timezone
        ),
        default_language=config.default_language,
    )


@_part
def hr_digest() -> HrDigest:
    from chalicelib.services.followup.digest import DigestConfig, HrDigest
    from chalicelib.services.risk.factors import features

    config = settings()
    return HrDigest(
        interviews=interviews(),
        ledger=ledger(),
        send=hr_mail_sender(),
        # The call list's order: the likeliest no-show first, by the model in force.
        probability=lambda interview, now: risk_model().probability(features(interview, now=now)),
        config=DigestConfig(
            hour=config.hr_digest_hour,
            company_timezone=config.company_timezone,
            language=config.default_language,
            fallback_to=config.sender_email,
        ),
    )


@_part
def inbox() -> Inbox:
    """What needs HR: the interviews with open items (sparse index) and tomorrow's, resolved on the record."""
    from chalicelib.services.followup.inbox import Inbox

    return Inbox(interviews=interviews(), company_timezone=settings().company_timezone)


@_part
def call_service() -> CallService:
    from chalicelib.services.preparation.calls import CallService

    return CallService(interviews=interviews(), positions=positions(), default_language=settings().default_language)


@_part
def outcome_service() -> OutcomeService:
    """Outcomes; cancelling goes through the interview service so the candidate is told."""
    from chalicelib.services.statistics.outcomes import OutcomeService

    return OutcomeService(
        interviews=interviews(),
        cancel=lambda interview_id, now: interview_service().cancel(interview_id, now=now),
        risk_model=risk_model(),
        risk_cutoffs=risk_cutoffs(),
    )


@_part
def risk_model() -> Model:
    """The no-show model every interview's risk is computed with: the one the nightly learning promoted
    last, or the prior before any; the container reads it again every few minutes (``risk.in_force``)."""
    return _model_in_force().model(now())


@functools.cache
def _model_in_force() -> ModelInForce:
    # One per container. ``risk_models()`` is looked up at each read, so an override of it is what is read.
    from chalicelib.services.risk.in_force import ModelInForce
    from chalicelib.services.risk.prior import PRIOR

    return ModelInForce(latest=lambda: risk_models().latest(), prior=PRIOR)


def reset() -> None:
    """Forget what the container keeps between invocations (the model in force), as a new container would."""
    _model_in_force.cache_clear()


@_part
def risk_cutoffs() -> Cutoffs:
    """The probabilities from which an interview's risk level is ``watch`` and ``call``."""
    from chalicelib.services.preparation.risk import Cutoffs

    return Cutoffs(watch_at=settings().risk_watch_at, call_at=settings().risk_call_at)


@_part
def nightly_learning() -> NightlyLearning:
    """The nightly fit of the no-show model on the recorded outcomes, promoted into ``risk_models``."""
    from chalicelib.adapters.metrics import learned
    from chalicelib.services.risk.factors import features
    from chalicelib.services.risk.nightly import LearningConfig, NightlyLearning
    from chalicelib.services.risk.prior import PRIOR

    config = settings()
    return NightlyLearning(
        interviews=interviews(),
        models=risk_models(),
        ledger=ledger(),
        prior=PRIOR,
        features=lambda interview, now: features(interview, now=now),
        config=LearningConfig(
            hour=config.risk_learning_hour, company_timezone=config.company_timezone, days=config.risk_learning_days
        ),
        emit=learned,
    )


@_part
def candidate_erasure() -> CandidateErasure:
    from chalicelib.services.privacy.erasure import CandidateErasure
    from chalicelib.store.interviews import CandidateIndex

    return CandidateErasure(
        interviews=interviews(),
        index=CandidateIndex(table=aws.table(settings().interviews_table)),
        ledger=ledger(),
    )


@_part
def monthly_report() -> MonthlyReport:
    from chalicelib.services.followup.monthly_report import MonthlyReport, ReportConfig

    config = settings()
    return MonthlyReport(
        stats=stats(),
        ledger=ledger(),
        send=hr_mail_sender(),
        config=ReportConfig(
            hour=config.report_hour,
            company_timezone=config.company_timezone,
            language=config.default_language,
            recipients=config.report_to,
        ),
    )


@_part
def hook_secrets() -> dict[str, str]:
    """Each web hook source's signing secret: ``HOOK_SECRETS`` when set (local, test), else the SSM
    SecureString ``HOOK_SECRETS_PARAMETER`` holding the same JSON; no source at all when neither exists."""
    from botocore.exceptions import ClientError

    from chalicelib.settings import json_map

    config = settings()
    if config.hook_secrets.strip():
        return json_map(config.hook_secrets, "HOOK_SECRETS", depth=1)
    try:
        raw = aws.secure_parameter(config.hook_secrets_parameter)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ParameterNotFound":
            return {}
        raise
    return json_map(raw, "HOOK_SECRETS_PARAMETER", depth=1)


@_part
def hook_intake() -> HookIntake:
    """Interviews from other systems; the secrets are read when a delivery comes, not when this is built."""
    from chalicelib.services.intake.arrivals import HookIntake
    from chalicelib.services.intake.hirehive import hirehive
    from chalicelib.services.intake.shapes import generic
    from chalicelib.settings import json_map

    config = settings()
    return HookIntake(
        secrets=hook_secrets,
        # A source called hirehive sends HireHive's own payload; every other source the generic shape.
        shapes={"hirehive": hirehive},
        default_shape=generic,
        job_positions=json_map(config.hook_positions, "HOOK_POSITIONS", depth=2),
        positions=positions(),
        scheduling=interview_service(),
        ledger=ledger(),
        retention_days=config.retention_days,
    )


@_part
def waitlist() -> Waitlist:
    """Full slots' waitlists and the offers of freed seats."""
    from chalicelib.services.followup.waitlist import Waitlist

    return Waitlist(
        interviews=interviews(), slots=slots(), ledger=ledger(), outbox=outbox(), offer_hours=settings().offer_hours
    )


@_part
def import_service() -> ImportService:
    """Mass import: files checked, then booked in chunks through the imports queue at the import's pace."""
    from chalicelib.services.imports.runs import ImportService
    from chalicelib.services.preparation.completeness import completeness_check
    from chalicelib.services.preparation.matching import match_check
    from chalicelib.services.scheduling.interviews import InterviewService, future_start
    from chalicelib.store.imports import ImportRepository

    config = settings()
    # The weather is left to the daily watch (it checks every upcoming interview in batches): a forecast
    # call per row would make a 2,000-row chunk wait on the provider 2,000 times.
    booking = InterviewService(
        positions=positions(),
        interviews=interviews(),
        checks=[completeness_check, match_check],
        retention_days=config.retention_days,
        slots=slots(),
    )
    queue = Outbox(sqs=aws.client("sqs"), queue_url=lambda: aws.queue_url(config.imports_queue))

    def booked(days: Iterable[str]) -> Iterator[Interview]:
        return (interview for day in days for interview in interviews().on_local_date(day))

    return ImportService(
        imports=ImportRepository(table=aws.table(config.imports_table)),
        positions=positions().get,
        booked=booked,
        start_day=lambda local, zone, now: future_start(local, zone, now).local_date,
        scheduler=booking,
        get_interview=interviews().get,
        enqueue=queue.put,
        notices_per_second=config.ses_send_rate * config.import_send_share,
        chunk_rows=config.import_chunk_rows,
    )
