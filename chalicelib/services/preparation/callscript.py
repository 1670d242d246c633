"""The call script HR reads when phoning a candidate: standard wording, no filler, HR in control.

One Jinja2 template per mode and language (``templates/call/<language>/<mode>.txt``). A line
starting with ``## `` opens a section; every other non-empty line is something HR says.
Text in ``[...]`` or ``【...】`` is a stage direction (listen, ask directly) and is not spoken.

A notification states the facts in about 30 seconds; an invitation sells the role in about two
minutes. Both ask whether the candidate will come and a few commitment questions (``ASKED``),
whose answers HR taps on the call form; ``commitments`` lists them. Facts taken from the
position are cut to a speaking budget so one long field cannot blow the call.
``estimated_seconds`` counts spoken words at 150 a minute and Chinese characters at 250 a minute;
the spelled email address is left out because its length depends on the address, not on the
script, and is reported as ``spelling_seconds``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from chalicelib.models import Language, NoticeMode
from chalicelib.render import render
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.common.wording import EN_MONTHS, WEEKDAYS
from chalicelib.services.preparation.spelling import spell_email
from chalicelib.vocabulary import Commitment

TARGET_SECONDS = {NoticeMode.NOTIFICATION: 30, NoticeMode.INVITATION: 120}

# The commitment questions each script asks (its "Attendance" section), for HR to tap the answers. A
# notification has room for the two that carry most (``risk.prior``); the invitation asks more.
ASKED = {
    NoticeMode.NOTIFICATION: (Commitment.CALL_BEFORE, Commitment.VENUE_CLEAR),
    NoticeMode.INVITATION: (Commitment.TIME_OFF, Commitment.NO_CLASH, Commitment.CALL_BEFORE, Commitment.VENUE_CLEAR),
}
WORDS_PER_MINUTE = 150
CJK_CHARS_PER_MINUTE = 250

# Speaking budgets (seconds) for facts copied from the position or the interview. A notification
# leaves what to bring and the selling points to the written notice and the invitation.
NOTIFICATION_BUDGETS = {"duties": 4.0, "transit": 5.0}
INVITATION_BUDGETS = {
    "duties": 12.0,
    "requirements": 7.0,
    "benefits": 9.0,
    "promotion": 7.0,
    "manager_style": 7.0,
    "what_to_bring": 4.0,
    "transit": 6.0,
}

# Facts that sell the role, read from the position under the same names.
SELLING_FACTS = ("requirements", "benefits", "promotion", "manager_style")

# Words that make a caller sound unprepared; neither templates nor scripts may contain them.
FILLER_WORDS = {
    Language.EN: ("um", "uh", "er", "erm", "like", "you know"),
    Language.ZH_CN: ("嗯", "那个", "就是说", "然后呢"),
}

CURRENCY_ZH = {"CNY": "元", "USD": "美元", "HKD": "港元", "EUR": "欧元", "JPY": "日元"}
CALLER = {Language.EN: "the recruiting team", Language.ZH_CN: "招聘负责人"}

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A Latin word or number as one spoken unit: "front-end", "15,000", "14:30", "Node.js".
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'.,:/][A-Za-z0-9]+)*")
_DIRECTION = re.compile(r"\[[^\]]*\]|【[^】]*】")
_TOKEN = re.compile(rf"{_CJK.pattern}|{_WORD.pattern}|\S")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|(?<=[。；！？])")
_CLAUSE_END = re.compile(r"(?<=[,:])\s+|(?<=[，、：])")


def speaking_seconds(text: str) -> float:
    """How long ``text`` takes to say: Latin words at 150 a minute, CJK characters at 250 a minute."""
    spoken = _DIRECTION.sub(" ", text)
    cjk = len(_CJK.findall(spoken))
    words = len(_WORD.findall(_CJK.sub(" ", spoken)))
    return words * 60 / WORDS_PER_MINUTE + cjk * 60 / CJK_CHARS_PER_MINUTE


def brief(text: str | None, seconds: float) -> str | None:
    """The start of ``text`` that fits ``seconds`` of speech: whole sentences if they fit, else whole
    clauses, else the words that fit followed by an ellipsis."""
    if not text or not text.strip():
        return None
    flat = re.sub(r"\s+", " ", text).strip()
    for boundary in (_SENTENCE_END, _CLAUSE_END):
        kept = ""
        for end in [m.start() for m in boundary.finditer(flat)] + [len(flat)]:
            if speaking_seconds(flat[:end]) > seconds:
                break
            kept = flat[:end]
        if kept:
            return kept.rstrip(" .;,:。；，、：")
    return _cut(flat, seconds)


def _cut(text: str, seconds: float) -> str:
    end = 0
    for token in _TOKEN.finditer(text):
        if speaking_seconds(text[: token.end()]) > seconds:
            break
        end = token.end()
    return text[:end].rstrip(" ,;，；、") + "…"


def filler_words(text: str) -> list[str]:
    """The filler words found in ``text`` (both languages)."""
    found = [w for w in FILLER_WORDS[Language.EN] if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    return found + [w for w in FILLER_WORDS[Language.ZH_CN] if w in text]


def script(interview: Interview, position: Position, *, default_language: str) -> dict[str, Any]:
    """The call script for ``interview``: sections of lines, the full text and its timing."""
    candidate = interview.candidate
    language = _language(candidate.language, default_language)
    mode = interview.mode
    email_spelled = spell_email(candidate.email, language)
    context = _context(interview, position, language, mode)
    rendered = render(f"call/{language.value}/{mode.value}.txt", **context, email_spelled=email_spelled)
    sections = _sections(rendered)
    text = "\n\n".join("\n".join([s["title"], *s["lines"]]) for s in sections)
    spoken = "\n".join(line for s in sections for line in s["lines"]).replace(email_spelled, " ")
    return {
        "mode": mode.value,
        "target_seconds": TARGET_SECONDS[mode],
        "estimated_seconds": round(speaking_seconds(spoken)),
        "spelling_seconds": round(speaking_seconds(email_spelled)),
        "language": language.value,
        "sections": sections,
        "email_spelled": email_spelled,
        "text": text,
        "commitments": [question.value for question in ASKED[mode]],
    }


def _language(chosen: str | None, default: str) -> Language:
    # A misconfigured default must not cost HR the script: English is the fallback.
    for value in (chosen, default):
        if value in {lang.value for lang in Language}:
            return Language(value)
    return Language.EN


def _sections(rendered: str) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    for raw in rendered.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            sections.append({"title": line[3:].strip(), "lines": []})
        elif line and sections:
            sections[-1]["lines"].append(line)
    return [s for s in sections if s["lines"]]


def _context(interview: Interview, position: Position, language: Language, mode: NoticeMode) -> dict[str, Any]:
    budgets = INVITATION_BUDGETS if mode is NoticeMode.INVITATION else NOTIFICATION_BUDGETS

    def fact(name: str, text: Any) -> str | None:
        # A fact without a budget in this mode is left to the written notice.
        return brief(text, budgets[name]) if name in budgets else None

    contact = interview.contact or position.contact
    website = position.company_website or ""
    return {
        "candidate": interview.candidate.name,
        "caller": (contact.name if contact else "") or CALLER[language],
        "company": position.company or interview.company,
        "title": position.title or interview.position_title,
        "when": _when(datetime.fromisoformat(interview.starts_at), language),
        "duration_minutes": interview.duration_minutes,
        "sms": "sms" in interview.channels,
        "place": _place(_plain(interview.address), _plain(interview.city), language),
        "transit": fact("transit", interview.transit),
        "what_to_bring": fact("what_to_bring", interview.what_to_bring),
        "salary": _salary(position, language),
        "work_location": _plain(position.work_location),
        "website": re.sub(r"^https?://|/$", "", website) or None,
        "duties": fact("duties", position.responsibilities),
        **{name: fact(name, getattr(position, name)) for name in SELLING_FACTS},
    }


def _plain(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().rstrip(".。")


def _when(start: datetime, language: Language) -> str:
    weekday = WEEKDAYS[language][start.weekday()]
    if language is Language.ZH_CN:
        hour = start.hour
        part = "上午" if hour < 12 else "中午" if hour < 13 else "下午" if hour < 18 else "晚上"
        clock = f"{hour - 12 if hour > 12 else hour}:{start.minute:02d}"
        return f"{start.month}月{start.day}日（{weekday}）{part}{clock}"
    return f"{weekday} {start.day} {EN_MONTHS[start.month - 1]} at {start:%H:%M}"


def _salary(position: Position, language: Language) -> str | None:
    low, high = position.salary_min, position.salary_max
    if high <= 0:
        return None
    currency = position.salary_currency or "CNY"
    if language is Language.ZH_CN:
        unit = CURRENCY_ZH.get(currency, currency)
        return f"{low:,}到{high:,}{unit}" if low != high else f"{high:,}{unit}"
    return f"{low:,} to {high:,} {currency}" if low != high else f"{high:,} {currency}"


def _place(address: str, city: str, language: str) -> str:
    """Where to come, said once: the address alone when it names the city already (上海市浦东新区…)."""
    if not city or city.removesuffix("市") in address:
        return address
    return f"{city}{address}" if language == "zh-CN" else f"{address}, {city}"
