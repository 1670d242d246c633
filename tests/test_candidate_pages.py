"""Candidate pages: GET shows and changes nothing; POST acts once; bad links get 403."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from chalicelib import deps
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.clock import NOW

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def interview(api: Api) -> dict[str, Any]:
    position = api.post("/positions", position_body()).json_body
    return dict(api.post("/interviews", interview_body(position["position_id"])).json_body)


def link(interview: dict[str, Any], version: int | None = None) -> str:
    token = deps.link_signer().sign(interview["interview_id"], version or interview["version"], now=NOW)
    return f"/c/{token}"


def stored(interview: dict[str, Any]) -> dict[str, Any]:
    record = deps.interviews().get(interview["interview_id"])
    assert record is not None
    return record


def test_opening_the_link_shows_the_interview_and_changes_nothing(api: Api, interview: dict[str, Any]) -> None:
    before = stored(interview)
    page = api.client.http.get(link(interview))
    assert page.status_code == 200
    html = page.body.decode()
    assert "Acme Robotics" in html and "2026-12-03 14:30" in html and "Asia/Shanghai" in html
    assert 'action="' in html and "/confirm" in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert stored(interview) == before


def test_the_page_works_without_the_optional_facts(api: Api) -> None:
    position = api.post("/positions", position_body(contact=None)).json_body
    body = interview_body(position["position_id"])
    del body["transit"]
    bare = api.post("/interviews", body).json_body
    assert "transit" not in bare and "contact" not in bare
    page = api.client.http.get(link(bare))
    assert page.status_code == 200
    assert "88 Century Avenue" in page.body.decode()


def test_the_page_speaks_the_candidates_language(api: Api) -> None:
    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"])
    body["candidate"]["language"] = "en"
    english = api.post("/interviews", body).json_body
    chinese = api.post("/interviews", interview_body(position["position_id"])).json_body
    assert "I&#39;ll be there" in api.client.http.get(link(english)).body.decode()
    assert "确认参加" in api.client.http.get(link(chinese)).body.decode()


def test_confirm_changes_the_status_once_and_repeating_is_harmless(api: Api, interview: dict[str, Any]) -> None:
    first = api.client.http.post(link(interview) + "/confirm", body="", headers=FORM)
    assert first.status_code == 200
    assert 'data-testid="done"' in first.body.decode()
    after_first = stored(interview)
    assert after_first["status"] == "confirmed"
    second = api.client.http.post(link(interview) + "/confirm", body="", headers=FORM)
    assert second.status_code == 200
    assert stored(interview)["revision"] == after_first["revision"]


def test_decline_and_reschedule_keep_the_reason(api: Api, interview: dict[str, Any]) -> None:
    api.client.http.post(link(interview) + "/reschedule", body="reason=Thursday+morning+suits+me", headers=FORM)
    record = stored(interview)
    assert record["status"] == "reschedule_requested"
    assert record["candidate_response"] == {
        "action": "reschedule",
        "reason": "Thursday morning suits me",
        "at": "2026-11-27T01:00:00Z",
    }
    api.client.http.post(link(interview) + "/decline", body="reason=found+a+job", headers=FORM)
    assert stored(interview)["status"] == "declined"


def test_a_tampered_link_gets_a_403_page(api: Api, interview: dict[str, Any]) -> None:
    url = link(interview)
    bad = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    for response in (api.client.http.get(bad), api.client.http.post(bad + "/confirm", body="", headers=FORM)):
        assert response.status_code == 403
        assert "text/html" in response.headers["Content-Type"]
    assert stored(interview)["status"] == "scheduled"


def test_an_expired_link_gets_a_403_page(api: Api, interview: dict[str, Any], override: Override) -> None:
    url = link(interview)
    override(now=lambda: NOW + timedelta(days=deps.settings().link_max_age_days, seconds=1))
    assert api.client.http.get(url).status_code == 403


def test_reschedule_by_hr_kills_older_links(api: Api, interview: dict[str, Any]) -> None:
    old = link(interview)
    moved = api.post(
        f"/interviews/{interview['interview_id']}/reschedule",
        {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai"},
    )
    assert moved.status_code == 200
    assert api.client.http.get(old).status_code == 403
    assert api.client.http.post(old + "/confirm", body="", headers=FORM).status_code == 403
    assert api.client.http.get(link(moved.json_body)).status_code == 200


def test_acting_on_a_cancelled_interview_gets_a_409_page(api: Api, interview: dict[str, Any]) -> None:
    # The link the candidate holds was sent before the cancellation.
    url = link(interview)
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    for response in (api.client.http.get(url), api.client.http.post(url + "/confirm", body="", headers=FORM)):
        assert response.status_code == 409
        assert "已取消" in response.body.decode()
    assert stored(interview)["status"] == "cancelled"


def test_a_reason_too_long_to_keep_is_stored_once_and_repeating_it_changes_nothing(
    api: Api, interview: dict[str, Any]
) -> None:
    long_reason = "reason=" + "x" * 700
    api.client.http.post(link(interview) + "/decline", body=long_reason, headers=FORM)
    first = stored(interview)
    assert len(first["candidate_response"]["reason"]) == 500
    api.client.http.post(link(interview) + "/decline", body=long_reason, headers=FORM)
    assert stored(interview)["revision"] == first["revision"]
