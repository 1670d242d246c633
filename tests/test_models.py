"""Request models: what HR may send, and how a refusal names the field at fault."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib import characters, models, vocabulary
from chalicelib.errors import BadRequest
from chalicelib.models import (
    CandidateIn,
    Channel,
    Contact,
    InterviewIn,
    Level,
    PositionIn,
    RescheduleIn,
    dump,
)
from chalicelib.validation import parse
from tests.support.api import interview_body, position_body


def interview(**overrides: Any) -> InterviewIn:
    return InterviewIn.model_validate(interview_body("pos_1", **overrides))


def refused(model: type[Any], body: dict[str, Any]) -> BadRequest:
    """The 400 that ``body`` earns."""
    with pytest.raises(BadRequest) as refusal:
        parse(model, json.dumps(body))
    return refusal.value


def refusal(model: type[Any], body: dict[str, Any]) -> dict[str, str]:
    """The ``fields`` of the 400 that ``body`` earns."""
    return refused(model, body).fields


def codes(model: type[Any], body: dict[str, Any]) -> dict[str, str]:
    """The ``codes`` of the 400 that ``body`` earns: each field's problem, for a program."""
    codes: dict[str, str] = refused(model, body).body()["codes"]
    return codes


@pytest.mark.parametrize(
    "email",
    [
        "zhang.san@example.com",
        "a+interviews@mail.example.co.uk",
        "o'brien@example.ie",
        "x_y-z@sub-domain.example.org",
        "1234567@qq.com",
    ],
)
def test_ordinary_email_addresses_are_accepted(email: str) -> None:
    assert CandidateIn(name="Zhang San", email=email).email == email


def test_email_is_stored_without_surrounding_spaces() -> None:
    assert CandidateIn(name="Zhang San", email="  zhang@example.com\t").email == "zhang@example.com"


@pytest.mark.parametrize(
    "email",
    [
        "",
        "zhang",
        "zhang@",
        "@example.com",
        "zhang@example",
        "zhang@example.c",
        "zhang@@example.com",
        "zhang san@example.com",
        "zhang..san@example.com",
        "zhang@example..com",
        "zhang@example.com.",
        "zhang@exa_mple.com",
        "zhang@example.com, li@example.com",
    ],
)
def test_mistyped_email_addresses_are_refused_naming_the_candidate_email(email: str) -> None:
    found = codes(InterviewIn, interview_body("pos_1", candidate={"name": "Zhang San", "email": email}))

    assert found == {"candidate.email": "invalid_email"}


def test_contact_email_is_optional_but_checked_when_given() -> None:
    assert Contact(name="Li Wei", phone="+86 21 5555 0100").email is None
    with pytest.raises(ValidationError, match="email address looks incomplete or mistyped"):
        Contact(name="Li Wei", phone="+86 21 5555 0100", email="liwei@acme")


def test_repeated_channels_are_kept_once_in_the_order_given() -> None:
    chosen = interview(
        candidate={"name": "Zhang San", "email": "zs@example.com", "phone": "+8613800138000"},
        channels=["email", "sms", "email", "sms"],
    )

    assert chosen.channels == [Channel.EMAIL, Channel.SMS]


def test_channels_default_to_email_only() -> None:
    assert interview().channels == [Channel.EMAIL]


def test_channels_without_email_are_refused_because_the_written_notice_is_what_candidates_keep() -> None:
    body = interview_body(
        "pos_1",
        candidate={"name": "Zhang San", "email": "zs@example.com", "phone": "+8613800138000"},
        channels=["sms"],
    )

    assert list(refusal(InterviewIn, body)) == ["channels"]


@pytest.mark.parametrize("phone", [None, "", "   "])
def test_sms_needs_a_candidate_phone(phone: str | None) -> None:
    candidate = {"name": "Zhang San", "email": "zs@example.com", "phone": phone}

    found = codes(InterviewIn, interview_body("pos_1", candidate=candidate, channels=["email", "sms"]))

    assert found == {"candidate.phone": "sms_needs_phone"}


