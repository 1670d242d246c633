"""``DELETE /candidates/{email}``: a candidate's personal data goes, the statistics stay, no mail follows."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from chalicelib import aws, deps
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.delivery import suppression_key
from chalicelib.services.privacy.erasure import REDACTED, CandidateErasure, candidate_key, erased
from chalicelib.services.statistics import counting
from chalicelib.settings import Settings
from chalicelib.store.codec import plain
from chalicelib.store.interviews import BY_CANDIDATE, InterviewRepository, StaleInterview
from chalicelib.store.stats import StatsRepository
from chalicelib.vocabulary import Intent
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import drain_outbox, sent_mail
from tests.support.builders import interview as booked
from tests.support.clock import NOW
from tests.support.events import deliver
from tests.support.stream import drain_stream

EMAIL = "Qiao.Lanfang@example.net"
CANDIDATE = {
    "name": "Qiao Lanfang",
    "email": EMAIL,
    "phone": "+86 138 0013 8000",
    "expected_salary": 30000,
    "skills": ["typescript", "rust"],
    "language": "en",
}
PERSONAL = ("Qiao Lanfang", "qiao.lanfang", "+8613800138000", "30,000", "30000", "rust")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PERIODS = ("day#2026-12-03",)


@pytest.fixture
def counted(resources: dict[str, str]) -> StatsRepository:
    """The statistics counters, as the interviews table's stream moves them."""
    return deps.stats()


def schedule(
    api: Api,
    position_id: str,
    starts_at: str = "2026-12-03T14:30",
    channels: tuple[str, ...] = ("email", "sms"),
    **candidate: Any,
) -> dict[str, Any]:
    body = interview_body(
        position_id,
        starts_at=starts_at,
        channels=list(channels),
        candidate={**CANDIDATE, **candidate},
        # The expected salary is above the range on purpose (the warning quotes it); HR sends anyway.
        accept_warnings=["salary_mismatch", "low_match"],
    )
    response = api.post("/interviews", body)
    assert response.status_code == 201, response.body
    return dict(response.json_body)


def erase(api: Api, email: str, **kwargs: Any) -> Any:
    return api.client.http.delete(f"/candidates/{email}", headers=kwargs.pop("headers", api.headers()), **kwargs)


def counters(repository: StatsRepository) -> dict[str, dict[str, int]]:
    """The day's counters once every write so far was read from the stream."""
    drain_stream()
    return {period: repository.get(period) for period in PERIODS}


def stored(interview_id: str) -> dict[str, Any]:
    """The interview as stored, in the shape of its item."""
    record = deps.interviews().get(interview_id)
    assert record is not None
    return dict(plain(record))


def signed_link(interview: Mapping[str, Any]) -> str:
    token = deps.link_signer().sign(interview["interview_id"], interview["version"], now=NOW)
    return f"/c/{token}"


@pytest.fixture
def history(api: Api, resources: dict[str, str], counted: StatsRepository) -> list[dict[str, Any]]:
    """Two interviews of the candidate with everything they said and HR noted; one of someone else."""
    position_id = api.post("/positions", position_body(skills=["typescript", "css"])).json_body["position_id"]
    first = schedule(api, position_id)
    second = schedule(api, position_id, email=EMAIL.lower(), starts_at="2026-12-03T16:00")
    other = dict(api.post("/interviews", interview_body(position_id)).json_body)
    for message in drain_outbox(resources):
        deliver(api, message)
    assert len(sent_mail()) == 3
    answer = api.client.http.post(
        signed_link(first) + "/reschedule", body="reason=Qiao+Lanfang+has+an+exam+that+day", headers=FORM
    )
    assert answer.status_code == 200
    call = api.post(f"/interviews/{second['interview_id']}/call", {"reached": True, "intent": "low", "notes": "Qiao"})
    assert call.status_code == 200, call.body
    return [stored(first["interview_id"]), stored(second["interview_id"]), stored(other["interview_id"])]


