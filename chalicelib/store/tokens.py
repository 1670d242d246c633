"""HR API tokens, kept only as SHA-256 hashes: who holds each, in which role, until when.

A token minted before roles existed has no role or expiry. It is read as a recruiter's token that
ends ``DEFAULT_DAYS`` after it was minted (never as an admin's: nobody chose to give it that
power), and is given those values the first time it is read, so it joins the list and can be
revoked like any other."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.store.pages import items
from chalicelib.vocabulary import Role

DEFAULT_ROLE = Role.RECRUITER
DEFAULT_DAYS = 90
# A year at most: a token that must live longer is better minted again by someone who checks.
MAX_DAYS = 365
# Every token shares one partition of this index, sorted by token_id: the list and the look-up by
# id are Queries (tokens are few, one person or desk each).
BY_ID = "by_id"
RECORD_TYPE = "token"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenRecord:
    """A token as an admin sees it: never the token, nor its hash."""

    token_id: str
    holder: str
    role: Role
    created_at: str
    expires_at: str
    revoked_at: str | None = None

    def valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < parse_utc(self.expires_at)

    def public(self) -> dict[str, Any]:
        """The record as the API shows it."""
        return {
            "token_id": self.token_id,
            "holder": self.holder,
            "role": self.role.value,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "revoked": self.revoked_at is not None,
            "revoked_at": self.revoked_at,
        }


@dataclass(frozen=True)
class Minted:
    """A new token, in clear this once, and its record."""

    token: str
    record: TokenRecord


class TokenRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def issue(
        self, name: str, *, now: datetime, role: Role = DEFAULT_ROLE, days: int = DEFAULT_DAYS, token: str | None = None
    ) -> Minted:
        """Store a new token for ``name`` (``token`` when the operator chose one) valid for ``days``."""
        token = token or secrets.token_urlsafe(32)
        ends = now + timedelta(days=days)
        record = TokenRecord(
            token_id=_new_id(), holder=name, role=role, created_at=iso_utc(now), expires_at=iso_utc(ends)
        )
        self._table.put_item(Item=_item(record, token_hash(token)))
        return Minted(token=token, record=record)

    def mint(
        self,
        name: str,
        created_at: str,
        token: str | None = None,
        *,
        role: Role = DEFAULT_ROLE,
        days: int = DEFAULT_DAYS,
    ) -> str:
        """Store a new token for ``name`` and return it: the only time it exists in clear."""
        return self.issue(name, now=parse_utc(created_at), role=role, days=days, token=token).token

    def find(self, token: str) -> TokenRecord | None:
        """The token's record (revoked and expired ones included), or ``None`` when it is unknown."""
        key = token_hash(token)
        item = self._table.get_item(Key={"token_hash": key}).get("Item")
        if not item:
            return None
        record = _record(item)
        if "role" not in item:
            self._adopt(key, record)
        return record

    def holder(self, token: str) -> str | None:
        """The name the token was minted for, or ``None`` when it is unknown."""
        record = self.find(token)
        return record.holder if record else None

    def every(self) -> list[TokenRecord]:
        """Every token, newest first."""
        found = items(self._table.query, IndexName=BY_ID, KeyConditionExpression=Key("record_type").eq(RECORD_TYPE))
        return sorted((_record(item) for item in found), key=lambda record: record.created_at, reverse=True)

    def revoke(self, token_id: str, *, now: datetime) -> TokenRecord | None:
        """Stop the token from working (the first revocation's time stays); ``None`` for an unknown id."""
        condition = Key("record_type").eq(RECORD_TYPE) & Key("token_id").eq(token_id)
        found = self._table.query(IndexName=BY_ID, KeyConditionExpression=condition)["Items"]
        if not found:
            return None
        try:
            updated = self._table.update_item(
                Key={"token_hash": found[0]["token_hash"]},
                UpdateExpression="SET revoked_at = if_not_exists(revoked_at, :now)",
                ConditionExpression="attribute_exists(token_hash)",
                ExpressionAttributeValues={":now": iso_utc(now)},
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise
        return _record(updated["Attributes"])

    def _adopt(self, key: str, record: TokenRecord) -> None:
        # Once only: the condition keeps a second reader from giving the token another id.
        try:
            self._table.update_item(
                Key={"token_hash": key},
                UpdateExpression="SET #role = :role, expires_at = :expires, token_id = :id, record_type = :type",
                ConditionExpression="attribute_exists(token_hash) AND attribute_not_exists(#role)",
                ExpressionAttributeNames={"#role": "role"},
                ExpressionAttributeValues={
                    ":role": record.role.value,
                    ":expires": record.expires_at,
                    ":id": record.token_id,
                    ":type": RECORD_TYPE,
                },
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise


def _item(record: TokenRecord, key: str) -> dict[str, Any]:
    return {
        "token_hash": key,
        "record_type": RECORD_TYPE,
        "token_id": record.token_id,
        "name": record.holder,
        "role": record.role.value,
        "created_at": record.created_at,
        "expires_at": record.expires_at,
    }


def _record(item: dict[str, Any]) -> TokenRecord:
    created_at = str(item.get("created_at") or iso_utc(datetime.fromtimestamp(0, UTC)))
    legacy_end = iso_utc(parse_utc(created_at) + timedelta(days=DEFAULT_DAYS))
    return TokenRecord(
        token_id=str(item.get("token_id") or _new_id()),
        holder=str(item.get("name") or ""),
        role=Role(item.get("role") or DEFAULT_ROLE),
        created_at=created_at,
        expires_at=str(item.get("expires_at") or legacy_end),
        revoked_at=str(item["revoked_at"]) if item.get("revoked_at") else None,
    )


def _new_id() -> str:
    return f"tok_{secrets.token_hex(6)}"
