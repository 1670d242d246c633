"""Package ShowUp for AWS: one SAM template with every function and every resource they use.

``python -m devtools.package --stage prod`` writes ``build/prod/sam.json`` and ``build/prod/deployment.zip``.

``chalice package`` knows the functions, their triggers and the API; the fragments in ``templates/*.json``
(tables, queues, topic, SES configuration set, API limits; the dashboard and alarms when present) know the
rest. The fragments are deep-merged into ``build/merge-template.json`` together with what depends on the
functions Chalice generates, which no static fragment can name in advance:

- ``FunctionName`` ``showup-<stage>-<function>``, so log groups and the IAM policy can be scoped by name;
- a log group per function with a retention, created before the function;
- ``PUBLIC_BASE_URL`` (the API's own URL, for candidate links) and ``SES_CONFIGURATION_SET`` in the
  environment. Functions behind the API itself do not get the URL: the API's definition refers to them,
  so a reference back would be a circular dependency, and they build no links;
- ``DependsOn`` the queue or topic a function is triggered by: Chalice names them by ARN only, so
  without it CloudFormation may subscribe a function to a topic it has not created yet;
- a stream consumer's ``Stream``: the app can only name its table's setting (a stream's ARN exists
  once the table does), so the table that setting names in this stage gives its ``StreamArn``;
- for a queue consumer with reserved concurrency, the event source's ``MaximumConcurrency``: without it
  Lambda's pollers outnumber the reserved instances, throttled messages count as received, and
  notices reach the dead-letter queue without ever failing;
- where an invocation that fails for good goes: functions Lambda invokes asynchronously (topic,
  schedule) get the failed-events queue as their dead-letter queue, stream consumers get it as their
  event source's on-failure destination, a queue consumer must read a queue that has a redrive
  policy, and functions behind the API answer their caller. Where a function-level dead-letter queue
  does not apply, the template says why to the infrastructure scan (``Metadata.checkov``).

A first ``chalice package`` finds the functions; the second one, with the merge template, is the result.
Nothing here talks to AWS; Chalice only needs a region name to fill in its ARN templates. One module,
past 300 lines, because every rule above writes into the same per-function part of the merge template.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from devtools.stages import CONFIG_FILE, LOCAL_STAGE, PROJECT_DIR, stage_environment, stage_names

APP_NAME = "showup"
TEMPLATES_DIR = PROJECT_DIR / "templates"
BUILD_DIR = PROJECT_DIR / "build"
# Chalice caches each dependency build here, keyed by the requirements and the app's code.
CHALICE_CACHE = PROJECT_DIR / ".chalice" / "deployments"
# The Lambda function chalice generates for the REST API; every other function is named after its handler.
API_HANDLER = "api_handler"
SAM_FUNCTION = "AWS::Serverless::Function"
# Lambda function names are at most 64 characters.
MAX_FUNCTION_NAME = 64
# Lambda's SQS event source accepts no lower maximum concurrency.
MIN_EVENT_SOURCE_CONCURRENCY = 2
# Triggers that invoke a function asynchronously: Lambda retries twice, then uses its dead-letter queue.
ASYNC_EVENTS = frozenset({"SNS", "Schedule", "CloudWatchEvent"})
# Streams: a failing batch blocks its shard until it expires unless retries are bounded.
STREAM_EVENTS = frozenset({"DynamoDB", "Kinesis"})
STREAM_MAX_RETRIES = 5
# The queue (in templates/resources.json) where every asynchronous failure is set aside.
FAILED_EVENTS_QUEUE = "FailedEventsQueue"
# The scan's check for a function-level dead-letter queue.
DLQ_CHECK = "CKV_AWS_116"


class PackagingError(RuntimeError):
    """The template cannot be built as asked (unknown stage, conflicting fragments, chalice failed)."""


def merge(base: Any, extra: Any, path: str = "") -> Any:
    """Deep-merge ``extra`` into ``base``: dicts merge key by key, ``DependsOn`` lists join, equal values agree.

    Two fragments that set the same value differently are a mistake, not an override: it raises."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = merge(base[key], value, f"{path}.{key}" if path else key) if key in base else value
        return merged
    if path.endswith(".DependsOn"):
        return list(dict.fromkeys([*_as_list(base), *_as_list(extra)]))
    if base != extra:
        raise PackagingError(f"templates disagree on {path}: {json.dumps(base)} vs {json.dumps(extra)}")
    return base


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def fragments(directory: Path = TEMPLATES_DIR) -> dict[str, Any]:
    """Every ``*.json`` fragment in ``directory``, merged in name order."""
    merged: dict[str, Any] = {}
    for path in sorted(directory.glob("*.json")):
        merged = merge(merged, json.loads(path.read_text(encoding="utf-8")))
    return merged


