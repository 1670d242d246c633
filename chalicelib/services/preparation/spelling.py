"""Spelling an email address aloud, one character at a time, so a typo is caught on the call.

A wrong letter in the address means the written notice never arrives, and the candidate is
left with what they heard on a noisy line. Every letter is said with its NATO word, so b / d,
m / n and s / f stay apart; upper case is said explicitly, digits are said as digits (``0`` is
never confused with ``o``), and the usual symbols have a spoken name.

English: ``z as in Zulu, capital A as in Alpha, digit 7, dot, at``. Chinese: lower case is the
default and upper case is announced, ``z（Zulu），大写 A（Alpha），数字 7，点，艾特``, which is how
letters are read out on a Chinese phone call. ``parse_spelled`` reads either form back.
"""

from __future__ import annotations

import re

from chalicelib.models import Language

NATO = {
    "a": "Alpha",
    "b": "Bravo",
    "c": "Charlie",
    "d": "Delta",
    "e": "Echo",
    "f": "Foxtrot",
    "g": "Golf",
    "h": "Hotel",
    "i": "India",
    "j": "Juliet",
    "k": "Kilo",
    "l": "Lima",
    "m": "Mike",
    "n": "November",
    "o": "Oscar",
    "p": "Papa",
    "q": "Quebec",
    "r": "Romeo",
    "s": "Sierra",
    "t": "Tango",
    "u": "Uniform",
    "v": "Victor",
    "w": "Whiskey",
    "x": "X-ray",
    "y": "Yankee",
    "z": "Zulu",
}

SYMBOLS = {
    Language.EN: {"@": "at", ".": "dot", "_": "underscore", "-": "hyphen", "+": "plus"},
    Language.ZH_CN: {"@": "艾特", ".": "点", "_": "下划线", "-": "横杠", "+": "加号"},
}

SEPARATOR = {Language.EN: ", ", Language.ZH_CN: "，"}

_SPOKEN_SYMBOLS = {word: symbol for names in SYMBOLS.values() for symbol, word in names.items()}
_LETTER_EN = re.compile(r"^(?P<capital>capital )?(?P<letter>[A-Za-z]) as in (?P<word>[A-Za-z-]+)$")
_LETTER_ZH = re.compile(r"^(?P<capital>大写 ?)?(?P<letter>[A-Za-z]) ?[（(](?P<word>[A-Za-z-]+)[）)]$")
_DIGIT = re.compile(r"^(?:digit|数字) ?(?P<digit>[0-9])$")
# Characters an address may hold but that have no everyday spoken name (! # $ % ...).
_OTHER = re.compile(r"^(?:character|符号) (?P<char>\S)$")
_TOKEN_SPLIT = re.compile(r", |，")


def spell_email(address: str, language: str = Language.EN) -> str:
    """The address spelled out character by character in ``language`` (``en`` or ``zh-CN``)."""
    lang = Language.ZH_CN if language == Language.ZH_CN else Language.EN
    return SEPARATOR[lang].join(_spell(char, lang) for char in address.strip())


def _spell(char: str, lang: Language) -> str:
    lower = char.lower()
    if lower in NATO and char.isascii():
        word = NATO[lower]
        if lang is Language.ZH_CN:
            return f"大写 {char}（{word}）" if char.isupper() else f"{char}（{word}）"
        return f"capital {char} as in {word}" if char.isupper() else f"{char} as in {word}"
    if char.isascii() and char.isdigit():
        return f"数字 {char}" if lang is Language.ZH_CN else f"digit {char}"
    if char in SYMBOLS[lang]:
        return SYMBOLS[lang][char]
    return f"符号 {char}" if lang is Language.ZH_CN else f"character {char}"


def parse_spelled(spelled: str) -> str:
    """The address back from its spelled form (either language); ValueError on a token it cannot read."""
    return "".join(_read(token.strip()) for token in _TOKEN_SPLIT.split(spelled.strip()) if token.strip())


def _read(token: str) -> str:
    if token in _SPOKEN_SYMBOLS:
        return _SPOKEN_SYMBOLS[token]
    letter = _LETTER_EN.match(token) or _LETTER_ZH.match(token)
    if letter:
        char = letter["letter"]
        if NATO[char.lower()] != letter["word"]:
            raise ValueError(f"{token!r}: {char} is not spelled with {letter['word']}")
        if bool(letter["capital"]) != char.isupper():
            raise ValueError(f"{token!r}: the case said and the letter written disagree")
        return char
    digit = _DIGIT.match(token)
    if digit:
        return digit["digit"]
    other = _OTHER.match(token)
    if other:
        return other["char"]
    raise ValueError(f"{token!r} is not a spelled character")
