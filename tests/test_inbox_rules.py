"""HR's inbox as a whole: newest first, tomorrow in the company's time zone, a cancellation settling all, the
sparse index it reads instead of the table, bad input refused, and the digest flagging what the inbox flags."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.common.records import CandidateResponse, Resolution
from chalicelib.services.followup.digest import DigestConfig, HrDigest
from chalicelib.services.followup.inbox import company_day_at, needs_attention
from chalicelib.services.privacy.erasure import REDACTED, erased
from chalicelib.settings import Settings
from chalicelib.store.interviews import ATTENTION, BY_ATTENTION
from chalicelib.vocabulary import InboxKind, Role
from tests.support import Override
from tests.support.api import Api, assert_validation_error, body_of
from tests.support.aws import aws_client, dynamodb_calls, nothing_written, send_outbox, sent_mail
from tests.support.builders import interview
from tests.support.clock import NOW, at
from tests.support.events import BOUNCE, publish
from tests.support.fakes import Mailbox
from tests.support.inbox import answer, book, call, give_up_on, inbox, kinds, only_item, position_id, resolve

__all__ = ["position_id"]

# The company's day at the kit's moment: Friday 27 November 2026 in Shanghai.
TODAY = company_day_at(NOW, "Asia/Shanghai")


def attention_index(settings: Settings) -> list[str]:
    """The ids of the interviews the sparse ``by_attention`` index holds."""
    found = aws_client("dynamodb").query(
        TableName=settings.interviews_table,
        IndexName=BY_ATTENTION,
        KeyConditionExpression="attention = :open",
        ExpressionAttributeValues={":open": {"S": ATTENTION}},
    )["Items"]
    return sorted(item["interview_id"]["S"] for item in found)


def test_items_come_newest_first(api: Api, position_id: str, override: Override) -> None:
    zhang, li, wang = (book(api, position_id, name=name) for name in ("Zhang San", "Li Si", "Wang Wu"))
    override(now=lambda: NOW + timedelta(hours=1))
    answer(api, zhang, "decline")
    override(now=lambda: NOW + timedelta(hours=2))
    call(api, wang, "low")
    override(now=lambda: NOW + timedelta(hours=3))
    answer(api, li, "reschedule", "Next week")

    listed = inbox(api)

    assert [(item["interview"]["candidate"], item["kind"]) for item in listed["items"]] == [
        ("Li Si", "reschedule_requested"),
        ("Wang Wu", "at_risk"),
        ("Zhang San", "declined"),
    ]
    assert listed["count"] == 3


def test_tomorrows_unconfirmed_interviews_are_items_by_the_company_day_until_confirmed(
    api: Api, position_id: str, override: Override
) -> None:
    # 09:00 on Friday 27 November in Shanghai is still Thursday evening in New York.
    tomorrow = book(api, position_id, starts_at="2026-11-28T10:00", name="Zhang San")
    new_york = book(api, position_id, starts_at="2026-11-28T09:00", name="Mary Major", timezone="America/New_York")
    book(api, position_id, starts_at="2026-11-27T15:00", name="John Doe", timezone="America/New_York")
    later = book(api, position_id, starts_at="2026-11-29T10:00", name="Li Si")

    first = {item["interview_id"]: item for item in inbox(api)["items"]}
    answer(api, tomorrow, "confirm")
    after_confirming = {item["interview_id"] for item in inbox(api)["items"]}
    override(now=lambda: at("2026-11-28T00:30"))
    next_day = {item["interview_id"] for item in inbox(api)["items"]}

    assert set(first) == {tomorrow, new_york}
    assert first[tomorrow]["id"] == f"{tomorrow}.unconfirmed_tomorrow.v1"
    assert first[tomorrow]["detail"] == {"phone": "+8613800138000", "phone_display": "+86 138 0013 8000"}
    assert after_confirming == {new_york}
    assert next_day == {later}


def test_a_cancellation_settles_every_item_of_the_interview(
    api: Api, position_id: str, resources: dict[str, str], settings: Settings
) -> None:
    interview_id = book(api, position_id)
    send_outbox(resources)
    (mail,) = sent_mail()
    publish(api, BOUNCE, mail.id)
    answer(api, interview_id, "reschedule", "Not this week")
    call(api, interview_id, "low")
    before = sorted(kinds(api))

    api.post(f"/interviews/{interview_id}/cancel")

    assert before == ["at_risk", "email_bounced", "reschedule_requested"]
    assert inbox(api)["count"] == 0
    assert attention_index(settings) == []


def test_the_inbox_reads_the_sparse_attention_index_and_tomorrow_never_the_whole_table(
    api: Api, position_id: str, settings: Settings
) -> None:
    quiet = [book(api, position_id, name=f"Quiet {n}") for n in range(3)]
    declined = book(api, position_id, name="Zhao Liu")
    answer(api, declined, "decline")

    with dynamodb_calls(settings) as calls:
        listed = inbox(api)

    assert [item["interview_id"] for item in listed["items"]] == [declined]
    assert attention_index(settings) == [declined] and not set(quiet) & set(attention_index(settings))
    assert ("Query", BY_ATTENTION) in calls and ("Query", "by_local_date") in calls
    assert not [operation for operation, _ in calls if operation == "Scan"]


def test_resolving_the_last_item_takes_the_interview_out_of_the_index(
    api: Api, position_id: str, settings: Settings
) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "decline")
    indexed = attention_index(settings)

    resolve(api, only_item(api)["id"])

    assert indexed == [interview_id]
    assert attention_index(settings) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"notes": 5}, "notes"),
        ({"notes": "x" * 501}, "notes"),
        ({"note": "typo"}, "note"),
        ("{not json", "body"),
        ("[]", "body"),
    ],
)
def test_bad_input_on_resolve_names_the_field_and_writes_nothing(
    api: Api, position_id: str, settings: Settings, resources: dict[str, str], body: Any, field: str
) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "decline")
    item = only_item(api)

    with nothing_written(settings, resources):
        if isinstance(body, str):
            response = api.post(f"/inbox/{item['id']}/resolve", raw=body)
        else:
            response = api.post(f"/inbox/{item['id']}/resolve", body)

    assert_validation_error(response, field)
    assert inbox(api)["count"] == 1


def test_an_unknown_item_is_a_404_and_writes_nothing(
    api: Api, position_id: str, settings: Settings, resources: dict[str, str]
) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "decline")
    unknown = [
        "nonsense",
        f"{interview_id}.declined.20250101T000000Z",
        f"{interview_id}.no_such_kind.20261127T010000Z",
        "int_0000000000000000.declined.20261127T010000Z",
    ]

    with nothing_written(settings, resources):
        answers = [api.post(f"/inbox/{item}/resolve", {}) for item in unknown]

    assert [response.status_code for response in answers] == [404] * len(unknown)
    assert {body_of(response)["error"] for response in answers} == {"not_found"}


def test_a_viewer_reads_the_inbox_and_a_recruiter_resolves(api: Api, position_id: str) -> None:
    interview_id = book(api, position_id)
    answer(api, interview_id, "decline")
    viewer = deps.tokens().mint("viewer desk", created_at="2026-11-27T00:00:00Z", role=Role.VIEWER)
    recruiter = deps.tokens().mint("recruiter desk", created_at="2026-11-27T00:00:00Z", role=Role.RECRUITER)

    read = api.get("/inbox", headers=api.headers(viewer))
    item = read.json_body["items"][0]["id"]
    refused = api.post(f"/inbox/{item}/resolve", {}, headers=api.headers(viewer))
    allowed = api.post(f"/inbox/{item}/resolve", {}, headers=api.headers(recruiter))

    assert (read.status_code, refused.status_code, allowed.status_code) == (200, 403, 200)
    assert allowed.json_body["resolved"]["by"] == "recruiter desk"


def test_the_digest_flags_exactly_what_the_inbox_flags(
    api: Api, position_id: str, resources: dict[str, str], override: Override, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interviews on the digest's days (tomorrow, 29 November, and the two after), each with one item or none."""
    unconfirmed = book(api, position_id, starts_at="2026-11-29T09:30", name="Zhang San")
    book(api, position_id, starts_at="2026-11-29T11:00", name="Resolved Ren")
    at_risk = book(api, position_id, starts_at="2026-11-30T10:00", name="Wang Wu")
    call(api, at_risk, "low")
    failed = book(api, position_id, starts_at="2026-12-01T10:00", name="Sun Qi")
    send_outbox(resources)
    declined_later = book(api, position_id, starts_at="2026-11-30T15:00", name="Zhao Liu")
    answer(api, declined_later, "decline", "Found a job")
    quiet = book(api, position_id, starts_at="2026-11-30T16:00", name="Quiet Qian")
    answer(api, quiet, "confirm")
    give_up_on(api, {"kind": "reminder", "interview_id": failed, "version": 1, "sequence": 0}, monkeypatch)
    override(now=lambda: at("2026-11-28T08:00"))
    resolve(api, next(i["id"] for i in inbox(api)["items"] if i["interview"]["candidate"] == "Resolved Ren"))

    flagged = {item["interview"]["candidate"] for item in inbox(api)["items"]}
    mails = HrDigest(
        interviews=deps.interviews(),
        ledger=deps.ledger(),
        send=Mailbox(),
        config=DigestConfig(language="en", fallback_to="interviews@showup.test"),
    ).compose(date(2026, 11, 28))
    (text,) = (text for _, text, _ in mails.values())

    assert flagged == {"Zhang San", "Wang Wu", "Sun Qi", "Zhao Liu"}
    for name in ("Zhang San", "Wang Wu", "Sun Qi", "Zhao Liu", "Resolved Ren", "Quiet Qian"):
        assert (name in text) == (name in flagged), name
    assert "- Mon 30 Nov 2026 10:00  Wang Wu  (Front-end Engineer): at risk after a call" in text
    assert "- Mon 30 Nov 2026 15:00  Zhao Liu  (Front-end Engineer): declined" in text
    assert "Sun Qi  (Front-end Engineer): reminder not sent" in text
    assert [unconfirmed] == [i["interview_id"] for i in inbox(api)["items"] if i["kind"] == "unconfirmed_tomorrow"]


