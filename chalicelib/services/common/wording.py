"""Calendar words in each language, spelled out (Lambda's C locale would print English names), and
the vocabulary's labels as they read inside a sentence."""

from __future__ import annotations

from chalicelib.vocabulary import Term

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh-CN": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}

SHORT_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh-CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}


def in_text(member: Term, language: str) -> str:
    """A label as it reads inside a sentence: ``better offer``, not ``Better offer``; one that starts
    with an abbreviation (``SMS``) keeps its capitals, and Chinese has none to lose."""
    text = member.label(language)
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def phrases(enum: type[Term], language: str) -> dict[str, str]:
    """Every value of ``enum`` as it reads inside a sentence in ``language`` (:func:`in_text`)."""
    return {member.value: in_text(member, language) for member in enum}
