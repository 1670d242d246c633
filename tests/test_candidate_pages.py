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
from tests.support.builders import interview as booked
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
    assert "Acme Robotics" in html and "2026年12月3日 星期四" in html and "14:30–15:30 北京时间" in html
    assert "Asia/Shanghai" in html
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
    api.client.http.post(link(interview) + "/decline", body="sure=yes&reason=found+a+job", headers=FORM)
    assert stored(interview)["status"] == "declined"
    assert stored(interview)["candidate_response"]["reason"] == "found a job"


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
    long_reason = "sure=yes&reason=" + "x" * 700
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


# What the page states, in the candidate's language


def english(api: Api, **candidate: Any) -> dict[str, Any]:
    position = api.post("/positions", position_body()).json_body
    body = interview_body(position["position_id"])
    body["candidate"] = {**body["candidate"], "language": "en", **candidate}
    return dict(api.post("/interviews", body).json_body)


def shown(html: str, testid: str) -> str:
    """The text of the element marked ``data-testid=testid``, tags and runs of blanks taken out."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, testid
    return " ".join(re.sub(r"<[^>]+>", " ", match[2]).split())


def test_the_page_states_weekday_local_time_and_the_zones_everyday_name_in_each_language(
    api: Api, interview: dict[str, Any]
) -> None:
    chinese = api.client.http.get(link(interview)).body.decode()
    assert shown(chinese, "when") == "2026年12月3日 星期四 14:30–15:30 北京时间 Asia/Shanghai · UTC+08:00 · 约 60 分钟"

    english_page = api.client.http.get(link(english(api))).body.decode()
    assert shown(english_page, "when") == (
        "Thursday 3 December 2026 14:30–15:30 China Standard Time Asia/Shanghai · UTC+08:00 · about 60 minutes"
    )


def test_a_zone_without_an_everyday_name_is_stated_by_its_iana_name_and_offset(api: Api) -> None:
    position = api.post("/positions", position_body()).json_body
    nepal = api.post("/interviews", interview_body(position["position_id"], timezone="Asia/Kathmandu")).json_body
    assert shown(api.client.http.get(link(nepal)).body.decode(), "when") == (
        "2026年12月3日 星期四 14:30–15:30 Asia/Kathmandu · UTC+05:45 · 约 60 分钟"
    )


def test_an_interview_past_midnight_ends_the_next_day_and_a_phone_reads_in_groups() -> None:
    from chalicelib.services.notices.candidate_page import page_facts, readable_phone

    late = booked(
        starts_at_utc="2026-12-03T15:30:00Z", duration_minutes=90, contact={"name": "李伟", "phone": "+8613800138000"}
    )
    facts = page_facts(late, "zh-CN")
    assert (facts.day, facts.time) == ("2026年12月3日 星期四", "23:30–次日 01:00")
    assert page_facts(late, "en").time == "23:30–next day 01:00"
    assert (facts.phone, facts.tel) == ("+86 138 0013 8000", "tel:+8613800138000")
    assert readable_phone("ext. 12") == "ext. 12"


@pytest.mark.parametrize(
    ("answer", "status", "zh", "en"),
    [
        (None, "scheduled", "等待您的答复", "Waiting for your answer"),
        ("confirm", "confirmed", "已确认", "Confirmed"),
        ("reschedule", "reschedule_requested", "您已申请改期", "You asked to reschedule"),
        ("decline", "declined", "您已告知不参加", "You told us you can't come"),
    ],
)
def test_the_status_reads_in_the_candidates_words_never_as_a_stored_value(
    api: Api, answer: str | None, status: str, zh: str, en: str
) -> None:
    position = api.post("/positions", position_body()).json_body
    for language, words in (("zh-CN", zh), ("en", en)):
        body = interview_body(position["position_id"])
        body["candidate"]["language"] = language
        created = api.post("/interviews", body).json_body
        if answer:
            api.client.http.post(link(created) + f"/{answer}", body="sure=yes", headers=FORM)
        html = api.client.http.get(link(created)).body.decode()
        assert stored(created)["status"] == status
        assert shown(html, "status").replace("&#39;", "'") == words
        assert shown(html, "next"), "the page says what happens next"
        assert f">{status}<" not in html


def test_the_page_links_a_map_search_and_the_contacts_phone_to_call(api: Api, interview: dict[str, Any]) -> None:
    chinese = api.client.http.get(link(interview)).body.decode()
    english_page = api.client.http.get(link(english(api))).body.decode()

    (amap,) = re.findall(r'href="([^"]+)"[^>]*data-testid="map"', chinese)
    assert amap.startswith("https://uri.amap.com/search?keyword=") and "Century%20Avenue" in amap
    (osm,) = re.findall(r'href="([^"]+)"[^>]*data-testid="map"', english_page)
    assert osm.startswith("https://www.openstreetmap.org/search?query=88%20Century%20Avenue")
    assert shown(chinese, "contact") == "Li Wei · +86 21 5555 0100"
    assert '<a href="tel:+862155550100">+86 21 5555 0100</a>' in chinese
    assert shown(chinese, "route") == "Metro line 2 to Lujiazui, exit 6"


@pytest.mark.parametrize(
    ("answer", "zh", "en"),
    [
        ("confirm", "面试前一天我们会再提醒您", "We will remind you the day before"),
        ("reschedule", "通常在一个工作日内", "usually within one working day"),
        ("decline", "不会再给您发送提醒或通知", "we won't send you anything more"),
    ],
)
def test_after_each_answer_the_page_says_what_happens_next(api: Api, answer: str, zh: str, en: str) -> None:
    position = api.post("/positions", position_body()).json_body
    for language, next_step in (("zh-CN", zh), ("en", en)):
        body = interview_body(position["position_id"])
        body["candidate"]["language"] = language
        created = api.post("/interviews", body).json_body
        page = api.client.http.post(link(created) + f"/{answer}", body="sure=yes", headers=FORM)
        assert page.status_code == 200
        assert next_step in shown(page.body.decode(), "done").replace("&#39;", "'")


# Declining asks once more


def test_declining_first_asks_once_more_and_changes_nothing(
    api: Api, interview: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        asked = api.client.http.post(link(interview) + "/decline", body="", headers=FORM)

    assert asked.status_code == 200
    html = asked.body.decode()
    assert 'data-testid="decline-step"' in html and "确定不参加这场面试吗？" in html
    assert '<form method="post" action="decline"' in html and '<input type="hidden" name="sure" value="yes">' in html
    assert '<label for="reason">原因（选填，只有 HR 会看到）</label>' in html
    # Going back leads to the page itself: from /c/{token}/decline that is ../{token}.
    assert f'href="../{link(interview).removeprefix("/c/")}"' in html
    assert "<script" not in html
    assert security_headers(asked) == PROTECTED


def test_the_second_step_declines_with_the_reason_given_there(api: Api, interview: dict[str, Any]) -> None:
    api.client.http.post(link(interview) + "/decline", body="", headers=FORM)
    answer = urlencode({"sure": "yes", "reason": "已有offer"})
    done = api.client.http.post(link(interview) + "/decline", body=answer, headers=FORM)

    assert done.status_code == 200 and 'data-testid="done"' in done.body.decode()
    record = stored(interview)
    assert record["status"] == "declined"
    assert record["candidate_response"]["reason"] == "已有offer"


def test_a_control_character_in_the_decline_reason_asks_again_and_changes_nothing(
    api: Api, interview: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        response = api.client.http.post(link(interview) + "/decline", body="sure=yes&reason=a%00b", headers=FORM)

    assert response.status_code == 400
    html = response.body.decode()
    assert 'data-testid="decline-step"' in html and 'data-field="reason"' in html and 'aria-invalid="true"' in html


def test_the_decline_step_of_a_bad_link_is_refused_like_the_page(api: Api, interview: dict[str, Any]) -> None:
    url = link(interview)
    tampered = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    assert api.client.http.post(tampered + "/decline", body="", headers=FORM).status_code == 403


# Add to calendar


def calendar_of(response: Any) -> Any:
    from icalendar import Calendar

    return Calendar.from_ical(response.body)


def test_the_calendar_file_is_the_candidates_own_interview_to_add_and_changes_nothing(
    api: Api, interview: dict[str, Any], settings: Settings, resources: dict[str, str]
) -> None:
    from datetime import UTC, datetime

    with nothing_written(settings, resources):
        response = api.client.http.get(link(interview) + "/calendar.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="interview-2026-12-03.ics"'
    assert security_headers(response) == PROTECTED
    calendar = calendar_of(response)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "PUBLISH"
    # The emailed invite's entry: a calendar that holds it updates it rather than adding a second one.
    assert str(event["uid"]) == f"{interview['interview_id']}@showup" and int(event["sequence"]) == 0
    assert event.decoded("dtstart") == datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
    assert str(event["summary"]) == "面试：Acme Robotics · Front-end Engineer"
    assert "attendee" not in event and event.walk("VALARM")


def test_the_page_links_the_calendar_file_relative_to_where_it_is(api: Api, interview: dict[str, Any]) -> None:
    url = link(interview)
    token = url.removeprefix("/c/")
    page = api.client.http.get(url).body.decode()
    answered = api.client.http.post(url + "/confirm", body="", headers=FORM).body.decode()
    assert f'href="{token}/calendar.ics" download' in page
    assert 'href="calendar.ics" download' in answered


def test_the_calendar_file_of_a_bad_link_gets_the_pages_refusals(
    api: Api, interview: dict[str, Any], override: Override
) -> None:
    url = link(interview)
    http = api.client.http
    tampered = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    assert http.get(tampered + "/calendar.ics").status_code == 403

    moved = {"starts_at": "2026-12-04T10:00", "timezone": "Asia/Shanghai"}
    assert api.post(f"/interviews/{interview['interview_id']}/reschedule", moved).status_code == 200
    superseded = http.get(url + "/calendar.ics")
    assert superseded.status_code == 403 and "text/html" in superseded.headers["Content-Type"]

    later = NOW + timedelta(days=deps.settings().link_max_age_days, seconds=1)
    fresh = link(api.get(f"/interviews/{interview['interview_id']}").json_body)
    override(now=lambda: later)
    assert http.get(fresh + "/calendar.ics").status_code == 403


def test_the_calendar_file_of_a_cancelled_or_erased_interview_is_refused(api: Api, interview: dict[str, Any]) -> None:
    url = link(interview)
    other = link(english(api, email="li.si@example.com"))
    api.post(f"/interviews/{interview['interview_id']}/cancel")
    assert api.client.http.delete("/candidates/li.si@example.com", headers=api.headers()).status_code == 200

    closed = api.client.http.get(url + "/calendar.ics")
    gone = api.client.http.get(other + "/calendar.ics")
    assert closed.status_code == 409 and "已取消" in closed.body.decode()
    assert gone.status_code == 410 and 'data-testid="gone"' in gone.body.decode()