def test_the_lists_attention_filter_keeps_what_the_inbox_flags(api: Api, position_id: str, override: Override) -> None:
    """A week's list, ``attention=true`` and ``=false``: the inbox's interviews, and the rest."""
    resolved = book(api, position_id, starts_at="2026-12-01T10:00", name="Resolved Ren")
    call(api, resolved, "low")
    resolve(api, only_item(api)["id"])
    declined = book(api, position_id, starts_at="2026-11-30T10:00", name="Zhao Liu")
    answer(api, declined, "decline")
    tomorrow = book(api, position_id, starts_at="2026-11-28T10:00", name="Zhang San")
    quiet = book(api, position_id, starts_at="2026-12-02T10:00", name="Quiet Qian")
    week = "/interviews?from=2026-11-27&to=2026-12-03"

    flagged = [i["interview_id"] for i in api.get(week + "&attention=true").json_body["interviews"]]
    others = [i["interview_id"] for i in api.get(week + "&attention=false").json_body["interviews"]]
    in_inbox = {item["interview_id"] for item in inbox(api)["items"]}
    csv_rows = api.get("/interviews.csv?from=2026-11-27&to=2026-12-03&attention=true").body.decode().splitlines()
    override(now=lambda: NOW + timedelta(days=1))
    next_day = [i["interview_id"] for i in api.get(week + "&attention=true").json_body["interviews"]]

    assert flagged == [tomorrow, declined]
    assert set(flagged) == in_inbox
    assert others == [resolved, quiet]
    assert len(csv_rows) == 1 + len(flagged)
    assert next_day == [declined]