@pytest.mark.parametrize(
    ("phone", "e164"),
    [
        ("138 0013 8000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_candidate_phone_is_stored_in_e164(phone: str, e164: str) -> None:
    assert CandidateIn(name="Zhang San", email="zs@example.com", phone=phone).phone == e164


@pytest.mark.parametrize("phone", ["call me", "12345", "+86 000"])
def test_unreadable_candidate_phone_is_refused(phone: str) -> None:
    fields = refusal(
        InterviewIn, interview_body("pos_1", candidate={"name": "Z", "email": "z@example.com", "phone": phone})
    )

    assert list(fields) == ["candidate.phone"]


def test_coordinates_come_in_pairs() -> None:
    assert (interview().latitude, interview().longitude) == (None, None)
    both = interview(latitude=31.2304, longitude=121.4737)
    assert (both.latitude, both.longitude) == (31.2304, 121.4737)
    # Zero is a real coordinate (the Gulf of Guinea), not a missing one.
    zero = interview(latitude=0.0, longitude=0.0)
    assert (zero.latitude, zero.longitude) == (0.0, 0.0)


def test_coordinates_are_kept_to_six_decimals_so_that_any_of_them_can_be_stored() -> None:
    precise = interview(latitude=31.230416789, longitude=121.473701234)
    # DynamoDB's numbers stop at 1e-130: this one, kept as given, could not be written at all.
    tiny = interview(latitude=1.0775571786953774e-291, longitude=-1e-200)

    assert (precise.latitude, precise.longitude) == (31.230417, 121.473701)
    assert (tiny.latitude, tiny.longitude) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("coordinates", "field"),
    [({"latitude": 31.2304}, "longitude"), ({"longitude": 121.4737}, "latitude"), ({"latitude": 0.0}, "longitude")],
)
def test_half_a_coordinate_pair_is_refused_naming_the_missing_half(coordinates: dict[str, float], field: str) -> None:
    assert codes(InterviewIn, interview_body("pos_1", **coordinates)) == {field: "both_or_neither"}


def test_start_time_is_kept_to_the_minute() -> None:
    assert interview(starts_at="2026-12-03T14:30:59.5").starts_at == datetime(2026, 12, 3, 14, 30)


@pytest.mark.parametrize("starts_at", ["2026-12-03T14:30+08:00", "2026-12-03T06:30Z"])
def test_start_time_with_an_offset_is_refused_because_the_time_zone_field_decides(starts_at: str) -> None:
    assert list(refusal(InterviewIn, interview_body("pos_1", starts_at=starts_at))) == ["starts_at"]
    assert list(refusal(RescheduleIn, {"starts_at": starts_at, "timezone": "Asia/Shanghai"})) == ["starts_at"]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Europe/London", "UTC"])
def test_iana_time_zones_are_accepted(zone: str) -> None:
    assert interview(timezone=zone).timezone == zone


@pytest.mark.parametrize("zone", ["CST+8", "Beijing", "Asia/Peking/Old", "", "/etc/passwd"])
def test_other_time_zone_names_are_refused(zone: str) -> None:
    assert list(refusal(InterviewIn, interview_body("pos_1", timezone=zone))) == ["timezone"]


def test_surrounding_spaces_are_trimmed_and_blank_text_is_missing_text() -> None:
    assert PositionIn.model_validate(position_body(title="  Front-end Engineer ")).title == "Front-end Engineer"
    assert list(refusal(PositionIn, position_body(title="   "))) == ["title"]


def test_equal_salary_bounds_are_a_fixed_salary() -> None:
    position = PositionIn.model_validate(position_body(salary_min=20000, salary_max=20000))

    assert position.salary_min == position.salary_max == 20000


def test_salary_range_upside_down_names_salary_max() -> None:
    refusal = refused(PositionIn, position_body(salary_min=30000, salary_max=20000))

    assert refusal.body()["codes"] == {"salary_max": "salary_range"}
    assert refusal.fields == {"salary_max": "The top of the range cannot be below its bottom."}
    assert refusal.said_in("zh-CN")["fields"] == {"salary_max": "最高薪资不能低于最低薪资。"}


def test_a_salary_in_words_is_refused_saying_why_showup_asks_for_a_range() -> None:
    refusal = refused(PositionIn, position_body(salary_min="面议"))

    assert refusal.body()["codes"] == {"salary_min": "salary_in_words"}
    assert "common reason candidates skip interviews" in refusal.fields["salary_min"]
    assert "薪资不明是候选人不来面试的常见原因" in refusal.said_in("zh-CN")["fields"]["salary_min"]


def test_level_is_one_of_the_hr_levels() -> None:
    assert PositionIn.model_validate(position_body(level="senior")).level is Level.SENIOR
    assert list(refusal(PositionIn, position_body(level="principal"))) == ["level"]


def test_every_missing_required_field_is_named_at_once() -> None:
    refusal = refused(PositionIn, {"title": "Engineer"})

    names = ("company", "work_location", "responsibilities", "salary_min", "salary_max")
    assert refusal.body()["codes"] == dict.fromkeys(names, "required")
    assert refusal.said_in("zh-CN") == {
        "error": "validation_error",
        "message": "有 5 处需要修改，请看标出的字段。",
        "fields": dict.fromkeys(names, "请填写这一项。"),
        "codes": dict.fromkeys(names, "required"),
    }


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_field_messages_are_sentences_for_people_without_patterns_or_library_words(language: str) -> None:
    body = position_body(salary_min=-5, salary_max="lots", salary_currency="cny", title="x" * 201, level="boss")
    body |= {"company_website": "acme", "applicant_count": 2.5, "contact": {"name": "Li", "phone": "12"}}

    said = refused(PositionIn, body).said_in(language)["fields"]

    assert len(said) == 8
    for field, text in said.items():
        assert text[:1].isupper() or not text[:1].isascii(), (field, text)
        assert not any(word in text for word in ("Input should", "^[", "pattern", "salary_min", "_")), text


def test_misspelt_field_is_named_rather_than_silently_dropped() -> None:
    assert codes(InterviewIn, interview_body("pos_1", adress="88 Century Avenue")) == {"adress": "unknown_field"}


def test_nested_field_errors_are_named_with_dotted_paths() -> None:
    body = interview_body("pos_1", candidate={"name": "Zhang San", "email": "zs@example.com", "skills": ["", "css"]})

    assert list(refusal(InterviewIn, body)) == ["candidate.skills.0"]


def test_empty_body_is_an_empty_object_with_every_required_field_missing() -> None:
    with pytest.raises(BadRequest) as refused:
        parse(InterviewIn, b"")

    # starts_at and timezone are required unless choose_slot: they are named once the rest is valid.
    assert set(refused.value.fields) == {"position_id", "candidate", "address", "city"}


def test_error_body_carries_fields_only_when_some_are_named() -> None:
    assert set(BadRequest("whole request is wrong").body()) == {"error", "message"}
    assert BadRequest("bad", {"title": "is required"}).body() == {
        "error": "validation_error",
        "message": "bad",
        "fields": {"title": "is required"},
        "codes": {"title": "invalid"},
    }


def test_dump_leaves_out_what_was_not_given_and_writes_enums_as_text() -> None:
    dumped = dump(interview())

    assert "latitude" not in dumped
    assert "contact" not in dumped
    assert dumped["channels"] == ["email"]
    assert dumped["mode"] == "auto"
    assert dumped["starts_at"] == "2026-12-03T14:30:00"


def test_the_models_take_their_enums_from_the_vocabulary() -> None:
    assert models.Level is vocabulary.Level
    assert (
        models.InterviewIn.model_validate(interview_body("pos_1", mode="invitation")).mode
        is vocabulary.ModeChoice.INVITATION
    )


# Characters a text field takes


@pytest.mark.parametrize(
    "text",
    [
        "张三 Zhang San",
        "O'Brien-Smith, Jr.",
        "Café Müller · 5 km",
        "👩\u200d💻 engineer",  # an emoji joined by a zero-width joiner
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "co\u00adoperate",  # a soft hyphen
    ],
)
def test_ordinary_text_in_any_script_is_one_line_of_text(text: str) -> None:
    assert characters.single_line(text) == text
    assert characters.multi_line(text) == text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Zhang\x00San", "U+0000"),
        ("bell\x07", "U+0007"),
        ("escape \x1b[31mred", "U+001B"),
        ("delete\x7f", "U+007F"),
        ("next line\x85", "U+0085"),
        ("invoice\u202egpj.exe", "U+202E"),  # a right-to-left override hides what a name says
        ("\ufeffAcme", "U+FEFF"),
        ("lone \ud800 surrogate", "U+D800"),
    ],
)
def test_invisible_control_characters_are_refused_everywhere_naming_the_character(text: str, code: str) -> None:
    for check in (characters.single_line, characters.multi_line):
        with pytest.raises(ValueError, match=re.escape(f"invisible control character ({code}): remove it")):
            check(text)


def test_text_areas_keep_line_breaks_and_tabs_that_one_line_fields_refuse() -> None:
    typed = "Build the app.\r\nOwn its tests:\n\t- unit\u2028- browser"
    assert characters.multi_line(typed) == typed
    with pytest.raises(ValueError, match="Keep this on one line"):
        characters.single_line(typed)
    with pytest.raises(ValueError, match="replace it with a space"):
        characters.single_line("Zhang\tSan")


def test_a_refused_character_is_named_for_hr_without_pydantic_words() -> None:
    refusal = refused(PositionIn, position_body(title="Front-end\x00Engineer", company="Acme\nRobotics"))
    assert refusal.fields == {
        "title": "This contains an invisible control character (U+0000): remove it.",
        "company": "Keep this on one line: remove the line break.",
    }
    assert refusal.said_in("zh-CN")["fields"]["title"] == "这里有一个看不见的控制字符（U+0000），请删掉后重新输入。"
