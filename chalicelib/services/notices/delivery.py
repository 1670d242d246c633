"""The outbox consumer's work: render a notice and send it once per channel.

Every (interview, kind, version, sequence, channel) goes out once: each send takes a lease in
the ledger first (``in_progress`` until SES or SNS answered or the lease ended) and finishes it
as ``sent`` with the channel's message id. A message delivered twice while the lease holds goes
back to the queue (``LeaseHeld``); one delivered after a send finished sends nothing; one
delivered after a holder died mid-send takes the lease over and sends. The interview's notice
reads ``sent`` only once a channel's message id is in the ledger. A failed send raises, and the
queue retries it; on the last attempt the interview's notice is marked ``failed`` for HR to see.
(Past 300 lines: the ledger keys the sends write, and the notice updates the notice flows share,
stay beside the sends.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.models import Channel, InterviewStatus, NoticeStatus
from chalicelib.services.common.candidate_keys import phone_key
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.content import CandidateLinks, Notice, NoticeKind, compose
from chalicelib.services.notices.links import LinkSigner
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository

log = logging.getLogger("showup.delivery")

# Ledger claims outlive any retry of the message that made them.
CLAIM_TTL_SECONDS = 30 * 24 * 3600
# A send's lease outlives the invocation that took it: the outbox and SES events consumers stop
# after 30 s (.chalice/config.json), and SES and SNS calls give up before that (chalicelib/aws.py).
# A retry within the lease waits; one after it knows its holder is gone.
LEASE_SECONDS = 45
SENT = "sent"
# Kinds that only make sense while the interview is still on.
_NOTICE_KINDS = {NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.CANCEL, NoticeKind.CHOOSE}
_UNSENT = {NoticeStatus.QUEUED, NoticeStatus.FAILED}
_NEEDS_LIVE_INTERVIEW = {
    NoticeKind.NOTICE,
    NoticeKind.UPDATE,
    NoticeKind.REMINDER,
    NoticeKind.ADVISORY,
    NoticeKind.CHOOSE,
    NoticeKind.DAY_OF,
}


_NOT_EXPECTED = {InterviewStatus.DECLINED, InterviewStatus.RESCHEDULE_REQUESTED}
# Kinds an interview records once, by the field that says when the first went out.
_SENT_ONCE = {NoticeKind.REMINDER: "reminded_at", NoticeKind.MISSED: "missed_sent_at"}
# Reminders offer "choose another time" (the page's move form) while the candidate may move the booking.
_OFFER_MOVE = {NoticeKind.REMINDER, NoticeKind.DAY_OF}
_BASE62 = string.ascii_letters + string.digits


def short_link_key(code: str) -> str:
    """Ledger key of an SMS short link (``/s/<code>``)."""
    return f"short#{code}"


def short_link_token(item: Mapping[str, Any], links: LinkSigner) -> str | None:
    """The signed token a short link stands for, signed again from what its ledger item keeps.

    The item holds the interview, its version and when the link was signed, never the token: a
    copy of the ledger opens no candidate's page. Signing is deterministic, so the token (and its
    expiry) is the one in the candidate's email."""
    if "token" in item:
        # Written before tokens left the ledger; such items expire with the links they hold.
        return str(item["token"])
    try:
        signed_at = datetime.fromtimestamp(int(item["signed_at"]), UTC)
        return links.sign(str(item["interview_id"]), int(item["version"]), now=signed_at)
    except (KeyError, TypeError, ValueError):
        return None


def _offer_stands(interview: Interview, message: Mapping[str, Any]) -> bool:
    offer = interview.open_offer
    return (
        offer is not None and offer.number == message.get("sequence") and interview.status == InterviewStatus.CHOOSING
    )


def message_key(message_id: str) -> str:
    """Ledger key mapping an SES message id back to its interview (for bounces)."""
    return f"ses#{message_id}"


def suppression_key(email: str) -> str:
    """Ledger key that stops all email to an address that complained (hashed: no PII in keys)."""
    return "suppress#" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def sms_suppression_key(phone_e164: str) -> str:
    """Ledger key that stops all texts to a number whose owner texted STOP (hashed as the ``by_phone`` index is)."""
    return "sms-stop#" + phone_key(phone_e164)


def message_tags(kind: NoticeKind, interview: Interview, sequence: int) -> dict[str, str]:
    """What a sent email carries about itself, for its bounces to find it without the ledger."""
    return {
        "interview": interview.interview_id,
        "kind": kind.value,
        "version": str(interview.version),
        "sequence": str(sequence),
    }


