"""The booking benchmark, small: it runs, and its race leaves no seat over-booked and no booking lost."""

from __future__ import annotations

import os

import pytest

from bench import booking
from chalicelib import settings


def test_a_small_booking_race_books_every_seat_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The benchmark sets its own stage and credentials: the test's come back when it ends.
    for name in ("SHOWUP_STAGE", "SENDER_EMAIL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.setenv(name, os.environ.get(name, ""))
    settings.reset()
    try:
        assert booking.main(["--candidates", "12", "--slots", "2", "--seats", "3", "--threads", "4"]) == 0
    finally:
        settings.reset()
    printed = capsys.readouterr().out
    assert "conditional booking:   6 told booked, 0 over-booked, 0 lost" in printed
    assert "retries per booking" in printed
