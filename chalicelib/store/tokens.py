"""HR API tokens, kept only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenRepository:
    def __init__(self, *, table: Any) -> None:
        self._table = table

    def mint(self, name: str, created_at: str, token: str | None = None) -> str:
        """Store a new token for ``name`` and return it: the only time it exists in clear."""
        token = token or secrets.token_urlsafe(32)
        self._table.put_item(Item={"token_hash": token_hash(token), "name": name, "created_at": created_at})
        return token

    def holder(self, token: str) -> str | None:
        """The name the token was minted for, or ``None`` when it is unknown."""
        item = self._table.get_item(Key={"token_hash": token_hash(token)}).get("Item")
        return str(item["name"]) if item else None
