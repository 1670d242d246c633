"""Configuration read from the environment on demand, never at import time.

``Settings.from_env`` reads and checks every variable ShowUp uses; README's "Configuration" table
lists the same ones (a test holds the two together). A value ShowUp cannot use raises
``SettingsError`` naming the variable and what is wrong, so the first request or job that needs
settings fails with that message instead of misbehaving later."""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from chalicelib.addresses import check_email

T = TypeVar("T")

LOCAL_STAGE = "local"
DEFAULT_STAGE = "dev"
LANGUAGES = ("zh-CN", "en")
# Open-Meteo forecasts 16 days, today included: the watch can look at most 15 days past today.
MAX_WATCH_DAYS = 15
# The nightly learning reads one local date per Query: two years at most.
MAX_LEARNING_DAYS = 730
# The job and HR's request both wait on the provider: each try stops after this many seconds.
MAX_WEATHER_TIMEOUT_SECONDS = 3.0
# Back-off doubles from half a second: five retries already wait 15.5 s per batch.
MAX_WEATHER_RETRIES = 5

# Queue and topic names are fixed: Chalice binds its event sources to them when it packages
# the app, before any environment exists. One stage per account and region.
OUTBOX_QUEUE = "showup-outbox"
OUTBOX_DLQ = "showup-outbox-dlq"
SES_EVENTS_TOPIC = "showup-ses-events"
# Where AWS End User Messaging SMS publishes the texts candidates send to the two-way number.
SMS_INBOUND_TOPIC = "showup-sms-inbound"
# An import's chunks wait here for their consumer (``events/imports.py``); failed ones end in its DLQ.
IMPORTS_QUEUE = "showup-imports"
IMPORTS_DLQ = "showup-imports-dlq"