@pytest.mark.parametrize(
    ("changes", "flagged"),
    [
        ({}, False),
        ({"status": "declined"}, True),
        ({"status": "cancelled", "email_bounced": True}, False),
        ({"email_bounced": True, "erased_at": "2026-11-28T00:00:00Z"}, False),
        ({"at_risk": True}, True),
        ({"weather_alert": True, "weather": {"risk": "severe", "date": "2026-12-03", "checked_at": "x"}}, True),
        ({"weather_alert": True, "weather": {"risk": "severe", "date": "2026-12-01", "checked_at": "x"}}, False),
        ({"weather_alert": False, "weather": {"risk": "calm", "date": "2026-12-03", "checked_at": "x"}}, False),
        ({"reminder_failed_at": "2026-11-27T01:00:00Z"}, True),
        ({"reminder_failed_at": "2026-11-27T01:00:00Z", "reminded_at": "2026-11-27T02:00:00Z"}, False),
        ({"local_date": "2026-11-28"}, True),
        ({"local_date": "2026-11-28", "status": "confirmed"}, False),
    ],
)
def test_needs_attention_is_a_rule_of_the_record_and_the_company_day(changes: dict[str, Any], flagged: bool) -> None:
    assert needs_attention(interview(**changes), TODAY) is flagged


def test_a_resolved_item_no_longer_needs_attention_but_a_new_occurrence_does() -> None:
    answered = CandidateResponse(action="decline", reason="", at="2026-11-27T02:00:00Z")
    declined = interview(status="declined", candidate_response=answered)
    resolved = Resolution(item="int_1.declined.20261127T020000Z", kind=InboxKind.DECLINED, at="2026-11-27T03:00:00Z")
    again = CandidateResponse(action="decline", reason="", at="2026-11-28T02:00:00Z")

    assert needs_attention(declined, TODAY)
    assert not needs_attention(dataclasses.replace(declined, resolutions=(resolved,)), TODAY)
    assert needs_attention(dataclasses.replace(declined, candidate_response=again, resolutions=(resolved,)), TODAY)


def test_erasing_the_candidate_erases_hrs_notes_on_their_resolved_items() -> None:
    noted = Resolution(
        item="int_1.declined.20261127T020000Z", kind=InboxKind.DECLINED, at="2026-11-27T03:00:00Z", notes="Wife said"
    )

    (kept,) = erased(interview(resolutions=[noted]), now=NOW).resolutions

    assert kept == dataclasses.replace(noted, notes=REDACTED)
