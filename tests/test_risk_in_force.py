"""The no-show model in force: the one promoted last (or the prior), kept by a container for a few minutes."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import deps
from chalicelib.services.risk.in_force import TTL, ModelInForce
from chalicelib.services.risk.model import Model
from chalicelib.services.risk.prior import PRIOR
from tests.support.clock import NOW

FITTED = Model("fit-2026-11-27-400", -0.9, {"intent_low": 1.1}, 400, ("2026-01-01", "2026-11-26"))


class Promoted:
    """The promoted models' store as ``ModelInForce`` reads it, counting the reads."""

    def __init__(self, model: Model | None = None) -> None:
        self.model = model
        self.reads = 0

    def latest(self) -> Model | None:
        self.reads += 1
        return self.model


def test_with_no_promoted_model_the_prior_is_in_force() -> None:
    assert ModelInForce(latest=Promoted().latest, prior=PRIOR).model(NOW) is PRIOR


def test_the_model_read_is_kept_until_the_ttl_has_passed_then_read_again() -> None:
    store = Promoted()
    in_force = ModelInForce(latest=store.latest, prior=PRIOR)
    assert in_force.model(NOW) is PRIOR

    store.model = FITTED
    kept = in_force.model(NOW + TTL - timedelta(seconds=1))
    fresh = in_force.model(NOW + TTL)

    assert (kept, fresh, store.reads) == (PRIOR, FITTED, 2)


def test_a_clock_that_went_back_reads_the_model_again() -> None:
    store = Promoted()
    in_force = ModelInForce(latest=store.latest, prior=PRIOR)
    in_force.model(NOW)
    store.model = FITTED

    assert in_force.model(NOW - timedelta(seconds=1)) is FITTED


def test_forgetting_reads_the_store_at_the_next_call() -> None:
    store = Promoted()
    in_force = ModelInForce(latest=store.latest, prior=PRIOR)
    in_force.model(NOW)
    store.model = FITTED
    in_force.forget()

    assert in_force.model(NOW) is FITTED


def test_the_composition_root_keeps_the_model_by_its_own_clock() -> None:
    store, clock = Promoted(), [NOW]
    with deps.override(risk_models=lambda: store, now=lambda: clock[0]):
        before = deps.risk_model()
        store.model = FITTED
        kept = deps.risk_model()
        clock[0] = NOW + TTL
        fresh = deps.risk_model()

    assert (before, kept, fresh, store.reads) == (PRIOR, PRIOR, FITTED, 2)


def test_a_kept_model_does_not_outlive_the_overrides_it_was_read_under() -> None:
    # As one test and the next would: the same moment, the second with nothing promoted.
    with deps.override(risk_models=lambda: Promoted(FITTED), now=lambda: NOW):
        first = deps.risk_model()
    with deps.override(risk_models=lambda: Promoted(), now=lambda: NOW):
        second = deps.risk_model()

    assert (first, second) == (FITTED, PRIOR)
