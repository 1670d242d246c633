"""What SES tells us after sending: bounces, complaints and deliveries (through SNS).

Both notification shapes are read: identity notifications (``notificationType``) and
configuration-set events (``eventType``). Unknown types and fields are ignored.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from chalicelib.models import NoticeStatus
from chalicelib.services.common.records import Interview
from chalicelib.services.notices.delivery import message_key, suppression_key, update_interview, update_notice
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

# alert(interview) tells the position contact to call the candidate and re-check the address.
BounceAlert = Callable[[Interview], None]
# retry(message, delay_seconds) puts an outbox message back on the queue.
Retry = Callable[[dict[str, Any], int], None]


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

    def handle(self, event: Mapping[str, Any], *, now: datetime) -> str:
        """Apply one SES notification; returns what it was taken as."""
        kind = str(event.get("notificationType") or event.get("eventType") or "")
        mail = event.get("mail") or {}
        sent = self._ledger.get(message_key(str(mail.get("messageId", ""))))
        if kind == "Complaint":
            # Stop mailing the address even when the message is not one of ours any more.
            for recipient in (event.get("complaint") or {}).get("complainedRecipients") or []:
                self._suppress(str(recipient.get("emailAddress", "")), now)
        if sent is None:
            log.info("SES %s for a message ShowUp does not know", kind or "event")
            return "unknown"
        # SNS delivers at least once: the same bounce must not alert HR or queue a resend twice.
        detail = event.get(kind.lower()) or {}
        once_key = f"ses-event#{mail.get('messageId')}#{kind}#{detail.get('feedbackId') or detail.get('timestamp', '')}"
        ran, result = self._ledger.once(
            once_key, lambda: self._apply(kind, event, sent, now), now=now, ttl_seconds=EVENT_MEMORY_SECONDS
        )
        return str(result) if ran else "duplicate"

    def _apply(self, kind: str, event: Mapping[str, Any], sent: Mapping[str, Any], now: datetime) -> str:
        interview_id = str(sent["interview_id"])
        if kind == "Bounce":
            return self._bounce(event.get("bounce") or {}, sent, now)
        if kind == "Complaint":
            update_interview(
                self._interviews, interview_id, lambda i: dataclasses.replace(i, email_complained=True), now=now
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
                also=lambda i: dataclasses.replace(i, email_bounced=True),
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
        self._retry(message, TRANSIENT_DELAYS_SECONDS[min(attempt, len(TRANSIENT_DELAYS_SECONDS)) - 1])
        return "transient_retry"

    def _suppress(self, email: str, now: datetime) -> None:
        if email:
            self._ledger.claim(suppression_key(email), now_epoch=int(now.timestamp()), ttl_seconds=FOREVER_SECONDS)
