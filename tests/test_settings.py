"""Settings: every variable ShowUp reads is checked on first use, named when bad, and documented."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib import settings as settings_module
from chalicelib.adapters.weather_api import HORIZON_DAYS
from chalicelib.services.followup.digest import DigestConfig
from chalicelib.services.followup.monthly_report import ReportConfig
from chalicelib.services.preparation.risk import Cutoffs
from chalicelib.services.weather.thresholds import Thresholds
from chalicelib.services.weather.watch import WatchConfig
from chalicelib.settings import DEFAULT_STAGE, MAX_WATCH_DAYS, Settings, SettingsError
from tests.support.aws import CONFIG
from tests.support.clock import NOW
from tests.support.events import fire

ROOT = Path(__file__).parent.parent
# Read by a library, not by ShowUp: Powertools' metrics switch, set only for the local stage.
LIBRARY_VARIABLES = frozenset({"POWERTOOLS_METRICS_DISABLED"})


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("REMINDER_HOUR", "ten", 'REMINDER_HOUR must be a whole hour from 0 to 23, not "ten"'),
        ("HR_DIGEST_HOUR", "24", 'HR_DIGEST_HOUR must be a whole hour from 0 to 23, not "24"'),
        ("WEATHER_CHECK_HOUR", "-1", 'WEATHER_CHECK_HOUR must be a whole hour from 0 to 23, not "-1"'),
        ("REPORT_HOUR", "8.5", 'REPORT_HOUR must be a whole hour from 0 to 23, not "8.5"'),
        ("RISK_WATCH_AT", "30", 'RISK_WATCH_AT must be a number above 0 and at most 1, not "30"'),
        ("RISK_CALL_AT", "0.2", 'RISK_CALL_AT must be above RISK_WATCH_AT (0.3), not "0.2"'),
        ("REMINDER_CATCH_UP_HOURS", "0", 'REMINDER_CATCH_UP_HOURS must be a whole number from 1 to 24, not "0"'),
        ("RETENTION_DAYS", "half a year", 'RETENTION_DAYS must be a whole number of at least 1, not "half a year"'),
        ("LINK_MAX_AGE_DAYS", "0", 'LINK_MAX_AGE_DAYS must be a whole number of at least 1, not "0"'),
        ("MAX_BODY_BYTES", "64k", 'MAX_BODY_BYTES must be a whole number of at least 1, not "64k"'),
        ("OUTBOX_MAX_RECEIVES", "0", 'OUTBOX_MAX_RECEIVES must be a whole number of at least 1, not "0"'),
        ("WEATHER_WATCH_DAYS", "16", 'WEATHER_WATCH_DAYS must be a whole number from 1 to 15, not "16"'),
        (
            "WEATHER_API_TIMEOUT_SECONDS",
            "0",
            'WEATHER_API_TIMEOUT_SECONDS must be a number above 0 and at most 3, not "0"',
        ),
        ("WEATHER_API_TIMEOUT_SECONDS", "10", "WEATHER_API_TIMEOUT_SECONDS must be a number above 0 and at most 3"),
        ("WEATHER_API_RETRIES", "-1", 'WEATHER_API_RETRIES must be a whole number from 0 to 5, not "-1"'),
        ("WEATHER_API_BATCH_SIZE", "0", 'WEATHER_API_BATCH_SIZE must be a whole number of at least 1, not "0"'),
        ("WEATHER_SEVERE_MM", "lots", 'WEATHER_SEVERE_MM must be a number of at least 0, not "lots"'),
        ("WEATHER_SEVERE_GUSTS_KMH", "nan", 'WEATHER_SEVERE_GUSTS_KMH must be a number of at least 0, not "nan"'),
        ("WEATHER_CAUTION_MM", "-5", 'WEATHER_CAUTION_MM must be a number of at least 0, not "-5"'),
        ("WEATHER_CAUTION_PROBABILITY", "120", 'WEATHER_CAUTION_PROBABILITY must be a number from 0 to 100, not "120"'),
        ("WEATHER_CAUTION_PROBABLE_MM", "ten", 'WEATHER_CAUTION_PROBABLE_MM must be a number of at least 0, not "ten"'),
        (
            "WEATHER_SEVERE_CODES",
            "65;95",
            "WEATHER_SEVERE_CODES must be WMO weather codes (whole numbers from 0 to 99) separated by commas, "
            'not "65;95"',
        ),
        ("WEATHER_SEVERE_CODES", "65,195", "WEATHER_SEVERE_CODES must be WMO weather codes"),
        ("DEFAULT_LANGUAGE", "fr", 'DEFAULT_LANGUAGE must be zh-CN or en, not "fr"'),
        (
            "COMPANY_TIMEZONE",
            "Shanghai",
            'COMPANY_TIMEZONE must be an IANA time zone such as Asia/Shanghai, not "Shanghai"',
        ),
        ("COMPANY_TIMEZONE", "Asia", "COMPANY_TIMEZONE must be an IANA time zone"),
        ("PUBLIC_BASE_URL", "showup.example.com", 'PUBLIC_BASE_URL must be an http:// or https:// URL, not "showup'),
        ("WEATHER_API_URL", "api.open-meteo.com", "WEATHER_API_URL must be an http:// or https:// URL"),
        ("GEOCODING_API_URL", "ftp://example.com", "GEOCODING_API_URL must be an http:// or https:// URL"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_naming_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({variable: value})

    assert str(refused.value).startswith(message)
    assert refused.value.variable == variable


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SENDER_EMAIL", "li.wei-at-acme.example.com", "SENDER_EMAIL must be an email address"),
        (
            "REPORT_TO",
            "hr@acme.example.com, li.wei@acme",
            "REPORT_TO must be email addresses separated by commas, and address 2 is not one",
        ),
    ],
)
def test_a_bad_email_address_is_named_but_never_repeated(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({variable: value})

    assert str(refused.value).startswith(message)
    assert "li.wei" not in str(refused.value)


def test_values_are_typed_and_an_empty_one_counts_as_unset() -> None:
    settings = Settings.from_env(
        {
            "REMINDER_HOUR": " 9 ",
            "WEATHER_API_TIMEOUT_SECONDS": "2.5",
            "WEATHER_SEVERE_CODES": "95, 99,",
            "WEATHER_CAUTION_PROBABILITY": "75.5",
            "REPORT_TO": "HR@acme.example.com, boss@acme.example.com,hr@acme.example.com",
            "PUBLIC_BASE_URL": "https://showup.example.com/api/",
            "DEFAULT_LANGUAGE": "",
            "RETENTION_DAYS": "  ",
        }
    )

    assert settings.reminder_hour == 9
    assert settings.weather_api_timeout_seconds == 2.5
    assert settings.weather_severe_codes == frozenset({95, 99})
    assert settings.weather_caution_probability == 75.5
    assert settings.report_to == ("hr@acme.example.com", "boss@acme.example.com")
    assert settings.public_base_url == "https://showup.example.com/api"
    assert (settings.default_language, settings.retention_days) == ("zh-CN", 180)


def test_risk_cutoffs_may_be_set() -> None:
    chosen = Settings.from_env({"RISK_WATCH_AT": "0.2", "RISK_CALL_AT": "0.4"})
    assert (chosen.risk_watch_at, chosen.risk_call_at) == (0.2, 0.4)


def test_the_services_defaults_are_the_settings_defaults() -> None:
    settings = Settings.from_env({})
    watch = WatchConfig()

    assert deps.weather_thresholds() == Thresholds()
    assert (watch.hour, watch.days, watch.company_timezone) == (
        settings.weather_check_hour,
        settings.weather_watch_days,
        settings.company_timezone,
    )
    assert (DigestConfig().hour, DigestConfig().language) == (settings.hr_digest_hour, settings.default_language)
    assert ReportConfig().hour == settings.report_hour
    assert deps.risk_cutoffs() == Cutoffs(watch_at=settings.risk_watch_at, call_at=settings.risk_call_at) == Cutoffs()
    # The watch looks at most as far as Open-Meteo forecasts.
    assert MAX_WATCH_DAYS == HORIZON_DAYS - 1


def test_settings_are_read_when_first_needed_not_at_import() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import app, chalicelib.deps"],
        cwd=ROOT,
        env={**os.environ, "REMINDER_HOUR": "ten"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


@pytest.fixture
def misconfigured(resources: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMINDER_HOUR", "ten")
    settings_module.reset()


def test_a_request_fails_with_the_variable_named_and_logged(
    client: Client, misconfigured: None, caplog: pytest.LogCaptureFixture
) -> None:
    own = logging.getLogger("showup")
    own.addHandler(caplog.handler)
    try:
        response = client.http.get("/")
    finally:
        own.removeHandler(caplog.handler)

    message = 'REMINDER_HOUR must be a whole hour from 0 to 23, not "ten"'
    assert response.status_code == 500
    assert json.loads(response.body) == {"error": "misconfigured", "message": message}
    assert [record.getMessage() for record in caplog.records] == [f"Misconfigured: {message}"]


def test_a_request_works_again_once_the_value_is_fixed(
    client: Client, misconfigured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.http.get("/").status_code == 500

    monkeypatch.setenv("REMINDER_HOUR", "10")

    assert client.http.get("/").status_code == 200


def test_a_job_fails_with_the_variable_named(client: Client, misconfigured: None) -> None:
    with pytest.raises(SettingsError, match='REMINDER_HOUR must be a whole hour from 0 to 23, not "ten"'):
        fire(client, "send_hr_digest", NOW)


# The README's table


def documented() -> dict[str, str | None]:
    """README's configuration table: each variable and the default it states (``None``: none stated)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    found: dict[str, str | None] = {}
    for row in re.findall(r"^\| (`[A-Z].*?) \| (.*?) \|", section, flags=re.MULTILINE):
        names = re.findall(r"`([A-Z][A-Z0-9_]*)`", row[0])
        defaults = re.findall(r"`([^`]+)`", row[1])
        assert len(defaults) in (0, len(names)), f"one default per variable, or none: {row}"
        found |= dict(zip(names, defaults or [None] * len(names), strict=True))
    return found


def test_the_readme_documents_every_variable_settings_reads_and_no_other() -> None:
    assert sorted(documented()) == sorted(Settings.variables())


def test_the_readme_states_the_defaults_settings_uses() -> None:
    table = documented()
    unset = Settings.from_env({})
    for variable, default in table.items():
        if default is None:
            continue
        # A default may name another variable: it then defaults to that one's value.
        value = table.get(default, default)
        assert value is not None, variable
        assert Settings.from_env({variable: value.replace("<stage>", DEFAULT_STAGE)}) == unset, variable


def test_every_variable_a_stage_sets_is_one_settings_reads() -> None:
    read = set(Settings.variables()) | LIBRARY_VARIABLES
    for stage in ("", *CONFIG["stages"]):
        variables = CONFIG["stages"][stage] if stage else CONFIG
        assert set(variables.get("environment_variables", {})) <= read, stage
        assert Settings.from_env(variables.get("environment_variables", {})), stage
