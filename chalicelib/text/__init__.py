"""The words of ShowUp's HR pages in zh-CN and en, by key, one module per part of the pages.

Each module in this package holds ``WORDS = {"key": ("中文", "English")}``; a key is unique across
modules. Templates read the words through :func:`words`, scripts through ``text.json`` (served like
``vocabulary.json``) and ``t()`` in ``static/text.js``. Placeholders are ``{name}`` in both languages.
Codes with labels (statuses, reasons, warnings) stay in :mod:`chalicelib.vocabulary`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import string
from collections.abc import Callable

LANGUAGES = ("zh-CN", "en")


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every key with its words by language, read from this package's modules on first use."""
    entries: dict[str, dict[str, str]] = {}
    for part in sorted(module.name for module in pkgutil.iter_modules(__path__)):
        words: dict[str, tuple[str, str]] = importlib.import_module(f"{__name__}.{part}").WORDS
        for key, texts in words.items():
            if key in entries:
                raise ValueError(f"the page words {key!r} are defined twice (chalicelib/text/{part}.py)")
            entries[key] = dict(zip(LANGUAGES, texts, strict=True))
    return entries


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def words(language: str) -> Callable[..., str]:
    """``t(key, **values)``: the words for ``key`` in ``language``, placeholders filled."""
    chosen = language if language in LANGUAGES else LANGUAGES[0]

    def t(key: str, **values: object) -> str:
        text = catalogue()[key][chosen]
        return text.format(**values) if values else text

    return t


def asked(accept_language: str | None) -> str | None:
    """The first language of an ``Accept-Language`` header that ShowUp writes (any ``zh`` is zh-CN), or None."""
    for tag in (accept_language or "").split(","):
        primary = tag.split(";")[0].strip().lower().split("-")[0]
        if primary in ("zh", "en"):
            return "zh-CN" if primary == "zh" else "en"
    return None
