"""What SES tells us after sending: bounces, complaints and deliveries (through SNS).

Both notification shapes are read: identity notifications (``notificationType``) and
configuration-set events (``eventType``). Unknown types and fields are ignored. A message finds
its interview from its own tags (SES message tags, else its X-ShowUp-* headers), then from the
ledger row written when it was sent. An event that is not what SES sends raises
``MalformedEvent`` naming what is wrong with its shape (never a value: values are addresses).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from chalicelib.adapters.mail import tags_of
from chalicelib.models import NoticeStatus
from chalicelib.services.common.clock import iso_utc
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.content import NoticeKind
from chalicelib.services.notices.delivery import (
    LEASE_SECONDS,
    message_key,
    suppression_key,
    update_interview,
    update_notice,
)
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger

log = logging.getLogger("showup.ses")

# Suppressions do not expire: an address that complained is never mailed again.
FOREVER_SECONDS = 100 * 365 * 24 * 3600
# A soft bounce is retried this many times, each later than the last.
TRANSIENT_RETRIES = 3
TRANSIENT_DELAYS_SECONDS = (300, 900, 900)
# How long a handled SES event is remembered, to ignore SNS's repeats.
EVENT_MEMORY_SECONDS = 7 * 24 * 3600
# The types ShowUp acts on, and the list of recipient objects each one's detail holds.
_RECIPIENTS = {"Bounce": "bouncedRecipients", "Complaint": "complainedRecipients", "Delivery": None}
_KINDS = {kind.value for kind in NoticeKind}

# alert(interview) tells the position contact to call the candidate and re-check the address.
BounceAlert = Callable[[Interview], None]
# retry(message, delay_seconds) puts an outbox message back on the queue.
Retry = Callable[[dict[str, Any], int], None]


class MalformedEvent(ValueError):
    """An SNS message that is not an SES event ShowUp can read; the message says what is wrong."""


def parse(message: str) -> dict[str, Any]:
    """The SES event in an SNS ``Message``; ``MalformedEvent`` when it is not one ShowUp can read."""
    try:
        event = json.loads(message)
    except ValueError:
        raise MalformedEvent("the message is not JSON") from None
    _check(event)
    return dict(event)


def _check(event: Any) -> None:
    _expect(event, dict, "the event")
    kind = event.get("notificationType") or event.get("eventType")
    _expect(kind, str, "notificationType or eventType")
    if kind not in _RECIPIENTS:
        return
    mail = event.get("mail")
    _expect(mail, dict, "mail")
    if not isinstance(mail.get("messageId"), str) or not mail["messageId"]:
        raise MalformedEvent("mail.messageId is missing, empty or not a string")
    tags = mail.get("tags") or {}
    _expect(tags, dict, "mail.tags")
    for values in tags.values():
        _expect(values, list, "a mail.tags entry")
    _expect(mail.get("headers") or [], list, "mail.headers")
    for header in mail.get("headers") or []:
        _expect(header, dict, "a mail.headers entry")
    detail = event.get(kind.lower())
    _expect(detail, dict, kind.lower())
    recipients = _RECIPIENTS[kind]
    if recipients is None:
        return
    listed = detail.get(recipients)
    _expect(listed, list, f"{kind.lower()}.{recipients}")
    for recipient in listed:
        _expect(recipient, dict, f"an entry of {kind.lower()}.{recipients}")


# JSON's names for what json.loads returns.
_JSON_NAMES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
}


def _expect(value: Any, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        found = "missing or null" if value is None else _JSON_NAMES.get(type(value), type(value).__name__)
        raise MalformedEvent(f"{what} is {found}, not {_JSON_NAMES[kind]}")


def _readdressed(event: Mapping[str, Any], kind: str, interview: Interview | None) -> bool:
    """Whether the event names recipients and the interview's candidate is none of them any more."""
    listed = event[kind.lower()][_RECIPIENTS[kind]]
    named = {str(recipient.get("emailAddress", "")).strip().lower() for recipient in listed} - {""}
    if interview is None or interview.erased_at or not named:
        return False
    return interview.candidate.email.strip().lower() not in named


