"""The environment every benchmark on in-process moto starts from."""

from __future__ import annotations

import os


def use_moto_environment() -> None:
    """Fake credentials and a stage of its own; no endpoint, which would send calls past moto."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "SHOWUP_STAGE": "bench",
        "SENDER_EMAIL": "interviews@showup.example.com",
    }.items():
        os.environ[name] = value
    os.environ.pop("AWS_ENDPOINT_URL", None)