class SettingsError(Exception):
    """A variable holds a value ShowUp cannot use; the message names it and says what is wrong."""

    def __init__(self, variable: str, expected: str, value: str | None = None) -> None:
        # Email addresses are never repeated back: the message is logged and answered to requests.
        super().__init__(f"{variable} must be {expected}" + ("" if value is None else f', not "{value}"'))
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    """Everything ShowUp reads from its environment, checked, with the defaults it ships with."""

    stage: str
    positions_table: str
    interviews_table: str
    tokens_table: str
    ledger_table: str
    stats_table: str
    timeline_table: str
    slots_table: str
    outbox_queue: str
    outbox_dlq: str
    ses_events_topic: str
    sms_inbound_topic: str
    failed_events_queue: str
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
    day_of_reminder_hours: int
    hr_digest_hour: int
    weather_check_hour: int
    weather_watch_days: int
    weather_api_url: str
    geocoding_api_url: str
    weather_api_key: str
    weather_api_timeout_seconds: float
    weather_api_retries: int
    weather_api_batch_size: int
    weather_severe_mm: float
    weather_severe_codes: frozenset[int]
    weather_severe_gusts_kmh: float
    weather_caution_mm: float
    weather_caution_probability: float
    weather_caution_probable_mm: float
    report_to: tuple[str, ...]
    report_hour: int
    reschedule_min_hours: int
    reschedule_max: int
    offer_hours: int
    risk_learning_hour: int
    risk_learning_days: int
    risk_watch_at: float
    risk_call_at: float
    log_level: str
    hook_secrets: str
    hook_secrets_parameter: str
    hook_positions: str
    imports_table: str
    imports_queue: str
    imports_dlq: str
    import_max_bytes: int
    ses_send_rate: float
    import_send_share: float
    import_chunk_rows: int
    # The two-way number texts leave from (E.164), so candidates' replies reach the inbound topic;
    # None: the origination identity SNS picks (the account's default).
    sms_origination_number: str | None = None

    @property
    def is_local(self) -> bool:
        return self.stage == LOCAL_STAGE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read and check every variable; raises ``SettingsError`` on the first bad one."""
        return _read(_Variables(os.environ if env is None else env))

    @classmethod
    def variables(cls) -> tuple[str, ...]:
        """The names of every variable ``from_env`` reads."""
        variables = _Variables({})
        _read(variables)
        return tuple(variables.read)


def _read(env: _Variables) -> Settings:
    stage = env.text("SHOWUP_STAGE", DEFAULT_STAGE)
    prefix = f"showup-{stage}"
    sender = env.email("SENDER_EMAIL", "interviews@showup.example.com")
    # No-show probabilities from which an interview is worth watching / a call (levels in
    # chalicelib/services/preparation/risk.py); a call level below the watch level would skip one.
    watch_at = env.number("RISK_WATCH_AT", 0.30, low=0, high=1, above=True)
    call_at = env.number("RISK_CALL_AT", 0.50, low=0, high=1, above=True)
    if call_at <= watch_at:
        raise SettingsError("RISK_CALL_AT", f"above RISK_WATCH_AT ({watch_at:g})", f"{call_at:g}")
    return Settings(
        stage=stage,
        positions_table=env.text("POSITIONS_TABLE", f"{prefix}-positions"),
        interviews_table=env.text("INTERVIEWS_TABLE", f"{prefix}-interviews"),
        tokens_table=env.text("TOKENS_TABLE", f"{prefix}-tokens"),
        ledger_table=env.text("LEDGER_TABLE", f"{prefix}-ledger"),
        stats_table=env.text("STATS_TABLE", f"{prefix}-stats"),
        timeline_table=env.text("TIMELINE_TABLE", f"{prefix}-timeline"),
        slots_table=env.text("SLOTS_TABLE", f"{prefix}-slots"),
        outbox_queue=OUTBOX_QUEUE,
        outbox_dlq=OUTBOX_DLQ,
        ses_events_topic=SES_EVENTS_TOPIC,
        sms_inbound_topic=SMS_INBOUND_TOPIC,
        # Named by the stage, as templates/resources.json names it: nothing binds to it by name.
        failed_events_queue=f"{prefix}-failed-events",
        outbox_max_receives=env.whole("OUTBOX_MAX_RECEIVES", 5, low=1),
        ses_configuration_set=env.text("SES_CONFIGURATION_SET") or None,
        sender_email=sender,
        default_language=env.choice("DEFAULT_LANGUAGE", "zh-CN", LANGUAGES),
        company_timezone=env.timezone("COMPANY_TIMEZONE", "Asia/Shanghai"),
        public_base_url=env.url("PUBLIC_BASE_URL").rstrip("/"),
        retention_days=env.whole("RETENTION_DAYS", 180, low=1),
        # Deployed stages read the secret from SSM (SecureString) by this name; local and test
        # stages may give it directly.
        link_secret=env.text("LINK_SECRET"),
        link_secret_parameter=env.text("LINK_SECRET_PARAMETER", f"/showup/{stage}/link-secret"),
        link_max_age_days=env.whole("LINK_MAX_AGE_DAYS", 30, low=1),
        max_body_bytes=env.whole("MAX_BODY_BYTES", 64 * 1024, low=1),
        reminder_hour=env.hour("REMINDER_HOUR", 10),
        reminder_catch_up_hours=env.whole("REMINDER_CATCH_UP_HOURS", 3, low=1, high=24),
        day_of_reminder_hours=env.whole("DAY_OF_REMINDER_HOURS", 3, low=1, high=12),
        hr_digest_hour=env.hour("HR_DIGEST_HOUR", 8),
        weather_check_hour=env.hour("WEATHER_CHECK_HOUR", 7),
        weather_watch_days=env.whole("WEATHER_WATCH_DAYS", 3, low=1, high=MAX_WATCH_DAYS),
        # Empty means Open-Meteo's own endpoints: the free ones, or with a key the customer ones.
        weather_api_url=env.url("WEATHER_API_URL"),
        geocoding_api_url=env.url("GEOCODING_API_URL"),
        weather_api_key=env.text("WEATHER_API_KEY"),
        weather_api_timeout_seconds=env.number(
            "WEATHER_API_TIMEOUT_SECONDS", 3.0, low=0, high=MAX_WEATHER_TIMEOUT_SECONDS, above=True
        ),
        weather_api_retries=env.whole("WEATHER_API_RETRIES", 2, low=0, high=MAX_WEATHER_RETRIES),
        weather_api_batch_size=env.whole("WEATHER_API_BATCH_SIZE", 50, low=1),
        # The risk levels these set are explained in chalicelib/services/weather/thresholds.py.
        weather_severe_mm=env.number("WEATHER_SEVERE_MM", 50.0, low=0),
        weather_severe_codes=env.codes("WEATHER_SEVERE_CODES", frozenset({65, 67, 75, 82, 86, 95, 96, 99})),
        weather_severe_gusts_kmh=env.number("WEATHER_SEVERE_GUSTS_KMH", 62.0, low=0),
        weather_caution_mm=env.number("WEATHER_CAUTION_MM", 25.0, low=0),
        weather_caution_probability=env.number("WEATHER_CAUTION_PROBABILITY", 80.0, low=0, high=100),
        weather_caution_probable_mm=env.number("WEATHER_CAUTION_PROBABLE_MM", 10.0, low=0),
        report_to=env.emails("REPORT_TO", sender),
        report_hour=env.hour("REPORT_HOUR", 8),
        # A candidate moves their own booked slot only this far ahead, this many times; else HR decides.
        reschedule_min_hours=env.whole("RESCHEDULE_MIN_HOURS", 12, low=0, high=24 * 30),
        reschedule_max=env.whole("RESCHEDULE_MAX", 2, low=0, high=20),
        # A seat freed on a full slot is held this long for the first on its waitlist.
        offer_hours=env.whole("OFFER_HOURS", 4, low=1, high=72),
        risk_learning_hour=env.hour("RISK_LEARNING_HOUR", 2),
        risk_learning_days=env.whole("RISK_LEARNING_DAYS", 365, low=7, high=MAX_LEARNING_DAYS),
        risk_watch_at=watch_at,
        risk_call_at=call_at,
        log_level=env.choice("LOG_LEVEL", "INFO", LOG_LEVELS),
        # Web hook sources: each one's signing secret (JSON, checked here, never repeated in an error), and
        # the sender's job ids mapped to ShowUp positions.
        hook_secrets=_checked_json(env.text("HOOK_SECRETS"), "HOOK_SECRETS", depth=1),
        hook_secrets_parameter=env.text("HOOK_SECRETS_PARAMETER", f"/showup/{stage}/hook-secrets"),
        hook_positions=_checked_json(env.text("HOOK_POSITIONS"), "HOOK_POSITIONS", depth=2),
        sms_origination_number=_e164(env.text("SMS_ORIGINATION_NUMBER")),
        imports_table=env.text("IMPORTS_TABLE", f"{prefix}-imports"),
        imports_queue=IMPORTS_QUEUE,
        imports_dlq=IMPORTS_DLQ,
        # Lambda takes at most 6 MB per request and API Gateway sends a binary body base64-encoded (4/3 larger).
        import_max_bytes=env.whole("IMPORT_MAX_BYTES", 4 * 1024 * 1024, low=1024, high=4_400_000),
        # The account's SES sending rate (messages per second) and the share of it an import's notices may use:
        # the rest is kept for interviews booked one by one meanwhile.
        ses_send_rate=env.number("SES_SEND_RATE", 14.0, low=0, above=True),
        import_send_share=env.number("IMPORT_SEND_SHARE", 0.5, low=0, high=1, above=True),
        # Rows booked per message of the imports queue: a chunk of 100 takes seconds, far from the 300 s limit.
        import_chunk_rows=env.whole("IMPORT_CHUNK_ROWS", 100, low=1, high=1000),
    )


def _e164(number: str) -> str | None:
    """An origination number as SNS takes it (``+8610690000``), or None when unset."""
    if not number:
        return None
    if not (number.startswith("+") and number[1:].isdigit() and 7 <= len(number) - 1 <= 15):
        raise SettingsError("SMS_ORIGINATION_NUMBER", "a phone number in E.164 form (+ and 7-15 digits)", number)
    return number


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class _Variables:
    """Reads variables, an empty value counting as unset, and remembers which it read."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env
        self.read: list[str] = []

    def text(self, name: str, default: str = "") -> str:
        self.read.append(name)
        value = self._env.get(name, "")
        return value if value.strip() else default

    def checked(self, name: str, default: T, parse: Callable[[str], T], fits: Callable[[T], bool], expected: str) -> T:
        """``parse`` the value and refuse it unless it ``fits``; ``default`` when unset."""
        raw = self.text(name).strip()
        if not raw:
            return default
        try:
            value = parse(raw)
        except ValueError:
            raise SettingsError(name, expected, raw) from None
        if not fits(value):
            raise SettingsError(name, expected, raw)
        return value

    def whole(self, name: str, default: int, *, low: int, high: int | None = None, what: str = "a whole number") -> int:
        def fits(value: int) -> bool:
            return low <= value and (high is None or value <= high)

        return self.checked(name, default, int, fits, f"{what} {_bounds(low, high)}")

    def hour(self, name: str, default: int) -> int:
        return self.whole(name, default, low=0, high=23, what="a whole hour")

    def number(self, name: str, default: float, *, low: float, high: float | None = None, above: bool = False) -> float:
        def fits(value: float) -> bool:
            inside = (low < value if above else low <= value) and (high is None or value <= high)
            return math.isfinite(value) and inside

        return self.checked(name, default, float, fits, f"a number {_bounds(low, high, above=above)}")

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default).strip()
        if value not in choices:
            raise SettingsError(name, " or ".join(choices), value)
        return value

    def timezone(self, name: str, default: str) -> str:
        from zoneinfo import ZoneInfo

        value = self.text(name, default).strip()
        try:
            ZoneInfo(value)
        except (KeyError, ValueError, OSError):
            raise SettingsError(name, "an IANA time zone such as Asia/Shanghai", value) from None
        return value

    def url(self, name: str) -> str:
        value = self.text(name).strip()
        if value and not value.startswith(("http://", "https://")):
            raise SettingsError(name, "an http:// or https:// URL", value)
        return value

    def email(self, name: str, default: str) -> str:
        try:
            return check_email(self.text(name, default))
        except ValueError:
            raise SettingsError(name, "an email address such as interviews@example.com") from None

    def emails(self, name: str, default: str) -> tuple[str, ...]:
        """Comma-separated addresses, lower-cased, each once; ``default`` when unset."""
        found: list[str] = []
        addresses = [address for address in self.text(name, default).split(",") if address.strip()]
        for number, address in enumerate(addresses, start=1):
            try:
                found.append(check_email(address).lower())
            except ValueError:
                raise SettingsError(
                    name, f"email addresses separated by commas, and address {number} is not one"
                ) from None
        return tuple(dict.fromkeys(found))

    def codes(self, name: str, default: frozenset[int]) -> frozenset[int]:
        def parse(raw: str) -> frozenset[int]:
            return frozenset(int(code) for code in raw.split(",") if code.strip())

        def fits(codes: frozenset[int]) -> bool:
            return all(0 <= code <= 99 for code in codes)

        expected = "WMO weather codes (whole numbers from 0 to 99) separated by commas"
        return self.checked(name, default, parse, fits, expected)