@dataclass(frozen=True)
class Senders:
    """The channels' senders: ``email(to, notice, tags) -> message id``, ``sms(phone, text) -> id``."""

    email: Callable[[str, Notice, Mapping[str, str]], str]
    sms: Callable[[str, str], str]


@dataclass(frozen=True)
class Outcome:
    """What one channel did: ``sent`` now, ``duplicate`` (sent before) or ``suppressed``; with the
    message id of the send, now or before (none when nothing was sent, or a claim predates ids)."""

    status: str
    message_id: str | None = None


class PageLinks:
    """The candidate's signed page links, and the short ones texts carry (kept in the ledger)."""

    def __init__(self, *, ledger: Ledger, links: LinkSigner, base_url: str) -> None:
        self._ledger = ledger
        self._links = links
        self._base_url = base_url.rstrip("/")

    def links_for(self, interview: Interview, *, now: datetime, short: bool = False) -> CandidateLinks:
        """The candidate's page and action links for the interview's current version."""
        if not self._base_url:
            # Relative links in an email lead nowhere: refuse to send rather than send broken links.
            raise RuntimeError("PUBLIC_BASE_URL is not configured: candidate links need the API's public URL")
        token = self._links.sign(interview.interview_id, interview.version, now=now)
        page = f"{self._base_url}/c/{token}"
        short_url = f"{self._base_url}/s/{self._shorten(interview, now)}" if short else None
        return CandidateLinks(
            page=page,
            confirm=f"{page}#confirm",
            decline=f"{page}#decline",
            reschedule=f"{page}#reschedule",
            short=short_url,
        )

    def _shorten(self, interview: Interview, now: datetime) -> str:
        # 10 random base62 characters (~59 bits) stand in for the signed token; the token behind
        # them still expires and is still checked against the interview's version.
        link = {
            "interview_id": interview.interview_id,
            "version": interview.version,
            "signed_at": int(now.timestamp()),
        }
        for _ in range(3):
            code = "".join(secrets.choice(_BASE62) for _ in range(10))
            if self._ledger.claim(
                short_link_key(code),
                now_epoch=int(now.timestamp()),
                ttl_seconds=self._links.max_age_seconds,
                detail=link,
            ):
                return code
        raise RuntimeError("could not allocate a short link")


