"""Create every AWS resource ShowUp needs, on moto server (``make run``) or in moto (tests).

The CloudFormation templates under ``templates/`` describe the same resources for AWS.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.localdev import streams
from chalicelib.settings import Settings

_STRING = "S"


def _table(
    name: str, key: list[tuple[str, str]], indexes: list[dict[str, Any]] | None = None, *, stream: bool = False
) -> dict[str, Any]:
    attributes = dict(key)
    for index in indexes or []:
        attributes.update(index.pop("_attributes"))
    spec: dict[str, Any] = {
        "TableName": name,
        "KeySchema": [{"AttributeName": n, "KeyType": "HASH" if i == 0 else "RANGE"} for i, (n, _) in enumerate(key)],
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
        "BillingMode": "PAY_PER_REQUEST",
    }
    if indexes:
        spec["GlobalSecondaryIndexes"] = indexes
    if stream:
        spec["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return spec


def _index(name: str, hash_key: str, range_key: str | None = None, projection: str = "ALL") -> dict[str, Any]:
    key = [(hash_key, "HASH"), *([(range_key, "RANGE")] if range_key else [])]
    return {
        "IndexName": name,
        "KeySchema": [{"AttributeName": n, "KeyType": t} for n, t in key],
        "Projection": {"ProjectionType": projection},
        "_attributes": {n: _STRING for n, _ in key},
    }


def table_specs(settings: Settings) -> list[dict[str, Any]]:
    """The CreateTable requests for every table, GSIs included."""
    return [
        _table(
            settings.positions_table,
            [("position_id", _STRING)],
            [_index("by_created", "record_type", "created_key")],
            # A correction reaches the position's interviews from here (events/position_changes.py).
            stream=True,
        ),
        _table(
            settings.interviews_table,
            [("interview_id", _STRING)],
            # by_candidate, by_phone and by_position: keys only, their readers read each interview fresh
            # (erasure and position edits before rewriting it). by_phone is sparse: only interviews with
            # a phone number are in it.
            # by_attention: sparse, only interviews with open inbox items carry ``attention``.
            [
                _index("by_local_date", "local_date", "start_key"),
                _index("by_candidate", "candidate_key", projection="KEYS_ONLY"),
                _index("by_phone", "phone_key", projection="KEYS_ONLY"),
                _index("by_position", "position_id", "start_key", projection="KEYS_ONLY"),
                _index("by_attention", "attention", "start_key"),
            ],
            # Every write's old and new item: what follows a write is read from here (events/changes.py).
            stream=True,
        ),
        # by_id: the token list and revocation by token_id, without a Scan.
        _table(settings.tokens_table, [("token_hash", _STRING)], [_index("by_id", "record_type", "token_id")]),
        _table(settings.ledger_table, [("ledger_key", _STRING)]),
        _table(settings.stats_table, [("period_key", _STRING), ("scope", _STRING)]),
        # Each interview's events, oldest first (written with the interview, store/timeline.py).
        _table(settings.timeline_table, [("interview_id", _STRING), ("event_key", _STRING)]),
        # A position's bookable times, each counting its seats taken (store/slots.py).
        _table(settings.slots_table, [("position_id", _STRING), ("slot_id", _STRING)]),
        # An import's summary, its valid rows by chunk and its report (store/imports.py).
        _table(settings.imports_table, [("import_id", _STRING), ("part", _STRING)]),
    ]


# Tables whose items expire: the ledger's claims and candidates' personal data.
TTL_ATTRIBUTES = {"ledger_table": "expires_at", "interviews_table": "expires_at", "timeline_table": "expires_at"}
# An import's file and report hold candidates' personal data too (services/imports/runs.py).
TTL_ATTRIBUTES["imports_table"] = "expires_at"


def create_all(session: Any, settings: Settings) -> dict[str, str]:
    """Create tables, queues, the SES events and inbound text topics and a verified sender; return their ids."""
    dynamodb = session.client("dynamodb")
    # The checkpoints of the local stand-in for the stream's event source (AWS keeps its own).
    for spec in [*table_specs(settings), streams.checkpoints_table()]:
        dynamodb.create_table(**spec)
    for setting, attribute in TTL_ATTRIBUTES.items():
        dynamodb.update_time_to_live(
            TableName=getattr(settings, setting),
            TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
        )

    sqs = session.client("sqs")
    dlq_url = sqs.create_queue(QueueName=settings.outbox_dlq)["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(settings.outbox_max_receives)}
    outbox_url = sqs.create_queue(
        QueueName=settings.outbox_queue,
        Attributes={"VisibilityTimeout": "180", "RedrivePolicy": json.dumps(redrive)},
    )["QueueUrl"]

    failed_events_url = sqs.create_queue(QueueName=settings.failed_events_queue)["QueueUrl"]
    imports_dlq_url = sqs.create_queue(QueueName=settings.imports_dlq)["QueueUrl"]
    imports_dlq_arn = sqs.get_queue_attributes(QueueUrl=imports_dlq_url, AttributeNames=["QueueArn"])["Attributes"]
    imports_redrive = {"deadLetterTargetArn": imports_dlq_arn["QueueArn"], "maxReceiveCount": "5"}
    # A chunk of 100 rows takes a few seconds; the visibility timeout outlasts the consumer's 300 s limit.
    imports_url = sqs.create_queue(
        QueueName=settings.imports_queue,
        Attributes={"VisibilityTimeout": "360", "RedrivePolicy": json.dumps(imports_redrive)},
    )["QueueUrl"]

    sns = session.client("sns")
    topic_arn = sns.create_topic(Name=settings.ses_events_topic)["TopicArn"]
    inbound_arn = sns.create_topic(Name=settings.sms_inbound_topic)["TopicArn"]
    ses = session.client("ses")
    ses.verify_email_identity(EmailAddress=settings.sender_email)
    return {
        "outbox_url": outbox_url,
        "dlq_url": dlq_url,
        "failed_events_url": failed_events_url,
        "imports_url": imports_url,
        "imports_dlq_url": imports_dlq_url,
        "ses_events_topic_arn": topic_arn,
        "sms_inbound_topic_arn": inbound_arn,
    }
