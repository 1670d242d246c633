"""Spelling email addresses aloud, and reading the spelled form back."""

from __future__ import annotations

import pytest

from chalicelib.services.preparation.spelling import parse_spelled, spell_email

TRICKY = [
    "zhang.san@example.com",
    "Zhang.San+Jobs_2026@Mail-Box.Example.CN",
    "o0.l1.I1@x-1.io",
    "first_last-99+tag@sub.domain-name.co.uk",
    "UPPER.CASE@EXAMPLE.COM",
    "a!b#c$d%e&f'g*h/i=j?k^l`m{n|o}p~q@weird.example.org",
]


@pytest.mark.parametrize("language", ["en", "zh-CN"])
@pytest.mark.parametrize("address", TRICKY)
def test_spelled_address_reads_back_exactly(address: str, language: str) -> None:
    assert parse_spelled(spell_email(address, language)) == address


def test_english_spelling_uses_nato_words_and_says_capitals() -> None:
    assert spell_email("aB", "en") == "a as in Alpha, capital B as in Bravo"


def test_chinese_spelling_announces_upper_case_and_keeps_lower_case_plain() -> None:
    assert spell_email("aB", "zh-CN") == "a（Alpha），大写 B（Bravo）"


@pytest.mark.parametrize(
    ("language", "spoken"),
    [
        ("en", ["at", "dot", "underscore", "hyphen", "plus"]),
        ("zh-CN", ["艾特", "点", "下划线", "横杠", "加号"]),
    ],
)
def test_symbols_have_spoken_names(language: str, spoken: list[str]) -> None:
    separator = ", " if language == "en" else "，"
    assert spell_email("@._-+", language).split(separator) == spoken


def test_digits_are_said_as_digits_so_zero_is_never_the_letter_o() -> None:
    assert spell_email("0o", "en") == "digit 0, o as in Oscar"
    assert spell_email("0o", "zh-CN") == "数字 0，o（Oscar）"


def test_unknown_language_falls_back_to_english() -> None:
    assert spell_email("a@b", "fr") == "a as in Alpha, at, b as in Bravo"


@pytest.mark.parametrize(
    "spelled",
    ["a as in Bravo", "capital a as in Alpha", "hash", "digit x", "a（Bravo）"],
)
def test_reading_back_refuses_what_is_not_a_spelled_character(spelled: str) -> None:
    with pytest.raises(ValueError):
        parse_spelled(spelled)
