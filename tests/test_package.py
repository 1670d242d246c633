"""The deployable package: ``python -m devtools.package --stage prod`` builds one SAM template that cfn-lint
accepts, with every resource the code expects, named as the functions' environment names them.

Packaging runs ``chalice package`` (twice) once per test session; it needs no AWS account, only the
package index for Lambda's wheels the first time. Where that is out of reach, set
``SHOWUP_SKIP_PACKAGE=1`` to skip these tests (and only these). The infrastructure scan (checkov, from
its own virtualenv, see requirements-scan.txt) runs on the same package. One module, longer than most,
because every test here reads the one packaged template, built once per session.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from chalicelib.settings import OUTBOX_DLQ, OUTBOX_QUEUE, SES_EVENTS_TOPIC, SMS_INBOUND_TOPIC, Settings
from devtools import package as packaging
from devtools.resources import TTL_ATTRIBUTES, table_specs

ROOT = Path(__file__).resolve().parent.parent
CONFIG = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
STAGE = "prod"
STAGE_ENV = {**CONFIG["environment_variables"], **CONFIG["stages"][STAGE]["environment_variables"]}
# The scanner, as `make setup` installs it; CHECKOV names another one.
CHECKOV = Path(os.environ.get("CHECKOV", ROOT / ".venv" / "scan" / "bin" / "checkov"))
# cfn-lint checks availability per region: SES and every other service used exist in these.
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"]
SQS_VISIBILITY_PER_TIMEOUT = 6
ERROR_CODES = {
    "UNAUTHORIZED": (401, "unauthorized"),
    "ACCESS_DENIED": (403, "forbidden"),
    "MISSING_AUTHENTICATION_TOKEN": (404, "not_found"),
    "THROTTLED": (429, "throttled"),
    "REQUEST_TOO_LARGE": (413, "payload_too_large"),
    "DEFAULT_4XX": (None, "bad_request"),
    "DEFAULT_5XX": (None, "internal"),
}


@pytest.fixture(scope="session")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``build/prod`` as ``make package STAGE=prod`` makes it, built once per session in a scratch directory."""
    if os.environ.get("SHOWUP_SKIP_PACKAGE") == "1":
        pytest.skip("SHOWUP_SKIP_PACKAGE=1: no package index to build Lambda's wheels from")
    return packaging.package(STAGE, build_dir=tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def template(packaged: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((packaged / "sam.json").read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="session")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = template["Resources"]
    return found


def of_type(resources: dict[str, Any], kind: str) -> dict[str, Any]:
    return {name: resource for name, resource in resources.items() if resource["Type"] == kind}


def functions(resources: dict[str, Any]) -> dict[str, Any]:
    return of_type(resources, "AWS::Serverless::Function")


def named(value: Any) -> str:
    """A name as deployed: ``{"Fn::Sub": "showup-${Stage}-x"}`` in this stage, or the plain string."""
    if isinstance(value, dict):
        return str(value["Fn::Sub"]).replace("${Stage}", STAGE)
    return str(value)


def tables(resources: dict[str, Any]) -> dict[str, Any]:
    return {named(t["Properties"]["TableName"]): t for t in of_type(resources, "AWS::DynamoDB::Table").values()}


def lint(path: Path) -> list[Any]:
    from cfnlint.api import ManualArgs, lint_file

    return list(lint_file(path, config=ManualArgs(regions=REGIONS)))


def test_cfn_lint_finds_nothing_in_the_packaged_template(packaged: Path) -> None:
    found = [f"{m.rule.id} {m.message} (line {m.linenumber})" for m in lint(packaged / "sam.json")]

    assert [m for m in found if m[0] in "EW"] == []


def test_cfn_lint_would_notice_a_broken_template(packaged: Path, tmp_path: Path) -> None:
    broken = json.loads((packaged / "sam.json").read_text(encoding="utf-8"))
    broken["Resources"]["OutboxQueue"]["Properties"]["VisibilityTimeout"] = "three minutes"
    (tmp_path / "sam.json").write_text(json.dumps(broken), encoding="utf-8")

    assert any(match.rule.id.startswith("E") for match in lint(tmp_path / "sam.json"))


def test_every_table_is_the_one_the_functions_and_the_local_stack_use(resources: dict[str, Any]) -> None:
    settings = Settings.from_env(STAGE_ENV)
    deployed = tables(resources)

    assert set(deployed) == {spec["TableName"] for spec in table_specs(settings)}
    for spec in table_specs(settings):
        table = deployed[spec["TableName"]]["Properties"]
        assert table["KeySchema"] == spec["KeySchema"]
        assert table["BillingMode"] == "PAY_PER_REQUEST"
        indexes = {index["IndexName"]: index for index in table.get("GlobalSecondaryIndexes", [])}
        for index in spec.get("GlobalSecondaryIndexes", []):
            assert indexes[index["IndexName"]]["KeySchema"] == index["KeySchema"]
        defined = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
        assert defined.items() >= {a["AttributeName"]: a["AttributeType"] for a in spec["AttributeDefinitions"]}.items()
        # The same stream, locally as deployed: the stream consumer reads old and new images.
        local_stream = spec.get("StreamSpecification", {}).get("StreamViewType")
        assert table.get("StreamSpecification", {}).get("StreamViewType") == local_stream
    for function in functions(resources).values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert {variables[name] for name in variables if name.endswith("_TABLE")} == set(deployed)


def test_every_table_is_recoverable_encrypted_and_kept_on_rollback(resources: dict[str, Any]) -> None:
    for name, table in tables(resources).items():
        properties = table["Properties"]
        assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, name
        assert properties["SSESpecification"] == {"SSEEnabled": True}, name
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain", name


def test_candidate_data_and_ledger_claims_expire(resources: dict[str, Any]) -> None:
    settings = Settings.from_env(STAGE_ENV)
    expiring = {getattr(settings, setting): attribute for setting, attribute in TTL_ATTRIBUTES.items()}

    found = {
        name: table["Properties"]["TimeToLiveSpecification"]["AttributeName"]
        for name, table in tables(resources).items()
        if table["Properties"].get("TimeToLiveSpecification", {}).get("Enabled")
    }

    assert (
        found
        == expiring
        == {
            STAGE_ENV["INTERVIEWS_TABLE"]: "expires_at",
            STAGE_ENV["LEDGER_TABLE"]: "expires_at",
            STAGE_ENV["TIMELINE_TABLE"]: "expires_at",
            STAGE_ENV["IMPORTS_TABLE"]: "expires_at",
        }
    )


def test_interviews_are_found_by_day_and_by_candidate_email_or_phone_without_a_scan(resources: dict[str, Any]) -> None:
    interviews = tables(resources)[STAGE_ENV["INTERVIEWS_TABLE"]]["Properties"]
    indexes = {index["IndexName"]: index for index in interviews["GlobalSecondaryIndexes"]}

    assert indexes["by_local_date"]["KeySchema"] == [
        {"AttributeName": "local_date", "KeyType": "HASH"},
        {"AttributeName": "start_key", "KeyType": "RANGE"},
    ]
    assert indexes["by_candidate"]["KeySchema"] == [{"AttributeName": "candidate_key", "KeyType": "HASH"}]
    assert indexes["by_candidate"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert indexes["by_phone"]["KeySchema"] == [{"AttributeName": "phone_key", "KeyType": "HASH"}]
    assert indexes["by_phone"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    positions = tables(resources)[STAGE_ENV["POSITIONS_TABLE"]]["Properties"]
    assert [index["IndexName"] for index in positions["GlobalSecondaryIndexes"]] == ["by_created"]


def test_the_outbox_outlasts_its_consumer_and_gives_up_into_the_dead_letter_queue(resources: dict[str, Any]) -> None:
    queues = {
        named(q["Properties"]["QueueName"]): (name, q) for name, q in of_type(resources, "AWS::SQS::Queue").items()
    }
    outbox_id, outbox = queues[OUTBOX_QUEUE]
    dlq_id, _ = queues[OUTBOX_DLQ]
    consumer = resources["SendNotices"]
    (event,) = consumer["Properties"]["Events"].values()

    assert event["Type"] == "SQS"
    assert event["Properties"]["Queue"]["Fn::Sub"].endswith(f":{OUTBOX_QUEUE}")
    assert outbox_id in consumer["DependsOn"]
    assert outbox["Properties"]["VisibilityTimeout"] >= SQS_VISIBILITY_PER_TIMEOUT * consumer["Properties"]["Timeout"]
    assert outbox["Properties"]["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
        "maxReceiveCount": int(STAGE_ENV["OUTBOX_MAX_RECEIVES"]),
    }


def test_the_notice_sender_is_held_to_what_ses_accepts(resources: dict[str, Any]) -> None:
    consumer = resources["SendNotices"]["Properties"]
    (event,) = consumer["Events"].values()

    assert 2 <= consumer["ReservedConcurrentExecutions"] <= 5
    assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] == consumer["ReservedConcurrentExecutions"]
    assert event["Properties"]["BatchSize"] == 1


def test_ses_publishes_bounces_complaints_and_deliveries_to_the_consumers_topic(resources: dict[str, Any]) -> None:
    topics = {t["Properties"]["TopicName"]: name for name, t in of_type(resources, "AWS::SNS::Topic").items()}
    topic_id = topics[SES_EVENTS_TOPIC]
    consumer = resources["SesEvents"]
    (event,) = consumer["Properties"]["Events"].values()
    (destination,) = of_type(resources, "AWS::SES::ConfigurationSetEventDestination").values()
    (configuration_set_id,) = of_type(resources, "AWS::SES::ConfigurationSet")
    (topic_policy,) = [p for p in of_type(resources, "AWS::SNS::TopicPolicy").values() if grants_to(p, topic_id)]
    (grant,) = topic_policy["Properties"]["PolicyDocument"]["Statement"]

    assert event["Type"] == "SNS" and event["Properties"]["Topic"]["Fn::Sub"].endswith(f":{SES_EVENTS_TOPIC}")
    assert topic_id in consumer["DependsOn"]
    assert destination["Properties"]["ConfigurationSetName"] == {"Ref": configuration_set_id}
    assert destination["Properties"]["EventDestination"]["Enabled"] is True
    assert destination["Properties"]["EventDestination"]["SnsDestination"] == {"TopicARN": {"Ref": topic_id}}
    assert set(destination["Properties"]["EventDestination"]["MatchingEventTypes"]) == {
        "bounce",
        "complaint",
        "delivery",
    }
    assert grant["Principal"] == {"Service": "ses.amazonaws.com"} and grant["Action"] == "sns:Publish"
    assert topic_policy["Properties"]["Topics"] == [{"Ref": topic_id}]


def grants_to(topic_policy: dict[str, Any], topic_id: str) -> bool:
    return bool(topic_policy["Properties"]["Topics"] == [{"Ref": topic_id}])


def test_texts_candidates_send_reach_the_inbound_consumer_through_its_topic(resources: dict[str, Any]) -> None:
    topics = {t["Properties"]["TopicName"]: name for name, t in of_type(resources, "AWS::SNS::Topic").items()}
    topic_id = topics[SMS_INBOUND_TOPIC]
    consumer = resources["SmsInbound"]
    (event,) = consumer["Properties"]["Events"].values()
    (topic_policy,) = [p for p in of_type(resources, "AWS::SNS::TopicPolicy").values() if grants_to(p, topic_id)]
    (grant,) = topic_policy["Properties"]["PolicyDocument"]["Statement"]

    assert event["Type"] == "SNS" and event["Properties"]["Topic"]["Fn::Sub"].endswith(f":{SMS_INBOUND_TOPIC}")
    assert topic_id in consumer["DependsOn"]
    # Only End User Messaging SMS, for this account's numbers, may publish texts to it.
    assert grant["Principal"] == {"Service": "sms-voice.amazonaws.com"} and grant["Action"] == "sns:Publish"
    assert grant["Condition"]["StringEquals"] == {"AWS:SourceAccount": {"Ref": "AWS::AccountId"}}
    assert consumer["Properties"]["DeadLetterQueue"]["TargetArn"] == {
        "Fn::GetAtt": [packaging.FAILED_EVENTS_QUEUE, "Arn"]
    }


def test_every_function_knows_the_configuration_set_and_the_link_secret(resources: dict[str, Any]) -> None:
    (configuration_set_id,) = of_type(resources, "AWS::SES::ConfigurationSet")

    for name, function in functions(resources).items():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["SES_CONFIGURATION_SET"] == {"Ref": configuration_set_id}, name
        assert variables["LINK_SECRET_PARAMETER"] == f"/showup/{STAGE}/link-secret", name


def test_functions_that_build_links_know_the_apis_public_url(resources: dict[str, Any]) -> None:
    behind_api = {"APIHandler", "HrToken"}

    for name, function in functions(resources).items():
        variables = function["Properties"]["Environment"]["Variables"]
        if name in behind_api:
            # The API's definition refers to these functions: a reference back would be circular.
            assert "PUBLIC_BASE_URL" not in variables, name
            continue
        url = variables["PUBLIC_BASE_URL"]["Fn::If"]
        assert url[0] == "HasPublicBaseUrl" and url[1] == {"Ref": "PublicBaseUrl"}
        assert url[2] == {"Fn::Sub": "https://${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/api"}


def test_every_function_has_its_configured_limits_its_name_and_a_log_group(resources: dict[str, Any]) -> None:
    configured = CONFIG["stages"][STAGE]["lambda_functions"]
    log_groups = {
        named(group["Properties"]["LogGroupName"]): name
        for name, group in of_type(resources, "AWS::Logs::LogGroup").items()
    }

    assert {"APIHandler", "HrToken", "SendNotices", "SesEvents"} <= set(functions(resources))
    for name, function in functions(resources).items():
        properties = function["Properties"]
        chalice_name = packaging.chalice_function(function)
        assert properties["FunctionName"] == f"showup-{STAGE}-{chalice_name}"
        assert properties["Timeout"] == configured[chalice_name]["lambda_timeout"], name
        assert properties["MemorySize"] == configured[chalice_name]["lambda_memory_size"], name
        group = log_groups[f"/aws/lambda/{properties['FunctionName']}"]
        assert group in function["DependsOn"]
        assert resources[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_the_api_is_throttled_and_never_logs_bodies(resources: dict[str, Any]) -> None:
    (settings,) = resources["RestAPI"]["Properties"]["MethodSettings"]

    assert (settings["ResourcePath"], settings["HttpMethod"]) == ("/*", "*")
    assert settings["ThrottlingRateLimit"] > 0 and settings["ThrottlingBurstLimit"] >= settings["ThrottlingRateLimit"]
    # Full request logging would copy candidates' data into the execution log.
    assert settings["DataTraceEnabled"] is False


def test_the_gateways_own_errors_have_the_api_error_shape(resources: dict[str, Any]) -> None:
    responses = resources["RestAPI"]["Properties"]["GatewayResponses"]

    assert set(responses) == set(ERROR_CODES)
    for kind, (status, code) in ERROR_CODES.items():
        template = responses[kind]["ResponseTemplates"]["application/json"]
        # What API Gateway substitutes: messageString arrives quoted and escaped, requestId bare.
        body = json.loads(
            template.replace("$context.error.messageString", '"Unauthorized"').replace("$context.requestId", "c0ffee")
        )
        assert set(body) == {"error", "message"} and body["error"] == code, kind
        assert responses[kind].get("StatusCode") == status, kind


def test_the_stage_cannot_be_deployed_under_another_name(template: dict[str, Any]) -> None:
    assert template["Parameters"]["Stage"]["AllowedValues"] == [STAGE]
    assert template["Parameters"]["Stage"]["Default"] == STAGE


def test_the_zip_holds_every_pinned_requirement_built_for_lambda(packaged: Path) -> None:
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    with zipfile.ZipFile(packaged / "deployment.zip") as archive:
        names = archive.namelist()
    installed = {
        re.sub(r"[-_.]+", "_", match.group(1)).lower(): match.group(2)
        for name in names
        if (match := re.match(r"([^/]+)-([^-/]+)\.dist-info/METADATA$", name))
    }

    assert {
        re.sub(r"[-_.]+", "_", name).lower(): version for name, version in pins.items()
    }.items() <= installed.items()
    assert any(re.match(r"pydantic_core/_pydantic_core\.cpython-311-x86_64-linux-gnu\.so$", n) for n in names)
    assert "app.py" in names and "chalicelib/templates/email/en/notice.html" in names
    assert not any(n.startswith(("boto3/", "botocore/", "tests/", "devtools/")) for n in names)


def triggers(function: dict[str, Any]) -> set[str]:
    return {event["Type"] for event in function["Properties"].get("Events", {}).values()}


def alarms(resources: dict[str, Any]) -> list[dict[str, Any]]:
    return [alarm["Properties"] for alarm in of_type(resources, "AWS::CloudWatch::Alarm").values()]


def waivers(resource: dict[str, Any]) -> dict[str, str]:
    """Scan checks waived for this one resource, with their reasons."""
    return {skip["id"]: skip["comment"] for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])}


def test_every_asynchronous_function_sets_what_failed_every_try_aside(resources: dict[str, Any]) -> None:
    failed_events = resources[packaging.FAILED_EVENTS_QUEUE]["Properties"]
    asynchronous = {n: f for n, f in functions(resources).items() if triggers(f) & packaging.ASYNC_EVENTS}

    assert set(asynchronous) == {
        "SesEvents",
        "SmsInbound",
        "SendReminders",
        "SendDayOfReminders",
        "ExpireOffers",
        "CheckWeather",
        "SendHrDigest",
        "SendMonthlyReport",
        "LearnNoShowModel",
    }
    for name, function in asynchronous.items():
        assert function["Properties"]["DeadLetterQueue"] == {
            "Type": "SQS",
            "TargetArn": {"Fn::GetAtt": [packaging.FAILED_EVENTS_QUEUE, "Arn"]},
        }, name
    # Lambda's own retries happen first: the queue keeps what is left for the SQS maximum of 14 days.
    assert failed_events["MessageRetentionPeriod"] == 14 * 24 * 3600
    assert named(failed_events["QueueName"]) == f"showup-{STAGE}-failed-events"


def test_functions_without_a_dead_letter_queue_say_where_their_failures_go(resources: dict[str, Any]) -> None:
    for name, function in functions(resources).items():
        if "DeadLetterQueue" in function["Properties"]:
            assert packaging.DLQ_CHECK not in waivers(function), name
            continue
        # Behind the API (no trigger of its own), polling a queue whose redrive policy is its dead-letter
        # queue, or reading a stream whose event source sets failing batches aside.
        assert triggers(function) <= {"SQS"} or triggers(function) == {"DynamoDB"}, name
        assert len(waivers(function)[packaging.DLQ_CHECK]) > 40, name
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] == "DynamoDB":
                on_failure = event["Properties"]["DestinationConfig"]["OnFailure"]
                assert on_failure["Destination"] == {"Fn::GetAtt": [packaging.FAILED_EVENTS_QUEUE, "Arn"]}, name


def test_every_queue_is_encrypted(resources: dict[str, Any]) -> None:
    queues = of_type(resources, "AWS::SQS::Queue")

    assert len(queues) == 5
    for name, queue in queues.items():
        properties = queue["Properties"]
        assert properties.get("SqsManagedSseEnabled") is True or "KmsMasterKeyId" in properties, name


def test_every_dead_letter_queue_and_asynchronous_function_raises_an_alarm(resources: dict[str, Any]) -> None:
    watched_queues = {
        alarm["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for alarm in alarms(resources)
        if alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"
        and (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")
    }
    watched_functions = {
        named(alarm["Dimensions"][0]["Value"])
        for alarm in alarms(resources)
        if (alarm.get("Namespace"), alarm.get("MetricName")) == ("AWS/Lambda", "Errors")
    }
    dead_letter_queues = {
        queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        for queue in of_type(resources, "AWS::SQS::Queue").values()
        if "RedrivePolicy" in queue["Properties"]
    } | {packaging.FAILED_EVENTS_QUEUE}
    asynchronous = {f["Properties"]["FunctionName"] for f in functions(resources).values() if triggers(f)}

    expected = {"OutboxDeadLetterQueue", "ImportsDeadLetterQueue", packaging.FAILED_EVENTS_QUEUE}
    assert dead_letter_queues == expected <= watched_queues
    assert len(asynchronous) == 13 and asynchronous <= watched_functions
    for alarm in alarms(resources):
        # What it means and what to do, for whoever the alarm wakes.
        assert len(alarm["AlarmDescription"]) > 100, alarm["AlarmName"]


def test_each_function_has_a_role_of_its_own_with_its_own_policy(resources: dict[str, Any]) -> None:
    configured = CONFIG["stages"][STAGE]["lambda_functions"]
    roles = {name: function["Properties"]["Role"]["Fn::GetAtt"][0] for name, function in functions(resources).items()}

    assert len(set(roles.values())) == len(roles)
    for name, role in roles.items():
        chalice_name = packaging.chalice_function(resources[name])
        (policy,) = resources[role]["Properties"]["Policies"]
        written = json.loads((ROOT / ".chalice" / configured[chalice_name]["iam_policy_file"]).read_text())
        assert policy["PolicyDocument"] == written, name


def test_every_function_is_traced_and_held_to_its_reserved_concurrency(resources: dict[str, Any]) -> None:
    configured = CONFIG["stages"][STAGE]["lambda_functions"]

    for name, function in functions(resources).items():
        properties = function["Properties"]
        assert properties["Tracing"] == "Active", name
        reserved = configured[packaging.chalice_function(function)]["reserved_concurrency"]
        assert properties["ReservedConcurrentExecutions"] == reserved > 0, name


def test_the_api_logs_each_request_without_tokens_addresses_or_callers(resources: dict[str, Any]) -> None:
    api = resources["RestAPI"]
    setting = api["Properties"]["AccessLogSetting"]
    logged = json.loads(setting["Format"])
    group = resources[setting["DestinationArn"]["Fn::GetAtt"][0]]
    account = resources[api["DependsOn"][0]]
    role = resources[account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]]

    assert logged["requestId"] == "$context.requestId" and logged["status"] == "$context.status"
    # The resource template (/c/{token}), never the path itself, and no caller IP.
    assert logged["resource"] == "$context.resourcePath"
    assert not [v for v in logged.values() if v.startswith(("$context.path", "$context.identity"))]
    assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    # API Gateway logs only once its account settings name a role; kept for other APIs of the account.
    assert account["Type"] == "AWS::ApiGateway::Account" and account["DeletionPolicy"] == "Retain"
    (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "apigateway.amazonaws.com"}
    # Trace segments of the API stage would record full URLs, link tokens included.
    assert api["Properties"]["TracingEnabled"] is False


def test_no_deployed_stage_keeps_the_link_secret_in_the_environment() -> None:
    deployed = [stage for stage, settings in CONFIG["stages"].items() if settings.get("lambda_functions")]

    assert deployed
    for stage in deployed:
        variables = {**CONFIG["environment_variables"], **CONFIG["stages"][stage]["environment_variables"]}
        assert "LINK_SECRET" not in variables and variables["LINK_SECRET_PARAMETER"], stage


def test_every_scan_waiver_in_the_template_gives_its_reason(resources: dict[str, Any]) -> None:
    waived = {
        (name, check): reason for name, resource in resources.items() for check, reason in waivers(resource).items()
    }

    assert {check for _, check in waived} == {packaging.DLQ_CHECK, "CKV_AWS_73", "CKV_AWS_120", "CKV_AWS_26"}
    assert all(len(reason) > 40 for reason in waived.values())


def test_the_infrastructure_scan_passes(packaged: Path) -> None:
    if not CHECKOV.exists():
        message = f"no checkov at {CHECKOV}: `make setup` installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run the scan")
        pytest.skip(message)
    command = [str(CHECKOV), "--config-file", ".checkov.yaml", "--file", str(packaged / "sam.json"), "--output", "json"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    failed = [f"{c['check_id']} {c['resource']}: {c['check_name']}" for c in report["results"]["failed_checks"]]

    assert failed == [], ".checkov.yaml: fix each, or waive it with its reason"
    assert report["summary"]["parsing_errors"] == 0 and report["summary"]["passed"] > 100
    assert all(c["check_result"]["suppress_comment"] for c in report["results"]["skipped_checks"])


def fragment_dir(tmp_path: Path, **fragments: dict[str, Any]) -> Path:
    for name, body in fragments.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(body), encoding="utf-8")
    return tmp_path


def chalice_output() -> dict[str, Any]:
    """The part of chalice's own template the merge looks at."""
    handler = {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "app.app"}}
    return {
        "Resources": {"APIHandler": handler, "RestAPI": {"Properties": {"DefinitionBody": {"x": "${APIHandler.Arn}"}}}}
    }


