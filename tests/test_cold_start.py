"""Every Lambda imports app.py on a cold start: heavy libraries must wait until a request needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = (
    "pydantic",
    "jinja2",
    "requests",
    "icalendar",
    "phonenumbers",
    "aws_lambda_powertools",
    # Defining the records' dataclasses costs milliseconds: they load with the first read.
    "chalicelib.services.common.records",
)


def test_importing_the_app_loads_no_heavy_library_and_touches_no_aws() -> None:
    probe = (
        "import sys, botocore.endpoint as e\n"
        "e.Endpoint.make_request = lambda *a, **k: sys.exit('AWS called at import')\n"
        "import app\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
