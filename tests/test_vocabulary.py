"""The vocabulary: every value has a label in each language, the browser gets all of it, and it is cheap."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from chalicelib import vocabulary
from chalicelib.services.common.wording import in_text, phrases
from chalicelib.vocabulary import (
    ENUMS,
    LANGUAGES,
    Channel,
    InterviewStatus,
    Language,
    NoShowReason,
    NoticeChannels,
    Outcome,
    Term,
    as_json,
    label,
    labels,
)

MEMBERS = [pytest.param(member, id=f"{type(member).__name__}.{member.name}") for enum in ENUMS for member in enum]


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_value_has_a_label_in_each_language(member: Term, language: str) -> None:
    text = label(member, language)
    assert text.strip() == text != ""
    assert text != member.value


@pytest.mark.parametrize("enum", ENUMS, ids=lambda enum: enum.__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_values_of_an_enum_read_the_same(enum: type[Term], language: str) -> None:
    shown = labels(enum, language)
    assert len(set(shown.values())) == len(shown) == len(enum)


def test_the_languages_are_the_ones_a_candidate_may_speak() -> None:
    assert tuple(language.value for language in Language) == LANGUAGES


def test_a_language_showup_does_not_write_falls_back_to_english() -> None:
    assert NoShowReason.BETTER_OFFER.label("fr") == "Better offer"
    assert NoShowReason.BETTER_OFFER.label("zh-CN") == "有更好的机会"


def test_the_browser_gets_every_enum_with_every_label_and_it_reads_back_the_same() -> None:
    served = json.loads(json.dumps(as_json(), ensure_ascii=False))

    assert served["languages"] == ["zh-CN", "en"]
    assert list(served["enums"]) == [vocabulary.enum_name(enum) for enum in ENUMS]
    for enum in ENUMS:
        entries = served["enums"][vocabulary.enum_name(enum)]
        assert [enum(entry["value"]) for entry in entries] == list(enum)
        assert [entry["label"] for entry in entries] == [
            {language: member.label(language) for language in LANGUAGES} for member in enum
        ]


def test_enums_are_named_for_the_browser_in_snake_case() -> None:
    names = as_json()["enums"]
    better_offer = {"value": "better_offer", "label": {"zh-CN": "有更好的机会", "en": "Better offer"}}
    assert names["no_show_reason"][3] == better_offer
    assert names["interview_status"][-1]["label"] == {"zh-CN": "未到场", "en": "No-show"}
    assert [entry["value"] for entry in names["notice_channels"]] == ["email", "email+sms"]
    assert {"level", "mode_choice", "notice_mode", "warning_code", "intent", "risk_band", "period"} <= set(names)


def test_the_same_value_in_two_enums_keeps_its_own_label() -> None:
    assert InterviewStatus.SCHEDULED.label("en") == "Not confirmed"
    assert labels(Outcome, "en")["no_show"] == labels(InterviewStatus, "en")["no_show"] == "No-show"
    assert labels(NoticeChannels, "en")["email"] == "Email only" != Channel.EMAIL.label("en")


def test_labels_read_inside_a_sentence_lose_their_capital_but_not_an_abbreviation() -> None:
    assert in_text(NoShowReason.BETTER_OFFER, "en") == "better offer"
    assert in_text(NoticeChannels.EMAIL_AND_SMS, "en") == "email + SMS"
    assert in_text(Channel.SMS, "en") == "SMS"
    assert phrases(InterviewStatus, "zh-CN")["reschedule_requested"] == "要求改期"
    assert phrases(InterviewStatus, "en")["reschedule_requested"] == "asked to reschedule"


def test_the_vocabulary_imports_only_the_standard_library_so_never_pydantic() -> None:
    tree = ast.parse(Path(vocabulary.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name.partition(".")[0] for name in imported} <= set(sys.stdlib_module_names)
