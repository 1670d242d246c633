"""The one table of an import file's columns: each field with the headers HR writes for it (zh-CN, en).

Headers are compared folded (case, spaces, ``_``/``-`` and a trailing ``(...)`` note ignored), so
``Expected Salary (CNY)``, ``expected_salary`` and ``期望薪资（元）`` all name ``expected_salary``.
"""

from __future__ import annotations

import re

# field: (the template's zh-CN header, its en header, other headers HR's files use)
COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "name": ("姓名", "name", ("名字", "候选人", "候选人姓名", "candidate", "candidate name", "full name")),
    "email": ("邮箱", "email", ("电子邮箱", "邮件", "电子邮件", "e-mail", "mail", "email address")),
    "phone": (
        "手机",
        "phone",
        ("手机号", "手机号码", "电话", "电话号码", "联系电话", "mobile", "cell", "phone number", "mobile phone"),
    ),
    "expected_salary": ("期望薪资", "expected salary", ("期望工资", "期望月薪", "薪资要求", "salary expectation")),
    "start": ("面试时间", "start", ("面试日期时间", "开始时间", "时间", "starts at", "interview time", "date time")),
    "slot": ("场次", "slot", ("选择场次", "choose slot", "time slot")),
    "duration_minutes": ("时长", "duration", ("时长分钟", "面试时长", "minutes", "duration minutes")),
    "address": ("地址", "address", ("面试地址", "面试地点", "地点", "location")),
    "city": ("城市", "city", ("所在城市", "town")),
    "language": ("语言", "language", ("候选人语言", "lang")),
    "notes": ("备注", "notes", ("说明", "note", "comments")),
}
# Without these a row cannot be an interview; the rest default (address: the position's place of work).
REQUIRED = ("name", "email")
# Values of the ``slot`` column that ask for a choose-your-time invitation (blank does too, without a start).
CHOOSE = frozenset({"选择", "自选", "候选人选择", "choose", "yes", "是", "y", "1", "true"})
# Values of the ``language`` column, as HR writes them, by the language ShowUp writes in.
LANGUAGE_NAMES = {"中文": "zh-CN", "zh": "zh-CN", "zh-cn": "zh-CN", "chinese": "zh-CN", "英文": "en", "en": "en"}
LANGUAGE_NAMES |= {"english": "en"}

_NOTE = re.compile(r"[（(].*[)）]$")


def fold(header: str) -> str:
    """A header as compared: lower case, no note in brackets, no spaces, ``_`` or ``-``."""
    text = _NOTE.sub("", header.strip().lstrip("\ufeff")).strip().lower()
    return re.sub(r"[\s_\-]+", "", text)


def _aliases() -> dict[str, str]:
    found: dict[str, str] = {}
    for field, (zh, en, others) in COLUMNS.items():
        for header in (zh, en, field, *others):
            found[fold(header)] = field
    return found


ALIASES = _aliases()


def mapping(headers: list[str]) -> dict[int, str]:
    """Each header's place with the field it names; unknown or repeated headers are left out."""
    found: dict[int, str] = {}
    for place, header in enumerate(headers):
        field = ALIASES.get(fold(header))
        if field is not None and field not in found.values():
            found[place] = field
    return found


def template_headers(language: str) -> list[str]:
    """The template's headers in ``language`` (zh-CN or en), in the table's order."""
    return [zh if language == "zh-CN" else en for zh, en, _ in COLUMNS.values()]
