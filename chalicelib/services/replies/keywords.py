"""What a text from a candidate asks for: a keyword (``1``, ``Y``, ``确认``...) and the rest of the text.

Phones type full-width digits and letters (``１``, ``Ｙ``) in Chinese input modes, and people add
spaces and punctuation around a one-character answer: the text is normalised (NFKC, case folded)
and stripped before matching. A keyword is the whole text, or starts it followed by a space or a
punctuation mark; the rest is the candidate's message. ``改期`` may run straight into its message
(``改期周四上午可以吗``), as Chinese writes without spaces; a confirmation may not (``确认一下地址``
is a question, not a yes).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    CONFIRM = "confirm"
    RESCHEDULE = "reschedule"
    DECLINE = "decline"
    # "是": only an answer to "are you sure you will not come?", anything else otherwise.
    YES = "yes"
    STOP = "stop"
    OTHER = "other"


KEYWORDS: dict[str, Intent] = {
    "1": Intent.CONFIRM,
    "y": Intent.CONFIRM,
    "yes": Intent.CONFIRM,
    "确认": Intent.CONFIRM,
    "2": Intent.RESCHEDULE,
    "改期": Intent.RESCHEDULE,
    "3": Intent.DECLINE,
    "n": Intent.DECLINE,
    "no": Intent.DECLINE,
    "不来": Intent.DECLINE,
    "不来了": Intent.DECLINE,
    "是": Intent.YES,
    "是的": Intent.YES,
    "stop": Intent.STOP,
    "td": Intent.STOP,
    "退订": Intent.STOP,
}
# Keywords whose message may follow without a separator.
_RUN_ON = frozenset({"改期"})
# Longest first, so "yes" is not read as "y" followed by "es".
_BY_LENGTH = sorted(KEYWORDS, key=len, reverse=True)


@dataclass(frozen=True)
class Reply:
    """What the candidate asked for, and what they wrote besides (their message, possibly empty)."""

    intent: Intent
    message: str


def read(text: str) -> Reply:
    """The intent of a text and its message; ``OTHER`` with the whole text when no keyword leads it."""
    normal = unicodedata.normalize("NFKC", text).strip().lstrip(_SURROUNDING)
    for keyword in _BY_LENGTH:
        # Keywords are ASCII or Chinese: case folding their length of text keeps that length.
        if normal[: len(keyword)].casefold() != keyword:
            continue
        rest = normal[len(keyword) :]
        if not rest.strip(_SURROUNDING):
            return Reply(KEYWORDS[keyword], "")
        if _is_separator(rest[0]) or keyword in _RUN_ON:
            return Reply(KEYWORDS[keyword], rest.lstrip(_SURROUNDING).rstrip())
    return Reply(Intent.OTHER, text.strip())


def _is_separator(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


# Spaces and the punctuation people put around a short answer, in both widths.
_SURROUNDING = " \t\r\n\u3000.,!?;:~-_'\"()[]{}<>。，、！？；：～…·“”‘’（）【】《》「」"
