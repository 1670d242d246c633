"""The ledger's leases: a claim that ends unless its holder finishes, so a dead holder never blocks for good."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib import aws, deps
from chalicelib.store.ledger import IN_PROGRESS, LeaseHeld, Ledger
from tests.support.clock import NOW
from tests.support.faults import Faulty, Killed

T0 = int(NOW.timestamp())
KEY = "notice#int_1#v1#s1#email"


def take(ledger: Ledger, at: int = T0) -> Any:
    return ledger.take(KEY, now_epoch=at, lease_seconds=45, ttl_seconds=3600)


def test_a_lease_reads_in_progress_until_it_ends(resources: dict[str, str]) -> None:
    ledger = deps.ledger()

    take(ledger)

    item = ledger.get(KEY)
    assert item is not None
    assert (item["state"], item["lease_until"], item["expires_at"]) == (IN_PROGRESS, T0 + 45, T0 + 3600)


def test_a_lease_that_holds_is_not_taken_and_not_taken_as_done(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    take(ledger)

    with pytest.raises(LeaseHeld) as held:
        take(ledger, at=T0 + 44)

    assert held.value.until == T0 + 45


def test_a_lease_that_ended_unfinished_is_taken_over(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    first = take(ledger)

    second = take(ledger, at=T0 + 45)

    assert second.done is None
    assert second.holder != first.holder
    assert ledger.get(KEY)["lease_until"] == T0 + 90  # type: ignore[index]


def test_a_finished_lease_is_done_for_every_later_try(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    assert ledger.finish(take(ledger), state="sent", message_id="0100-abc")

    later = take(ledger, at=T0 + 3000)

    assert later.done is not None
    assert (later.done["state"], later.done["message_id"]) == ("sent", "0100-abc")
    assert "lease_until" not in later.done


def test_only_the_first_finish_is_recorded(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    slow = take(ledger)
    fast = take(ledger, at=T0 + 45)

    assert ledger.finish(fast, state="sent", message_id="fast")
    assert not ledger.finish(slow, state="sent", message_id="slow")

    assert ledger.get(KEY)["message_id"] == "fast"  # type: ignore[index]


def test_a_holder_gives_back_only_its_own_lease(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    stale = take(ledger)
    current = take(ledger, at=T0 + 45)

    ledger.give_back(stale)
    assert ledger.get(KEY)["holder"] == current.holder  # type: ignore[index]

    ledger.give_back(current)
    assert ledger.get(KEY) is None


def test_a_claim_made_before_leases_reads_as_done(resources: dict[str, str]) -> None:
    ledger = deps.ledger()
    ledger.claim(KEY, now_epoch=T0, ttl_seconds=3600)

    assert take(ledger, at=T0 + 3000).done is not None


def test_lease_once_gives_the_lease_back_when_the_effect_fails(resources: dict[str, str]) -> None:
    ledger = deps.ledger()

    def refused() -> dict[str, str]:
        raise RuntimeError("MessageRejected")

    with pytest.raises(RuntimeError):
        ledger.lease_once(KEY, refused, now=NOW, lease_seconds=45, ttl_seconds=3600, state="sent")
    ran, result = ledger.lease_once(
        KEY, lambda: {"message_id": "m-2"}, now=NOW, lease_seconds=45, ttl_seconds=3600, state="sent"
    )

    assert (ran, result) == (True, {"message_id": "m-2"})


def test_lease_once_killed_mid_effect_holds_until_the_lease_ends_then_runs_again(resources: dict[str, str]) -> None:
    ledger, runs = deps.ledger(), []

    def killed() -> dict[str, str]:
        raise Killed

    def effect() -> dict[str, str]:
        runs.append(1)
        return {"message_id": "m-1"}

    with pytest.raises(Killed):
        ledger.lease_once(KEY, killed, now=NOW, lease_seconds=45, ttl_seconds=3600, state="sent")
    with pytest.raises(LeaseHeld):
        ledger.lease_once(
            KEY, effect, now=NOW + timedelta(seconds=44), lease_seconds=45, ttl_seconds=3600, state="sent"
        )
    later = NOW + timedelta(seconds=45)
    assert ledger.lease_once(KEY, effect, now=later, lease_seconds=45, ttl_seconds=3600, state="sent")[0]
    ran, done = ledger.lease_once(KEY, effect, now=later, lease_seconds=45, ttl_seconds=3600, state="sent")
    assert (ran, done["state"], done["message_id"]) == (False, "sent", "m-1")
    assert runs == [1]


def test_a_failed_give_back_raises_the_effects_own_error_and_the_lease_still_ends(
    resources: dict[str, str], settings: Any
) -> None:
    ledger = Ledger(table=Faulty(aws.table(settings.ledger_table), "delete_item"))

    def throttled() -> dict[str, str]:
        raise ClientError({"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded."}}, "Send")

    with pytest.raises(ClientError, match="Throttling"):
        ledger.lease_once(KEY, throttled, now=NOW, lease_seconds=45, ttl_seconds=3600, state="sent")
    assert take(ledger, at=T0 + 45).done is None


def test_a_lease_passes_on_failures_other_than_a_held_one() -> None:
    class Failing:
        def put_item(self, **_: Any) -> None:
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": ""}}, "PutItem")

    with pytest.raises(ClientError, match="InternalServerError"):
        take(Ledger(table=Failing()))
