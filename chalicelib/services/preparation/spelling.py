"""Spelling an email address aloud, one character at a time, so a typo is caught on the call.

A wrong letter in the address means the written notice never arrives, and the candidate is
left with what they heard on a noisy line. Each language spells the way its listeners follow:
upper case is said explicitly, digits are said as digits (``0`` is never confused with ``o``),
and the usual symbols have a spoken name.

English: every letter with its radio word, ``z as in Zulu, capital A as in Alpha, digit 7, dot, at``.
Chinese: every letter with a common word that starts with it in pinyin (most addresses are pinyin
names, and a Chinese listener knows these words, not Zulu or Alpha), digits read in Chinese as on
the phone (1 is 幺), symbols by their Chinese names: ``z（自己的自），大写 A（阿姨的阿），7（七），@（艾特）``.
``parse_spelled`` reads either form back.
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

# "The 自 of 自己": a word whose pinyin starts with the letter. No word sounds like a digit
# (三 or 七 would clash with 3 and 7 read in Chinese), and l / n, s / sh, c / ch stay apart.
# i, u and v start no pinyin syllable: they take the everyday words that spell them.
CHINESE_WORDS = {
    "a": "阿姨的阿",
    "b": "北京的北",
    "c": "草地的草",
    "d": "大小的大",
    "e": "天鹅的鹅",
    "f": "飞机的飞",
    "g": "哥哥的哥",
    "h": "好坏的好",
    "i": "iPhone 的 i",
    "j": "国家的家",
    "k": "开门的开",
    "l": "老师的老",
    "m": "妈妈的妈",
    "n": "你好的你",
    "o": "欧洲的欧",
    "p": "苹果的苹",
    "q": "全部的全",
    "r": "人民的人",
    "s": "思考的思",
    "t": "天空的天",
    "u": "U 盘的 U",
    "v": "VIP 的 V",
    "w": "我们的我",
    "x": "西瓜的西",
    "y": "音乐的音",
    "z": "自己的自",
}

# Digits as a phone number is read out in Chinese: 幺 for 1, so it is never heard as 七 (7).
CHINESE_DIGITS = dict(zip("0123456789", "零幺二三四五六七八九", strict=True))

SYMBOLS = {
    Language.EN: {"@": "at", ".": "dot", "_": "underscore", "-": "hyphen", "+": "plus"},
    Language.ZH_CN: {"@": "艾特", ".": "点", "_": "下划线", "-": "横杠", "+": "加号"},
}

SEPARATOR = {Language.EN: ", ", Language.ZH_CN: "，"}

_SPOKEN_SYMBOLS = {word: symbol for symbol, word in SYMBOLS[Language.EN].items()}
_CHINESE_READINGS = {**CHINESE_WORDS, **CHINESE_DIGITS, **SYMBOLS[Language.ZH_CN]}
_LETTER_EN = re.compile(r"^(?P<capital>capital )?(?P<char>[A-Za-z]) as in (?P<word>[A-Za-z-]+)$")
# Chinese: the character, then how it is read in brackets; a capital letter is announced first.
_READ_ZH = re.compile(r"^(?P<capital>大写 ?)?(?P<char>[^\s（(])[（(](?P<word>[^）)]+)[）)]$")
_DIGIT = re.compile(r"^digit (?P<char>[0-9])$")
# Characters an address may hold but that have no everyday spoken name (! # $ % ...).
_OTHER = re.compile(r"^(?:character|符号) (?P<char>\S)$")
_TOKEN_SPLIT = re.compile(r", |，")


def spell_email(address: str, language: str = Language.EN) -> str:
    """The address spelled out character by character in ``language`` (``en`` or ``zh-CN``)."""
    lang = Language.ZH_CN if language == Language.ZH_CN else Language.EN
    spell = _spell_chinese if lang is Language.ZH_CN else _spell_english
    return SEPARATOR[lang].join(spell(char) for char in address.strip())


def _spell_english(char: str) -> str:
    lower = char.lower()
    if lower in NATO and char.isascii():
        return f"capital {char} as in {NATO[lower]}" if char.isupper() else f"{char} as in {NATO[lower]}"
    if char.isascii() and char.isdigit():
        return f"digit {char}"
    return SYMBOLS[Language.EN].get(char) or f"character {char}"


def _spell_chinese(char: str) -> str:
    reading = _CHINESE_READINGS.get(char.lower()) if char.isascii() else None
    if reading is None:
        return f"符号 {char}"
    return f"大写 {char}（{reading}）" if char.isupper() else f"{char}（{reading}）"


def parse_spelled(spelled: str) -> str:
    """The address back from its spelled form (either language); ValueError on a token it cannot read."""
    return "".join(_read(token.strip()) for token in _TOKEN_SPLIT.split(spelled.strip()) if token.strip())


def _read(token: str) -> str:
    if token in _SPOKEN_SYMBOLS:
        return _SPOKEN_SYMBOLS[token]
    plain = _DIGIT.match(token) or _OTHER.match(token)
    if plain:
        return plain["char"]
    said = _LETTER_EN.match(token) or _READ_ZH.match(token)
    if said is None:
        raise ValueError(f"{token!r} is not a spelled character")
    char = said["char"]
    readings = NATO if said.re is _LETTER_EN else _CHINESE_READINGS
    if readings.get(char.lower()) != said["word"]:
        raise ValueError(f"{token!r}: {char} is not read as {said['word']}")
    if bool(said["capital"]) != char.isupper():
        raise ValueError(f"{token!r}: the case said and the letter written disagree")
    return char
