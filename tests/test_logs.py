"""Logs reach CloudWatch: JSON lines at LOG_LEVEL with the request, function and interview on each."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import responses

from chalicelib import logs
from tests.support.api import Api, interview_body, position_body

ROOT = Path(__file__).resolve().parent.parent


def log_lines(text: str) -> list[dict[str, Any]]:
    """The log lines on stdout (metrics go there too, as Embedded Metric Format records)."""
    found = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [line for line in found if "level" in line]


def test_after_importing_the_app_as_lambda_does_service_warnings_are_enabled() -> None:
    # A fresh interpreter with only the project on the path, as the Lambda runtime imports app.py.
    script = (
        "import logging, app\n"
        "print(logging.getLogger('showup.queues').isEnabledFor(logging.WARNING),"
        " logging.getLogger('showup.weather').isEnabledFor(logging.INFO))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True"]


def test_a_service_warning_reaches_stdout_as_json_with_its_request_and_interview(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    position = api.post("/positions", position_body()).json_body
    # Nothing registered: every call to the weather service fails, which the check logs and survives.
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        created = api.post("/interviews", interview_body(position["position_id"]))
    assert created.status_code == 201
    lines = log_lines(capsys.readouterr().out)
    warnings = [line for line in lines if line["level"] == "WARNING" and line["logger"].startswith("showup.")]
    assert warnings, lines
    assert {"time", "message", "request_id", "function"} <= set(warnings[0])


def test_log_lines_carry_no_email_or_phone_even_when_a_message_does() -> None:
    record = logging.LogRecord(
        "showup.test",
        logging.WARNING,
        __file__,
        1,
        "mail to %s at %s failed",
        ("li.wei@acme.example.com", "+8613800138000"),
        None,
    )
    with logs.invocation(request_id="req-1", function="showup-dev-send_notices", correlation_id="int_abc"):
        line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "mail to <email> at <phone> failed"
    assert (line["request_id"], line["function"], line["correlation_id"]) == (
        "req-1",
        "showup-dev-send_notices",
        "int_abc",
    )


def test_correlate_tags_the_rest_of_the_invocation_only() -> None:
    record = logging.LogRecord("showup.test", logging.INFO, __file__, 1, "sent", (), None)
    with logs.invocation(request_id="req-2", function="f"):
        logs.correlate("int_xyz")
        inside = json.loads(logs.JsonFormatter().format(record))
    outside = json.loads(logs.JsonFormatter().format(record))
    assert inside["correlation_id"] == "int_xyz"
    assert "correlation_id" not in outside and "request_id" not in outside


def test_the_log_level_comes_from_log_level() -> None:
    from chalicelib.settings import Settings, SettingsError

    assert Settings.from_env({"LOG_LEVEL": "WARNING"}).log_level == "WARNING"
    assert Settings.from_env({}).log_level == "INFO"
    with pytest.raises(SettingsError, match="LOG_LEVEL"):
        Settings.from_env({"LOG_LEVEL": "loud"})
