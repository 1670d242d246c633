"""The outbox consumer's work: render a notice and send it once per channel.

Every (interview, kind, version, sequence, channel) goes out at most once: the ledger is
claimed before sending and given back only when sending failed, so a message delivered
twice, or two consumers racing, still send one email. A failed send raises, and the queue
retries it; on the last attempt the interview's notice is marked ``failed`` for HR to see.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.models import Channel, InterviewStatus, NoticeStatus
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.notices.content import CandidateLinks, Notice, NoticeKind, compose
from chalicelib.services.notices.links import LinkSigner
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository

log = logging.getLogger("showup.delivery")

# Ledger claims outlive any retry of the message that made them.
CLAIM_TTL_SECONDS = 30 * 24 * 3600
# Kinds that only make sense while the interview is still on.
_NOTICE_KINDS = {NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.CANCEL}
_NEEDS_LIVE_INTERVIEW = {NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.REMINDER, NoticeKind.ADVISORY}


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


def message_key(message_id: str) -> str:
    """Ledger key mapping an SES message id back to its interview (for bounces)."""
    return f"ses#{message_id}"


def suppression_key(email: str) -> str:
    """Ledger key that stops all email to an address that complained (hashed: no PII in keys)."""
    return "suppress#" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class Senders:
    """The channels' senders: ``email(to, notice) -> message id``, ``sms(phone, text) -> id``."""

    email: Callable[[str, Notice], str]
    sms: Callable[[str, str], str]


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
    ) -> None:
        self._interviews = interviews
        self._positions = positions
        self._ledger = ledger
        self._senders = senders
        self._links = links
        self._base_url = base_url.rstrip("/")
        self._sender = sender
        self._default_language = default_language

    def links_for(self, interview: Mapping[str, Any], *, now: datetime, short: bool = False) -> CandidateLinks:
        """The candidate's page and action links for the interview's current version."""
        if not self._base_url:
            # Relative links in an email lead nowhere: refuse to send rather than send broken links.
            raise RuntimeError("PUBLIC_BASE_URL is not configured: candidate links need the API's public URL")
        token = self._links.sign(interview["interview_id"], interview["version"], now=now)
        page = f"{self._base_url}/c/{token}"
        short_url = f"{self._base_url}/s/{self._shorten(interview, now)}" if short else None
        return CandidateLinks(
            page=page,
            confirm=f"{page}#confirm",
            decline=f"{page}#decline",
            reschedule=f"{page}#reschedule",
            short=short_url,
        )

    def _shorten(self, interview: Mapping[str, Any], now: datetime) -> str:
        # 10 random base62 characters (~59 bits) stand in for the signed token; the token behind
        # them still expires and is still checked against the interview's version.
        link = {
            "interview_id": interview["interview_id"],
            "version": interview["version"],
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

    def deliver(self, message: Mapping[str, Any], *, now: datetime, advisory: str | None = None) -> str:
        """Send what ``message`` asks for; returns what happened (``sent``, ``duplicate``, ``stale``...)."""
        kind = NoticeKind(message["kind"])
        interview = self._interviews.get(message["interview_id"])
        if interview is None:
            return "gone"
        if interview.get("erased_at"):
            # The candidate asked to be forgotten: their address and phone are gone, nothing more goes out.
            return "erased"
        if message.get("version") is not None and message["version"] != interview["version"]:
            # A newer update superseded this one; its own message carries the current facts.
            return "stale"
        if kind in _NEEDS_LIVE_INTERVIEW and interview["status"] == InterviewStatus.CANCELLED:
            return "cancelled"
        position = self._positions.get(interview["position_id"])
        if position is None:
            raise LookupError(f"position {interview['position_id']} of interview {interview['interview_id']} is gone")
        wants_sms = Channel.SMS in interview["channels"] and bool(interview["candidate"].get("phone"))
        links = None if kind == NoticeKind.CANCEL else self.links_for(interview, now=now, short=wants_sms)
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
        base = f"{kind.value}#{interview['interview_id']}#v{interview['version']}#s{sequence}"
        if message.get("attempt"):
            base += f"#a{message['attempt']}"
        # What a bounce needs to send this message again later.
        resend = {"interview_id": interview["interview_id"], "kind": kind.value, "sequence": sequence}
        if advisory:
            resend["advisory"] = advisory
        outcomes = [self._send_email(base, interview, notice, now, resend)]
        if Channel.SMS in interview["channels"] and notice.sms and interview["candidate"].get("phone"):
            outcomes.append(self._send_sms(base, interview, notice.sms, now))
        if "sent" in outcomes or set(outcomes) == {"duplicate"}:
            # Also on a duplicate: a retry after the send but before this record must still record it.
            self._record_sent(kind, interview["interview_id"], sequence, now)
        return "sent" if "sent" in outcomes else outcomes[0]

    def mark_failed(self, message: Mapping[str, Any], *, now: datetime) -> None:
        """The queue gave up on this message: a notice shows ``failed`` to HR, who can resend it."""
        kind = NoticeKind(message["kind"])
        if kind in _NOTICE_KINDS:
            update_notice(
                self._interviews,
                message["interview_id"],
                now=now,
                status=NoticeStatus.FAILED.value,
                failed_at=iso_utc(now),
            )
        else:
            # A lost reminder or advisory says nothing about the notice the candidate already has.
            flag = {f"{kind.value}_failed_at": iso_utc(now)}
            update_notice(self._interviews, message["interview_id"], now=now, flags=flag)

    def _record_sent(self, kind: NoticeKind, interview_id: str, sequence: int, now: datetime) -> None:
        if kind in _NOTICE_KINDS:
            update_notice(
                self._interviews,
                interview_id,
                now=now,
                # Only the notice this message carried, and never back from delivered or bounced.
                when=lambda i: i["notice"]["status"] == NoticeStatus.QUEUED and i["notice"].get("sequence") == sequence,
                status=NoticeStatus.SENT.value,
                sent_at=iso_utc(now),
            )
        elif kind == NoticeKind.REMINDER:
            update_notice(
                self._interviews,
                interview_id,
                now=now,
                when=lambda i: not i.get("reminded_at"),
                flags={"reminded_at": iso_utc(now)},
            )

    def _send_email(
        self, base: str, interview: Mapping[str, Any], notice: Notice, now: datetime, resend: dict[str, Any]
    ) -> str:
        to = interview["candidate"]["email"]
        if self._ledger.get(suppression_key(to)):
            return "suppressed"
        _, message_id = self._ledger.once(
            f"{base}#email", lambda: self._senders.email(to, notice), now=now, ttl_seconds=CLAIM_TTL_SECONDS
        )
        if message_id is None:
            return "duplicate"
        self._ledger.claim(
            message_key(message_id),
            now_epoch=int(now.timestamp()),
            ttl_seconds=CLAIM_TTL_SECONDS,
            detail=resend,
        )
        log.info("sent %s email for %s", notice.kind.value, interview["interview_id"])
        return "sent"

    def _send_sms(self, base: str, interview: Mapping[str, Any], text: str, now: datetime) -> str:
        phone = interview["candidate"]["phone"]
        sent, _ = self._ledger.once(
            f"{base}#sms", lambda: self._senders.sms(phone, text), now=now, ttl_seconds=CLAIM_TTL_SECONDS
        )
        if not sent:
            return "duplicate"
        log.info("sent sms for %s", interview["interview_id"])
        return "sent"


def update_notice(
    interviews: InterviewRepository,
    interview_id: str,
    *,
    now: datetime,
    when: Callable[[Mapping[str, Any]], bool] | None = None,
    **fields: Any,
) -> None:
    """Set fields of an interview's ``notice`` (and optionally flags), retrying on concurrent writes.

    With ``when``, only an interview that still satisfies it is changed (a repeat does nothing)."""
    flags = fields.pop("flags", {})

    def change(interview: dict[str, Any]) -> dict[str, Any] | None:
        if when is not None and not when(interview):
            return None
        return {**interview, **flags, "notice": {**interview["notice"], **fields}, "updated_at": iso_utc(now)}

    interviews.update(interview_id, change)
