"""Items (as ``store.codec.from_item`` returns them) back into records.

The readers take what every version of ShowUp wrote, so existing items keep loading; attributes
ShowUp does not know are left out. The stores import this module on their first read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib import vocabulary
from chalicelib.services.common.records import (
    CallLog,
    Candidate,
    CandidateResponse,
    CandidateText,
    Commitments,
    Contact,
    Interview,
    MatchRecord,
    NoticeState,
    Position,
    RecordedOutcome,
    Resolution,
    Slot,
    SlotMove,
    SlotOffer,
    Warning,
    WeatherState,
)
from chalicelib.store.codec import number, optional_member, texts


def interview_from(data: Mapping[str, Any]) -> Interview:
    """The interview an item (or the API's JSON of one) holds; attributes ShowUp does not know are
    left out (``start_key`` and ``phone_key`` are the indexes', rebuilt on every write)."""
    return Interview(
        interview_id=data["interview_id"],
        position_id=data["position_id"],
        candidate=candidate_from(data["candidate"]),
        starts_at=data["starts_at"],
        timezone=data["timezone"],
        duration_minutes=int(data.get("duration_minutes", 60)),
        address=data["address"],
        city=data["city"],
        latitude=number(data.get("latitude")),
        longitude=number(data.get("longitude")),
        transit=data.get("transit"),
        what_to_bring=data.get("what_to_bring"),
        contact=contact_from(data.get("contact")),
        channels=tuple(vocabulary.Channel(channel) for channel in data.get("channels") or (vocabulary.Channel.EMAIL,)),
        candidate_key=data.get("candidate_key"),
        position_title=data["position_title"],
        company=data["company"],
        status=vocabulary.InterviewStatus(data["status"]),
        mode=vocabulary.NoticeMode(data["mode"]),
        mode_reason=data["mode_reason"],
        version=int(data.get("version", 1)),
        revision=int(data.get("revision", 1)),
        position_revision=data.get("position_revision"),
        warnings=tuple(warning_from(warning) for warning in data.get("warnings") or ()),
        accepted_warnings=tuple(vocabulary.WarningCode(code) for code in data.get("accepted_warnings") or ()),
        notice=notice_from(data["notice"]),
        created_at=data["created_at"],
        starts_at_utc=data["starts_at_utc"],
        local_date=data["local_date"],
        expires_at=int(data["expires_at"]),
        updated_at=data.get("updated_at"),
        candidate_response=response_from(data.get("candidate_response")),
        calls=tuple(call_from(call) for call in data.get("calls") or ()),
        intent=optional_member(vocabulary.Intent, data.get("intent")),
        at_risk=data.get("at_risk"),
        at_risk_prompt=data.get("at_risk_prompt"),
        match=match_from(data.get("match")),
        weather=weather_from(data.get("weather")),
        weather_alert=data.get("weather_alert"),
        weather_alert_at=data.get("weather_alert_at"),
        reminded_at=data.get("reminded_at"),
        reminder_failed_at=data.get("reminder_failed_at"),
        day_of_sent_at=data.get("day_of_sent_at"),
        day_of_version=None if data.get("day_of_version") is None else int(data["day_of_version"]),
        candidate_text=text_from(data.get("candidate_text")),
        sms_stopped_at=data.get("sms_stopped_at"),
        advisory_sent_at=data.get("advisory_sent_at"),
        advisory_failed_at=data.get("advisory_failed_at"),
        imported=data.get("imported"),
        notice_after=data.get("notice_after"),
        email_bounced=bool(data.get("email_bounced")),
        email_complained=bool(data.get("email_complained")),
        email_bounced_at=data.get("email_bounced_at"),
        email_complained_at=data.get("email_complained_at"),
        outcome=outcome_from(data.get("outcome")),
        risk_at_outcome=data.get("risk_at_outcome"),
        probability_at_outcome=number(data.get("probability_at_outcome")),
        model_at_outcome=data.get("model_at_outcome"),
        erased_at=data.get("erased_at"),
        notes=data.get("notes"),
        resolutions=tuple(resolution_from(resolution) for resolution in data.get("resolutions") or ()),
        created_by=data.get("created_by"),
        updated_by=data.get("updated_by"),
        slot_id=data.get("slot_id"),
        slot_moves=tuple(move_from(move) for move in data.get("slot_moves") or ()),
        waitlist=tuple(data.get("waitlist") or ()),
        offer=offer_from(data.get("offer")),
        missed_sent_at=data.get("missed_sent_at"),
        rebooked_from=data.get("rebooked_from"),
        rebooked_as=data.get("rebooked_as"),
    )


def offer_from(data: Mapping[str, Any] | None) -> SlotOffer | None:
    if not data:
        return None
    return SlotOffer(
        slot_id=data["slot_id"],
        starts_at=data["starts_at"],
        timezone=data["timezone"],
        starts_at_utc=data["starts_at_utc"],
        duration_minutes=int(data["duration_minutes"]),
        made_at=data["made_at"],
        until=data["until"],
        number=int(data.get("number", 1)),
        ended=data.get("ended"),
        ended_at=data.get("ended_at"),
    )


def move_from(data: Mapping[str, Any]) -> SlotMove:
    return SlotMove(
        at=data["at"],
        from_slot=data["from_slot"],
        to_slot=data["to_slot"],
        reason=vocabulary.MoveReason(data["reason"]),
        note=data.get("note"),
    )


def slot_from(data: Mapping[str, Any]) -> Slot:
    """The slot an item of the slots table holds."""
    return Slot(
        position_id=data["position_id"],
        slot_id=data["slot_id"],
        starts_at=data["starts_at"],
        timezone=data["timezone"],
        starts_at_utc=data["starts_at_utc"],
        duration_minutes=int(data["duration_minutes"]),
        seats=int(data["seats"]),
        seats_taken=int(data.get("seats_taken", 0)),
        address=data.get("address"),
        room=data.get("room"),
        created_at=data["created_at"],
        closed_at=data.get("closed_at"),
    )


def position_from(data: Mapping[str, Any]) -> Position:
    """The position an item holds (``record_type`` and ``created_key`` are the list index's); items
    written before positions could change have no revision and read as revision 1."""
    return Position(
        position_id=data["position_id"],
        title=data["title"],
        company=data["company"],
        work_location=data["work_location"],
        responsibilities=data["responsibilities"],
        salary_min=int(data["salary_min"]),
        salary_max=int(data["salary_max"]),
        salary_currency=data.get("salary_currency", "CNY"),
        company_website=data.get("company_website"),
        requirements=data.get("requirements"),
        benefits=data.get("benefits"),
        promotion=data.get("promotion"),
        manager_style=data.get("manager_style"),
        level=optional_member(vocabulary.Level, data.get("level")),
        applicant_count=data.get("applicant_count"),
        skills=texts(data.get("skills")),
        contact=contact_from(data.get("contact")),
        notes=data.get("notes"),
        created_at=data["created_at"],
        revision=int(data.get("revision", 1)),
        updated_at=data.get("updated_at"),
        closed_at=data.get("closed_at"),
        created_by=data.get("created_by"),
        updated_by=data.get("updated_by"),
        rebook_after_no_show=bool(data.get("rebook_after_no_show")),
    )


def contact_from(data: Mapping[str, Any] | None) -> Contact | None:
    if not data:
        return None
    return Contact(name=data["name"], phone=data["phone"], email=data.get("email"))


def candidate_from(data: Mapping[str, Any]) -> Candidate:
    skills = data.get("skills")
    return Candidate(
        name=data["name"],
        email=data["email"],
        phone=data.get("phone"),
        expected_salary=data.get("expected_salary"),
        skills=None if skills is None else texts(skills),
        language=optional_member(vocabulary.Language, data.get("language")),
        level=optional_member(vocabulary.Level, data.get("level")),
    )


def warning_from(data: Mapping[str, Any]) -> Warning:
    """A stored warning; one written before warnings kept their facts has only its English message."""
    params = data.get("params")
    return Warning(code=vocabulary.WarningCode(data["code"]), message=data["message"], params=params and dict(params))


def notice_from(data: Mapping[str, Any]) -> NoticeState:
    return NoticeState(
        status=vocabulary.NoticeStatus(data["status"]),
        held_for=tuple(vocabulary.WarningCode(code) for code in data.get("held_for") or ()),
        sequence=int(data.get("sequence", 1)),
        kind=data.get("kind"),
        to=None if data.get("to") is None else tuple(vocabulary.Channel(channel) for channel in data["to"]),
        changed=None if data.get("changed") is None else tuple(vocabulary.NoticeFact(f) for f in data["changed"]),
        sent_at=data.get("sent_at"),
        failed_at=data.get("failed_at"),
        transient_bounces=data.get("transient_bounces"),
    )


def response_from(data: Mapping[str, Any] | None) -> CandidateResponse | None:
    if not data:
        return None
    channel = optional_member(vocabulary.Channel, data.get("channel"))
    return CandidateResponse(action=data["action"], reason=data.get("reason", ""), at=data["at"], channel=channel)


def text_from(data: Mapping[str, Any] | None) -> CandidateText | None:
    return CandidateText(text=data["text"], at=data["at"]) if data else None


def call_from(data: Mapping[str, Any]) -> CallLog:
    return CallLog(
        at=data["at"],
        reached=bool(data["reached"]),
        intent=optional_member(vocabulary.Intent, data.get("intent")),
        attendance=optional_member(vocabulary.Attendance, data.get("attendance")),
        commitments=commitments_from(data.get("commitments")),
        notes=data.get("notes"),
        by=data.get("by"),
    )


def commitments_from(data: Mapping[str, Any] | None) -> Commitments | None:
    if not data:
        return None
    answers = {q.value: optional_member(vocabulary.CommitmentAnswer, data.get(q.value)) for q in vocabulary.Commitment}
    return Commitments(**answers)


def match_from(data: Mapping[str, Any] | None) -> MatchRecord | None:
    if not data:
        return None
    return MatchRecord(
        score=int(data["score"]),
        reasons=texts(data.get("reasons")),
        salary_gap=data.get("salary_gap"),
        warnings=tuple(vocabulary.WarningCode(code) for code in data.get("warnings") or ()),
    )


def resolution_from(data: Mapping[str, Any]) -> Resolution:
    return Resolution(
        item=data["item"],
        kind=vocabulary.InboxKind(data["kind"]),
        at=data["at"],
        by=data.get("by"),
        notes=data.get("notes"),
    )


def weather_from(data: Mapping[str, Any] | None) -> WeatherState | None:
    if not data:
        return None
    code = data.get("weather_code")
    return WeatherState(
        risk=data["risk"],
        date=data["date"],
        checked_at=data["checked_at"],
        latitude=number(data.get("latitude")),
        longitude=number(data.get("longitude")),
        precipitation_sum=number(data.get("precipitation_sum")),
        probability=number(data.get("probability")),
        weather_code=None if code is None else int(code),
        gusts=number(data.get("gusts")),
        last_known=data.get("last_known"),
        unknown_reason=data.get("unknown_reason"),
    )


def outcome_from(data: Mapping[str, Any] | None) -> RecordedOutcome | None:
    if not data:
        return None
    return RecordedOutcome(
        outcome=vocabulary.Outcome(data["outcome"]),
        at=data["at"],
        reason=optional_member(vocabulary.NoShowReason, data.get("reason")),
        answer=data.get("answer"),
    )
