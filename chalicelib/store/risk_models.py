"""Promoted no-show models, kept in the statistics table under their own key.

Every model the nightly learning promotes is one item: ``period_key`` ``risk-model`` (no period
key looks like it, so the counters' reads never meet it), ``scope`` ``<promoted_at>#<version>``,
so the newest sorts last and ``latest`` is one Query of one item. Coefficients are stored as
Decimals (DynamoDB has no floats) and read back as floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Key

from chalicelib.services.common.clock import iso_utc
from chalicelib.services.risk.model import Model
from chalicelib.store.codec import from_item, to_item

MODEL_KEY = "risk-model"


class RiskModels:
    """The promoted models, newest last."""

    def __init__(self, *, table: Any) -> None:
        self._table = table

    def promote(self, model: Model, *, promoted_at: datetime) -> None:
        """Keep ``model`` as the one in force from ``promoted_at``."""
        at = iso_utc(promoted_at)
        item = {
            "period_key": MODEL_KEY,
            "scope": f"{at}#{model.version}",
            "version": model.version,
            "intercept": float(model.intercept),
            "weights": {name: float(weight) for name, weight in model.weights.items()},
            "outcomes": model.outcomes,
            "window": list(model.window) if model.window else None,
            "details": {name: float(value) for name, value in model.details.items()},
            "promoted_at": at,
        }
        self._table.put_item(Item=to_item(item))

    def latest(self) -> Model | None:
        """The model promoted last, or None before the first promotion."""
        page = self._table.query(
            KeyConditionExpression=Key("period_key").eq(MODEL_KEY), ScanIndexForward=False, Limit=1
        )
        found = page.get("Items") or []
        return _model(from_item(found[0])) if found else None


def _model(item: Mapping[str, Any]) -> Model:
    window = item.get("window")
    return Model(
        version=str(item["version"]),
        intercept=float(item["intercept"]),
        weights={str(name): float(weight) for name, weight in (item.get("weights") or {}).items()},
        outcomes=int(item.get("outcomes") or 0),
        window=(str(window[0]), str(window[1])) if window else None,
        details={str(name): float(value) for name, value in (item.get("details") or {}).items()},
    )
