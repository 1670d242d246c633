"""`make token NAME=hr-desk [ROLE=recruiter] [DAYS=90] [STAGE=dev]`: mint an HR API token in a stage's
tokens table and print it once. ROLE is viewer, recruiter or admin; DAYS how long it works.

The local stage lives in the moto server that `make run` started; other stages use the usual AWS
credentials and the table named in .chalice/config.json.
"""

from __future__ import annotations

import argparse
import socket
import sys
import urllib.parse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from devtools import stages

if TYPE_CHECKING:
    from chalicelib.vocabulary import Role


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make token", description="Mint an HR API token and print it once.")
    parser.add_argument("--name", required=True, help="who the token is for, e.g. hr-desk")
    parser.add_argument("--stage", default=stages.LOCAL_STAGE, help="stage in .chalice/config.json (default: local)")
    parser.add_argument("--role", default="", help="viewer, recruiter or admin (default: recruiter)")
    parser.add_argument("--days", default="", help="how many days it works (default: 90)")
    args = parser.parse_args(argv)
    name = args.name.strip()
    if not name:
        return _fail("Give the token a name: make token NAME=hr-desk", code=2)
    grant = _grant(args.role.strip(), args.days.strip())
    if isinstance(grant, str):
        return _fail(grant, code=2)
    role, days = grant
    try:
        env = stages.stage_environment(args.stage)
    except stages.UnknownStage as exc:
        return _fail(str(exc), code=2)

    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.settings import Settings
    from chalicelib.store.tokens import TokenRepository

    settings = Settings.from_env(env)
    table = (
        _local_table(settings.tokens_table) if args.stage == stages.LOCAL_STAGE else _aws_table(settings.tokens_table)
    )
    if table is None:
        return _fail("The local stage is not running: start `make run` first.")
    try:
        minted = TokenRepository(table=table).issue(name, now=datetime.now(UTC), role=role, days=days)
    except (BotoCoreError, ClientError) as exc:
        return _fail(f"Could not mint a token in {settings.tokens_table}: {exc}")
    print(minted.token)
    record = minted.record
    print(
        f"Minted {record.token_id} for {name} ({record.role.value}) in {settings.tokens_table}, "
        f"valid until {record.expires_at}. It is shown only this once.",
        file=sys.stderr,
    )
    return 0


def _grant(role_text: str, days_text: str) -> tuple[Role, int] | str:
    """The role and days asked for (empty: the defaults), or what is wrong with them."""
    from chalicelib.store.tokens import DEFAULT_DAYS, DEFAULT_ROLE, MAX_DAYS
    from chalicelib.vocabulary import Role

    role = next((role for role in Role if role.value == (role_text or DEFAULT_ROLE.value)), None)
    if role is None:
        return f"ROLE must be one of {', '.join(Role)}, not {role_text!r}"
    days = days_text or str(DEFAULT_DAYS)
    if not days.isdigit() or not 1 <= int(days) <= MAX_DAYS:
        return f"DAYS must be a whole number from 1 to {MAX_DAYS}, not {days_text!r}"
    return role, int(days)


def _local_table(name: str) -> Any:
    import boto3

    state = stages.read_state()
    if state is None or not _answers(str(state.get("endpoint_url", ""))):
        return None
    session = boto3.session.Session(
        aws_access_key_id=stages.LOCAL_AWS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=stages.LOCAL_AWS["AWS_SECRET_ACCESS_KEY"],
        region_name=state.get("region") or stages.LOCAL_AWS["AWS_DEFAULT_REGION"],
    )
    return session.resource("dynamodb", endpoint_url=state["endpoint_url"]).Table(name)


def _aws_table(name: str) -> Any:
    import boto3

    return boto3.session.Session().resource("dynamodb").Table(name)


def _answers(endpoint: str) -> bool:
    """Whether something listens at ``endpoint``: a state file can outlive a `make run` that crashed."""
    parts = urllib.parse.urlsplit(endpoint)
    if not parts.hostname or not parts.port:
        return False
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


def _fail(message: str, *, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
