"""The position setting that offers a candidate who missed the interview a new slot."""

WORDS: dict[str, tuple[str, str]] = {
    "rebook.setting": ("候选人缺席后请其改约", "Offer a new slot after a no-show"),
    "rebook.hint": (
        "候选人被记为缺席后，会收到一条“抱歉错过了您”的消息，附上重新预约时间的链接（只发一次）。",
        "A candidate recorded as a no-show gets one “sorry we missed you” message with a link to book a new slot.",
    ),
}