def test_erasure_removes_the_candidates_personal_data_and_keeps_the_counts(
    api: Api, history: list[dict[str, Any]], counted: StatsRepository
) -> None:
    before = counters(counted)
    assert before["day#2026-12-03"]["scheduled"] == 3

    response = erase(api, EMAIL)

    assert response.status_code == 200
    assert response.json_body == {"erased": 2}
    assert counters(counted) == before
    for original in history[:2]:
        record = stored(original["interview_id"])
        assert record["candidate"] == {"name": REDACTED, "email": REDACTED, "language": "en"}
        assert record["erased_at"] == "2026-11-27T01:00:00Z"
        assert "candidate_key" not in record
        assert not any(word.lower() in json.dumps(record).lower() for word in PERSONAL)
        unchanged = ("status", "notice", "local_date", "starts_at", "starts_at_utc", "version", "channels", "mode")
        assert {k: record.get(k) for k in unchanged} == {k: original.get(k) for k in unchanged}
    first, second = (stored(i["interview_id"]) for i in history[:2])
    assert first["candidate_response"]["reason"] == REDACTED
    assert first["candidate_response"]["action"] == "reschedule"
    assert second["calls"][0]["notes"] == REDACTED and second["calls"][0]["intent"] == "low"
    assert stored(history[2]["interview_id"]) == history[2]


def test_erased_interviews_are_still_listed_by_date_without_personal_data(
    api: Api, history: list[dict[str, Any]]
) -> None:
    erase(api, EMAIL)

    listed = api.get("/interviews?date=2026-12-03").json_body["interviews"]

    assert sorted(i["interview_id"] for i in listed) == sorted(i["interview_id"] for i in history)
    mine = [i for i in listed if i["interview_id"] != history[2]["interview_id"]]
    assert not any(word.lower() in json.dumps(mine).lower() for word in PERSONAL)


def test_the_address_matches_whatever_its_case_and_erasing_twice_erases_nothing(
    api: Api, history: list[dict[str, Any]]
) -> None:
    assert erase(api, EMAIL.upper()).json_body == {"erased": 2}
    assert erase(api, EMAIL).json_body == {"erased": 0}


def test_a_percent_encoded_address_is_understood(api: Api, history: list[dict[str, Any]]) -> None:
    assert erase(api, EMAIL.replace("@", "%40")).json_body == {"erased": 2}


def test_an_unknown_address_erases_nothing_but_is_still_suppressed(api: Api) -> None:
    response = erase(api, "nobody@example.org")

    assert response.status_code == 200
    assert response.json_body == {"erased": 0}
    assert deps.ledger().get(suppression_key("nobody@example.org")) is not None


@pytest.mark.parametrize("email", ["not-an-address", "two@@example.com", "a@b", "space%20d%40example.com"])
def test_a_malformed_address_is_refused_with_400_and_nothing_is_written(
    api: Api, settings: Settings, email: str
) -> None:
    response = erase(api, email)

    assert response.status_code == 400
    assert response.json_body["error"] == "validation_error"
    assert set(response.json_body["fields"]) == {"email"}
    ledger = aws.client("dynamodb").scan(TableName=settings.ledger_table)["Items"]
    assert ledger == []


@pytest.mark.parametrize(("authorization", "status"), [(None, 401), ("Bearer not-a-token", 403)])
def test_erasure_needs_an_hr_token(client: Any, token: str, authorization: str | None, status: int) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    assert client.http.delete(f"/candidates/{EMAIL}", headers=headers).status_code == status


def test_no_mail_goes_to_an_erased_address_again(
    api: Api, history: list[dict[str, Any]], resources: dict[str, str]
) -> None:
    erase(api, EMAIL)
    mails = len(sent_mail())
    position_id = history[0]["position_id"]
    # Suppression is for email: a text would still go out, so this invitation is by email only.
    schedule(api, position_id, starts_at="2026-12-04T10:00", channels=("email",))
    (message,) = drain_outbox(resources)

    result = deliver(api, message).payload

    assert list(result.values()) == ["suppressed"]
    assert len(sent_mail()) == mails


def test_the_by_candidate_index_finds_the_interviews_without_a_scan(
    history: list[dict[str, Any]], settings: Settings
) -> None:
    table = aws.table(settings.interviews_table)
    found = table.query(IndexName=BY_CANDIDATE, KeyConditionExpression=Key("candidate_key").eq(candidate_key(EMAIL)))

    assert sorted(item["interview_id"] for item in found["Items"]) == sorted(i["interview_id"] for i in history[:2])


