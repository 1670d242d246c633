"""The one place that builds services from configuration and cached AWS clients.

Services are imported on first use: every Lambda imports app.py, and a cold start should not
pay for pydantic, Jinja2 or the mail code that this invocation may never touch."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib import aws
from chalicelib.adapters.outbox import Outbox
from chalicelib.services.notices.links import LinkSigner
from chalicelib.settings import Settings, get_settings
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository
from chalicelib.store.stats import StatsRepository, counter_updates
from chalicelib.store.tokens import TokenRepository

if TYPE_CHECKING:
    from chalicelib.adapters.mail import Mailer
    from chalicelib.adapters.sms import SmsSender
    from chalicelib.adapters.weather_api import OpenMeteo, OpenMeteoConfig
    from chalicelib.services.followup.digest import HrDigest
    from chalicelib.services.followup.reminders import Reminders
    from chalicelib.services.notices.alerts import HrAlerts
    from chalicelib.services.notices.bounces import SesEvents
    from chalicelib.services.notices.delivery import NoticeDelivery
    from chalicelib.services.notices.responses import CandidateResponses
    from chalicelib.services.scheduling.interviews import InterviewService
    from chalicelib.services.scheduling.positions import PositionService
    from chalicelib.services.weather.forecast_risk import Thresholds, WeatherWatch


def settings() -> Settings:
    return get_settings()


def now() -> datetime:
    """The current instant; requests use it, jobs take theirs from the event."""
    return datetime.now(UTC)


def tokens() -> TokenRepository:
    return TokenRepository(table=aws.table(settings().tokens_table))


def positions() -> PositionRepository:
    return PositionRepository(table=aws.table(settings().positions_table))


def interviews(*, observe: bool = True) -> InterviewRepository:
    """Every interview write moves the statistics counters in its own transaction and, once it
    succeeded, emits its CloudWatch metrics (``observe=False``: a backfill is not news)."""
    from chalicelib.adapters import metrics
    from chalicelib.services.statistics.counting import difference

    config = settings()
    return InterviewRepository(
        table=aws.table(config.interviews_table),
        counters=lambda before, after: counter_updates(difference(before, after), table_name=config.stats_table),
        observer=metrics.observe if observe else None,
    )


def ledger() -> Ledger:
    return Ledger(table=aws.table(settings().ledger_table))


def stats() -> StatsRepository:
    """The statistics counters, as the stats API and the monthly report read them."""
    return StatsRepository(table=aws.table(settings().stats_table))


def outbox() -> Outbox:
    return Outbox(sqs=aws.client("sqs"), queue_url=lambda: aws.queue_url(settings().outbox_queue))


def position_service() -> PositionService:
    from chalicelib.services.scheduling.positions import PositionService

    return PositionService(positions=positions())


def interview_service() -> InterviewService:
    from chalicelib.services.preparation.completeness import completeness_check
    from chalicelib.services.preparation.matching import match_check
    from chalicelib.services.scheduling.interviews import InterviewService
    from chalicelib.services.weather.forecast_risk import weather_check

    return InterviewService(
        positions=positions(),
        interviews=interviews(),
        outbox=outbox(),
        # HR is waiting: one try of at most two seconds, then scheduling goes on without the weather.
        checks=[completeness_check, match_check, weather_check(weather_api(patient=False), weather_thresholds())],
        retention_days=settings().retention_days,
    )


def link_signer() -> LinkSigner:
    config = settings()
    secret = config.link_secret or aws.secure_parameter(config.link_secret_parameter)
    return LinkSigner(secret=secret, max_age_seconds=config.link_max_age_days * 24 * 3600)


def mailer() -> Mailer:
    from chalicelib.adapters.mail import Mailer

    config = settings()
    return Mailer(ses=aws.client("ses"), sender=config.sender_email, configuration_set=config.ses_configuration_set)


def sms_sender() -> SmsSender:
    from chalicelib.adapters.sms import SmsSender

    return SmsSender(sns=aws.client("sns"))


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
    )


def hr_mail_sender() -> Callable[[str, str, str, str | None], str]:
    """Plain SES mail for HR (alerts, digests, reports): no invite, no tracking of bounces."""
    from chalicelib.adapters.mail import simple_sender

    return simple_sender(aws.client("ses"), settings().sender_email)


def hr_alerts() -> HrAlerts:
    from chalicelib.services.notices.alerts import HrAlerts

    config = settings()
    send = hr_mail_sender()
    return HrAlerts(
        send=lambda to, subject, text: send(to, subject, text, None),
        fallback_to=config.sender_email,
        default_language=config.default_language,
    )


def ses_events() -> SesEvents:
    from chalicelib.services.notices.bounces import SesEvents

    box = outbox()
    return SesEvents(
        interviews=interviews(),
        ledger=ledger(),
        alert=hr_alerts().bounced,
        retry=lambda message, delay: box.put(message, delay_seconds=delay),
    )


def candidate_responses() -> CandidateResponses:
    from chalicelib.services.notices.responses import CandidateResponses

    return CandidateResponses(interviews=interviews(), links=link_signer())


def weather_api(*, patient: bool = True) -> OpenMeteo:
    """Open-Meteo: jobs may wait out retries, a request HR is waiting for may not."""
    from dataclasses import replace

    from chalicelib.adapters.weather_api import OpenMeteoConfig

    config = settings()
    api = OpenMeteoConfig.from_env(
        {
            "WEATHER_API_URL": config.weather_api_url,
            "GEOCODING_API_URL": config.geocoding_api_url,
            "WEATHER_API_KEY": config.weather_api_key,
        }
    )
    return _open_meteo(api if patient else replace(api, retries=0, timeout_seconds=2.0))


@functools.cache
def _open_meteo(config: OpenMeteoConfig) -> OpenMeteo:
    # One client, and so one pool of HTTP connections, per configuration and container.
    from chalicelib.adapters.weather_api import OpenMeteo

    return OpenMeteo(config=config)


def weather_thresholds() -> Thresholds:
    from chalicelib.services.weather.forecast_risk import Thresholds

    return Thresholds.from_env(dict(settings().weather_thresholds))


def reminders() -> Reminders:
    from chalicelib.services.followup.reminders import InterviewWindows, ReminderConfig, Reminders

    config = settings()
    return Reminders(
        upcoming=InterviewWindows(table=aws.table(config.interviews_table)),
        ledger=ledger(),
        outbox=outbox(),
        config=ReminderConfig(hour=config.reminder_hour, catch_up_hours=config.reminder_catch_up_hours),
    )


def weather_watch() -> WeatherWatch:
    from chalicelib.services.followup.reminders import InterviewWindows
    from chalicelib.services.weather.forecast_risk import WatchConfig, WeatherWatch

    config = settings()
    return WeatherWatch(
        forecaster=weather_api(),
        interviews=interviews(),
        upcoming=InterviewWindows(table=aws.table(config.interviews_table)),
        ledger=ledger(),
        outbox=outbox(),
        thresholds=weather_thresholds(),
        config=WatchConfig(
            hour=config.weather_check_hour, days=config.weather_watch_days, company_timezone=config.company_timezone
        ),
        default_language=config.default_language,
    )


def hr_digest() -> HrDigest:
    from chalicelib.services.followup.digest import DigestConfig, HrDigest

    config = settings()
    return HrDigest(
        interviews=interviews(),
        ledger=ledger(),
        send=hr_mail_sender(),
        config=DigestConfig(
            hour=config.hr_digest_hour,
            company_timezone=config.company_timezone,
            language=config.default_language,
            fallback_to=config.sender_email,
        ),
    )
