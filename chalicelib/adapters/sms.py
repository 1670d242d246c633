"""Text messages through SNS, and the segment arithmetic that decides what a text may say.

A text longer than one segment is split and billed per part, and some handsets show the parts out of
order or late; the notice text is therefore shaped to fit one segment when it can.
"""

from __future__ import annotations

from typing import Any

# GSM 03.38 default alphabet (without the escape character), then the extension table whose
# characters cost an escape plus themselves: two septets each.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM_SINGLE = 160
GSM_PART = 153  # a concatenated part loses 7 septets to its header
UCS2_SINGLE = 70
UCS2_PART = 67


def is_gsm(text: str) -> bool:
    """Whether ``text`` can travel in the 7-bit GSM alphabet (otherwise it goes as UCS-2)."""
    return all(ch in _GSM_BASIC or ch in _GSM_EXTENSION for ch in text)


def units(text: str) -> int:
    """What ``text`` costs against a segment: septets in GSM-7, UTF-16 code units in UCS-2."""
    if is_gsm(text):
        return sum(2 if ch in _GSM_EXTENSION else 1 for ch in text)
    # Characters beyond the Basic Multilingual Plane (emoji) take a surrogate pair.
    return len(text.encode("utf-16-le")) // 2


def limit(text: str) -> int:
    """The single-segment capacity for ``text``'s encoding."""
    return GSM_SINGLE if is_gsm(text) else UCS2_SINGLE


def fits_one_segment(text: str) -> bool:
    """Whether ``text`` goes out as one SMS segment (160 GSM-7 septets or 70 UCS-2 units)."""
    return units(text) <= limit(text)


def segment_count(text: str) -> int:
    """How many segments ``text`` is split into (and billed as)."""
    used = units(text)
    single, part = (GSM_SINGLE, GSM_PART) if is_gsm(text) else (UCS2_SINGLE, UCS2_PART)
    return 1 if used <= single else -(-used // part)


class SmsSender:
    """Sends transactional texts through SNS (the client is passed in)."""

    def __init__(self, *, sns: Any, sender_id: str | None = None, origination_number: str | None = None) -> None:
        self._sns = sns
        self._sender_id = sender_id
        self._origination_number = origination_number

    def send(self, phone_e164: str, text: str) -> str:
        """Publish ``text`` to one phone number; returns the SNS MessageId."""
        # Transactional texts get the delivery priority that time-critical messages need.
        attributes: dict[str, dict[str, str]] = {
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        }
        if self._sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = {"DataType": "String", "StringValue": self._sender_id}
        if self._origination_number:
            # From the two-way number: a reply goes back to the number the text came from.
            attributes["AWS.MM.SMS.OriginationNumber"] = {
                "DataType": "String",
                "StringValue": self._origination_number,
            }
        response = self._sns.publish(PhoneNumber=phone_e164, Message=text, MessageAttributes=attributes)
        return str(response["MessageId"])