def _bounds(low: float, high: float | None, *, above: bool = False) -> str:
    if above:
        return f"above {low:g}" + ("" if high is None else f" and at most {high:g}")
    return f"of at least {low:g}" if high is None else f"from {low:g} to {high:g}"


def json_map(raw: str, variable: str, *, depth: int) -> dict[str, Any]:
    """``raw`` as a JSON object of strings (``depth`` 1) or of such objects (2); ``SettingsError`` naming
    ``variable`` otherwise (without its value: it may hold secrets). Empty is an empty object."""
    expected = (
        'a JSON object of sources and their secrets, such as {"crm": "…"}'
        if depth == 1
        else 'a JSON object of sources, each mapping job ids to position ids, such as {"hirehive": {"job_1": "pos_…"}}'
    )
    try:
        found = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise SettingsError(variable, expected) from None
    if not _map_of_text(found, depth):
        raise SettingsError(variable, expected)
    return dict(found)


def _map_of_text(value: Any, depth: int) -> bool:
    if depth == 0:
        return isinstance(value, str) and bool(value.strip())
    return isinstance(value, dict) and all(_map_of_text(inner, depth - 1) for inner in value.values())


def _checked_json(raw: str, variable: str, *, depth: int) -> str:
    json_map(raw, variable, depth=depth)
    return raw


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once on first use; ``SettingsError`` when a value is bad."""
    return Settings.from_env()


def reset() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