def test_every_fragment_is_merged_the_dashboard_too(tmp_path: Path) -> None:
    resources_fragment = json.loads((ROOT / "templates" / "resources.json").read_text(encoding="utf-8"))
    dashboard = {
        "Resources": {"Dashboard": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody": "{}"}}}
    }
    directory = fragment_dir(tmp_path, resources=resources_fragment, monitoring=dashboard)

    merged = packaging.merge_template(STAGE, chalice_output(), directory)

    assert merged["Resources"]["Dashboard"] == dashboard["Resources"]["Dashboard"]
    assert "OutboxQueue" in merged["Resources"]
    assert merged["Resources"]["APIHandler"]["Properties"]["FunctionName"] == f"showup-{STAGE}-api_handler"


def test_fragments_that_disagree_are_refused(tmp_path: Path) -> None:
    one = {"Resources": {"Queue": {"Properties": {"VisibilityTimeout": 180}}}}
    other = {"Resources": {"Queue": {"Properties": {"VisibilityTimeout": 30}}}}

    with pytest.raises(packaging.PackagingError, match=r"Resources\.Queue\.Properties\.VisibilityTimeout"):
        packaging.fragments(fragment_dir(tmp_path, a=one, b=other))


def test_dependencies_from_several_fragments_add_up() -> None:
    merged = packaging.merge({"R": {"DependsOn": "A"}}, {"R": {"DependsOn": ["B", "A"]}})

    assert merged == {"R": {"DependsOn": ["A", "B"]}}


@pytest.mark.parametrize("stage", ["local", "staging"])
def test_only_deployable_stages_are_packaged(stage: str, tmp_path: Path) -> None:
    with pytest.raises(packaging.PackagingError, match="cannot package"):
        packaging.package(stage, build_dir=tmp_path)


def test_deploying_uploads_the_code_then_deploys_the_stack_with_the_capabilities_sam_needs(tmp_path: Path) -> None:
    from devtools.deploy import commands

    upload, deploy = commands(
        "prod", tmp_path, "my-artifacts", parameters=["PublicBaseUrl=https://jobs.example.com/api"]
    )

    assert upload[:3] == ["aws", "cloudformation", "package"]
    assert upload[upload.index("--template-file") + 1] == str(tmp_path / "sam.json")
    assert upload[upload.index("--s3-bucket") + 1] == "my-artifacts"
    packaged = upload[upload.index("--output-template-file") + 1]
    assert deploy[:3] == ["aws", "cloudformation", "deploy"]
    assert deploy[deploy.index("--template-file") + 1] == packaged
    assert deploy[deploy.index("--stack-name") + 1] == "showup-prod"
    assert {"CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"} <= set(deploy)
    assert deploy[-2:] == ["--parameter-overrides", "PublicBaseUrl=https://jobs.example.com/api"]


def failure_handling(*events: dict[str, Any], behind_api: bool = False) -> Any:
    static = json.loads((ROOT / "templates" / "resources.json").read_text(encoding="utf-8"))
    function = {"Properties": {"Events": {f"Event{i}": event for i, event in enumerate(events)}}}
    return packaging.failure_handling("Consumer", function, behind_api=behind_api, static=static)


@pytest.mark.parametrize(
    ("function", "table"), [("interview_changes", "InterviewsTable"), ("position_changes", "PositionsTable")]
)
def test_each_stream_consumer_reads_its_tables_stream(resources: dict[str, Any], function: str, table: str) -> None:
    consumers = {
        f["Properties"]["FunctionName"]: f for f in functions(resources).values() if triggers(f) == {"DynamoDB"}
    }
    assert set(consumers) == {f"showup-{STAGE}-interview_changes", f"showup-{STAGE}-position_changes"}
    (event,) = consumers[f"showup-{STAGE}-{function}"]["Properties"]["Events"].values()

    assert event["Properties"]["Stream"] == {"Fn::GetAtt": [table, "StreamArn"]}
    assert event["Properties"]["StartingPosition"] == "TRIM_HORIZON"
    assert event["Properties"]["BisectBatchOnFunctionError"] is True
    assert resources[table]["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_a_stream_of_a_table_no_template_creates_or_streams_is_refused() -> None:
    static = json.loads((ROOT / "templates" / "resources.json").read_text(encoding="utf-8"))
    reading = {"Type": "DynamoDB", "Properties": {"Stream": "arn:aws:dynamodb:r:a:table/TOKENS_TABLE/stream/x"}}
    unknown = {"Type": "DynamoDB", "Properties": {"Stream": "arn:aws:dynamodb:r:a:table/NO_TABLE/stream/x"}}

    with pytest.raises(packaging.PackagingError, match="no StreamSpecification"):
        packaging.stream_table(STAGE, reading, static)
    with pytest.raises(packaging.PackagingError, match="which no template creates"):
        packaging.stream_table(STAGE, unknown, static)


def test_a_stream_consumer_sets_a_failing_batch_aside_after_bounded_retries() -> None:
    handling = failure_handling({"Type": "DynamoDB", "Properties": {"Stream": "arn:stream"}})
    (event,) = handling["Properties"]["Events"].values()

    assert event["Properties"]["DestinationConfig"]["OnFailure"] == {
        "Type": "SQS",
        "Destination": {"Fn::GetAtt": [packaging.FAILED_EVENTS_QUEUE, "Arn"]},
    }
    assert event["Properties"]["MaximumRetryAttempts"] == packaging.STREAM_MAX_RETRIES
    assert packaging.DLQ_CHECK in waivers(handling)


def test_a_queue_consumer_needs_a_queue_with_a_dead_letter_queue() -> None:
    outbox = {"Type": "SQS", "Properties": {"Queue": {"Fn::Sub": f"arn:${{AWS::Partition}}:sqs:r:a:{OUTBOX_QUEUE}"}}}
    without = {"Type": "SQS", "Properties": {"Queue": {"Fn::Sub": f"arn:${{AWS::Partition}}:sqs:r:a:{OUTBOX_DLQ}"}}}

    assert packaging.DLQ_CHECK in waivers(failure_handling(outbox))
    with pytest.raises(packaging.PackagingError, match="without a dead-letter queue"):
        failure_handling(without)


def test_a_function_whose_failures_would_go_nowhere_is_refused() -> None:
    with pytest.raises(packaging.PackagingError, match="say where its failures go"):
        failure_handling({"Type": "S3", "Properties": {}})
    with pytest.raises(packaging.PackagingError, match="say where its failures go"):
        failure_handling()
    assert packaging.DLQ_CHECK in waivers(failure_handling(behind_api=True))
