"""The import benchmark, small: it runs, books every row once, and its counters equal a recount."""

from __future__ import annotations

import os

import pytest

from bench import imports
from chalicelib import settings

VARIABLES = (
    "SHOWUP_STAGE",
    "SENDER_EMAIL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_DEFAULT_REGION",
    "SES_SEND_RATE",
    "WEATHER_API_URL",
    "GEOCODING_API_URL",
    "LOG_LEVEL",
    "POWERTOOLS_METRICS_DISABLED",
)


def test_a_small_import_books_every_row_once_with_exact_counters_and_paced_notices(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The benchmark sets its own stage and environment: the test's come back when it ends.
    for name in VARIABLES:
        monkeypatch.setenv(name, os.environ.get(name, ""))
    settings.reset()
    try:
        assert imports.main(["--rows", "60", "--singles", "5"]) == 0
    finally:
        settings.reset()
    printed = capsys.readouterr().out
    assert "60 rows (GB18030 CSV), 40 interview times over 5 days; 60 booked" in printed
    assert "day counters equal a recount: yes" in printed
    assert "goal met: exact counters, every row booked once, singles never starved" in printed
