"""HR's monthly report: last month's table, top no-show reasons and the change from the month before, once a month."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
from chalice.test import Client

from chalicelib import aws, deps
from chalicelib import settings as settings_module
from chalicelib.services.common.records import Interview
from chalicelib.services.followup.monthly_report import MonthlyReport, ReportConfig, previous_month, report_key
from chalicelib.services.statistics import counting
from chalicelib.settings import Settings, SettingsError
from chalicelib.store.stats import StatsRepository
from tests.support.aws import sent_mail
from tests.support.builders import interview as booked
from tests.support.events import fire
from tests.support.fakes import Mailbox
from tests.support.jobs import jobs

__all__ = ["jobs"]

HR = "hr@acme.example.com"
BOSS = "boss@acme.example.com"
# 08:30 on Tuesday 1 December 2026 in Shanghai: November's report is due.
DUE = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)


def interview(n: int, day: str, status: str, reason: str | None = None, **fields: Any) -> Interview:
    outcome = {"outcome": status, "reason": reason, "at": f"{day}T09:00:00Z", "answer": ""} if reason else None
    return booked(
        interview_id=f"int_{n}",
        local_date=day,
        status=status,
        notice={"status": "sent", "sent_at": "x"},
        outcome=outcome,
        **fields,
    )


@pytest.fixture
def history(resources: dict[str, str], settings: Settings) -> None:
    """October: 3 attended, 3 no-shows. November: 6 attended, 2 no-shows, 1 cancelled, 1 confirmed."""
    records = [
        *(interview(n, "2026-10-12", "attended") for n in range(3)),
        *(interview(3 + n, "2026-10-20", "no_show", "personal") for n in range(3)),
        *(interview(10 + n, "2026-11-03", "attended", mode="invitation") for n in range(2)),
        *(interview(12 + n, "2026-11-17", "attended", channels=["email", "sms"]) for n in range(4)),
        interview(20, "2026-11-18", "no_show", "better_offer"),
        interview(21, "2026-11-30", "no_show", "weather_or_traffic"),
        interview(22, "2026-11-25", "cancelled"),
        interview(23, "2026-11-26", "confirmed"),
        # December's first interview is not November's.
        interview(30, "2026-12-01", "attended"),
    ]
    repository = StatsRepository(table=aws.table(settings.stats_table))
    for (key, scope), added in counting.total(records).items():
        repository.add(key, added, scope)


def report(send: Mailbox, settings: Settings, **config: Any) -> MonthlyReport:
    options: dict[str, Any] = {"recipients": (HR, BOSS), "language": "en", **config}
    return MonthlyReport(
        stats=StatsRepository(table=aws.table(settings.stats_table)),
        ledger=deps.ledger(),
        send=send,
        config=ReportConfig(**options),
    )


def test_previous_month_crosses_the_year_end() -> None:
    from datetime import date

    assert previous_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert previous_month(date(2026, 3, 31)) == date(2026, 2, 1)


def test_the_report_goes_to_each_recipient_once_a_month(history: None, settings: Settings) -> None:
    mailbox = Mailbox()
    first = report(mailbox, settings).send_due(DUE)
    again = report(mailbox, settings).send_due(DUE.replace(hour=5))

    assert first == {"month": "2026-11", "recipients": 2, "sent": 2, "skipped": 0, "failed": 0}
    assert again["done"] is True
    assert sorted(mail["to"] for mail in mailbox.sent) == [BOSS, HR]


def test_each_recipient_is_claimed_in_the_ledger_without_their_address(history: None, settings: Settings) -> None:
    report(Mailbox(), settings).send_due(DUE)

    key = report_key("2026-11", HR)
    assert key == "report#2026-11#" + hashlib.sha256(HR.encode()).hexdigest()
    assert deps.ledger().get(key) is not None
    assert HR not in key


def test_a_recipient_whose_send_failed_gets_it_on_the_next_run(history: None, settings: Settings) -> None:
    mailbox = Mailbox(failing=BOSS)
    first = report(mailbox, settings).send_due(DUE)
    mailbox.failing = None
    second = report(mailbox, settings).send_due(DUE.replace(hour=1))

    assert (first["sent"], first["failed"]) == (1, 1)
    assert (second["sent"], second["skipped"]) == (1, 1)
    assert [mail["to"] for mail in mailbox.sent] == [HR, BOSS]


class Untouchable:
    """Stands in for the statistics and the ledger where a run must not read anything."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the report touched {name} when nothing was due")


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 30, 23, 0, tzinfo=UTC),  # 07:00 on the 1st in Shanghai: before the report hour
        datetime(2026, 12, 4, 2, 0, tzinfo=UTC),  # the 4th: past the catch-up days
        datetime(2026, 12, 17, 2, 0, tzinfo=UTC),
    ],
)
def test_outside_its_hours_the_job_reads_nothing(now: datetime) -> None:
    job = MonthlyReport(
        stats=Untouchable(), ledger=Untouchable(), send=Mailbox(), config=ReportConfig(recipients=(HR,))
    )  # type: ignore[arg-type]
    summary = job.send_due(now)
    assert summary["sent"] == 0
    assert "waiting_until" in summary


