"""HR's morning digest: one email per contact a day, the unconfirmed first with their phone numbers."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import deps
from chalicelib.services.common.records import Interview
from chalicelib.services.followup.digest import DigestConfig, HrDigest, contact_key
from chalicelib.settings import Settings
from tests.support.aws import atomic_writes, dynamodb_calls, sent_mail
from tests.support.events import fire
from tests.support.fakes import Mailbox
from tests.support.jobs import Desk, desk, jobs

__all__ = ["desk", "jobs"]

# 08:00 in Shanghai on Saturday 28 November: tomorrow is the 29th, yesterday the 27th.
DIGEST_NOW = datetime(2026, 11, 28, 0, 0, tzinfo=UTC)
# When HR recorded yesterday's outcomes.
AT = "2026-11-27T09:00:00Z"
LI_WEI = "liwei@acme.example.com"
CHEN = "chen.jing@acme.example.com"


def digest(send: Mailbox, language: str = "en", **config: Any) -> HrDigest:
    return HrDigest(
        interviews=deps.interviews(),
        ledger=deps.ledger(),
        send=send,
        config=DigestConfig(language=language, fallback_to="interviews@showup.test", **config),
    )


@pytest.fixture
def day(desk: Desk) -> dict[str, Interview]:
    """Li Wei's busy tomorrow and yesterday, and Chen Jing's one interview in New York."""
    li_wei = desk.position()
    chen = desk.position(title="Sales Lead", contact={"name": "Chen Jing", "phone": "+86 21 5555 0101", "email": CHEN})
    booked = {
        "unconfirmed": desk.book(li_wei, "2026-11-29T09:30", name="Zhang San", phone="+86 138 0013 8000"),
        "confirmed": desk.book(li_wei, "2026-11-29T11:00", name="Li Si", phone="+86 138 0013 8001"),
        "stormy": desk.book(li_wei, "2026-11-29T14:00", name="Wang Wu", phone="+86 138 0013 8002"),
        "declined": desk.book(li_wei, "2026-11-29T16:00", name="Zhao Liu"),
        "cancelled": desk.book(li_wei, "2026-11-29T17:00", name="Sun Qi"),
        "bounced": desk.book(li_wei, "2026-11-30T10:00", name="Zhou Ba", phone="+86 138 0013 8003"),
        "new_york": desk.book(chen, "2026-11-29T10:00", "America/New_York", name="Mary Major"),
        "attended_1": desk.book(li_wei, "2026-11-27T10:00", name="Wu Jiu"),
        "attended_2": desk.book(li_wei, "2026-11-27T11:00", name="Zheng Shi"),
        "no_show": desk.book(li_wei, "2026-11-27T15:00", name="Feng Yi"),
    }
    ids = {name: interview.interview_id for name, interview in booked.items()}
    desk.set(ids["confirmed"], status="confirmed")
    desk.set(ids["stormy"], status="reschedule_requested", weather_alert=True, weather={
        "risk": "severe", "date": "2026-11-29", "precipitation_sum": 68.2, "probability": 95, "weather_code": 65,
        "gusts": 45.0, "checked_at": "2026-11-27T23:00:00Z",
    })  # fmt: skip
    desk.set(ids["declined"], status="declined")
    desk.interviews.cancel(ids["cancelled"], now=DIGEST_NOW - timedelta(hours=1))
    desk.set(ids["bounced"], email_bounced=True)
    desk.set(ids["attended_1"], status="attended")
    desk.set(ids["attended_2"], status="attended")
    desk.set(ids["no_show"], status="no_show", outcome={"outcome": "no_show", "reason": "better_offer", "at": AT})
    return booked


def test_each_contact_gets_one_digest_with_the_unconfirmed_first_as_a_call_list(day: dict[str, Any]) -> None:
    send = Mailbox()

    summary = digest(send).send_due(DIGEST_NOW)

    assert summary == {"date": "2026-11-28", "contacts": 2, "sent": 2, "skipped": 0, "failed": 0}
    mail = send.to(LI_WEI)
    assert mail["subject"] == "ShowUp digest for Sun 29 Nov 2026: 4 interviews, 2 to call"
    text = mail["text"]
    call_list = text[text.index("CALL LIST") : text.index("Confirmed (1)")]
    assert call_list.index("09:30  Zhang San  +8613800138000") < call_list.index("14:00  Wang Wu  +8613800138002")
    assert "(Front-end Engineer; asked to reschedule; weather severe)" in call_list
    assert "Li Si" not in call_list
    assert text.index("Confirmed (1)") < text.index("Declined (1)") < text.index("Weather risks")
    assert "- 11:00  Li Si  (Front-end Engineer)" in text
    assert "- 16:00  Zhao Liu  (Front-end Engineer)" in text
    assert "Sun Qi" not in text


def test_the_call_list_puts_the_likeliest_no_show_first_with_its_probability(day: dict[str, Any]) -> None:
    send, asked = Mailbox(), []
    chances = {"Zhang San": 0.31, "Wang Wu": 0.67, "Mary Major": 0.2}

    def probability(interview: Interview, now: datetime) -> float:
        asked.append(now)
        return chances[interview.candidate.name or ""]

    HrDigest(
        interviews=deps.interviews(),
        ledger=deps.ledger(),
        send=send,
        config=DigestConfig(language="en", fallback_to="interviews@showup.test"),
        probability=probability,
    ).send_due(DIGEST_NOW)

    text = send.to(LI_WEI)["text"]
    call_list = text[text.index("CALL LIST") : text.index("Confirmed (1)")]
    assert call_list.index("Wang Wu") < call_list.index("Zhang San")
    assert "(Front-end Engineer; asked to reschedule; no-show 67%; weather severe)" in call_list
    assert "not confirmed; no-show 31%" in call_list
    assert set(asked) == {DIGEST_NOW}


def test_the_digest_shows_weather_risks_bounces_and_yesterdays_no_show_rate(day: dict[str, Any]) -> None:
    send = Mailbox()

    digest(send).send_due(DIGEST_NOW)

    text = send.to(LI_WEI)["text"]
    assert (
        "- Sun 29 Nov 2026 14:00  Wang Wu, Shanghai: severe (68.2 mm, 95%, 45 km/h, WMO 65), "
        "changed since the last check"
    ) in text
    assert "- Mon 30 Nov 2026 10:00  Zhou Ba  +8613800138003  (bounced: zhou.ba@example.com)" in text
    assert "Yesterday: 2 attended, 1 no-show (no-show rate 33%)." in text
    assert "- Feng Yi (Front-end Engineer): better offer" in text


def test_an_interview_in_another_time_zone_shows_its_zone(day: dict[str, Any]) -> None:
    send = Mailbox()

    digest(send).send_due(DIGEST_NOW)

    mail = send.to(CHEN)
    assert "Mary Major" in mail["text"] and "10:00 (America/New_York)" in mail["text"]
    assert "Zhang San" not in mail["text"]


def test_the_digest_is_in_the_default_language_with_an_html_part(day: dict[str, Any]) -> None:
    send = Mailbox()

    digest(send, language="zh-CN").send_due(DIGEST_NOW)

    mail = send.to(LI_WEI)
    assert mail["subject"] == "ShowUp 面试日报 2026年11月29日 周日：4 场面试，2 人待电话确认"
    assert "电话确认名单：尚未确认（2 人）" in mail["text"]
    assert "昨天：到场 2 人，未到场 1 人（爽约率 33%）。" in mail["text"]
    assert "有更好的机会" in mail["text"]
    assert mail["html"].startswith("<!DOCTYPE html>")
    assert '<a href="tel:+8613800138000">+8613800138000</a>' in mail["html"]
    assert "电话确认名单" in mail["html"]


def test_html_escapes_what_people_typed(desk: Desk) -> None:
    position = desk.position()
    desk.book(position, "2026-11-29T09:30", name="<b>Bobby</b>", email="bobby@example.com")
    send = Mailbox()

    digest(send).send_due(DIGEST_NOW)

    (mail,) = send.sent
    assert "&lt;b&gt;Bobby&lt;/b&gt;" in mail["html"] and "<b>Bobby" not in mail["html"]
    assert "<b>Bobby</b>" in mail["text"]


def test_nothing_to_report_sends_nothing(desk: Desk) -> None:
    position = desk.position()
    desk.book(position, "2026-12-05T09:30")
    send = Mailbox()

    summary = digest(send).send_due(DIGEST_NOW)

    assert (summary["contacts"], send.sent) == (0, [])


def test_before_the_digest_hour_nothing_is_read_or_sent(day: dict[str, Any], settings: Settings) -> None:
    send = Mailbox()

    with dynamodb_calls(settings) as calls:
        summary = digest(send).send_due(DIGEST_NOW - timedelta(minutes=1))

    assert summary["waiting_until"] == "08:00 Asia/Shanghai"
    assert send.sent == [] and calls == []


def test_a_digest_goes_out_once_per_contact_per_day(day: dict[str, Any]) -> None:
    send = Mailbox()

    digest(send).send_due(DIGEST_NOW)
    again = digest(send).send_due(DIGEST_NOW + timedelta(hours=1))
    tomorrow = digest(send).send_due(DIGEST_NOW + timedelta(days=1))

    assert again == {"date": "2026-11-28", "contacts": 0, "sent": 0, "skipped": 0, "failed": 0, "done": True}
    assert tomorrow["date"] == "2026-11-29" and tomorrow["sent"] >= 1
    assert [m["to"] for m in send.sent[:2]] == [CHEN, LI_WEI]
    digest_of_li_wei = hashlib.sha256(LI_WEI.encode()).hexdigest()
    assert contact_key("2026-11-28", LI_WEI) == f"digest#2026-11-28#{digest_of_li_wei}"
    assert deps.ledger().get(contact_key("2026-11-28", LI_WEI)) is not None


@pytest.mark.usefixtures(atomic_writes.__name__)
def test_two_digest_runs_at_once_send_one_each(day: dict[str, Any]) -> None:
    send = Mailbox()
    barrier = threading.Barrier(2)

    def run() -> None:
        service = digest(send)
        barrier.wait()
        service.send_due(DIGEST_NOW)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(m["to"] for m in send.sent) == [CHEN, LI_WEI]


def test_a_failed_digest_is_sent_by_the_next_run_and_the_others_are_not_repeated(
    day: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    failing = Mailbox(failing=LI_WEI)

    first = digest(failing).send_due(DIGEST_NOW)
    working = Mailbox()
    second = digest(working).send_due(DIGEST_NOW + timedelta(hours=1))

    assert (first["sent"], first["failed"]) == (1, 1)
    assert "digest for a contact failed" in caplog.text and LI_WEI not in caplog.text
    assert (second["sent"], second["skipped"], second["failed"]) == (1, 1, 0)
    assert [m["to"] for m in working.sent] == [LI_WEI]


def test_the_digest_reads_days_by_the_local_date_index_and_never_scans(day: dict[str, Any], settings: Settings) -> None:
    with dynamodb_calls(settings) as calls:
        digest(Mailbox()).send_due(DIGEST_NOW)

    assert ("Query", "by_local_date") in calls
    assert all(operation != "Scan" for operation, _ in calls)


@pytest.mark.usefixtures(atomic_writes.__name__)
def test_the_scheduled_digest_sends_through_ses_once_a_day(jobs: Client, day: dict[str, Any]) -> None:
    threads = [threading.Thread(target=fire, args=(jobs, "send_hr_digest", DIGEST_NOW)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    fire(jobs, "send_hr_digest", DIGEST_NOW + timedelta(hours=1))

    mails = sent_mail()
    assert sorted(address for m in mails for address in m.destinations["ToAddresses"]) == [CHEN, LI_WEI]
    li_wei = next(m for m in mails if m.destinations["ToAddresses"] == [LI_WEI])
    # The test stage's default language is Chinese.
    assert li_wei.subject.startswith("ShowUp 面试日报")
    assert "电话确认名单" in li_wei.body