class RacingRepository(InterviewRepository):
    """Someone else writes the interview once, between the erasure's read and its write."""

    def __init__(self, repository: InterviewRepository) -> None:
        self._repository = repository
        self.raced = False

    def get(self, interview_id: str) -> Interview | None:
        return self._repository.get(interview_id)

    def replace(self, interview: Interview, *, expected_revision: int, before: Interview | None = None) -> Interview:
        if not self.raced:
            self.raced = True
            current = self._repository.get(interview.interview_id)
            assert current is not None
            self._repository.replace(
                dataclasses.replace(current, intent=Intent.HIGH), expected_revision=current.revision
            )
        return self._repository.replace(interview, expected_revision=expected_revision, before=before)


def test_a_concurrent_write_is_kept_and_the_erasure_applied_on_top(history: list[dict[str, Any]]) -> None:
    racing = RacingRepository(deps.interviews())
    erasure = CandidateErasure(interviews=racing, index=FixedIndex([history[0]["interview_id"]]), ledger=deps.ledger())

    assert erasure.erase(EMAIL, now=NOW) == 1

    record = stored(history[0]["interview_id"])
    assert racing.raced
    assert record["intent"] == "high"
    assert record["candidate"]["name"] == REDACTED


class FixedIndex:
    def __init__(self, ids: list[str]) -> None:
        self._ids = ids

    def interview_ids(self, key: str) -> Iterator[str]:
        return iter(self._ids)


def test_redaction_keeps_what_the_statistics_count() -> None:
    interview = booked(
        version=2,
        revision=7,
        status="no_show",
        candidate={"name": "A", "email": "a@example.com", "phone": "+8613800138000", "skills": ["x"]},
        candidate_key=candidate_key("a@example.com"),
        candidate_response={"action": "confirm", "reason": "", "at": "2026-12-01T00:00:00Z"},
        outcome={"outcome": "no_show", "reason": "found_job", "at": "2026-12-03T08:00:00Z"},
        match={"score": 40, "reasons": ["salary: asks 30,000"], "salary_gap": 8000, "warnings": ["low_match"]},
        warnings=[{"code": "salary_mismatch", "message": "The candidate asks 30,000"}],
        calls=[{"at": "2026-12-01T00:00:00Z", "reached": False}],
    )

    result = erased(interview, now=NOW)

    assert counting.counts(result) == counting.counts(interview)
    assert result.candidate_response == interview.candidate_response
    assert result.calls == interview.calls
    shown = plain(result)
    assert shown["candidate"] == {"name": REDACTED, "email": REDACTED}
    assert shown["match"] == {"score": 40, "reasons": [REDACTED], "warnings": ["low_match"]}
    assert shown["warnings"] == [{"code": "salary_mismatch", "message": REDACTED}]
    assert "candidate_key" not in shown


def test_an_interview_that_keeps_changing_is_a_conflict(history: list[dict[str, Any]]) -> None:
    class AlwaysStale(RacingRepository):
        def replace(
            self, interview: Interview, *, expected_revision: int, before: Interview | None = None
        ) -> Interview:
            raise StaleInterview(interview.interview_id)

    erasure = CandidateErasure(
        interviews=AlwaysStale(deps.interviews()), index=FixedIndex([history[0]["interview_id"]]), ledger=deps.ledger()
    )

    with pytest.raises(Exception, match="keeps changing"):
        erasure.erase(EMAIL, now=NOW)


def test_a_notice_already_queued_when_the_candidate_is_erased_is_not_sent(
    api: Api, history: list[dict[str, Any]], resources: dict[str, str]
) -> None:
    moved = api.post(
        f"/interviews/{history[0]['interview_id']}/reschedule",
        {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai"},
    )
    assert moved.status_code == 200, moved.body
    (message,) = drain_outbox(resources)
    erase(api, EMAIL)
    mails = len(sent_mail())

    result = deliver(api, message).payload

    assert list(result.values()) == ["erased"]
    assert len(sent_mail()) == mails
