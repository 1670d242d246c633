"""The local stage for a test: the ``/dev/*`` routes answer only there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib import aws, deps


@pytest.fixture
def local_stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The local stage; requested before ``client`` so the app reads its settings as local."""
    monkeypatch.setenv("SHOWUP_STAGE", "local")
    aws.reset()
    assert deps.settings().is_local
    yield
    aws.reset()