def function_name(stage: str, function: str) -> str:
    """The deployed Lambda function's name, as ``chalice deploy`` would name it."""
    name = f"{APP_NAME}-{stage}-{function}"
    if len(name) > MAX_FUNCTION_NAME:
        raise PackagingError(f"function name {name} is longer than {MAX_FUNCTION_NAME} characters")
    return name


def chalice_function(resource: Mapping[str, Any]) -> str:
    """The Chalice name of a packaged function: its handler's name (``app.app`` is the API handler)."""
    handler = str(resource["Properties"]["Handler"])
    return API_HANDLER if handler == "app.app" else handler.rpartition(".")[2]


def api_functions(template: Mapping[str, Any]) -> set[str]:
    """Logical ids of the functions the REST API's definition refers to (the handler and authorizers)."""
    api = template["Resources"].get("RestAPI", {})
    text = json.dumps(api.get("Properties", {}).get("DefinitionBody", {}))
    return set(re.findall(r"\$\{(\w+)\.Arn\}", text))


def _trigger_name(event: Mapping[str, Any]) -> str | None:
    properties = event.get("Properties", {})
    source = properties.get("Queue") if event.get("Type") == "SQS" else properties.get("Topic")
    if isinstance(source, dict) and isinstance(source.get("Fn::Sub"), str):
        return str(source["Fn::Sub"]).rpartition(":")[2]
    return None


def _named_resources(template: Mapping[str, Any]) -> dict[str, str]:
    """Queue and topic names the fragments create, mapped to their logical ids."""
    found: dict[str, str] = {}
    for logical_id, resource in template.get("Resources", {}).items():
        properties = resource.get("Properties", {})
        for key in ("QueueName", "TopicName"):
            if isinstance(properties.get(key), str):
                found[properties[key]] = logical_id
    return found


def function_overrides(stage: str, chalice_template: Mapping[str, Any], static: Mapping[str, Any]) -> dict[str, Any]:
    """What each packaged function needs from the merge template (see the module docstring)."""
    resources: dict[str, Any] = {}
    behind_api = api_functions(chalice_template)
    triggers = _named_resources(static)
    public_base_url = {
        "Fn::If": [
            "HasPublicBaseUrl",
            {"Ref": "PublicBaseUrl"},
            {"Fn::Sub": "https://${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/api"},
        ]
    }
    for logical_id, resource in sorted(chalice_template["Resources"].items()):
        if resource.get("Type") != SAM_FUNCTION:
            continue
        name = function_name(stage, chalice_function(resource))
        log_group = f"{logical_id}LogGroup"
        resources[log_group] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"LogGroupName": f"/aws/lambda/{name}", "RetentionInDays": {"Ref": "LogRetentionDays"}},
        }
        variables: dict[str, Any] = {"SES_CONFIGURATION_SET": {"Ref": "MailConfigurationSet"}}
        if logical_id not in behind_api:
            variables["PUBLIC_BASE_URL"] = public_base_url
        depends_on = [log_group]
        properties: dict[str, Any] = {"FunctionName": name, "Environment": {"Variables": variables}}
        for event_id, event in resource["Properties"].get("Events", {}).items():
            if event.get("Type") == "DynamoDB":
                # The GetAtt also makes the function wait for its table.
                stream = {"Stream": {"Fn::GetAtt": [stream_table(stage, event, static), "StreamArn"]}}
                properties.setdefault("Events", {})[event_id] = {"Properties": stream}
                continue
            trigger = _trigger_name(event)
            if trigger is None:
                continue
            if trigger not in triggers:
                raise PackagingError(f"{logical_id} is triggered by {trigger}, which no template creates")
            depends_on.append(triggers[trigger])
            reserved = resource["Properties"].get("ReservedConcurrentExecutions")
            if event.get("Type") == "SQS" and reserved is not None:
                if reserved < MIN_EVENT_SOURCE_CONCURRENCY:
                    raise PackagingError(f"{logical_id} consumes a queue: reserve at least 2 concurrent executions")
                scaling = {"ScalingConfig": {"MaximumConcurrency": reserved}}
                properties.setdefault("Events", {})[event_id] = {"Properties": scaling}
        resources[logical_id] = merge(
            {"DependsOn": depends_on, "Properties": properties},
            failure_handling(logical_id, resource, behind_api=logical_id in behind_api, static=static),
        )
    return {"Resources": resources}


