"""Correcting, closing and reopening positions: optimistic locking on the revision HR read, one update
notice per upcoming interview whose candidate already has their notice (saying what changed, in the
candidate's language), nothing for facts candidates never read, and a closed position takes no bookings."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest

from chalicelib import deps
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.preparation.recheck import rechecked
from chalicelib.services.scheduling import updates
from chalicelib.services.scheduling.position_edits import followed
from chalicelib.settings import Settings
from chalicelib.store.positions import StalePosition
from chalicelib.vocabulary import NoticeFact, NoticeStatus, WarningCode
from tests.support import Override
from tests.support.api import Api, assert_validation_error, body_of, create_position, interview_body, position_body
from tests.support.aws import (
    aws_client,
    drain_outbox,
    dynamodb_calls,
    nothing_written,
    send_outbox,
    sent_mail,
    store_snapshot,
)
from tests.support.builders import interview, position
from tests.support.clock import NOW, at
from tests.support.events import deliver
from tests.support.notices import notice_for, records

# Sunday 29 November 2026, 09:00 in Shanghai: HR corrects the position.
EDITED_AT = at("2026-11-29T09:00")
NEW_LOCATION = "Zhangjiang Hi-Tech Park, Building 5, Shanghai"
SENT = {"status": "sent", "sequence": 1, "kind": "notice", "sent_at": "2026-11-27T01:05:00Z"}


def book(api: Api, position_id: str, starts_at: str, address: str, language: str = "zh-CN", **more: Any) -> str:
    candidate = {"name": address.split("@")[0], "email": address, "language": language}
    response = api.post("/interviews", interview_body(position_id, starts_at=starts_at, candidate=candidate, **more))
    assert response.status_code == 201, response.body
    return str(body_of(response)["interview_id"])


def mails_to(address: str) -> list[EmailMessage]:
    parsed = (email.message_from_string(mail.raw_data, policy=email.policy.default) for mail in sent_mail())
    return [mail for mail in parsed if mail["To"] == address]


def parts(mail: EmailMessage) -> tuple[str, str]:
    """The text and the HTML of a mail."""
    text, html = mail.get_body(preferencelist=("plain",)), mail.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content().replace("\r\n", "\n"), html.get_content()


def stored_interview(api: Api, interview_id: str) -> dict[str, Any]:
    found: dict[str, Any] = body_of(api.get(f"/interviews/{interview_id}"))
    return found


@dataclass(frozen=True)
class Scene:
    """A position with upcoming interviews in every state a correction must tell apart."""

    position_id: str
    told_zh: str
    told_en: str
    cancelled: str
    past: str
    not_told_yet: str


@pytest.fixture
def scene(api: Api, resources: dict[str, str], override: Override) -> Scene:
    position_id = create_position(api)["position_id"]
    told_zh = book(api, position_id, "2026-12-03T14:30", "zhang.san@example.com")
    told_en = book(api, position_id, "2026-12-03T16:00", "alice.chen@example.com", "en")
    cancelled = book(api, position_id, "2026-12-04T10:00", "li.si@example.com")
    past = book(api, position_id, "2026-11-28T10:00", "wang.wu@example.com")
    send_outbox(resources)
    api.post(f"/interviews/{cancelled}/cancel")
    send_outbox(resources)
    override(now=lambda: EDITED_AT)
    # Booked on Sunday morning: its notice is on the outbox, not yet sent.
    not_told_yet = book(api, position_id, "2026-12-05T10:00", "zhao.liu@example.com")
    return Scene(position_id, told_zh, told_en, cancelled, past, not_told_yet)


# ---------- A fact candidates read: one update each, saying what changed ----------


def test_a_corrected_work_location_sends_one_update_to_each_upcoming_notified_interview_only(
    api: Api, resources: dict[str, str], scene: Scene
) -> None:
    response = api.patch(f"/positions/{scene.position_id}", {"revision": 1, "work_location": NEW_LOCATION})

    assert response.status_code == 200, response.body
    assert (body_of(response)["revision"], body_of(response)["work_location"]) == (2, NEW_LOCATION)
    queued = {(m["interview_id"], m["kind"], m["sequence"]) for m in drain_outbox(resources)}
    assert queued == {
        (scene.told_zh, "update", 2),
        (scene.told_en, "update", 2),
        # Its first notice, still to go, states the corrected location itself.
        (scene.not_told_yet, "notice", 1),
    }
    notice = stored_interview(api, scene.told_zh)["notice"]
    assert (notice["status"], notice["kind"], notice["changed"]) == ("queued", "update", ["work_location"])
    for interview_id in (scene.cancelled, scene.past, scene.not_told_yet):
        assert "changed" not in stored_interview(api, interview_id)["notice"]


def test_the_update_says_what_changed_in_the_candidates_own_language(
    api: Api, resources: dict[str, str], scene: Scene
) -> None:
    sent_before = {address: len(mails_to(address)) for address in ("li.si@example.com", "wang.wu@example.com")}
    api.patch(f"/positions/{scene.position_id}", {"revision": 1, "work_location": NEW_LOCATION})
    for message in drain_outbox(resources):
        deliver(api, message)

    zh = mails_to("zhang.san@example.com")[1:]
    en = mails_to("alice.chen@example.com")[1:]
    assert [mail["Subject"] for mail in zh] == ["面试信息变更：Acme Robotics · Front-end Engineer · 12月3日 14:30"]
    assert [mail["Subject"] for mail in en] == [
        "Interview details changed: Acme Robotics · Front-end Engineer · Thu 3 Dec 16:00"
    ]
    text, html = parts(zh[0])
    assert "面试时间不变" in text and "【变更内容】\n工作地点：" + NEW_LOCATION in text
    assert "变更内容" in html and NEW_LOCATION in html
    text, html = parts(en[0])
    assert "the time stays the same" in text and "WHAT CHANGED\nWork location: " + NEW_LOCATION in text
    assert "What changed" in html and NEW_LOCATION in html
    assert "work_location" not in text + html
    # The cancelled and the past interviews' candidates hear nothing; the new booking's notice is current.
    assert {address: len(mails_to(address)) for address in sent_before} == sent_before
    (first_notice,) = mails_to("zhao.liu@example.com")
    assert NEW_LOCATION in parts(first_notice)[0]


def test_two_corrections_before_the_outbox_runs_reach_the_candidate_as_one_update(
    api: Api, resources: dict[str, str], scene: Scene
) -> None:
    drain_outbox(resources)
    api.patch(f"/positions/{scene.position_id}", {"revision": 1, "work_location": NEW_LOCATION})
    api.patch(f"/positions/{scene.position_id}", {"revision": 2, "salary_min": 16000, "salary_max": 23000})
    for message in drain_outbox(resources):
        deliver(api, message)

    (update,) = mails_to("alice.chen@example.com")[1:]
    text, _ = parts(update)
    assert f"Work location: {NEW_LOCATION}" in text
    assert "Salary range: 16,000–23,000 CNY / month" in text


def test_a_contact_change_reaches_interviews_that_took_the_positions_contact_only(
    api: Api, resources: dict[str, str]
) -> None:
    position_id = create_position(api)["position_id"]
    following = book(api, position_id, "2026-12-03T14:30", "zhang.san@example.com")
    own = {"name": "Wang Fang", "phone": "+86 21 5555 0199"}
    keeping = book(api, position_id, "2026-12-03T16:00", "alice.chen@example.com", "en", contact=own)
    send_outbox(resources)
    contact = {"name": "Chen Jing", "phone": "+86 21 5555 0123", "email": "chenjing@acme.example.com"}

    api.patch(f"/positions/{position_id}", {"revision": 1, "contact": contact})

    assert [(m["interview_id"], m["kind"]) for m in drain_outbox(resources)] == [(following, "update")]
    assert stored_interview(api, following)["contact"] == contact
    assert stored_interview(api, following)["notice"]["changed"] == ["contact"]
    assert stored_interview(api, keeping)["contact"] == own


# ---------- What candidates never read sends nothing ----------


def test_an_internal_note_and_other_facts_candidates_never_read_send_nothing(
    api: Api, resources: dict[str, str], settings: Settings, scene: Scene
) -> None:
    drain_outbox(resources)
    before = store_snapshot(settings, resources)
    unseen = {
        "notes": "Hiring manager prefers candidates who can start in January",
        "skills": ["typescript", "css", "testing"],
        "applicant_count": 55,
        "manager_style": "Weekly one-to-one, reviews every pull request",
    }

    response = api.patch(f"/positions/{scene.position_id}", {"revision": 1, **unseen})

    assert response.status_code == 200, response.body
    assert {name: body_of(response)[name] for name in unseen} == unseen
    after = store_snapshot(settings, resources)
    assert after["interviews_table"] == before["interviews_table"]
    assert after["outbox"] == before["outbox"] == 0
    assert drain_outbox(resources) == []


# ---------- Optimistic locking ----------


def test_a_stale_revision_gets_409_with_the_current_revision_and_writes_nothing(
    api: Api, resources: dict[str, str], settings: Settings
) -> None:
    position_id = create_position(api)["position_id"]
    book(api, position_id, "2026-12-03T14:30", "zhang.san@example.com")
    send_outbox(resources)
    assert api.patch(f"/positions/{position_id}", {"revision": 1, "salary_max": 21000}).status_code == 200

    with nothing_written(settings, resources):
        response = api.patch(f"/positions/{position_id}", {"revision": 1, "work_location": NEW_LOCATION})

    assert response.status_code == 409
    body = body_of(response)
    assert (body["error"], body["revision"], set(body["fields"])) == ("conflict", 2, {"revision"})
    assert body_of(api.get(f"/positions/{position_id}"))["work_location"] == position_body()["work_location"]


def test_a_write_from_a_revision_someone_else_moved_past_is_refused_by_the_table(api: Api) -> None:
    position_id = create_position(api)["position_id"]
    read = deps.positions().get(position_id)
    assert read is not None
    api.patch(f"/positions/{position_id}", {"revision": 1, "title": "Senior Front-end Engineer"})

    with pytest.raises(StalePosition):
        deps.positions().replace(dataclasses.replace(read, title="Lead"), expected_revision=read.revision)

    assert body_of(api.get(f"/positions/{position_id}"))["title"] == "Senior Front-end Engineer"


def test_a_position_stored_before_revisions_were_kept_reads_and_edits_as_revision_1(
    api: Api, settings: Settings
) -> None:
    position_id = create_position(api)["position_id"]
    aws_client("dynamodb").update_item(
        TableName=settings.positions_table, Key={"position_id": {"S": position_id}}, UpdateExpression="REMOVE revision"
    )

    assert body_of(api.get(f"/positions/{position_id}"))["revision"] == 1
    response = api.patch(f"/positions/{position_id}", {"revision": 1, "title": "Senior Front-end Engineer"})
    assert (response.status_code, body_of(response)["revision"]) == (200, 2)


def test_an_edit_that_changes_nothing_writes_nothing(api: Api, settings: Settings, resources: dict[str, str]) -> None:
    created = create_position(api)

    with nothing_written(settings, resources):
        response = api.patch(f"/positions/{created['position_id']}", {"revision": 1, "title": created["title"]})

    assert (response.status_code, body_of(response)) == (200, created)


def test_finding_the_upcoming_interviews_queries_the_position_index_and_never_scans(
    api: Api, settings: Settings, scene: Scene
) -> None:
    with dynamodb_calls(settings) as calls:
        api.patch(f"/positions/{scene.position_id}", {"revision": 1, "work_location": NEW_LOCATION})

    assert ("Query", "by_position") in calls
    assert all(operation != "Scan" for operation, _ in calls)


# ---------- Bad input ----------

REFUSED_PATCHES = [
    pytest.param({"revision": 1, "salary_min": "a lot"}, "salary_min", id="wrong-type"),
    pytest.param({"revision": 1, "salary_max": True}, "salary_max", id="boolean-salary"),
    pytest.param({"revision": 1, "colour": "blue"}, "colour", id="unknown-field"),
    pytest.param({"revision": 1}, "body", id="empty-patch"),
    pytest.param({"title": "Lead"}, "revision", id="no-revision"),
    pytest.param({"revision": "1", "title": "Lead"}, "revision", id="revision-as-text"),
    pytest.param({"revision": 0, "title": "Lead"}, "revision", id="revision-zero"),
    pytest.param({"revision": 1, "title": None}, "title", id="required-fact-cleared"),
    pytest.param({"revision": 1, "title": "   "}, "title", id="blank-title"),
    pytest.param({"revision": 1, "salary_min": 30000}, "salary_max", id="min-over-the-stored-max"),
    pytest.param({"revision": 1, "company_website": "acme.com"}, "company_website", id="website-without-scheme"),
    pytest.param({"revision": 1, "contact": {"name": "Li Wei"}}, "contact.phone", id="contact-without-phone"),
    pytest.param([{"revision": 1}], "body", id="not-an-object"),
]


@pytest.mark.parametrize(("patch", "field"), REFUSED_PATCHES)
def test_a_bad_patch_is_a_400_naming_the_field_and_writes_nothing(
    api: Api, settings: Settings, resources: dict[str, str], patch: Any, field: str
) -> None:
    position_id = create_position(api)["position_id"]

    with nothing_written(settings, resources):
        response = api.patch(f"/positions/{position_id}", patch)

    assert_validation_error(response, field)


def test_a_patch_that_is_not_json_is_a_400_naming_the_body(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    position_id = create_position(api)["position_id"]

    with nothing_written(settings, resources):
        response = api.patch(f"/positions/{position_id}", raw="{revision: 1")

    assert_validation_error(response, "body")


def test_an_unknown_position_is_a_404_on_every_new_route(
    api: Api, settings: Settings, resources: dict[str, str]
) -> None:
    with nothing_written(settings, resources):
        patched = api.patch("/positions/pos_0000000000000000", {"revision": 1, "title": "Lead"})
        closed = api.post("/positions/pos_0000000000000000/close")
        reopened = api.post("/positions/pos_0000000000000000/reopen")

    assert [r.status_code for r in (patched, closed, reopened)] == [404, 404, 404]


def test_listing_with_an_unknown_include_is_a_400_naming_it(api: Api) -> None:
    assert_validation_error(api.get("/positions?include=archived"), "include")


# ---------- Closing and reopening ----------


def test_a_closed_position_takes_no_interviews_leaves_the_list_and_keeps_its_own(
    api: Api, resources: dict[str, str], settings: Settings
) -> None:
    position_id = create_position(api)["position_id"]
    upcoming = book(api, position_id, "2026-12-03T14:30", "zhang.san@example.com")
    send_outbox(resources)

    closed = api.post(f"/positions/{position_id}/close")

    assert closed.status_code == 200
    assert (body_of(closed)["closed_at"], body_of(closed)["revision"]) == ("2026-11-27T01:00:00Z", 2)
    assert body_of(api.get("/positions"))["positions"] == []
    assert [p["position_id"] for p in body_of(api.get("/positions?include=closed"))["positions"]] == [position_id]
    with nothing_written(settings, resources):
        refused = api.post("/interviews", interview_body(position_id))
        again = api.post(f"/positions/{position_id}/close")
    assert refused.status_code == 409
    assert "reopen" in body_of(refused)["message"] and "position_id" in body_of(refused)["fields"]
    assert body_of(again) == body_of(closed)
    kept = stored_interview(api, upcoming)
    assert (kept["status"], kept["notice"]["status"]) == ("scheduled", "sent")
    assert drain_outbox(resources) == []


def test_a_reopened_position_is_listed_and_books_interviews_again(
    api: Api, resources: dict[str, str], settings: Settings
) -> None:
    position_id = create_position(api)["position_id"]
    api.post(f"/positions/{position_id}/close")

    reopened = api.post(f"/positions/{position_id}/reopen")

    assert reopened.status_code == 200 and "closed_at" not in body_of(reopened)
    with nothing_written(settings, resources):
        assert body_of(api.post(f"/positions/{position_id}/reopen")) == body_of(reopened)
    assert [p["position_id"] for p in body_of(api.get("/positions"))["positions"]] == [position_id]
    assert api.post("/interviews", interview_body(position_id)).status_code == 201


# ---------- Checks run again ----------


def test_a_fixed_position_lifts_its_incomplete_warning_so_hr_can_send_the_held_notice(
    api: Api, resources: dict[str, str]
) -> None:
    # A range whose top is over twice its bottom tells the candidate nothing: the notice is held.
    position_id = create_position(api, salary_min=10000, salary_max=30000)["position_id"]
    held = book(api, position_id, "2026-12-03T14:30", "zhang.san@example.com")
    assert stored_interview(api, held)["notice"]["held_for"] == ["incomplete_position"]

    fixed = api.patch(f"/positions/{position_id}", {"revision": 1, "salary_min": 18000, "salary_max": 24000})

    assert body_of(fixed)["completeness"] == []
    interview_now = stored_interview(api, held)
    assert interview_now["warnings"] == []
    assert (interview_now["notice"]["status"], interview_now["notice"]["held_for"]) == ("held", [])
    assert drain_outbox(resources) == []
    assert api.post(f"/interviews/{held}/notice", {"accept_warnings": []}).status_code == 200
    assert [m["kind"] for m in drain_outbox(resources)] == ["notice"]


# ---------- One interview, as a correction reaches it (no AWS) ----------

BEFORE = position()
MOVED = dataclasses.replace(BEFORE, work_location=NEW_LOCATION)


def follow(interview_record: Any, after: Any = MOVED) -> Any:
    return followed(interview_record, BEFORE, after, now=NOW, recheck=rechecked)


@pytest.mark.parametrize(
    "kept",
    [
        pytest.param({"status": "cancelled"}, id="cancelled"),
        pytest.param({"status": "attended"}, id="attended"),
        pytest.param({"status": "no_show"}, id="no-show"),
        pytest.param({"starts_at_utc": "2026-11-27T00:30:00Z"}, id="already-started"),
        pytest.param({"erased_at": "2026-11-27T00:00:00Z"}, id="erased"),
    ],
)
def test_an_interview_that_is_over_or_off_keeps_its_history(kept: dict[str, Any]) -> None:
    assert follow(interview(notice=SENT, **kept)) is None


@pytest.mark.parametrize("status", ["sent", "delivered", "failed"])
def test_a_candidate_who_has_their_notice_gets_one_update_naming_the_fact(status: str) -> None:
    updated = follow(interview(notice={**SENT, "status": status}))

    assert updated.notice.status == NoticeStatus.QUEUED
    assert (updated.notice.kind, updated.notice.sequence) == (NoticeKind.UPDATE, 2)
    assert updated.notice.changed == (NoticeFact.WORK_LOCATION,)


@pytest.mark.parametrize(
    "notice",
    [
        pytest.param({"status": "queued", "sequence": 1, "kind": "notice"}, id="first-notice-on-its-way"),
        pytest.param({**SENT, "status": "queued", "sequence": 2}, id="full-notice-resent"),
        pytest.param({**SENT, "status": "bounced"}, id="bounced"),
    ],
)
def test_no_update_when_a_notice_on_its_way_states_the_facts_or_the_address_bounced(notice: dict[str, Any]) -> None:
    assert follow(interview(notice=notice)) is None


def test_an_update_still_on_its_way_is_folded_into_the_next_one() -> None:
    rescheduled = interview(notice={**SENT, "status": "queued", "kind": "update", "sequence": 2})

    updated = follow(rescheduled)

    assert updated.notice.sequence == 3
    assert updated.notice.changed == (NoticeFact.TIME, NoticeFact.WORK_LOCATION)


def test_a_reschedule_on_top_of_a_pending_correction_says_both() -> None:
    corrected = follow(interview(notice=SENT))

    assert updates.moved(corrected.notice) == (NoticeFact.WORK_LOCATION, NoticeFact.TIME)
    assert updates.moved(interview(notice=SENT).notice) is None


def test_the_copied_company_and_role_follow_even_before_the_notice_is_sent() -> None:
    renamed = dataclasses.replace(BEFORE, company="Acme Robotics Ltd", title="Web Engineer")

    updated = follow(interview(), renamed)

    assert (updated.company, updated.position_title) == ("Acme Robotics Ltd", "Web Engineer")
    assert updated.notice == interview().notice


def test_a_lowered_salary_flags_a_mismatch_without_holding_a_notice_already_sent() -> None:
    asking = interview(notice=SENT, candidate={"name": "Zhang San", "email": "z@example.com", "expected_salary": 21000})

    updated = follow(asking, dataclasses.replace(BEFORE, salary_min=15000, salary_max=18000))

    assert [warning.code for warning in updated.warnings] == [WarningCode.SALARY_MISMATCH]
    assert (updated.notice.status, updated.notice.changed) == (NoticeStatus.QUEUED, (NoticeFact.SALARY,))


# ---------- The update's words (no AWS) ----------


@pytest.mark.parametrize(
    ("language", "subject", "lines", "sms"),
    [
        (
            "zh-CN",
            "面试信息变更：Acme Robotics · 前端工程师 · 12月3日 14:30",
            ["薪资范围：15,000–22,000 CNY / 月", "公司官网：不再提供"],
            "【Acme Robotics】面试信息有变更（薪资范围、公司官网）",
        ),
        (
            "en",
            "Interview details changed: Acme Robotics · Front-end Engineer · Thu 3 Dec 14:30",
            ["Salary range: 15,000–22,000 CNY / month", "Website: no longer given"],
            "Acme Robotics interview details changed (Salary range, Website)",
        ),
    ],
)
def test_an_update_lists_each_changed_fact_as_it_now_is(
    language: str, subject: str, lines: list[str], sms: str
) -> None:
    booked, job = records(language)
    told = booked.with_notice(kind="update", changed=(NoticeFact.SALARY, NoticeFact.WEBSITE))

    notice = notice_for(NoticeKind.UPDATE, told, dataclasses.replace(job, company_website=None))

    assert notice.subject == subject
    assert all(line in notice.text for line in lines)
    assert notice.sms is not None and notice.sms.startswith(sms)
    assert not any(name in notice.text + notice.html for name in ("salary_min", "company_website", "website\n"))


def test_a_plain_reschedule_still_says_the_interview_moved() -> None:
    booked, job = records("en")

    notice = notice_for(NoticeKind.UPDATE, booked, job)

    assert notice.subject.startswith("Interview moved:")
    assert "What changed" not in notice.html
    assert notice.sms is not None and "interview moved to Thu 3 Dec 14:30" in notice.sms
