"""Statistics counters: what one interview counts, how a write moves the counters, and reading them back."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

import pytest

from chalicelib import aws
from chalicelib.errors import BadRequest
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.responses import Action
from chalicelib.services.statistics import counting, figures, periods
from chalicelib.settings import Settings
from chalicelib.store.stats import StatsRepository, counter_updates
from tests.support.aws import stored_counters, stored_interviews
from tests.support.builders import interview as booked
from tests.support.statistics import Desk, counted, desk, reader
from tests.support.stream import drain_stream

__all__ = ["counted", "desk"]


def scripted_week(desk: Desk) -> dict[str, str]:
    """A week of interviews (2026-W49, 30 Nov to 6 Dec) and everything that happens to them."""
    engineer = desk.position()  # 40 resumes, mid level: notification
    sales = desk.position(title="Sales Lead", level="senior")  # invitation
    ids = {
        "a": desk.book(engineer, "2026-11-30T10:00"),
        "b": desk.book(engineer, "2026-11-30T14:00", sms=True),
        "c": desk.book(sales, "2026-12-01T10:00"),
        "d": desk.book(engineer, "2026-12-01T15:00", sms=True),
        "e": desk.book(engineer, "2026-12-02T10:00"),
        "f": desk.book(sales, "2026-12-02T11:00"),
        "g": desk.book(engineer, "2026-12-03T10:00"),
        "h": desk.book(engineer, "2026-12-03T14:00"),
        "i": desk.book(sales, "2026-12-04T15:00", sms=True),
        "j": desk.book(engineer, "2026-12-05T10:00"),
    }
    for name in "abcdeghi":
        desk.notified(ids[name], "2026-11-27T10:00")
    # A: reminded, confirms, comes.
    desk.reminded(ids["a"], "2026-11-29T10:00")
    desk.answer(ids["a"], Action.CONFIRM, "2026-11-29T12:00")
    desk.outcome(ids["a"], "attended", "2026-11-30T11:00")
    # B: reminded, declines; HR cancels and the cancellation goes out.
    desk.reminded(ids["b"], "2026-11-29T10:00")
    desk.answer(ids["b"], Action.DECLINE, "2026-11-29T13:00")
    desk.cancel(ids["b"], "2026-11-29T15:00")
    desk.notified(ids["b"], "2026-11-29T15:01")
    # C: reminded, never answers, takes a better offer.
    desk.reminded(ids["c"], "2026-11-30T10:00")
    desk.outcome(ids["c"], "no_show", "2026-12-01T11:00", "better_offer")
    # D: confirms; recorded as attended by mistake, corrected to a no-show.
    desk.reminded(ids["d"], "2026-11-30T15:00")
    desk.answer(ids["d"], Action.CONFIRM, "2026-11-30T16:00")
    desk.outcome(ids["d"], "attended", "2026-12-01T16:00")
    desk.outcome(ids["d"], "no_show", "2026-12-01T18:00", "found_job")
    # E: moved from Wednesday to Friday; the update goes out; reminded, confirms, comes.
    desk.reschedule(ids["e"], "2026-12-04T10:00", "2026-11-28T09:00")
    desk.notified(ids["e"], "2026-11-28T09:01")
    desk.reminded(ids["e"], "2026-12-03T10:00")
    desk.answer(ids["e"], Action.CONFIRM, "2026-12-03T11:00")
    desk.outcome(ids["e"], "attended", "2026-12-04T11:00")
    # F: the notice never went out; the candidate did not know.
    desk.failed(ids["f"], "2026-11-27T10:00")
    desk.outcome(ids["f"], "no_show", "2026-12-02T12:00", "not_notified")
    # G: the address bounced; HR cancels before the day (the candidate is told by the normal cancellation).
    desk.bounced(ids["g"], "2026-11-27T10:05")
    desk.outcome(ids["g"], "cancelled", "2026-12-01T09:00")
    # H: moved into the week before, and the month before; comes.
    desk.reschedule(ids["h"], "2026-11-28T15:00", "2026-11-27T12:00")
    desk.outcome(ids["h"], "attended", "2026-11-28T16:00")
    # I: asks to move it; HR records that.
    desk.answer(ids["i"], Action.RESCHEDULE, "2026-12-03T09:00")
    desk.outcome(ids["i"], "rescheduled", "2026-12-03T18:00")
    # J: booked, nothing else yet.
    return ids


# ---------- Periods ----------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        # 2026 starts on a Thursday, so it has 53 ISO weeks; W01 began on Monday 29 December 2025.
        ("2025-12-29", "week#2026-W01"),
        ("2026-01-01", "week#2026-W01"),
        ("2026-11-27", "week#2026-W48"),
        ("2026-12-28", "week#2026-W53"),
        ("2026-12-31", "week#2026-W53"),
        ("2027-01-01", "week#2026-W53"),
        ("2027-01-03", "week#2026-W53"),
        ("2027-01-04", "week#2027-W01"),
        # 2024 was a leap year ending on a Tuesday: its last days belong to 2025-W01.
        ("2024-12-30", "week#2025-W01"),
        ("2024-12-29", "week#2024-W52"),
    ],
)
def test_weeks_are_iso_weeks_named_by_their_iso_year(day: str, week: str) -> None:
    assert periods.period_key("week", date.fromisoformat(day)) == week


def test_year_end_days_keep_their_calendar_month_and_day() -> None:
    new_year = date(2027, 1, 1)
    assert periods.period_key("day", new_year) == "day#2027-01-01"
    assert periods.period_key("month", new_year) == "month#2027-01"
    assert periods.period_key("month", date(2026, 12, 31)) == "month#2026-12"


def test_period_bounds_cover_whole_days_weeks_and_months() -> None:
    assert periods.bounds("day", date(2026, 11, 27)) == (date(2026, 11, 27), date(2026, 11, 27))
    assert periods.bounds("week", date(2027, 1, 1)) == (date(2026, 12, 28), date(2027, 1, 3))
    assert periods.bounds("month", date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert periods.bounds("month", date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_a_range_lists_each_period_once_across_the_year_end() -> None:
    # Sunday 20 December 2026 ends W51; Sunday 10 January 2027 ends 2027-W01.
    starts = periods.starts("week", date(2026, 12, 20), date(2027, 1, 10))
    assert [periods.label("week", s) for s in starts] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]
    months = periods.starts("month", date(2026, 11, 15), date(2027, 2, 1))
    assert [periods.label("month", s) for s in months] == ["2026-11", "2026-12", "2027-01", "2027-02"]


def test_recent_periods_end_with_the_one_containing_the_day() -> None:
    assert periods.recent("week", date(2027, 1, 1), 3) == (date(2026, 12, 14), date(2027, 1, 3))
    assert periods.recent("month", date(2027, 1, 15), 2) == (date(2026, 12, 1), date(2027, 1, 31))
    assert periods.recent("day", date(2027, 1, 1), 1) == (date(2027, 1, 1), date(2027, 1, 1))


@pytest.mark.parametrize(
    ("period", "first", "last", "too_long"),
    [
        ("day", "2026-01-01", "2027-02-04", False),  # 400 days
        ("day", "2026-01-01", "2027-02-05", True),
        ("week", "2025-01-06", "2027-04-25", False),  # 120 weeks
        ("week", "2025-01-06", "2027-04-26", True),
        ("month", "2024-01-31", "2026-12-01", False),  # 36 months
        ("month", "2024-01-31", "2027-01-01", True),
    ],
)
def test_ranges_are_bounded_per_period(period: str, first: str, last: str, too_long: bool) -> None:
    check = functools.partial(periods.check_range, period, date.fromisoformat(first), date.fromisoformat(last))
    if too_long:
        with pytest.raises(BadRequest) as refused:
            check()
        assert set(refused.value.fields) == {"to"}
    else:
        assert len(check()) == periods.MAX_PERIODS[period]


def test_a_range_ending_before_it_starts_is_refused_naming_to() -> None:
    with pytest.raises(BadRequest) as refused:
        periods.check_range("day", date(2026, 12, 2), date(2026, 12, 1))
    assert refused.value.body()["codes"] == {"to": "to_before_from"}
    assert refused.value.fields == {"to": "The end date cannot be before the start date."}


# ---------- What one interview counts ----------


AT = "2026-12-01T09:00:00Z"


def interview(**fields: Any) -> Interview:
    return booked(**{"local_date": "2026-12-01", **fields})


def test_a_new_interview_counts_as_scheduled_in_its_day_week_and_month_under_every_scope() -> None:
    counted = counting.contribution(interview())
    periods = {"day#2026-12-01", "week#2026-W49", "month#2026-12"}
    scopes = {"all", "position#pos_1", "mode#notification", "channel#email"}
    assert set(counted) == {(p, s) for p in periods for s in scopes}
    assert all(added == {"scheduled": 1} for added in counted.values())


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"notice": {"status": "held"}}, {"scheduled"}),
        ({"notice": {"status": "sent", "sent_at": "x"}}, {"scheduled", "notified"}),
        ({"notice": {"status": "delivered", "sent_at": "x"}}, {"scheduled", "notified"}),
        # Queued again for an update after the first notice went out: still notified.
        ({"notice": {"status": "queued", "sent_at": "x"}}, {"scheduled", "notified"}),
        ({"notice": {"status": "bounced"}, "email_bounced": True}, {"scheduled", "notified", "bounced"}),
        # The last send failed for good: HR must resend, so it does not count as notified.
        ({"notice": {"status": "failed", "sent_at": "x"}}, {"scheduled", "notice_failed"}),
        ({"reminded_at": "2026-11-30T02:00:00Z"}, {"scheduled", "reminded"}),
        ({"status": "confirmed"}, {"scheduled", "confirmed"}),
        ({"status": "declined"}, {"scheduled", "declined"}),
        ({"status": "reschedule_requested"}, {"scheduled"}),
        ({"status": "attended", "outcome": {"outcome": "attended", "at": AT, "answer": "confirmed"}},
         {"scheduled", "attended", "confirmed"}),
        ({"status": "cancelled", "version": 2, "candidate_response": {"action": "decline", "reason": "", "at": AT}},
         {"scheduled", "cancelled", "declined"}),
        ({"status": "scheduled", "version": 2}, {"scheduled", "rescheduled"}),
        ({"status": "cancelled", "version": 3}, {"scheduled", "cancelled", "rescheduled"}),
        ({"status": "reschedule_requested", "outcome": {"outcome": "rescheduled", "at": AT}},
         {"scheduled", "rescheduled"}),
        # An answer given before a reschedule no longer holds for the new time.
        ({"status": "scheduled", "version": 2, "candidate_response": {"action": "confirm", "reason": "", "at": AT}},
         {"scheduled", "rescheduled"}),
    ],
)  # fmt: skip
def test_each_counter_follows_the_interviews_current_state(fields: dict[str, Any], expected: set[str]) -> None:
    assert set(counting.counts(interview(**fields))) == expected


def test_a_no_show_counts_its_reason_and_its_risk_band() -> None:
    no_show = interview(
        status="no_show", outcome={"outcome": "no_show", "reason": "better_offer", "at": AT}, risk_at_outcome="high"
    )
    assert counting.counts(no_show) == {
        "scheduled": 1,
        "no_show": 1,
        "no_show_better_offer": 1,
        "risk_band_high_outcome": 1,
        "risk_band_high_no_show": 1,
    }


def test_a_no_show_without_a_recorded_reason_counts_as_unknown() -> None:
    assert "no_show_unknown" in counting.counts(interview(status="no_show"))


def test_an_attended_interview_counts_in_its_risk_band_without_a_no_show() -> None:
    attended = counting.counts(interview(status="attended", risk_at_outcome="low"))
    assert attended["risk_band_low_outcome"] == 1
    assert "risk_band_low_no_show" not in attended


def test_email_and_sms_interviews_count_in_their_own_channel() -> None:
    counted = counting.contribution(interview(channels=["email", "sms"], mode="invitation"))
    scopes = {scope for _, scope in counted}
    assert {"channel#email+sms", "mode#invitation"} <= scopes
    assert "channel#email" not in scopes


# ---------- Moving counters ----------


def transaction(before: Interview | None, after: Interview) -> list[dict[str, Any]]:
    """The counter updates the stream consumer adds for an interview write from ``before`` to ``after``."""
    return counter_updates(counting.difference(before, after), table_name="stats")


def test_updates_are_dynamodb_transaction_entries_for_what_changed_only() -> None:
    before = interview()
    after = interview(status="confirmed")
    updates = transaction(before, after)
    assert len(updates) == 12
    first = updates[0]["Update"]
    assert first["TableName"] == "stats"
    # Plain values: the table resource's client serialises them, as it does the ledger marks beside them.
    assert first["Key"] == {"period_key": "day#2026-12-01", "scope": "all"}
    assert first["UpdateExpression"] == "ADD #c0 :c0"
    assert first["ExpressionAttributeNames"] == {"#c0": "confirmed"}
    assert first["ExpressionAttributeValues"] == {":c0": 1}


def test_a_write_that_changes_no_counter_moves_nothing() -> None:
    before = interview(notice={"status": "sent", "sent_at": "x"})
    after = interview(notice={"status": "delivered", "sent_at": "x"}, updated_at=AT)
    assert transaction(before, after) == []


def test_a_new_interview_adds_to_all_twelve_period_scopes() -> None:
    updates = transaction(None, interview())
    assert len(updates) == 12
    assert {u["Update"]["ExpressionAttributeValues"][":c0"] for u in updates} == {1}


def test_a_reschedule_to_another_week_and_month_moves_every_count_there() -> None:
    confirmed = {"local_date": "2026-12-01", "status": "confirmed", "notice": {"status": "sent", "sent_at": "x"}}
    before = interview(**confirmed)
    after = interview(**{**confirmed, "local_date": "2026-12-08", "status": "scheduled", "version": 2})
    moved = counting.difference(before, after)
    assert moved[("day#2026-12-01", "all")] == {"confirmed": -1, "notified": -1, "scheduled": -1}
    assert moved[("day#2026-12-08", "all")] == {"notified": 1, "rescheduled": 1, "scheduled": 1}
    assert moved[("week#2026-W49", "all")] == {"confirmed": -1, "notified": -1, "scheduled": -1}
    assert moved[("week#2026-W50", "all")] == {"notified": 1, "rescheduled": 1, "scheduled": 1}
    # Both days are in December: the month only loses the confirmation and gains the reschedule.
    assert moved[("month#2026-12", "all")] == {"confirmed": -1, "rescheduled": 1}
    assert len(transaction(before, after)) == 20


def test_the_largest_move_stays_inside_one_transaction() -> None:
    # Another day, week and month: every key on both sides, 24 updates beside the write's counted mark.
    before = interview(local_date="2026-11-30")
    after = interview(local_date="2027-01-04", version=2)
    assert len(transaction(before, after)) == 24


def test_a_corrected_outcome_moves_the_count_from_the_old_outcome_to_the_new() -> None:
    held = {"outcome": {"outcome": "attended", "at": AT, "answer": ""}, "risk_at_outcome": "medium"}
    attended = interview(status="attended", **held)
    no_show = interview(
        **{
            **held,
            "status": "no_show",
            "outcome": {"outcome": "no_show", "reason": "found_job", "at": AT, "answer": ""},
        }
    )
    moved = counting.difference(attended, no_show)
    assert moved[("week#2026-W49", "all")] == {
        "attended": -1,
        "no_show": 1,
        "no_show_found_job": 1,
        "risk_band_medium_no_show": 1,
    }


# ---------- Reading ----------


def test_rates_with_nothing_to_divide_by_are_null() -> None:
    empty = figures.summary({})
    assert empty["no_show_rate"] is None
    assert empty["confirmation_rate"] is None
    assert empty["risk_bands"]["low"] == {"interviews": 0, "no_shows": 0, "rate": None}
    assert empty["reasons"] == dict.fromkeys(counting.REASONS, 0)
    # Cancelled and open interviews do not dilute the no-show rate.
    only_cancelled = figures.summary({"scheduled": 3, "cancelled": 3, "notified": 2, "confirmed": 1})
    assert only_cancelled["no_show_rate"] is None
    assert only_cancelled["confirmation_rate"] == 0.5


def test_rates_divide_no_shows_by_held_interviews_and_confirmations_by_notices() -> None:
    row = figures.summary({"attended": 5, "no_show": 3, "notified": 7, "confirmed": 3})
    assert row["no_show_rate"] == 0.375
    assert row["confirmation_rate"] == 0.4286


def test_a_scripted_week_counts_what_a_recount_of_the_interviews_finds(desk: Desk, settings: Settings) -> None:
    scripted_week(desk)

    recount = {key: added for key, added in counting.total(stored_interviews(settings)).items() if added}
    assert stored_counters(settings) == recount


def test_a_scripted_week_reads_as_hr_would_count_it(desk: Desk, settings: Settings) -> None:
    scripted_week(desk)

    week = figures.read("week", date(2026, 12, 2), stats=reader(settings))
    assert (week["start"], week["end"], week["label"]) == ("2026-11-30", "2026-12-06", "2026-W49")
    assert {k: week[k] for k in figures.MAIN_COUNTERS} == {
        "scheduled": 9,  # H moved out to 28 November
        "notified": 7,  # not F (failed) nor J (still queued)
        "reminded": 5,
        "confirmed": 3,  # A, D and E, all held since
        "declined": 1,  # B, cancelled afterwards
        "attended": 2,  # A, E (D was corrected)
        "no_show": 3,  # C, D, F
        "cancelled": 2,  # B, G
        "rescheduled": 2,  # E moved, I asked to move
    }
    assert week["no_show_rate"] == 0.6
    assert week["confirmation_rate"] == 0.4286
    assert week["reasons"] == {
        **dict.fromkeys(counting.REASONS, 0),
        "better_offer": 1,
        "found_job": 1,
        "not_notified": 1,
    }
    assert (week["bounced"], week["notice_failed"]) == (1, 1)
    bands = week["risk_bands"].values()
    assert sum(b["interviews"] for b in bands) == 5
    assert sum(b["no_shows"] for b in bands) == 3
    assert week["by_mode"]["invitation"]["scheduled"] == 3
    assert week["by_mode"]["notification"]["scheduled"] == 6
    assert week["by_channel"]["email+sms"]["scheduled"] == 3
    assert week["by_channel"]["email"]["scheduled"] == 6
    assert week["by_mode"]["invitation"]["no_show_rate"] == 1.0  # C and F, both no-shows

    before = figures.read("week", date(2026, 11, 28), stats=reader(settings))
    assert (before["scheduled"], before["attended"], before["rescheduled"]) == (1, 1, 1)
    # Monday 30 November is still November: A, B and H; December has the rest.
    november = figures.read("month", date(2026, 11, 1), stats=reader(settings))
    assert (november["scheduled"], november["attended"], november["cancelled"]) == (3, 2, 1)
    december = figures.read("month", date(2026, 12, 31), stats=reader(settings))
    assert (december["scheduled"], december["no_show"]) == (7, 3)
    thursday = figures.read("day", date(2026, 12, 3), stats=reader(settings))
    assert {k: thursday[k] for k in ("scheduled", "cancelled", "notified", "bounced")} == {
        "scheduled": 1,
        "cancelled": 1,
        "notified": 1,
        "bounced": 1,
    }


def test_a_corrected_outcome_moves_the_stored_counts(desk: Desk, settings: Settings) -> None:
    position = desk.position()
    interview_id = desk.book(position, "2026-12-01T10:00")
    desk.outcome(interview_id, "attended", "2026-12-01T11:00")
    before = figures.read("day", date(2026, 12, 1), stats=reader(settings))

    desk.outcome(interview_id, "no_show", "2026-12-01T12:00", "personal")

    after = figures.read("day", date(2026, 12, 1), stats=reader(settings))
    assert (before["attended"], before["no_show"]) == (1, 0)
    assert (after["attended"], after["no_show"], after["reasons"]["personal"]) == (0, 1, 1)
    assert after["scheduled"] == before["scheduled"] == 1


def test_positions_are_read_only_when_asked_for(desk: Desk, settings: Settings) -> None:
    first, second = desk.position(), desk.position(title="Sales Lead")
    desk.book(first, "2026-12-01T10:00")
    desk.book(second, "2026-12-01T11:00")
    desk.book(second, "2026-12-02T11:00")

    plain = figures.read("week", date(2026, 12, 1), stats=reader(settings))
    assert "by_position" not in plain
    detailed = figures.read("week", date(2026, 12, 1), stats=reader(settings), positions=True)
    assert {p: s["scheduled"] for p, s in detailed["by_position"].items()} == {first: 1, second: 2}


class ReadCounter:
    """Counts DynamoDB calls and the items they read, by operation."""

    def __init__(self, client: Any) -> None:
        self.calls: dict[str, int] = {}
        self.items = 0
        self._client = client

    def __enter__(self) -> ReadCounter:
        self._client.meta.events.register("after-call.dynamodb", self._record)
        return self

    def __exit__(self, *_: object) -> None:
        self._client.meta.events.unregister("after-call.dynamodb", self._record)

    def _record(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls[model.name] = self.calls.get(model.name, 0) + 1
        if "ScannedCount" in parsed:
            self.items += int(parsed["ScannedCount"])
        elif "Responses" in parsed:
            self.items += sum(len(items) for items in parsed["Responses"].values())
        elif "Item" in parsed:
            self.items += 1


def test_reading_a_month_reads_a_few_counter_items_and_never_scans(desk: Desk, settings: Settings) -> None:
    positions = [desk.position(title=f"Role {n}") for n in range(3)]
    for day in range(1, 29, 3):
        for position in positions:
            desk.book(position, f"2026-12-{day:02d}T10:00")
    table = aws.table(settings.stats_table)
    drain_stream()

    with ReadCounter(table.meta.client) as reads:
        month = figures.read("month", date(2026, 12, 15), stats=reader(settings))
    assert month["scheduled"] == 30
    assert reads.calls == {"Query": 1}
    assert reads.items <= 5  # all, two modes, two channels

    with ReadCounter(table.meta.client) as reads:
        figures.read("month", date(2026, 12, 15), stats=reader(settings), positions=True)
    assert reads.calls == {"Query": 1}
    assert reads.items <= 5 + len(positions)


def test_a_series_reads_one_batch_per_hundred_periods(desk: Desk, settings: Settings) -> None:
    position = desk.position()
    desk.book(position, "2026-12-01T10:00")
    desk.book(position, "2027-01-04T10:00")
    table = aws.table(settings.stats_table)
    drain_stream()

    with ReadCounter(table.meta.client) as reads:
        rows = figures.series("day", date(2026, 9, 1), date(2027, 1, 31), stats=reader(settings))
    assert len(rows) == 153
    assert reads.calls == {"BatchGetItem": 2}
    assert reads.items == 2
    assert [r["label"] for r in rows if r["scheduled"]] == ["2026-12-01", "2027-01-04"]
    weeks = figures.series("week", date(2026, 12, 28), date(2027, 1, 10), stats=reader(settings))
    assert [(r["label"], r["start"], r["end"], r["scheduled"]) for r in weeks] == [
        ("2026-W53", "2026-12-28", "2027-01-03", 0),
        ("2027-W01", "2027-01-04", "2027-01-10", 1),
    ]


def test_counters_added_directly_read_the_same_as_counted_writes(resources: dict[str, str], settings: Settings) -> None:
    # The benchmark builds counters this way; it must give what counted writes would.
    records = [interview(interview_id=f"int_{n}", status="attended" if n % 2 else "no_show") for n in range(4)]
    repository = StatsRepository(table=aws.table(settings.stats_table))
    for (key, scope), added in counting.total(records).items():
        repository.add(key, added, scope)

    day = figures.read("day", date(2026, 12, 1), stats=reader(settings))
    assert (day["scheduled"], day["attended"], day["no_show"], day["no_show_rate"]) == (4, 2, 2, 0.5)


def test_reading_stats_never_counts_from_interviews(desk: Desk, settings: Settings) -> None:
    interviews = aws.table(settings.interviews_table)
    desk.book(desk.position(), "2026-12-01T10:00")
    drain_stream()

    with ReadCounter(interviews.meta.client) as reads:
        figures.read("week", date(2026, 12, 1), stats=reader(settings))
        figures.series("month", date(2026, 1, 1), date(2026, 12, 31), stats=reader(settings))
    assert set(reads.calls) <= {"Query", "BatchGetItem"}
    assert "Scan" not in reads.calls


def test_the_week_after_is_empty_not_missing(desk: Desk, settings: Settings) -> None:
    desk.book(desk.position(), "2026-12-01T10:00")
    empty = figures.read("week", date(2026, 12, 1) + timedelta(days=7), stats=reader(settings))
    assert empty["scheduled"] == 0
    assert empty["no_show_rate"] is None
    assert empty["by_mode"]["invitation"]["scheduled"] == 0
