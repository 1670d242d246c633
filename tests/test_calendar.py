"""The calendar invite: one entry per interview that moves and disappears with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from chalicelib.services.common.records import Interview, Position
from chalicelib.services.notices.calendar import invite
from chalicelib.services.notices.content import NoticeKind
from tests.support.notices import PAGE, SENDER, Desk, en_interview, en_position, notice_for, records


def event_of(ics: bytes) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def request(interview: Interview, position: Position, **kw: Any) -> bytes:
    return invite(interview, position, organizer=SENDER, method="REQUEST", **kw)


def test_invite_starts_at_the_interviews_utc_start_and_lasts_its_duration() -> None:
    interview, position = records("en", duration_minutes=45)
    calendar, event = event_of(request(interview, position))
    assert interview.starts_at_utc == "2026-12-03T06:30:00Z"
    assert event.decoded("dtstart") == datetime(2026, 12, 3, 6, 30, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 12, 3, 7, 15, tzinfo=UTC)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["status"]) == "CONFIRMED"


def test_invite_names_company_role_place_and_people() -> None:
    interview, position = records("en", latitude=31.2397, longitude=121.4998)
    _, event = event_of(request(interview, position, page_url=PAGE))
    assert str(event["summary"]) == "Interview: Acme Robotics · Front-end Engineer"
    assert str(event["location"]) == "88 Century Avenue, Floor 12, Shanghai"
    description = str(event["description"])
    for fact in ("Li Wei", "+86 21 5555 0100", "Metro line 2 to Lujiazui, exit 6", PAGE):
        assert fact in description
    assert str(event["organizer"]) == f"mailto:{SENDER}"
    attendee = event["attendee"]
    assert str(attendee) == "mailto:zhang.san@example.com"
    assert attendee.params["RSVP"] == "TRUE"
    assert attendee.params["CN"] == "Zhang San"
    assert event["geo"].latitude == pytest.approx(31.2397)


def test_chinese_invite_speaks_chinese() -> None:
    interview, position = records("zh-CN")
    _, event = event_of(request(interview, position, language="zh-CN"))
    assert str(event["summary"]) == "面试：Acme Robotics · 前端工程师"
    assert "联系人: 李伟" in str(event["description"])


def test_uid_is_stable_and_sequence_rises_when_the_interview_moves_and_is_cancelled() -> None:
    desk = Desk()
    position = en_position(desk)
    first = en_interview(desk, position)
    moved = desk.reschedule(first, "2026-12-04T10:00")
    cancelled = desk.cancel(moved)
    _, original = event_of(request(first, position))
    _, update = event_of(request(moved, position))
    calendar, cancel = event_of(invite(cancelled, position, organizer=SENDER, method="CANCEL"))

    assert str(original["uid"]) == str(update["uid"]) == str(cancel["uid"]) == f"{first.interview_id}@showup"
    assert [original["sequence"], update["sequence"], cancel["sequence"]] == [0, 1, 2]
    assert update.decoded("dtstart") == datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancel["status"]) == "CANCELLED"
    assert str(cancel["summary"]) == "Cancelled: Interview: Acme Robotics · Front-end Engineer"
    assert not cancel.walk("VALARM")


def test_notice_kinds_carry_request_or_cancel() -> None:
    desk = Desk()
    position = en_position(desk)
    interview = en_interview(desk, position)
    assert b"METHOD:REQUEST" in (notice_for(NoticeKind.NOTICE, interview, position).ics or b"")
    cancelled = desk.cancel(interview)
    notice = notice_for(NoticeKind.CANCEL, cancelled, position, links=None)
    assert notice.ics_method == "CANCEL"
    assert b"METHOD:CANCEL" in (notice.ics or b"")


def test_a_published_entry_is_the_invites_entry_without_a_reply_request() -> None:
    interview, position = records("en")
    _, sent = event_of(request(interview, position, page_url=PAGE))
    calendar, published = event_of(invite(interview, position, organizer=SENDER, method="PUBLISH", page_url=PAGE))

    assert str(calendar["method"]) == "PUBLISH"
    assert "attendee" not in published and "attendee" in sent
    assert {key: published[key] for key in published if key != "ATTENDEE"} == {
        key: sent[key] for key in sent if key != "ATTENDEE"
    }
    assert published.walk("VALARM")


@pytest.mark.parametrize(
    ("before", "trigger"), [(timedelta(hours=2), timedelta(hours=-2)), (timedelta(minutes=30), timedelta(minutes=-30))]
)
def test_alarm_rings_before_the_interview(before: timedelta, trigger: timedelta) -> None:
    interview, position = records("en")
    _, event = event_of(request(interview, position, alarm_before=before))
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == trigger
    assert str(alarm["action"]) == "DISPLAY"


def test_alarm_can_be_left_out() -> None:
    interview, position = records("en")
    _, event = event_of(request(interview, position, alarm_before=None))
    assert not event.walk("VALARM")


def test_same_version_gives_the_same_bytes() -> None:
    # A resend of the same version must not look like a change to calendar clients.
    interview, position = records("en")
    assert request(interview, position) == request(interview, position)
    _, event = event_of(request(interview, position))
    assert event.decoded("dtstamp") == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
