"""Candidate pages: GET shows and changes nothing; POST acts once; bad links get 403."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from chalicelib import deps
from chalicelib.settings import Settings
from chalicelib.store.codec import plain
from tests.support import Override
from tests.support.api import Api, interview_body, position_body
from tests.support.aws import nothing_written
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
    """The interview as stored, in the shape of its item."""
    record = deps.interviews().get(interview["interview_id"])
    assert record is not None
    return dict(plain(record))


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


# What every candidate answer carries, and what an erased candidate's link shows


def security_headers(response: Any) -> dict[str, str]:
    directives = dict(part.split(" ", 1) for part in response.headers["Content-Security-Policy"].split("; "))
    return {
        "default-src": directives["default-src"],
        "script-src": directives.get("script-src", "(default)"),
        "style-src": directives["style-src"],
        "form-action": directives["form-action"],
        "frame-ancestors": directives["frame-ancestors"],
        "X-Frame-Options": response.headers["X-Frame-Options"],
        "X-Content-Type-Options": response.headers["X-Content-Type-Options"],
        "Referrer-Policy": response.headers["Referrer-Policy"],
        "Cache-Control": response.headers["Cache-Control"],
    }


PROTECTED = {
    "default-src": "'none'",
    "script-src": "(default)",  # no script at all, inline or not
    "style-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def short_link(interview: dict[str, Any]) -> str:
    """``/s/<code>`` as the SMS carries it."""
    record = deps.interviews().get(interview["interview_id"])
    assert record is not None
    links = deps.notice_delivery().links_for(record, now=NOW, short=True)
    assert links.short is not None
    return "/s/" + links.short.rsplit("/s/", 1)[1]


def test_every_candidate_answer_carries_the_pages_security_headers(api: Api, interview: dict[str, Any]) -> None:
    url = link(interview)
    http = api.client.http
    answers = {
        "page": http.get(url),
        "short link": http.get(short_link(interview)),
        "unknown short link": http.get("/s/unknown0000"),
        "tampered": http.get(url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")),
        "refused reason": http.post(url + "/reschedule", body="reason=a%00b", headers=FORM),
        "body too large": http.post(url + "/reschedule", body="reason=" + "x" * 300_000, headers=FORM),
        "confirmed": http.post(url + "/confirm", body="", headers=FORM),
    }
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    answers["closed"] = http.get(url)

    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses == {
        "page": 200,
        "short link": 302,
        "unknown short link": 403,
        "tampered": 403,
        "refused reason": 400,
        "body too large": 413,
        "confirmed": 200,
        "closed": 409,
    }
    for name, response in answers.items():
        assert security_headers(response) == PROTECTED, name


def test_the_page_runs_no_script_and_takes_its_style_from_our_own_file(api: Api, interview: dict[str, Any]) -> None:
    url = link(interview)
    for path, root in ((url, "../"), (url + "/confirm", "../../")):
        response = api.client.http.get(path) if root == "../" else api.client.http.post(path, body="", headers=FORM)
        html = response.body.decode()
        assert "<script" not in html and "<style" not in html and " style=" not in html
        (stylesheet,) = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
        # Relative to the page, as API Gateway's stage prefix requires.
        assert stylesheet.startswith(root + "static/candidate.")
        served = api.client.http.get("/" + stylesheet.removeprefix(root))
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "text/css; charset=utf-8"


def test_an_erased_candidates_link_shows_a_neutral_page_and_writes_nothing(
    api: Api, interview: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    url, short = link(interview), short_link(interview)
    assert api.client.http.delete("/candidates/zhang.san@example.com", headers=api.headers()).status_code == 200

    with nothing_written(settings, resources):
        shown = api.client.http.get(url)
        acted = [
            api.client.http.post(url + f"/{action}", body="reason=I+am+back", headers=FORM)
            for action in ("confirm", "decline", "reschedule")
        ]
        redirect = api.client.http.get(short)

    for response in (shown, *acted):
        assert response.status_code == 410
        html = response.body.decode()
        assert 'data-testid="gone"' in html and "不再提供" in html
        assert "Acme Robotics" not in html and "Front-end Engineer" not in html and "Century Avenue" not in html
    assert redirect.status_code == 302
    assert api.client.http.get("/" + redirect.headers["Location"].removeprefix("../")).status_code == 410


def test_the_neutral_page_speaks_the_companys_default_language(
    api: Api, interview: dict[str, Any], override: Override
) -> None:
    api.client.http.delete("/candidates/zhang.san@example.com", headers=api.headers())
    english = replace(deps.settings(), default_language="en")
    override(settings=lambda: english)

    html = api.client.http.get(link(interview)).body.decode()

    assert '<html lang="en">' in html and "This page is no longer available" in html


def test_a_reason_with_a_control_character_is_a_400_page_naming_the_reason_and_nothing_changes(
    api: Api, interview: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        response = api.client.http.post(link(interview) + "/reschedule", body="reason=Thursday%00morning", headers=FORM)

    assert response.status_code == 400
    html = response.body.decode()
    assert 'data-field="reason"' in html and "看不见的控制字符" in html
    assert 'aria-invalid="true"' in html and 'data-testid="done"' not in html


def test_a_reason_over_several_lines_is_kept_as_typed(api: Api, interview: dict[str, Any]) -> None:
    typed = "Thursday morning,\r\nor Friday\tafternoon"
    api.client.http.post(link(interview) + "/reschedule", body=urlencode({"reason": typed}), headers=FORM)
    assert stored(interview)["candidate_response"]["reason"] == typed
