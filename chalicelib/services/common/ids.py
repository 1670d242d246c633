"""Record ids."""

from __future__ import annotations

import secrets


def new_id(prefix: str) -> str:
    """A short, URL-safe, unguessable id such as ``pos_3f9a0c1d2b4e5f60``."""
    return f"{prefix}_{secrets.token_hex(8)}"
