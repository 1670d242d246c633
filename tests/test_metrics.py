"""CloudWatch metrics from interview writes (Embedded Metric Format), and the dashboard and alarms template."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.adapters import metrics
from chalicelib.services.common.records import Interview
from chalicelib.settings import Settings
from tests.support.builders import interview
from tests.support.stream import drain_stream

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "monitoring.json"

CANDIDATE = {"name": "Zhang San", "email": "zhang.san@example.com", "phone": "+8613800138000"}
AT = "2026-12-01T03:00:00Z"


def record(**fields: Any) -> Interview:
    """An interview whose every id and personal detail would show if a metric line leaked it."""
    base: dict[str, Any] = {
        "interview_id": "int_secret123",
        "position_id": "pos_secret456",
        "candidate": dict(CANDIDATE),
        "contact": {"name": "Li Wei", "phone": "+86 21 5555 0100", "email": "liwei@acme.example.com"},
        "local_date": "2026-12-01",
        "starts_at_utc": "2026-12-01T02:00:00Z",
        "mode": "invitation",
        "channels": ["email", "sms"],
    }
    return interview(**{**base, **fields})


def no_show(reason: str) -> dict[str, Any]:
    return {"outcome": "no_show", "reason": reason, "at": AT}


def emf_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


# ---------- What a write amounts to ----------


@pytest.mark.parametrize(
    ("before", "after", "names"),
    [
        (None, {}, ("InterviewScheduled",)),
        ({}, {"notice": {"status": "sent"}}, ("NoticeSent",)),
        ({"notice": {"status": "sent"}}, {"notice": {"status": "delivered"}}, ()),
        ({}, {"notice": {"status": "failed"}}, ("NoticeFailed",)),
        ({"notice": {"status": "sent"}}, {"notice": {"status": "bounced"}, "email_bounced": True}, ("NoticeBounced",)),
        ({}, {"reminded_at": "2026-11-30T02:00:00Z"}, ("ReminderSent",)),
        ({"reminded_at": AT}, {"reminded_at": AT, "updated_at": "2026-12-01T04:00:00Z"}, ()),
        ({}, {"status": "confirmed"}, ("Confirmed",)),
        ({}, {"status": "declined"}, ("Declined",)),
        ({}, {"status": "attended"}, ("Attended",)),
        ({}, {"status": "cancelled", "version": 2}, ("Cancelled",)),
        ({}, {"version": 2}, ("Rescheduled",)),
        ({"status": "attended"}, {"status": "no_show", "outcome": no_show("personal")}, ("NoShow",)),
    ],
)
def test_each_change_is_one_event(before: dict[str, Any] | None, after: dict[str, Any], names: tuple[str, ...]) -> None:
    was = None if before is None else record(**before)
    assert metrics.events(was, record(**after)).names == names


def test_events_carry_only_low_cardinality_dimensions() -> None:
    happened = metrics.events(record(), record(status="no_show", outcome=no_show("better_offer")))
    assert (happened.mode, happened.channel, happened.reason) == ("invitation", "email+sms", "better_offer")
    # Values outside the known few never become dimensions (they could be anything, even a name):
    # an interview cannot hold them at all.
    with pytest.raises(ValueError):
        record(mode="whatever")
    with pytest.raises(ValueError):
        record(status="no_show", outcome=no_show("Zhang San"))


# ---------- Embedded Metric Format ----------


def test_metrics_are_emf_json_lines_with_their_aws_block(capsys: pytest.CaptureFixture[str]) -> None:
    metrics.observe(None, record())
    lines = emf_lines(capsys.readouterr().out)

    assert len(lines) == 1
    (line,) = lines
    (directive,) = line["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "ShowUp"
    assert directive["Dimensions"] == [["service"], ["service", "Mode"], ["service", "Channel"]]
    assert directive["Metrics"] == [{"Name": "InterviewScheduled", "Unit": "Count"}]
    assert isinstance(line["_aws"]["Timestamp"], int)
    assert (line["service"], line["Mode"], line["Channel"]) == ("showup", "invitation", "email+sms")
    assert line["InterviewScheduled"] in (1, [1], [1.0], 1.0)


def test_a_no_show_is_also_counted_by_reason(capsys: pytest.CaptureFixture[str]) -> None:
    metrics.observe(record(status="confirmed"), record(status="no_show", outcome=no_show("weather_or_traffic")))
    by_set, by_reason = emf_lines(capsys.readouterr().out)

    assert [m["Name"] for m in by_set["_aws"]["CloudWatchMetrics"][0]["Metrics"]] == ["NoShow"]
    assert by_reason["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["Reason", "service"]]
    assert by_reason["Reason"] == "weather_or_traffic"


def test_nothing_is_printed_for_a_write_that_changes_nothing_counted(capsys: pytest.CaptureFixture[str]) -> None:
    metrics.observe(record(), record(updated_at="2026-12-01T04:00:00Z", intent="high"))
    assert capsys.readouterr().out == ""


def test_metric_lines_carry_no_personal_data_or_ids(capsys: pytest.CaptureFixture[str]) -> None:
    steps = [
        (None, record()),
        (record(), record(notice={"status": "sent"})),
        (record(), record(notice={"status": "bounced"}, email_bounced=True)),
        (record(), record(reminded_at="2026-11-30T02:00:00Z")),
        (record(), record(status="confirmed")),
        (record(), record(status="no_show", outcome=no_show("found_job"))),
        (record(), record(status="cancelled", version=2)),
    ]
    for before, after in steps:
        metrics.observe(before, after)
    output = capsys.readouterr().out

    assert len(emf_lines(output)) == 8
    for secret in (*CANDIDATE.values(), "Zhang", "int_secret123", "pos_secret456", "liwei", "Century", "5555"):
        assert secret not in output
    for line in emf_lines(output):
        allowed = {
            "_aws",
            "service",
            "Mode",
            "Channel",
            "Reason",
            *(m["Name"] for m in line["_aws"]["CloudWatchMetrics"][0]["Metrics"]),
        }
        assert set(line) <= allowed


def test_a_failing_metric_never_fails_the_stream_batch(
    resources: dict[str, str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: metrics.Events) -> None:
        raise RuntimeError("stdout is closed")

    monkeypatch.setattr(metrics, "emit", broken)
    deps.interviews().add(record(revision=1))

    assert drain_stream() == 1
    assert deps.stats().get("day#2026-12-01") == {"scheduled": 1}


def test_the_stream_consumer_reports_each_write_once(
    resources: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repository = deps.interviews()
    repository.add(record(revision=1))
    repository.replace(record(status="confirmed"), expected_revision=1)

    assert capsys.readouterr().out == ""  # the request path emits nothing
    drain_stream()
    drain_stream()

    names = [
        m["Name"]
        for line in emf_lines(capsys.readouterr().out)
        for m in line["_aws"]["CloudWatchMetrics"][0]["Metrics"]
    ]
    assert names == ["InterviewScheduled", "Confirmed"]


# ---------- templates/monitoring.json ----------


def template() -> dict[str, Any]:
    return dict(json.loads(TEMPLATE.read_text(encoding="utf-8")))


def substituted(text: str) -> str:
    """A Fn::Sub string with its variables filled in as CloudFormation would."""
    values = {"AWS::Region": "us-east-1", "Stage": "prod", "OutboxDeadLetterQueue.QueueName": "showup-outbox-dlq"}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        assert name.endswith(".Arn"), name
        return f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name.removesuffix('.Arn')}"

    return re.sub(r"\$\{([^}]+)\}", value, text)


def test_the_template_is_a_fragment_of_dashboard_and_alarms() -> None:
    resources = template()["Resources"]
    kinds = {name: resource["Type"] for name, resource in resources.items()}
    assert kinds.pop("MonitoringDashboard") == "AWS::CloudWatch::Dashboard"
    assert set(kinds.values()) == {"AWS::CloudWatch::Alarm"}
    assert set(kinds) == {
        "OutboxDeadLetterQueueNotEmptyAlarm",
        "NoticeBounceRateAlarm",
        "SendRemindersFailingAlarm",
        "SendDayOfRemindersFailingAlarm",
        "ExpireOffersFailingAlarm",
        "CheckWeatherFailingAlarm",
        "SendHrDigestFailingAlarm",
        "SendMonthlyReportFailingAlarm",
        "LearnNoShowModelFailingAlarm",
        "FailedEventsQueueNotEmptyAlarm",
        "SesEventsFailingAlarm",
        "SmsInboundFailingAlarm",
        "SendNoticesFailingAlarm",
        "InterviewChangesFailingAlarm",
        "InterviewChangesLaggingAlarm",
        "PositionChangesFailingAlarm",
        "PositionChangesLaggingAlarm",
        "ImportsDeadLetterQueueNotEmptyAlarm",
        "ImportRowsFailingAlarm",
    }


def test_the_dashboard_body_is_json_once_substituted() -> None:
    dashboard = template()["Resources"]["MonitoringDashboard"]["Properties"]
    body = json.loads(substituted(dashboard["DashboardBody"]["Fn::Sub"]))
    titles = [w["properties"].get("title", "") for w in body["widgets"]]
    for topic in ("Funnel", "No-show rate", "reason", "invitation", "SMS", "Notice failures", "Bounces", "errors"):
        assert any(topic in title for title in titles), topic
    used = {
        entry[1]
        for widget in body["widgets"]
        for entry in widget["properties"].get("metrics", [])
        if isinstance(entry[0], str) and entry[0] == "ShowUp"
    }
    emitted = {value for name, value in vars(metrics).items() if name.isupper() and isinstance(value, str)}
    assert used <= emitted
    expressions = [
        entry[0]["expression"]
        for widget in body["widgets"]
        for entry in widget["properties"].get("metrics", [])
        if isinstance(entry[0], dict)
    ]
    assert "100 * noshow / (attended + noshow)" in expressions
    functions = {
        e[3] for w in body["widgets"] for e in w["properties"].get("metrics", []) if e[:2] == ["AWS/Lambda", "Errors"]
    }
    assert "showup-prod-send_monthly_report" in functions
    assert "showup-prod-send_reminders" in functions


def test_alarms_watch_the_dead_letter_queue_the_jobs_the_stream_lag_and_the_bounce_rate() -> None:
    resources = template()["Resources"]
    dlq = resources["OutboxDeadLetterQueueNotEmptyAlarm"]["Properties"]
    assert (dlq["MetricName"], dlq["Threshold"], dlq["ComparisonOperator"]) == (
        "ApproximateNumberOfMessagesVisible",
        0,
        "GreaterThanThreshold",
    )
    assert dlq["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["OutboxDeadLetterQueue", "QueueName"]}}]
    lag = resources["InterviewChangesLaggingAlarm"]["Properties"]
    assert (lag["Namespace"], lag["MetricName"], lag["Statistic"]) == ("AWS/Lambda", "IteratorAge", "Maximum")
    assert lag["Dimensions"][0]["Value"] == {"Fn::Sub": "showup-${Stage}-interview_changes"}
    assert "Records are kept 24 hours" in lag["AlarmDescription"]
    job = resources["SendMonthlyReportFailingAlarm"]["Properties"]
    assert (job["Namespace"], job["MetricName"], job["Threshold"]) == ("AWS/Lambda", "Errors", 0)
    assert job["Dimensions"][0]["Value"] == {"Fn::Sub": "showup-${Stage}-send_monthly_report"}
    bounce = resources["NoticeBounceRateAlarm"]["Properties"]
    assert bounce["Threshold"] == 0.05
    (expression,) = [m for m in bounce["Metrics"] if m.get("ReturnData")]
    assert "FILL(bounced, 0) / (FILL(sent, 0) + FILL(reminded, 0))" in expression["Expression"]


def test_the_template_passes_cfn_lint_with_what_it_refers_to() -> None:
    cfnlint = pytest.importorskip("cfnlint.api")
    fragment = template()
    whole = {
        "AWSTemplateFormatVersion": "2010-09-09",
        # What the tables-and-queues fragment provides in the packaged template.
        "Parameters": {**fragment["Parameters"], "Stage": {"Type": "String", "Default": "prod"}},
        "Conditions": fragment["Conditions"],
        "Resources": {
            **fragment["Resources"],
            "OutboxDeadLetterQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "showup-outbox-dlq"}},
            "FailedEventsQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "showup-prod-failed-events"}},
            "ImportsDeadLetterQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "showup-imports-dlq"}},
        },
    }
    problems = cfnlint.lint(json.dumps(whole), regions=["us-east-1"])
    assert [str(problem) for problem in problems] == []