def test_a_missed_first_is_made_up_on_the_following_days(history: None, settings: Settings) -> None:
    mailbox = Mailbox()
    summary = report(mailbox, settings).send_due(datetime(2026, 12, 3, 1, 0, tzinfo=UTC))
    assert (summary["month"], summary["sent"]) == ("2026-11", 2)


def test_the_month_is_the_companys_month(history: None, settings: Settings) -> None:
    # 1 January 2027 at 09:00 in Shanghai is still 31 December in UTC: December's report is due.
    summary = report(Mailbox(), settings).send_due(datetime(2027, 1, 1, 1, 0, tzinfo=UTC))
    assert summary["month"] == "2026-12"


def test_the_report_shows_the_table_against_the_month_before(history: None, settings: Settings) -> None:
    subject, text, html = report(Mailbox(), settings).compose(previous_month(DUE.date()))

    assert subject == "ShowUp monthly report 2026-11: no-show rate 25% (-25 pp vs 2026-10)"
    lines = text.splitlines()
    assert lines[0] == "ShowUp monthly report: 2026-11 (2026-11-01 to 2026-11-30)"
    assert "Interviews scheduled         10   (2026-10: 6, change +4)" in lines
    assert "Attended                      6   (2026-10: 3, change +3)" in lines
    assert "No-shows                      2   (2026-10: 3, change -1)" in lines
    assert "Reminders sent                0   (2026-10: 0, change ±0)" in lines
    assert "No-show rate                25%   (2026-10: 50%, change -25 pp)" in lines
    assert "Confirmation rate           10%   (2026-10: 0%, change +10 pp)" in lines
    top = lines.index("Top no-show reasons")
    assert lines[top + 1 : top + 3] == ["- better offer: 1 (50%)", "- weather or traffic: 1 (50%)"]
    assert "- Notification: 8 interviews, no-show rate 33.3%, confirmation rate 12.5%" in lines
    assert "- Invitation: 2 interviews, no-show rate 0%, confirmation rate 0%" in lines
    assert "- Email + SMS: 4 interviews, no-show rate 0%, confirmation rate 0%" in lines
    assert "<strong>25%</strong>" in html
    assert "<li>better offer: <strong>1</strong> (50%)</li>" in html
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_a_month_without_interviews_says_so(resources: dict[str, str], settings: Settings) -> None:
    subject, text, _ = report(Mailbox(), settings).compose(previous_month(DUE.date()))
    assert subject == "ShowUp monthly report 2026-11: no interviews"
    assert "No interviews were held in 2026-11." in text
    assert "No-show rate                  –   (2026-10: –, change –)" in text.splitlines()


def test_the_report_speaks_chinese_when_the_company_does(history: None, settings: Settings) -> None:
    subject, text, html = report(Mailbox(), settings, language="zh-CN").compose(previous_month(DUE.date()))
    assert subject == "ShowUp 月报 2026-11：爽约率 25%（较 2026-10 -25 pp）"
    assert "爽约率：25%（2026-10：50%，变化 -25 pp）" in text
    assert "有更好的机会" in html


def test_configuration_comes_from_the_settings() -> None:
    config = Settings.from_env(
        {"REPORT_TO": " HR@acme.example.com, boss@acme.example.com,hr@acme.example.com ", "REPORT_HOUR": "9"}
    )
    assert config.report_to == (HR, BOSS)
    assert config.report_hour == 9
    assert Settings.from_env({"SENDER_EMAIL": "interviews@showup.test"}).report_to == ("interviews@showup.test",)
    with pytest.raises(SettingsError, match='REPORT_HOUR must be a whole hour from 0 to 23, not "24"'):
        Settings.from_env({"REPORT_HOUR": "24"})


def test_the_scheduled_report_honours_the_configured_hour_and_recipients(
    jobs: Client, history: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORT_HOUR", "9")
    monkeypatch.setenv("REPORT_TO", f"{HR},{BOSS}")
    settings_module.reset()

    early = fire(jobs, "send_monthly_report", DUE)
    at_nine = DUE.replace(hour=1)
    due = fire(jobs, "send_monthly_report", at_nine)

    assert early["waiting_until"] == "the 1st, 09:00 Asia/Shanghai"
    assert (due["recipients"], due["sent"]) == (2, 2)


def test_the_schedule_sends_the_report_through_ses_to_the_hr_mailbox(
    jobs: Client, history: None, settings: Settings
) -> None:
    result = fire(jobs, "send_monthly_report", DUE)

    assert result == {"month": "2026-11", "recipients": 1, "sent": 1, "skipped": 0, "failed": 0}
    (message,) = sent_mail()
    assert message.destinations["ToAddresses"] == [settings.sender_email]
    assert message.subject.startswith("ShowUp")
    assert "2026-11" in message.subject
