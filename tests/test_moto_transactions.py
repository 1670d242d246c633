"""The emulator's transactions check every condition before writing anything, as DynamoDB's do."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws
from chalicelib.settings import Settings


def put(table: str, item: dict[str, Any], condition: str | None = None) -> dict[str, Any]:
    action: dict[str, Any] = {"TableName": table, "Item": item}
    if condition:
        action["ConditionExpression"] = condition
    return {"Put": action}


def test_a_failed_condition_writes_no_item_of_the_transaction(settings: Settings, resources: dict[str, str]) -> None:
    client = aws.table(settings.timeline_table).meta.client
    first = put(settings.timeline_table, {"interview_id": "int_1", "event_key": "0000000001"})
    client.transact_write_items(TransactItems=[first])

    with pytest.raises(ClientError) as refused:
        client.transact_write_items(
            TransactItems=[
                put(settings.timeline_table, {"interview_id": "int_1", "event_key": "0000000002"}),
                put(
                    settings.timeline_table,
                    {"interview_id": "int_1", "event_key": "0000000001", "changed": True},
                    "attribute_not_exists(interview_id)",
                ),
            ]
        )

    assert [reason["Code"] for reason in refused.value.response["CancellationReasons"]] == [
        "None",
        "ConditionalCheckFailed",
    ]
    stored = client.scan(TableName=settings.timeline_table)["Items"]
    assert stored == [{"interview_id": "int_1", "event_key": "0000000001"}]


def test_a_transaction_whose_conditions_hold_writes_every_item(settings: Settings, resources: dict[str, str]) -> None:
    client = aws.table(settings.timeline_table).meta.client
    client.transact_write_items(
        TransactItems=[
            put(settings.timeline_table, {"interview_id": "int_1", "event_key": key}, "attribute_not_exists(event_key)")
            for key in ("0000000001", "0000000002")
        ]
    )

    assert len(client.scan(TableName=settings.timeline_table)["Items"]) == 2
