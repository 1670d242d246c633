"""A candidate's text, acted on for their next open interview and answered once by text.

The sender's number finds their interviews through the ``by_phone`` index (hashed E.164); the next
one still ahead and not over is the one the text is about, and every answer names it (position,
day and time), so a candidate with two interviews knows which one moved. Confirming, declining and
asking to reschedule go through :meth:`CandidateResponses.answer`, as the link does, recorded as
the candidate's own doing with the channel ``sms``. A confirmation of an interview whose time is not
chosen yet confirms nothing: the answer is the link to choose it. A decline is asked once more first: a stray
"3" should not cost anyone their interview. STOP / TD / 退订 stops every text to the number.

A text from a number no open interview has is not answered: the number may be anyone's, and an
answer would tell a stranger that the number is known here (and cost a text per spam message).
Each text acts once, however often the topic delivers it (``sms-in#<inboundMessageId>``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from chalicelib import render as templates
from chalicelib.adapters.inbound_sms import InboundText
from chalicelib.services.common.candidate_keys import phone_key
from chalicelib.services.common.clock import iso_utc, parse_utc
from chalicelib.services.common.records import CandidateText, Interview
from chalicelib.services.notices.content import language_of, notice_facts, reply_options, with_options
from chalicelib.services.notices.delivery import sms_suppression_key
from chalicelib.services.notices.responses import Action, CandidateResponses, InterviewClosed
from chalicelib.services.replies.keywords import Intent, read
from chalicelib.store.interviews import InterviewRepository
from chalicelib.store.ledger import Ledger
from chalicelib.store.positions import PositionRepository
from chalicelib.vocabulary import Channel, InterviewStatus

log = logging.getLogger("showup.replies")

# SNS retries a failed delivery for hours at most; a week covers it with room to spare.
SEEN_TTL_SECONDS = 7 * 24 * 3600
# How long "are you sure?" waits for the second 3 / N / 不来 / 是.
DECLINE_WINDOW_SECONDS = 12 * 3600
# A STOP is kept as long as the ledger keeps anything: it is the number owner's standing wish.
STOP_TTL_SECONDS = 100 * 365 * 24 * 3600
MAX_MESSAGE = 500
_OVER = frozenset({InterviewStatus.CANCELLED, InterviewStatus.ATTENDED, InterviewStatus.NO_SHOW})
_ACTIONS = {Intent.CONFIRM: Action.CONFIRM, Intent.RESCHEDULE: Action.RESCHEDULE, Intent.DECLINE: Action.DECLINE}
_ANSWERS = {Action.CONFIRM: "confirmed", Action.RESCHEDULE: "reschedule", Action.DECLINE: "declined"}


class PhoneIndex(Protocol):
    """The ``by_phone`` index (``store.interviews.CandidateIndex``)."""

    def interview_ids_by_phone(self, key: str) -> Iterator[str]: ...


class SmsReplies:
    def __init__(
        self,
        *,
        interviews: InterviewRepository,
        phones: PhoneIndex,
        positions: PositionRepository,
        responses: CandidateResponses,
        ledger: Ledger,
        send: Callable[[str, str], str],
        acting_for_candidate: Callable[[], AbstractContextManager[None]],
        default_language: str,
        page_link: Callable[[Interview, datetime], str] | None = None,
    ) -> None:
        self._interviews = interviews
        self._phones = phones
        self._positions = positions
        self._responses = responses
        self._ledger = ledger
        self._send = send
        self._acting = acting_for_candidate
        self._default_language = default_language
        # page_link(interview, now) -> a short link to the candidate's page (``NoticeDelivery.links_for``).
        self._page_link = page_link

    def receive(self, text: InboundText, *, now: datetime) -> str:
        """Act on one text once; returns what happened (``confirmed``, ``declined``, ``unknown``, ``duplicate``...)."""
        ran, outcome = self._ledger.once(
            f"sms-in#{text.message_id}", lambda: self._act(text, now), now=now, ttl_seconds=SEEN_TTL_SECONDS
        )
        return str(outcome) if ran else "duplicate"

    def _act(self, text: InboundText, now: datetime) -> str:
        reply = read(text.body)
        interview = self.next_open(text.sender, now)
        if reply.intent is Intent.STOP:
            return self._stop(text, interview, now)
        if interview is None:
            # The number stays out of the log: it is personal data, and it matched nothing anyway.
            log.info("text %s from a number without an open interview: not answered", text.message_id)
            return "unknown"
        pending = self._pending_decline(text.sender, interview, now)
        if pending is not None and reply.intent not in (Intent.DECLINE, Intent.YES):
            # Any other answer settles the question: a "是" after "1" must not decline.
            self._ledger.release(_decline_key(text.sender))
            pending = None
        if reply.intent is Intent.DECLINE and pending is None:
            self._ask_to_confirm_decline(text, interview, reply.message, now)
            return "decline_asked"
        if reply.intent in (Intent.DECLINE, Intent.YES) and pending is not None:
            self._ledger.release(_decline_key(text.sender))
            return self._answer(text, interview, Action.DECLINE, reply.message or pending, now)
        if reply.intent is Intent.CONFIRM and interview.status == InterviewStatus.CHOOSING:
            # No time is booked yet: there is nothing to confirm, only a time to choose.
            self._reply(text, interview, "choose", now)
            log.info(
                "text %s confirms %s, which has no time yet: sent the choose link",
                text.message_id,
                interview.interview_id,
            )
            return "choose"
        action = _ACTIONS.get(reply.intent)
        if action is not None:
            return self._answer(text, interview, action, reply.message, now)
        return self._to_inbox(text, interview, now)

    def next_open(self, phone: str, now: datetime) -> Interview | None:
        """The sender's next interview that is still ahead and not over (cancelled, attended, no-show)."""
        found = []
        for interview_id in self._phones.interview_ids_by_phone(phone_key(phone)):
            interview = self._interviews.get(interview_id)
            # Read fresh: the index may still list an interview whose number was corrected since.
            if interview is None or interview.erased_at or interview.candidate.phone != phone:
                continue
            if interview.status not in _OVER and parse_utc(interview.starts_at_utc) > now:
                found.append(interview)
        return min(found, key=lambda i: (i.starts_at_utc, i.interview_id), default=None)

    def _answer(self, text: InboundText, interview: Interview, action: Action, message: str, now: datetime) -> str:
        try:
            with self._acting():
                answered, _ = self._responses.answer(
                    interview.interview_id, action, now=now, reason=message, channel=Channel.SMS
                )
        except InterviewClosed:
            log.info("text %s answers interview %s, which is over", text.message_id, interview.interview_id)
            return "closed"
        outcome = _ANSWERS[action]
        self._reply(text, answered, outcome, now)
        log.info("text %s: %s for %s", text.message_id, outcome, interview.interview_id)
        return outcome

    def _ask_to_confirm_decline(self, text: InboundText, interview: Interview, message: str, now: datetime) -> None:
        key = _decline_key(text.sender)
        # A lapsed question may still be in the table (TTL deletes late): ask anew.
        self._ledger.release(key)
        self._ledger.claim(
            key,
            now_epoch=int(now.timestamp()),
            ttl_seconds=DECLINE_WINDOW_SECONDS,
            detail={"interview_id": interview.interview_id, "version": interview.version, "reason": message},
        )
        self._reply(text, interview, "decline_ask", now)

    def _pending_decline(self, phone: str, interview: Interview, now: datetime) -> str | None:
        """The reason given with a decline asked about within the window, for this interview as it is."""
        item = self._ledger.get(_decline_key(phone))
        if item is None or int(item.get("expires_at", 0)) <= now.timestamp():
            return None
        if item.get("interview_id") != interview.interview_id or int(item.get("version", 0)) != interview.version:
            return None
        return str(item.get("reason") or "")

    def _to_inbox(self, text: InboundText, interview: Interview, now: datetime) -> str:
        said = CandidateText(text=text.body.strip()[:MAX_MESSAGE], at=iso_utc(now))
        with self._acting():
            stored, _ = self._interviews.update(
                interview.interview_id, lambda i: dataclasses.replace(i, candidate_text=said).touched(now)
            )
        self._reply(text, stored or interview, "received", now)
        log.info("text %s for %s goes to the inbox", text.message_id, interview.interview_id)
        return "inbox"

    def _stop(self, text: InboundText, interview: Interview | None, now: datetime) -> str:
        # An opt-out is honoured whoever sends it; only a known candidate hears back that it worked.
        self._ledger.claim(
            sms_suppression_key(text.sender), now_epoch=int(now.timestamp()), ttl_seconds=STOP_TTL_SECONDS
        )
        if interview is None:
            log.info("text %s: STOP from a number without an open interview, kept", text.message_id)
            return "stopped"
        stamp = iso_utc(now)
        with self._acting():
            stored, _ = self._interviews.update(
                interview.interview_id, lambda i: dataclasses.replace(i, sms_stopped_at=stamp).touched(now)
            )
        # The confirmation is the last text the number gets: carriers expect it, and it says mail goes on.
        self._reply(text, stored or interview, "stopped", now, after_stop=True)
        log.info("text %s: texts stopped for %s", text.message_id, interview.interview_id)
        return "stopped"

    def _reply(
        self, text: InboundText, interview: Interview, answer: str, now: datetime, *, after_stop: bool = False
    ) -> None:
        """Answer the text once, in the candidate's language, unless the number stopped texts."""
        if not after_stop and self._ledger.get(sms_suppression_key(text.sender)) is not None:
            return
        position = self._positions.get(interview.position_id)
        if position is None:
            log.warning(
                "position %s of interview %s is gone: text %s not answered",
                interview.position_id,
                interview.interview_id,
                text.message_id,
            )
            return
        language = language_of(interview, self._default_language)
        link = self._page_link(interview, now) if answer == "choose" and self._page_link is not None else None
        facts = notice_facts(interview, position, language)

        def said(options: str) -> str:
            rendered = templates.render(f"sms/{language}/reply_{answer}.txt", f=facts, options=options, link=link)
            return " ".join(rendered.split())

        # An answer that mentions the options keeps the whole ones only while the text fits one segment.
        body = with_options([said(options) for options in reply_options(language)]) or said("")
        self._ledger.once(
            f"sms-reply#{text.message_id}",
            lambda: self._send(text.sender, body),
            now=now,
            ttl_seconds=SEEN_TTL_SECONDS,
        )


def _decline_key(phone: str) -> str:
    return "sms-decline#" + phone_key(phone)