def stream_table(stage: str, event: Mapping[str, Any], static: Mapping[str, Any]) -> str:
    """The logical id of the table whose stream a DynamoDB event reads (``…:table/<SETTING>/stream/…``)."""
    setting = str(event["Properties"]["Stream"]).split(":table/", 1)[-1].split("/", 1)[0]
    name = stage_environment(stage).get(setting)
    for logical_id, resource in static.get("Resources", {}).items():
        table_name = resource.get("Properties", {}).get("TableName")
        sub = table_name.get("Fn::Sub") if isinstance(table_name, dict) else table_name
        if resource.get("Type") == "AWS::DynamoDB::Table" and str(sub).replace("${Stage}", stage) == name:
            if "StreamSpecification" not in resource["Properties"]:
                raise PackagingError(f"{logical_id} has no StreamSpecification, and a function reads its stream")
            return str(logical_id)
    raise PackagingError(f"a function reads the stream of {setting} ({name}), which no template creates")


def failure_handling(
    logical_id: str, resource: Mapping[str, Any], *, behind_api: bool, static: Mapping[str, Any]
) -> Any:
    """Where an invocation of this function that failed for good goes (see the module docstring)."""
    events: dict[str, Any] = resource["Properties"].get("Events", {})
    kinds = {event.get("Type") for event in events.values()}
    if not events and behind_api:
        return _no_function_dlq(
            "Invoked synchronously by API Gateway: a failure is the caller's error response; nothing is retried."
        )
    if events and kinds <= ASYNC_EVENTS:
        return {"Properties": {"DeadLetterQueue": {"Type": "SQS", "TargetArn": _failed_events_arn(static)}}}
    if kinds == {"SQS"}:
        for event in events.values():
            _require_redrive(logical_id, event, static)
        return _no_function_dlq(
            "Polled from an SQS queue, whose redrive policy sets a failing message aside: "
            "a function's dead-letter queue serves asynchronous invocations only."
        )
    if events and kinds <= STREAM_EVENTS:
        on_failure = {
            "DestinationConfig": {"OnFailure": {"Type": "SQS", "Destination": _failed_events_arn(static)}},
            "MaximumRetryAttempts": STREAM_MAX_RETRIES,
            "BisectBatchOnFunctionError": True,
        }
        return merge(
            {"Properties": {"Events": {event_id: {"Properties": on_failure} for event_id in events}}},
            _no_function_dlq(
                "Reads a stream: a batch that fails every retry goes to the failed-events queue as its event "
                "source's on-failure destination; a function's dead-letter queue serves asynchronous invocations only."
            ),
        )
    raise PackagingError(
        f"{logical_id} is triggered by {sorted(map(str, kinds)) or 'nothing'}: say where its failures go"
    )


def _no_function_dlq(reason: str) -> dict[str, Any]:
    return {"Metadata": {"checkov": {"skip": [{"id": DLQ_CHECK, "comment": reason}]}}}


def _failed_events_arn(static: Mapping[str, Any]) -> dict[str, Any]:
    if FAILED_EVENTS_QUEUE not in static.get("Resources", {}):
        raise PackagingError(f"asynchronous functions need the {FAILED_EVENTS_QUEUE} the templates should create")
    return {"Fn::GetAtt": [FAILED_EVENTS_QUEUE, "Arn"]}


