"""Least privilege: each deployed function's own IAM policy allows exactly what its code calls, on that
stage's resources, and what Lambda itself does with the function's role.

What a function's code calls is read from the code (tests/support/reach.py): its handlers, followed through
the composition root into the repositories and adapters they build. A new call without its permission
fails here, not in production at 3 a.m.; a permission the code no longer needs fails here too, and so
does one function borrowing another's rights (the API sending mail, a consumer reading tokens).
"""

from __future__ import annotations

import ast
import json
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import pytest

from devtools.package import function_name
from tests.support import reach

ROOT = Path(__file__).resolve().parent.parent
CHALICE_DIR = ROOT / ".chalice"
CONFIG = json.loads((CHALICE_DIR / "config.json").read_text(encoding="utf-8"))
TEMPLATE = json.loads((ROOT / "templates" / "resources.json").read_text(encoding="utf-8"))["Resources"]
# Stages that deploy: their functions each name a policy file (local and test never reach AWS).
DEPLOYED = sorted(
    stage
    for stage, settings in CONFIG["stages"].items()
    if any("iam_policy_file" in function for function in settings.get("lambda_functions", {}).values())
)
FUNCTIONS = sorted(reach.deployed_functions())
EVERY = [(stage, function) for stage in DEPLOYED for function in FUNCTIONS]
# SMS goes to phone numbers, which have no ARN: sns:Publish can only be scoped by excluding topics.
PHONE_NUMBERS_ONLY = "arn:aws:sns:*:*:*"
NOT_RESOURCE = "not "
# X-Ray's trace calls take no resource.
TRACES = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")
# What Lambda itself does with a function's role, by what triggers the function: the documented
# allow-list beyond the code's own calls. Lambda writes every function's log (and traces).
BY_TRIGGER: dict[str, dict[str, str]] = {
    "api": {},
    "authorizer": {},
    # The SQS event source polls the queue as the consumer, deletes what it handled, reads its settings.
    "SQSEventConfig": {"sqs:ReceiveMessage": "queue", "sqs:DeleteMessage": "queue", "sqs:GetQueueAttributes": "queue"},
    # An asynchronous invocation that failed every try goes to the function's dead-letter queue.
    "SNSEventConfig": {"sqs:SendMessage": "failed-events"},
    "ScheduledEventConfig": {"sqs:SendMessage": "failed-events"},
    "CloudWatchEventConfig": {"sqs:SendMessage": "failed-events"},
    # The stream event source reads the table's stream as the consumer, and describes a batch that
    # failed every retry on its on-failure destination.
    "DynamoDBEventConfig": {
        "dynamodb:DescribeStream": "stream",
        "dynamodb:GetRecords": "stream",
        "dynamodb:GetShardIterator": "stream",
        "dynamodb:ListStreams": "stream",
        "sqs:SendMessage": "failed-events",
    },
}
# Calls each function is known to make: the scan would pass by finding nothing without them.
KNOWN = {
    "api_handler": {"dynamodb:Query", "dynamodb:PutItem", "ssm:GetParameter"},
    "hr_token": {"dynamodb:GetItem"},
    "send_notices": {"ses:SendRawEmail", "sns:Publish", "sqs:ChangeMessageVisibility"},
    "ses_events": {"dynamodb:PutItem", "ses:SendEmail"},
    "interview_changes": {"dynamodb:PutItem", "dynamodb:UpdateItem", "sqs:SendMessage"},
    "position_changes": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"},
    "send_reminders": {"dynamodb:Query", "sqs:SendMessage"},
    "send_day_of_reminders": {"dynamodb:Query", "dynamodb:PutItem", "sqs:SendMessage"},
    # Ends the holds that ran out and offers their seats: transactions over interviews and slots.
    "expire_offers": {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"},
    # Finds the sender's interviews by number, answers by text, sets aside what it cannot read.
    "sms_inbound": {"dynamodb:Query", "dynamodb:PutItem", "sns:Publish", "sqs:SendMessage"},
    "check_weather": {"dynamodb:Query", "sqs:SendMessage"},
    "send_hr_digest": {"dynamodb:Query", "ses:SendEmail"},
    "send_monthly_report": {"dynamodb:Query", "ses:SendEmail"},
    "learn_no_show_model": {"dynamodb:Query", "dynamodb:PutItem"},
    # Books an import's rows: reads the chunk, writes the interviews, adds the chunk's progress.
    "import_rows": {"dynamodb:GetItem", "dynamodb:UpdateItem"},
}

# The queue each SQS consumer reads, when it is not the outbox.
CONSUMES = {"import_rows": "ImportsQueue"}


def stage_settings(stage: str) -> dict[str, Any]:
    found: dict[str, Any] = CONFIG["stages"][stage]
    return found


def env(stage: str) -> dict[str, str]:
    return {**CONFIG.get("environment_variables", {}), **stage_settings(stage)["environment_variables"]}


def policy_file(stage: str, function: str) -> str:
    return str(stage_settings(stage)["lambda_functions"][function]["iam_policy_file"])


def statements(stage: str, function: str) -> list[dict[str, Any]]:
    document = json.loads((CHALICE_DIR / policy_file(stage, function)).read_text(encoding="utf-8"))
    return list(document["Statement"])


def as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def granted(stage: str, function: str) -> dict[str, set[str]]:
    """Action -> the resources the function's policy allows it on (``not <arn>`` for a NotResource)."""
    found: dict[str, set[str]] = {}
    for statement in statements(stage, function):
        assert statement["Effect"] == "Allow", "deny statements would hide what is really granted"
        scope = as_list(statement.get("Resource")) + [NOT_RESOURCE + r for r in as_list(statement.get("NotResource"))]
        for action in as_list(statement["Action"]):
            found.setdefault(action, set()).update(scope)
    return found


def named(resource: str, stage: str) -> str:
    """A template resource's name as deployed in ``stage``."""
    properties = TEMPLATE[resource]["Properties"]
    value = properties.get("QueueName") or properties.get("Name") or properties["TableName"]
    return str(value["Fn::Sub"] if isinstance(value, dict) else value).replace("${Stage}", stage)


def indexed_tables(stage: str) -> set[str]:
    return {
        named(logical_id, stage)
        for logical_id, resource in TEMPLATE.items()
        if resource.get("Type") == "AWS::DynamoDB::Table" and resource["Properties"].get("GlobalSecondaryIndexes")
    }


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:*:*:{name}"


def code_resources(stage: str, function: str, action: str) -> set[str]:
    """Where the function's code may make this call: the stage's own resources it reaches."""
    code = reach.function_reach(function)
    service = action.split(":")[0]
    if service == "dynamodb":
        tables = {env(stage)[setting] for setting in code.tables()}
        indexes = (
            {f"{table}/index/*" for table in tables & indexed_tables(stage)} if action == "dynamodb:Query" else set()
        )
        return {f"arn:aws:dynamodb:*:*:table/{name}" for name in tables | indexes}
    if service == "sqs":
        # What a consumer cannot read it sets aside in the failed-events queue itself.
        attributes = code.attributes()
        queues = {*(["FailedEventsQueue"] if "failed_events_queue" in attributes else [])}
        # The outbox, unless the code reaches only the imports queue (an import's chunks, no notice).
        if "outbox_queue" in attributes or "imports_queue" not in attributes:
            queues.add("OutboxQueue")
        if "imports_queue" in attributes:
            queues.add("ImportsQueue")
        return {queue_arn(named(queue, stage)) for queue in queues}
    if service == "ses":
        # Mail through the configuration set (notices) is authorized on it too; HR's plain mail is not.
        sets = {f"arn:aws:ses:*:*:configuration-set/{named('MailConfigurationSet', stage)}"}
        return {"arn:aws:ses:*:*:identity/*"} | (sets if "ses_configuration_set" in code.attributes() else set())
    if service == "sns":
        return {NOT_RESOURCE + PHONE_NUMBERS_ONLY}
    if service == "ssm":
        # The link secret, and the web hook sources' secrets where the function receives deliveries.
        parameters = ["LINK_SECRET_PARAMETER"] + (
            ["HOOK_SECRETS_PARAMETER"] if "hook_secrets_parameter" in code.attributes() else []
        )
        return {f"arn:aws:ssm:*:*:parameter{env(stage)[name]}" for name in parameters}
    raise AssertionError(f"{function} calls {action}: say here on which of the stage's resources")


def platform_resources(stage: str, function: str) -> dict[str, set[str]]:
    """What Lambda itself does with the function's role (the allow-list beyond the code)."""
    trigger = reach.deployed_functions()[function][0]
    assert trigger in BY_TRIGGER, f"{function} is triggered by {trigger}: add what Lambda needs for it to BY_TRIGGER"
    log_group = f"arn:aws:logs:*:*:log-group:/aws/lambda/{function_name(stage, function)}:*"
    found = {"logs:CreateLogStream": {log_group}, "logs:PutLogEvents": {log_group}}
    if stage_settings(stage).get("xray"):
        found.update({action: {"*"} for action in TRACES})
    places = {
        "queue": queue_arn(named(CONSUMES.get(function, "OutboxQueue"), stage)),
        "failed-events": queue_arn(named("FailedEventsQueue", stage)),
        "stream": f"arn:aws:dynamodb:*:*:table/{streamed_table(stage, function)}/stream/*",
    }
    found.update({action: {places[place]} for action, place in BY_TRIGGER[trigger].items()})
    return found


def streamed_table(stage: str, function: str) -> str | None:
    """The table whose stream ``function`` reads in ``stage`` (None for a function that reads none)."""
    from app import app
    from chalicelib.localdev.streams import stream_consumers

    settings = {consumer.function: consumer.setting for consumer in stream_consumers(app)}
    return env(stage)[settings[function].upper()] if function in settings else None


def expected(stage: str, function: str) -> dict[str, set[str]]:
    found = platform_resources(stage, function)
    for action in reach.function_reach(function).actions():
        found.setdefault(action, set()).update(code_resources(stage, function, action))
    return found


def test_the_scan_finds_the_calls_each_function_is_known_to_make() -> None:
    for function, actions in KNOWN.items():
        assert actions <= set(reach.function_reach(function).actions()), f"the scan missed calls of {function}"


def test_every_deployed_function_has_its_own_policy_file_and_every_file_a_function() -> None:
    assert DEPLOYED and set(KNOWN) == set(FUNCTIONS)
    for stage in DEPLOYED:
        configured = stage_settings(stage)["lambda_functions"]
        assert "iam_policy_file" not in stage_settings(stage), "a stage-wide policy would be shared by every role"
        assert set(configured) == set(FUNCTIONS), stage
        assert {policy_file(stage, f) for f in FUNCTIONS} == {f"policy-{stage}-{f}.json" for f in FUNCTIONS}
    on_disk = {path.name for path in CHALICE_DIR.glob("policy-*.json")}
    assert on_disk == {policy_file(stage, function) for stage, function in EVERY}


@pytest.mark.parametrize(("stage", "function"), EVERY)
def test_each_function_is_allowed_exactly_what_it_calls_and_what_lambda_does_for_it(stage: str, function: str) -> None:
    places = reach.function_reach(function).actions()
    allowed, needed = granted(stage, function), expected(stage, function)

    missing = {action: sorted(places.get(action, ["platform"])) for action in needed if action not in allowed}
    assert missing == {}, f"{policy_file(stage, function)} lacks these (called at):"
    assert allowed == needed, f"{policy_file(stage, function)} differs from what {function} needs"


@pytest.mark.parametrize("stage", DEPLOYED)
def test_the_api_can_neither_mail_nor_text(stage: str) -> None:
    for function in ("api_handler", "hr_token"):
        assert not [a for a in granted(stage, function) if a.startswith(("ses:", "sns:"))], function


@pytest.mark.parametrize("stage", DEPLOYED)
def test_no_consumer_or_job_can_touch_the_tokens(stage: str) -> None:
    tokens = f"arn:aws:dynamodb:*:*:table/{env(stage)['TOKENS_TABLE']}"
    triggered = [f for f in FUNCTIONS if reach.deployed_functions()[f][0] not in ("api", "authorizer")]

    assert triggered
    for function in triggered:
        assert not any(tokens in resources for resources in granted(stage, function).values()), function
    assert set(granted(stage, "hr_token")) >= {"dynamodb:GetItem"}


@pytest.mark.parametrize(("stage", "function"), EVERY)
def test_no_action_is_a_wildcard_and_every_one_exists_in_iam(stage: str, function: str) -> None:
    # cfn-lint does not check role policies in SAM templates; its IAM reference still knows every action.
    from cfnlint.data import AdditionalSpecs
    from cfnlint.helpers import load_resource

    iam = load_resource(AdditionalSpecs, "Policies.json")
    actions = list(granted(stage, function))

    assert [action for action in actions if "*" in action or "?" in action] == []
    assert [a for a in actions if a.split(":")[1].lower() not in iam.get(a.split(":")[0], {}).get("Actions", {})] == []


@pytest.mark.parametrize(("stage", "function"), EVERY)
def test_resources_are_named_except_where_aws_has_no_names(stage: str, function: str) -> None:
    for statement in statements(stage, function):
        if "NotResource" in statement:
            assert as_list(statement["Action"]) == ["sns:Publish"]
            assert statement["NotResource"] == PHONE_NUMBERS_ONLY
            assert "Resource" not in statement
            continue
        for resource in as_list(statement["Resource"]):
            if resource == "*":
                assert set(as_list(statement["Action"])) <= set(TRACES), f"{statement['Sid']} grants on everything"
                continue
            assert resource.split(":")[5] not in ("", "*"), f"{statement['Sid']}: {resource} names no resource"


@pytest.mark.parametrize(("stage", "function"), EVERY)
def test_mail_goes_only_from_the_stages_sender(stage: str, function: str) -> None:
    sender = parseaddr(env(stage)["SENDER_EMAIL"])[1]

    for statement in statements(stage, function):
        if any(action.startswith("ses:") for action in as_list(statement["Action"])):
            assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": sender}}
        else:
            assert "Condition" not in statement


def test_every_exception_to_the_scan_still_names_a_call() -> None:
    present = {
        (module.relative, node.attr)
        for module in reach.modules().values()
        for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
    }

    assert set(reach.NOT_AWS) <= present


def test_no_code_path_scans_a_table() -> None:
    scans = {
        f: places for f in FUNCTIONS for a, places in reach.function_reach(f).actions().items() if a == "dynamodb:Scan"
    }

    assert scans == {}
