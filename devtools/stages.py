"""Where each stage's configuration lives (.chalice/config.json) and how to reach the running local stage."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_FILE = PROJECT_DIR / ".chalice" / "config.json"
# Written by `make run` while it runs: how other commands reach its moto server.
DEFAULT_STATE_FILE = PROJECT_DIR / ".showup" / "local.json"
LOCAL_STAGE = "local"
# The region and throwaway credentials the local stage uses against moto server.
LOCAL_AWS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


class UnknownStage(ValueError):
    pass


def stage_names() -> list[str]:
    return sorted(_config()["stages"])


def stage_environment(stage: str) -> dict[str, str]:
    """The environment Lambda gets in ``stage``: top-level variables merged with the stage's own."""
    from chalice.config import Config

    config = _config()
    if stage not in config["stages"]:
        raise UnknownStage(f"No stage {stage!r} in {CONFIG_FILE.name}; known: {', '.join(stage_names())}")
    merged: dict[str, str] = Config(chalice_stage=stage, config_from_disk=config).environment_variables
    return dict(merged)


def _config() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    return data


def state_file() -> Path:
    # Overridable so a second local stack (the end-to-end test) does not clobber the first one's file.
    return Path(os.environ.get("SHOWUP_STATE_FILE") or DEFAULT_STATE_FILE)


def write_state(state: dict[str, Any]) -> Path:
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    return path


def read_state() -> dict[str, Any] | None:
    """What the running `make run` wrote, or ``None`` when it is not running."""
    try:
        data: dict[str, Any] = json.loads(state_file().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return data


def clear_state(owner_pid: int) -> None:
    """Remove the state file if the process ``owner_pid`` wrote it."""
    state = read_state()
    if state is not None and state.get("pid") == owner_pid:
        state_file().unlink(missing_ok=True)
