"""Spelling email addresses aloud, and reading the spelled form back."""

from __future__ import annotations

import re

import pytest

from chalicelib.services.preparation.spelling import NATO, parse_spelled, spell_email

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
    assert spell_email("aB", "zh-CN") == "a（阿姨的阿），大写 B（北京的北）"


def test_chinese_spelling_reads_each_letter_with_a_chinese_word_that_starts_with_it() -> None:
    assert spell_email("zhang", "zh-CN") == "z（自己的自），h（好坏的好），a（阿姨的阿），n（你好的你），g（哥哥的哥）"
    # Letters a Chinese listener mixes up on a noisy line get words that sound nothing alike.
    assert spell_email("lnmsc", "zh-CN").split("，") == [
        "l（老师的老）",
        "n（你好的你）",
        "m（妈妈的妈）",
        "s（思考的思）",
        "c（草地的草）",
    ]


def test_chinese_spelling_gives_every_letter_a_chinese_reading_and_no_radio_word() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    spelled = spell_email(letters, "zh-CN").split("，")
    assert len(spelled) == 26
    assert not any(word in spell_email(letters, "zh-CN") for word in NATO.values())
    # Every reading holds Chinese characters the listener knows, and no two letters share one.
    assert all(re.search(r"[\u4e00-\u9fff]", token) for token in spelled)
    assert len({token.split("（")[1] for token in spelled}) == 26


def test_chinese_spelling_reads_digits_in_chinese_with_yao_for_one() -> None:
    assert spell_email("2026", "zh-CN") == "2（二），0（零），2（二），6（六）"
    assert spell_email("1", "zh-CN") == "1（幺）"


@pytest.mark.parametrize(
    ("language", "spoken"),
    [
        ("en", ["at", "dot", "underscore", "hyphen", "plus"]),
        ("zh-CN", ["@（艾特）", ".（点）", "_（下划线）", "-（横杠）", "+（加号）"]),
    ],
)
def test_symbols_have_spoken_names(language: str, spoken: list[str]) -> None:
    separator = ", " if language == "en" else "，"
    assert spell_email("@._-+", language).split(separator) == spoken


def test_digits_are_said_as_digits_so_zero_is_never_the_letter_o() -> None:
    assert spell_email("0o", "en") == "digit 0, o as in Oscar"
    assert spell_email("0o", "zh-CN") == "0（零），o（欧洲的欧）"


def test_unknown_language_falls_back_to_english() -> None:
    assert spell_email("a@b", "fr") == "a as in Alpha, at, b as in Bravo"


@pytest.mark.parametrize(
    "spelled",
    [
        "a as in Bravo",
        "capital a as in Alpha",
        "hash",
        "digit x",
        "a（Bravo）",
        "a（北京的北）",
        "A（阿姨的阿）",
        "7（幺）",
    ],
)
def test_reading_back_refuses_what_is_not_a_spelled_character(spelled: str) -> None:
    with pytest.raises(ValueError):
        parse_spelled(spelled)
