"""Configuration read from the environment on demand, never at import time."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

LOCAL_STAGE = "local"

# Queue and topic names are fixed: Chalice binds its event sources to them when it packages
# the app, before any environment exists. One stage per account and region.
OUTBOX_QUEUE = "showup-outbox"
OUTBOX_DLQ = "showup-outbox-dlq"
SES_EVENTS_TOPIC = "showup-ses-events"


@dataclass(frozen=True)
class Settings:
    """Everything ShowUp reads from its environment, with the defaults it ships with."""

    stage: str
    positions_table: str
    interviews_table: str
    tokens_table: str
    ledger_table: str
    stats_table: str
    outbox_queue: str
    outbox_dlq: str
    ses_events_topic: str
    outbox_max_receives: int
    ses_configuration_set: str | None
    sender_email: str
    default_language: str
    company_timezone: str
    public_base_url: str
    retention_days: int
    link_secret: str
    link_secret_parameter: str
    link_max_age_days: int
    max_body_bytes: int
    reminder_hour: int
    reminder_catch_up_hours: int
    hr_digest_hour: int
    weather_check_hour: int
    weather_watch_days: int
    weather_api_url: str
    geocoding_api_url: str
    weather_api_key: str
    weather_thresholds: tuple[tuple[str, str], ...]

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        stage = env.get("SHOWUP_STAGE", "dev")
        prefix = f"showup-{stage}"
        return cls(
            stage=stage,
            positions_table=env.get("POSITIONS_TABLE", f"{prefix}-positions"),
            interviews_table=env.get("INTERVIEWS_TABLE", f"{prefix}-interviews"),
            tokens_table=env.get("TOKENS_TABLE", f"{prefix}-tokens"),
            ledger_table=env.get("LEDGER_TABLE", f"{prefix}-ledger"),
            stats_table=env.get("STATS_TABLE", f"{prefix}-stats"),
            outbox_queue=OUTBOX_QUEUE,
            outbox_dlq=OUTBOX_DLQ,
            ses_events_topic=SES_EVENTS_TOPIC,
            outbox_max_receives=int(env.get("OUTBOX_MAX_RECEIVES", "5")),
            ses_configuration_set=env.get("SES_CONFIGURATION_SET") or None,
            sender_email=env.get("SENDER_EMAIL", "interviews@showup.example.com"),
            default_language=env.get("DEFAULT_LANGUAGE", "zh-CN"),
            company_timezone=env.get("COMPANY_TIMEZONE", "Asia/Shanghai"),
            public_base_url=env.get("PUBLIC_BASE_URL", "").rstrip("/"),
            retention_days=int(env.get("RETENTION_DAYS", "180")),
            # Deployed stages read the secret from SSM (SecureString) by this name; local and test
            # stages may give it directly.
            link_secret=env.get("LINK_SECRET", ""),
            link_secret_parameter=env.get("LINK_SECRET_PARAMETER", f"/showup/{stage}/link-secret"),
            link_max_age_days=int(env.get("LINK_MAX_AGE_DAYS", "30")),
            max_body_bytes=int(env.get("MAX_BODY_BYTES", str(64 * 1024))),
            reminder_hour=int(env.get("REMINDER_HOUR", "10")),
            reminder_catch_up_hours=int(env.get("REMINDER_CATCH_UP_HOURS", "3")),
            hr_digest_hour=int(env.get("HR_DIGEST_HOUR", "8")),
            weather_check_hour=int(env.get("WEATHER_CHECK_HOUR", "7")),
            weather_watch_days=int(env.get("WEATHER_WATCH_DAYS", "3")),
            # Empty means Open-Meteo's own endpoints: the free ones, or with a key the customer ones.
            weather_api_url=env.get("WEATHER_API_URL", ""),
            geocoding_api_url=env.get("GEOCODING_API_URL", ""),
            weather_api_key=env.get("WEATHER_API_KEY", ""),
            # WEATHER_SEVERE_* and WEATHER_CAUTION_*: read and documented by services.weather.thresholds.
            weather_thresholds=tuple(
                sorted((k, v) for k, v in env.items() if k.startswith(("WEATHER_SEVERE_", "WEATHER_CAUTION_")))
            ),
        )


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once on first use."""
    return Settings.from_env()


def reset() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
