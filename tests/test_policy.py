"""Least privilege: each deployed stage's IAM policy allows exactly what the code calls, on that stage's resources.

The AWS operations are found by reading ``chalicelib/`` (without ``localdev``, which runs only on a
laptop): every ``<something>.<operation>(`` whose name is an operation of a service the code builds a
client for. A new call without its permission fails here, not in production at 3 a.m.; a permission the
code no longer needs fails here too.
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Iterator
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore import xform_name

from devtools.package import function_name

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "chalicelib"
LOCAL_ONLY = CODE / "localdev"
CONFIG = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
TABLE_SETTINGS = ("POSITIONS_TABLE", "INTERVIEWS_TABLE", "TOKENS_TABLE", "LEDGER_TABLE", "STATS_TABLE")
# Stages that deploy, each with its own policy file (local and test never reach AWS).
DEPLOYED = sorted(
    stage for stage, settings in CONFIG["stages"].items() if settings.get("iam_policy_file") == f"policy-{stage}.json"
)

# IAM prefixes that differ from boto3's service names.
IAM_PREFIX = {"sesv2": "ses", "cloudwatch": "cloudwatch"}
# Calls whose permission is not named after the operation.
SPECIAL = {
    # The resource's batch writer sends BatchWriteItem.
    "batch_writer": {"dynamodb:BatchWriteItem"},
}
# TransactWriteItems has no permission of its own: each item needs the permission of its kind.
TRANSACTION_ITEMS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
# Calls that share a name with an AWS operation but are not one (file, method): why.
NOT_AWS = {
    ("chalicelib/render.py", "get_template"): "Jinja2's Environment.get_template",
}
# What AWS itself does with the functions' role, not the code.
PLATFORM = {
    "logs:CreateLogStream": "Lambda writes the function's log",
    "logs:PutLogEvents": "Lambda writes the function's log",
    "sqs:ReceiveMessage": "the SQS event source polls the outbox as the consumer",
    "sqs:DeleteMessage": "the SQS event source deletes what the consumer handled",
    "sqs:GetQueueAttributes": "the SQS event source reads the queue's settings",
}
# SMS goes to phone numbers, which have no ARN: sns:Publish can only be scoped by excluding topics.
PHONE_NUMBERS_ONLY = "arn:aws:sns:*:*:*"


def sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(CODE.rglob("*.py")):
        if LOCAL_ONLY not in path.parents:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    yield from (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def services_used() -> set[str]:
    """Services the code builds clients for (``aws.client("ses")``), DynamoDB when it uses tables."""
    found: set[str] = set()
    for _, tree in sources():
        for call in calls(tree):
            # aws.client("ses") elsewhere; client("ssm") inside chalicelib/aws.py itself.
            if isinstance(call.func, ast.Attribute):
                name = call.func.attr
            elif isinstance(call.func, ast.Name):
                name = call.func.id
            else:
                continue
            if name in ("client", "resource") and call.args and isinstance(call.args[0], ast.Constant):
                found.add(str(call.args[0].value))
            if name in ("table", "Table"):
                found.add("dynamodb")
    return found


@functools.cache
def operations() -> dict[str, set[str]]:
    """``send_raw_email`` -> {``ses:SendRawEmail``} for every operation of every service the code uses."""
    session = botocore.session.get_session()
    found: dict[str, set[str]] = {}
    for service in sorted(services_used()):
        prefix = IAM_PREFIX.get(service, service)
        for operation in session.get_service_model(service).operation_names:
            found.setdefault(xform_name(operation), set()).add(f"{prefix}:{operation}")
    return found


@functools.cache
def actions_used() -> dict[str, set[str]]:
    """IAM action -> the ``file:line`` places that need it."""
    known = operations()
    kinds = transaction_item_kinds()
    needed: dict[str, set[str]] = {}
    for path, tree in sources():
        for call in calls(tree):
            if not isinstance(call.func, ast.Attribute):
                continue
            name = call.func.attr
            if name in ("get_paginator", "get_waiter") and call.args and isinstance(call.args[0], ast.Constant):
                name = str(call.args[0].value)
            if (str(path.relative_to(ROOT)), name) in NOT_AWS:
                continue
            if name == "transact_write_items":
                actions = {TRANSACTION_ITEMS[kind] for kind in kinds} or {"dynamodb:PutItem"}
            else:
                actions = SPECIAL.get(name) or known.get(name, set())
            if len(actions) > 1 and name not in SPECIAL and name != "transact_write_items":
                raise AssertionError(f"{path.name}:{call.lineno}: {name} is an operation of several services")
            for action in actions:
                needed.setdefault(action, set()).add(f"{path.relative_to(ROOT)}:{call.lineno}")
    return needed


def transaction_item_kinds() -> set[str]:
    """Kinds of transaction items the code builds (``{"Update": {...}}`` literals)."""
    kinds: set[str] = set()
    for _, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                kinds.update(
                    str(key.value)
                    for key in node.keys
                    if isinstance(key, ast.Constant) and key.value in TRANSACTION_ITEMS
                )
    return kinds


def policy(stage: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / ".chalice" / f"policy-{stage}.json").read_text(encoding="utf-8"))
    return data


def statements(stage: str) -> list[dict[str, Any]]:
    return list(policy(stage)["Statement"])


def as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def granted(stage: str) -> dict[str, list[dict[str, Any]]]:
    """Action -> the statements that allow it."""
    found: dict[str, list[dict[str, Any]]] = {}
    for statement in statements(stage):
        assert statement["Effect"] == "Allow", "deny statements would hide what is really granted"
        for action in as_list(statement["Action"]):
            found.setdefault(action, []).append(statement)
    return found


def resources(stage: str, action: str) -> set[str]:
    return {resource for statement in granted(stage)[action] for resource in as_list(statement.get("Resource"))}


def env(stage: str) -> dict[str, str]:
    merged: dict[str, str] = {
        **CONFIG.get("environment_variables", {}),
        **CONFIG["stages"][stage]["environment_variables"],
    }
    return merged


def template_resources() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((ROOT / "templates" / "resources.json").read_text(encoding="utf-8"))["Resources"]
    return found


def test_the_scan_finds_the_calls_the_code_is_known_to_make() -> None:
    used = actions_used()

    for action in ("ses:SendRawEmail", "sns:Publish", "sqs:SendMessage", "ssm:GetParameter", "dynamodb:Query"):
        assert action in used, f"the scan missed {action}: it would pass by finding nothing"


@pytest.mark.parametrize("stage", DEPLOYED)
def test_every_operation_the_code_calls_is_allowed(stage: str) -> None:
    missing = {action: sorted(places) for action, places in actions_used().items() if action not in granted(stage)}

    assert missing == {}, f"policy-{stage}.json lacks these (called at):"


@pytest.mark.parametrize("stage", DEPLOYED)
def test_nothing_is_allowed_that_neither_the_code_nor_lambda_uses(stage: str) -> None:
    unused = set(granted(stage)) - set(actions_used()) - set(PLATFORM)

    assert unused == set()


@pytest.mark.parametrize("stage", DEPLOYED)
def test_no_action_is_a_wildcard(stage: str) -> None:
    wild = [action for action in granted(stage) if "*" in action or "?" in action]

    assert wild == []


@pytest.mark.parametrize("stage", DEPLOYED)
def test_every_allowed_action_exists_in_iam(stage: str) -> None:
    # cfn-lint does not check role policies in SAM templates; its IAM reference still knows every action.
    from cfnlint.data import AdditionalSpecs
    from cfnlint.helpers import load_resource

    iam = load_resource(AdditionalSpecs, "Policies.json")
    unknown = [
        action
        for action in granted(stage)
        if action.split(":")[1].lower() not in iam.get(action.split(":")[0], {}).get("Actions", {})
    ]

    assert unknown == []


@pytest.mark.parametrize("stage", DEPLOYED)
def test_resources_are_named_except_where_aws_has_no_names(stage: str) -> None:
    for statement in statements(stage):
        if "NotResource" in statement:
            assert as_list(statement["Action"]) == ["sns:Publish"]
            assert statement["NotResource"] == PHONE_NUMBERS_ONLY
            assert "Resource" not in statement
            continue
        for resource in as_list(statement["Resource"]):
            assert resource != "*", f"{statement['Sid']} grants on every resource"
            assert resource.split(":")[5] not in ("", "*"), f"{statement['Sid']}: {resource} names no resource"


@pytest.mark.parametrize("stage", DEPLOYED)
def test_tables_are_this_stages_tables_and_only_they(stage: str) -> None:
    tables = [env(stage)[setting] for setting in TABLE_SETTINGS]
    indexed = {
        resource["Properties"]["TableName"]["Fn::Sub"].replace("${Stage}", stage)
        for resource in template_resources().values()
        if resource.get("Type") == "AWS::DynamoDB::Table" and resource["Properties"].get("GlobalSecondaryIndexes")
    }
    expected = {f"arn:aws:dynamodb:*:*:table/{table}" for table in tables} | {
        f"arn:aws:dynamodb:*:*:table/{table}/index/*" for table in tables if table in indexed
    }

    for action in granted(stage):
        if action.startswith("dynamodb:"):
            assert resources(stage, action) == expected, action


@pytest.mark.parametrize("stage", DEPLOYED)
def test_the_outbox_is_the_only_queue(stage: str) -> None:
    outbox = template_resources()["OutboxQueue"]["Properties"]["QueueName"]

    for action in granted(stage):
        if action.startswith("sqs:"):
            assert resources(stage, action) == {f"arn:aws:sqs:*:*:{outbox}"}, action


@pytest.mark.parametrize("stage", DEPLOYED)
def test_mail_goes_only_from_the_stages_sender_and_through_its_configuration_set(stage: str) -> None:
    configuration_set = template_resources()["MailConfigurationSet"]["Properties"]["Name"]["Fn::Sub"]
    sender = parseaddr(env(stage)["SENDER_EMAIL"])[1]

    for action in granted(stage):
        if action.startswith("ses:"):
            assert resources(stage, action) == {
                "arn:aws:ses:*:*:identity/*",
                "arn:aws:ses:*:*:configuration-set/" + configuration_set.replace("${Stage}", stage),
            }
            for statement in granted(stage)[action]:
                assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": sender}}


@pytest.mark.parametrize("stage", DEPLOYED)
def test_the_only_parameter_is_the_stages_link_secret(stage: str) -> None:
    name = env(stage)["LINK_SECRET_PARAMETER"]

    assert resources(stage, "ssm:GetParameter") == {f"arn:aws:ssm:*:*:parameter{name}"}


@pytest.mark.parametrize("stage", DEPLOYED)
def test_logs_go_only_to_the_stages_function_log_groups(stage: str) -> None:
    prefix = function_name(stage, "")

    for action in granted(stage):
        if action.startswith("logs:"):
            assert resources(stage, action) == {f"arn:aws:logs:*:*:log-group:/aws/lambda/{prefix}*:*"}


def test_every_exception_to_the_scan_still_names_a_call() -> None:
    present = {
        (str(path.relative_to(ROOT)), call.func.attr)
        for path, tree in sources()
        for call in calls(tree)
        if isinstance(call.func, ast.Attribute)
    }

    assert set(NOT_AWS) <= present


def test_no_code_path_scans_a_table() -> None:
    scans = {action: places for action, places in actions_used().items() if action == "dynamodb:Scan"}

    assert scans == {}