def _require_redrive(logical_id: str, event: Mapping[str, Any], static: Mapping[str, Any]) -> None:
    queue = _named_resources(static).get(_trigger_name(event) or "")
    redrive = static["Resources"][queue]["Properties"].get("RedrivePolicy") if queue else None
    if not redrive or "deadLetterTargetArn" not in redrive:
        raise PackagingError(f"{logical_id} consumes a queue without a dead-letter queue (RedrivePolicy)")


def stage_parameter(stage: str) -> dict[str, Any]:
    # The packaged functions' environment already names this stage's tables: no other value may be deployed.
    return {"Parameters": {"Stage": {"Default": stage, "AllowedValues": [stage]}}}


def merge_template(stage: str, chalice_template: Mapping[str, Any], templates_dir: Path = TEMPLATES_DIR) -> Any:
    """The template ``chalice package --merge-template`` deep-merges into its own output."""
    static = fragments(templates_dir)
    return merge(
        merge(static, stage_parameter(stage)),
        function_overrides(stage, static=static, chalice_template=chalice_template),
    )


@contextlib.contextmanager
def _exclusive(lock_file: Path = CHALICE_CACHE / ".package.lock") -> Iterator[None]:
    # Chalice writes its cached zip in place: two packagings at once (a test run and `make package`)
    # could reuse a half-written zip.
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _chalice_command() -> str:
    # The chalice installed beside this interpreter (the project's virtualenv), else the one on PATH.
    beside = Path(sys.executable).with_name("chalice")
    found = str(beside) if beside.exists() else shutil.which("chalice")
    if found is None:
        raise PackagingError("chalice is not installed: run `make setup`")
    return found


def _chalice(stage: str, out_dir: Path, merge_file: Path | None = None) -> None:
    command = [_chalice_command(), "--project-dir", str(PROJECT_DIR), "package", "--stage", stage]
    if merge_file is not None:
        command += ["--merge-template", str(merge_file)]
    env = dict(os.environ)
    # ARNs in the template say ${AWS::Region}; chalice still wants a region name to start.
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    result = subprocess.run([*command, str(out_dir)], cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise PackagingError(f"chalice package failed:\n{result.stdout}{result.stderr}")


def package(stage: str, build_dir: Path = BUILD_DIR, templates_dir: Path = TEMPLATES_DIR) -> Path:
    """Build ``<build_dir>/<stage>/sam.json`` and its ``deployment.zip``; returns the output directory."""
    if stage == LOCAL_STAGE or stage not in stage_names():
        deployable = ", ".join(s for s in stage_names() if s != LOCAL_STAGE)
        raise PackagingError(f"cannot package stage {stage!r}; deployable stages in {CONFIG_FILE.name}: {deployable}")
    out_dir = build_dir / stage
    merge_file = build_dir / "merge-template.json"
    build_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(), tempfile.TemporaryDirectory(prefix="showup-package-") as scratch:
        first = Path(scratch) / "functions"
        _chalice(stage, first)
        chalice_template = json.loads((first / "sam.json").read_text(encoding="utf-8"))
        merge_file.write_text(
            json.dumps(merge_template(stage, chalice_template, templates_dir), indent=2) + "\n", encoding="utf-8"
        )
        if out_dir.exists():
            shutil.rmtree(out_dir)
        _chalice(stage, out_dir, merge_file)
        _prune_cache(keep=out_dir / "deployment.zip")
    return out_dir


def _prune_cache(keep: Path) -> None:
    # Every change to the app's code makes a new cached zip of the same dependencies; only the one just
    # packaged (chalice copies it as is) can be reused.
    for cached in CHALICE_CACHE.glob("*.zip"):
        if not filecmp.cmp(cached, keep, shallow=False):
            cached.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stage", default="dev", help="stage in .chalice/config.json (default: dev)")
    parser.add_argument("--build-dir", type=Path, default=BUILD_DIR, help="where to write (default: build/)")
    args = parser.parse_args(argv)
    try:
        out_dir = package(args.stage, build_dir=args.build_dir)
    except PackagingError as exc:
        print(exc, file=sys.stderr)
        return 1
    size = (out_dir / "deployment.zip").stat().st_size
    print(f"{out_dir / 'sam.json'}\n{out_dir / 'deployment.zip'} ({size / 1_000_000:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