class SesEvents:
    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        ledger: Ledger,
        alert: BounceAlert,
        retry: Retry,
    ) -> None:
        self._interviews = interviews
        self._ledger = ledger
        self._alert = alert
        self._retry = retry

    def receive(self, message: str, *, now: datetime) -> str:
        """Apply the SES event in an SNS ``Message``; ``MalformedEvent`` when it is not one."""
        return self.handle(parse(message), now=now)

    def handle(self, event: Mapping[str, Any], *, now: datetime) -> str:
        """Apply one SES notification (as ``parse`` returns it); returns what it was taken as."""
        kind = str(event.get("notificationType") or event.get("eventType"))
        if kind not in _RECIPIENTS:
            return "ignored"
        mail = event["mail"]
        if kind == "Complaint":
            # Stop mailing the address even when the message is not one of ours any more.
            for recipient in event["complaint"]["complainedRecipients"]:
                self._suppress(str(recipient.get("emailAddress", "")), now)
        sent = self._sent(mail)
        if sent is None:
            log.info("SES %s for a message ShowUp does not know", kind)
            return "unknown"
        # SNS delivers at least once: the same bounce must not alert HR or queue a resend twice.
        detail = event[kind.lower()]
        once_key = f"ses-event#{mail['messageId']}#{kind}#{detail.get('feedbackId') or detail.get('timestamp', '')}"
        ran, result = self._ledger.lease_once(
            once_key,
            lambda: {"result": self._apply(kind, event, sent, now)},
            now=now,
            lease_seconds=LEASE_SECONDS,
            ttl_seconds=EVENT_MEMORY_SECONDS,
            state="handled",
        )
        return str(result["result"]) if ran else "duplicate"

    def _sent(self, mail: Mapping[str, Any]) -> dict[str, Any] | None:
        """What was sent: the interview, kind and sequence from the message's tags, over the ledger row."""
        row = self._ledger.get(message_key(str(mail["messageId"])))
        tags = tags_of(mail)
        if not tags.get("interview"):
            return row
        kind, sequence = tags.get("kind", ""), tags.get("sequence", "")
        own = {
            "interview_id": tags["interview"],
            "kind": kind if kind in _KINDS else None,
            "sequence": int(sequence) if sequence.isdigit() else None,
        }
        if row is not None and row.get("interview_id") != own["interview_id"]:
            row = None
        return {**(row or {}), **{name: value for name, value in own.items() if value is not None}}

    def _apply(self, kind: str, event: Mapping[str, Any], sent: Mapping[str, Any], now: datetime) -> str:
        interview_id = str(sent["interview_id"])
        if kind in ("Bounce", "Complaint") and _readdressed(event, kind, self._interviews.get(interview_id)):
            # HR corrected the address since this mail went out: it says nothing about the new one.
            return "readdressed"
        if kind == "Bounce":
            return self._bounce(event.get("bounce") or {}, sent, now)
        if kind == "Complaint":
            at = iso_utc(now)
            update_interview(
                self._interviews,
                interview_id,
                lambda i: dataclasses.replace(i, email_complained=True, email_complained_at=at),
                now=now,
            )
            return "complaint"
        if kind == "Delivery":
            interview = self._interviews.get(interview_id)
            if interview and interview.notice.status == NoticeStatus.SENT:
                update_notice(self._interviews, interview_id, now=now, status=NoticeStatus.DELIVERED)
            return "delivered"
        return "ignored"

    def _bounce(self, bounce: Mapping[str, Any], sent: Mapping[str, Any], now: datetime) -> str:
        interview_id = str(sent["interview_id"])
        if bounce.get("bounceType") == "Permanent":
            update_notice(
                self._interviews,
                interview_id,
                now=now,
                status=NoticeStatus.BOUNCED,
                also=lambda i: dataclasses.replace(i, email_bounced=True, email_bounced_at=iso_utc(now)),
            )
            interview = self._interviews.get(interview_id)
            if interview is not None:
                self._alert(interview)
            return "bounced"
        # Transient (mailbox full, server busy) or Undetermined: send again later, a few times.
        interview = self._interviews.get(interview_id)
        if interview is None:
            return "gone"
        attempt = (interview.notice.transient_bounces or 0) + 1
        update_notice(self._interviews, interview_id, now=now, transient_bounces=attempt)
        if attempt > TRANSIENT_RETRIES:
            return "transient_given_up"
        # The same message again: its kind, sequence and (for an advisory) its text, as sent.
        message = {
            "kind": str(sent.get("kind", "notice")),
            "interview_id": interview_id,
            "version": interview.version,
            "sequence": int(sent.get("sequence", interview.notice.sequence)),
            "attempt": attempt,
        }
        if sent.get("advisory"):
            message["advisory"] = str(sent["advisory"])
        elif message["kind"] == NoticeKind.ADVISORY:
            # An advisory's text is kept only in the ledger row, which this message lacks.
            return "transient_given_up"
        self._retry(message, TRANSIENT_DELAYS_SECONDS[min(attempt, len(TRANSIENT_DELAYS_SECONDS)) - 1])
        return "transient_retry"

    def _suppress(self, email: str, now: datetime) -> None:
        if email:
            self._ledger.claim(suppression_key(email), now_epoch=int(now.timestamp()), ttl_seconds=FOREVER_SECONDS)