class NoticeDelivery:
    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        positions: PositionRepository,
        ledger: Ledger,
        senders: Senders,
        links: LinkSigner,
        base_url: str,
        sender: str,
        default_language: str,
        movable: Callable[[Interview, datetime], bool] | None = None,
    ) -> None:
        self._interviews = interviews
        self._positions = positions
        self._ledger = ledger
        self._senders = senders
        self._page_links = PageLinks(ledger=ledger, links=links, base_url=base_url)
        self._sender = sender
        self._default_language = default_language
        # movable(interview, now): whether the candidate may move their booked slot themselves
        # (``scheduling.slots.MoveRules.movable``); reminders then offer another time, not a request.
        self._movable = movable

    def links_for(self, interview: Interview, *, now: datetime, short: bool = False) -> CandidateLinks:
        """The candidate's page and action links for the interview's current version."""
        return self._page_links.links_for(interview, now=now, short=short)

    def deliver(self, message: Mapping[str, Any], *, now: datetime, advisory: str | None = None) -> str:
        """Send what ``message`` asks for; returns what happened (``sent``, ``duplicate``, ``stale``...)."""
        kind = NoticeKind(message["kind"])
        interview = self._interviews.get(message["interview_id"])
        if interview is None:
            return "gone"
        if interview.erased_at:
            # The candidate asked to be forgotten: their address and phone are gone, nothing more goes out.
            return "erased"
        if message.get("version") is not None and message["version"] != interview.version:
            # A newer update superseded this one; its own message carries the current facts.
            return "stale"
        if kind in _NOTICE_KINDS and message.get("sequence", interview.notice.sequence) < interview.notice.sequence:
            # HR sent the notice again since (to a corrected address, say), or a later update says what this one
            # says and more: that send is the one that counts.
            return "stale"
        if kind in _NEEDS_LIVE_INTERVIEW and interview.status == InterviewStatus.CANCELLED:
            return "cancelled"
        if kind == NoticeKind.OFFER and not _offer_stands(interview, message):
            # Accepted, declined, expired or withdrawn before this went out: nothing to accept any more.
            return "stale"
        if kind == NoticeKind.DAY_OF and interview.status in _NOT_EXPECTED:
            # They declined or asked to move since the job queued it: no "see you today".
            return "not_expected"
        if kind == NoticeKind.MISSED and interview.status != InterviewStatus.NO_SHOW:
            # HR corrected the outcome since: the candidate came (or it was cancelled), nobody was missed.
            return "not_missed"
        position = self._positions.get(interview.position_id)
        if position is None:
            raise LookupError(f"position {interview.position_id} of interview {interview.interview_id} is gone")
        # Every channel of the interview, or those the message names (the addresses HR corrected);
        # always the addresses the interview has now, never those it had when the message was queued.
        by = set(message.get("channels") or interview.channels) & set(interview.channels)
        if kind == NoticeKind.DAY_OF:
            by = self._one_channel(interview)
        phone = interview.candidate.phone if Channel.SMS in by else None
        movable = kind in _OFFER_MOVE and self._movable is not None and self._movable(interview, now)
        # The day-of text carries no link (no short link to keep for it) unless it offers another time.
        short = bool(phone) and (kind != NoticeKind.DAY_OF or movable)
        links = None if kind == NoticeKind.CANCEL else self.links_for(interview, now=now, short=short)
        if links is not None and movable:
            links = dataclasses.replace(links, move=f"{links.page}#move")
        notice = compose(
            kind,
            interview,
            position,
            links,
            default_language=self._default_language,
            sender=self._sender,
            advisory=advisory,
        )
        sequence = message.get("sequence", 1)
        base = f"{kind.value}#{interview.interview_id}#v{interview.version}#s{sequence}"
        if message.get("attempt"):
            base += f"#a{message['attempt']}"
        # What a bounce needs to send this message again later.
        resend = {"interview_id": interview.interview_id, "kind": kind.value, "sequence": sequence}
        if advisory:
            resend["advisory"] = advisory
        tags = message_tags(kind, interview, sequence)
        outcomes = [self._send_email(base, interview, notice, tags, now, resend)] if Channel.EMAIL in by else []
        if phone and notice.sms:
            outcomes.append(self._send_sms(base, interview, phone, notice.sms, now))
        if not outcomes:
            return "no_channel"
        if any(outcome.message_id for outcome in outcomes):
            # Also on a duplicate: a retry after the send but before this record must still record it.
            self._record_sent(kind, interview.interview_id, sequence, now)
        statuses = [outcome.status for outcome in outcomes]
        return SENT if SENT in statuses else statuses[0]

    def _one_channel(self, interview: Interview) -> set[Channel]:
        """The day-of reminder goes by text when the interview uses texts and the number still takes them,
        else by email: one short message on the day, not two."""
        phone = interview.candidate.phone
        if Channel.SMS in interview.channels and phone and not self.texts_stopped(phone):
            return {Channel.SMS}
        return {Channel.EMAIL}

    def texts_stopped(self, phone: str) -> bool:
        """Whether the number's owner texted STOP: no text of any kind goes there any more."""
        return self._ledger.get(sms_suppression_key(phone)) is not None

    def mark_failed(self, message: Mapping[str, Any], *, now: datetime) -> None:
        """The queue gave up on this message: a notice shows ``failed`` to HR, who can resend it."""
        kind = NoticeKind(message["kind"])
        failed_at = iso_utc(now)
        if kind in _NOTICE_KINDS:
            update_notice(
                self._interviews, message["interview_id"], now=now, status=NoticeStatus.FAILED, failed_at=failed_at
            )
            return

        if kind == NoticeKind.MISSED:
            # The interview is over: nothing on it to flag, and HR can still call the candidate.
            log.warning("the missed-you message for %s could not be sent", message["interview_id"])
            return

        # A lost reminder or advisory says nothing about the notice the candidate already has.
        def flag(interview: Interview) -> Interview:
            if kind in (NoticeKind.REMINDER, NoticeKind.DAY_OF):
                return dataclasses.replace(interview, reminder_failed_at=failed_at)
            return dataclasses.replace(interview, advisory_failed_at=failed_at)

        update_interview(self._interviews, message["interview_id"], flag, now=now)

    def _record_sent(self, kind: NoticeKind, interview_id: str, sequence: int, now: datetime) -> None:
        if kind in _NOTICE_KINDS:
            update_notice(
                self._interviews,
                interview_id,
                now=now,
                # Only the notice this message carried, and never back from delivered or bounced; from
                # failed too: a send whose lease outlived the queue's last try did go out.
                when=lambda i: i.notice.status in _UNSENT and i.notice.sequence == sequence,
                status=NoticeStatus.SENT,
                sent_at=iso_utc(now),
            )
        elif kind in _SENT_ONCE:
            # The first send is the one the interview records; a retried one changes nothing.
            stamp = _SENT_ONCE[kind]
            stamped: dict[str, Any] = {stamp: iso_utc(now)}
            update_interview(
                self._interviews,
                interview_id,
                lambda i: dataclasses.replace(i, **stamped),
                now=now,
                when=lambda i: not getattr(i, stamp),
            )
        elif kind == NoticeKind.DAY_OF:
            update_interview(
                self._interviews,
                interview_id,
                lambda i: dataclasses.replace(i, day_of_sent_at=iso_utc(now), day_of_version=i.version),
                now=now,
                # Once per time the interview is at: a moved interview gets its own.
                when=lambda i: i.day_of_version != i.version,
            )
        elif kind == NoticeKind.ADVISORY:
            # Once per message: a retried send of the same advisory does not move its time.
            update_interview(
                self._interviews,
                interview_id,
                lambda i: dataclasses.replace(i, advisory_sent_at=iso_utc(now)),
                now=now,
                when=lambda i: (i.advisory_sent_at or "") < (i.weather.checked_at if i.weather else ""),
            )

    def _send_email(
        self,
        base: str,
        interview: Interview,
        notice: Notice,
        tags: Mapping[str, str],
        now: datetime,
        resend: dict[str, Any],
    ) -> Outcome:
        to = interview.candidate.email
        if self._ledger.get(suppression_key(to)):
            return Outcome("suppressed")
        outcome = self._send_once(f"{base}#email", lambda: self._senders.email(to, notice, tags), now, resend)
        if outcome.status == SENT and outcome.message_id:
            self._remember(outcome.message_id, resend, now)
            log.info("sent %s email for %s", notice.kind.value, interview.interview_id)
        return outcome

    def _send_sms(self, base: str, interview: Interview, phone: str, text: str, now: datetime) -> Outcome:
        if self.texts_stopped(phone):
            return Outcome("suppressed")
        outcome = self._send_once(f"{base}#sms", lambda: self._senders.sms(phone, text), now, None)
        if outcome.status == SENT:
            log.info("sent sms for %s", interview.interview_id)
        return outcome

    def _send_once(self, key: str, send: Callable[[], str], now: datetime, detail: Mapping[str, Any] | None) -> Outcome:
        sent_now, item = self._ledger.lease_once(
            key,
            lambda: {"message_id": send()},
            now=now,
            lease_seconds=LEASE_SECONDS,
            ttl_seconds=CLAIM_TTL_SECONDS,
            state=SENT,
            detail=detail,
        )
        message_id = item.get("message_id")
        return Outcome(SENT if sent_now else "duplicate", str(message_id) if message_id else None)

    def _remember(self, message_id: str, resend: dict[str, Any], now: datetime) -> None:
        # The mail is out and its own tags name the interview: a lost index row costs a bounce
        # only the advisory text it keeps, never the record that the notice went out.
        try:
            self._ledger.claim(
                message_key(message_id), now_epoch=int(now.timestamp()), ttl_seconds=CLAIM_TTL_SECONDS, detail=resend
            )
        except Exception as exc:
            log.warning("could not index message %s for its bounces: %s", message_id, type(exc).__name__)


def update_interview(
    interviews: InterviewRepository,
    interview_id: str,
    change: Callable[[Interview], Interview],
    *,
    now: datetime,
    when: Callable[[Interview], bool] | None = None,
) -> None:
    """Apply ``change`` to the interview as changed at ``now``, retrying on concurrent writes.

    With ``when``, only an interview that still satisfies it is changed (a repeat does nothing)."""

    def apply(interview: Interview) -> Interview | None:
        if when is not None and not when(interview):
            return None
        return change(interview).touched(now)

    interviews.update(interview_id, apply)


def update_notice(
    interviews: InterviewRepository,
    interview_id: str,
    *,
    now: datetime,
    when: Callable[[Interview], bool] | None = None,
    also: Callable[[Interview], Interview] | None = None,
    **fields: Any,
) -> None:
    """Set fields of an interview's notice (``NoticeState`` names) and, with ``also``, anything else;
    as :func:`update_interview`."""

    def change(interview: Interview) -> Interview:
        changed = interview.with_notice(**fields)
        return also(changed) if also is not None else changed

    update_interview(interviews, interview_id, change, now=now, when=when)
