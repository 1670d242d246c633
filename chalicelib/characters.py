"""Which characters text fields take: no invisible control characters, and one line where one is meant.

A NUL or an escape code in a name reaches mail subjects, calendar entries and pages where nobody can
see it; a line break in a name or a title splits a header. Plain Python (no pydantic): the request
models use these checks, and so does the candidate page's free-text reason.
"""

from __future__ import annotations

import re

from chalicelib.errors import Invalid

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls (with tab, LF and CR,
# Unicode's "Cc"); lone surrogates, which no keyboard makes; bidirectional embeddings, overrides
# and isolates, which reorder what a reader sees around them; and the invisible byte order mark.
# The rest of Unicode's "format" category (joiners in emoji and in Indic and Persian scripts, soft
# hyphens) is ordinary text and stays.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")
# Line and paragraph separators are line breaks to mail and calendar software.
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")


def problem(value: str, *, one_line: bool) -> Invalid | None:
    """Why ``value`` cannot be stored as text (a code and a message for the person who typed it), or None."""
    if one_line and _LINE_BREAK.search(value):
        return Invalid("line_break")
    if one_line and "\t" in value:
        return Invalid("tab")
    found = _INVISIBLE.search(value)
    if found:
        return Invalid("control_character", char=f"U+{ord(found.group()):04X}")
    return None


def single_line(value: str) -> str:
    """``value`` if it is one line of visible text, else ``ValueError`` saying what to remove."""
    found = problem(value, one_line=True)
    if found:
        raise found
    return value


def multi_line(value: str) -> str:
    """``value`` if it is text whose lines hold no control characters (tabs are fine)."""
    found = problem(value, one_line=False)
    if found:
        raise found
    return value
