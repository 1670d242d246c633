"""The HR pages' words: both languages for every key, and every key a page names exists."""

import re
from pathlib import Path

import pytest

from chalicelib.text import LANGUAGES, catalogue, placeholders, words

ROOT = Path(__file__).resolve().parent.parent / "chalicelib"
# t("key") or t('key', ...) in scripts and templates.
USE = re.compile(r"""\bt\(\s*["']([\w.-]+)["']""")


def used_keys() -> set[tuple[str, str]]:
    files = [*ROOT.joinpath("static").glob("*.js"), *ROOT.joinpath("templates").rglob("*.html")]
    return {(key, path.name) for path in files for key in USE.findall(path.read_text(encoding="utf-8"))}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
        assert placeholders(texts["zh-CN"]) == placeholders(texts["en"]), key


def test_every_key_the_pages_name_exists() -> None:
    missing = sorted(f"{key} ({file})" for key, file in used_keys() if key not in catalogue())
    assert missing == []
    assert used_keys(), "the pages name no words at all: the pattern no longer matches their calls"


def test_words_fill_placeholders_in_the_chosen_language() -> None:
    assert words("zh-CN")("api.failed", status=502) == "ShowUp 出错了（502），请稍后重试。"
    assert words("en")("sign_in.title") == "Sign in"
    # A language ShowUp does not write reads Chinese, the teams' first language.
    assert words("fr")("sign_in.title") == "登录"
    with pytest.raises(KeyError):
        words("en")("no.such.key")
