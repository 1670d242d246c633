"""Words of HR's inbox: the link with its count in the top bar, the list of open items, resolving one."""

WORDS: dict[str, tuple[str, str]] = {
    "inbox.nav": ("待处理", "Inbox"),
    "inbox.title": ("待处理", "Inbox"),
    "inbox.explain": (
        "需要您亲自处理的事情：候选人的回复、退回的邮件、没发出去的通知、明天还没确认的面试。处理完点“已处理”。",
        "What needs a person: candidates' answers, bounced emails, notices that did not go out, tomorrow's "
        "unconfirmed interviews. Mark each as done once you have dealt with it.",
    ),
    "inbox.empty": ("没有待处理的事项。", "Nothing to deal with."),
    "inbox.interview": ("{candidate} · {position} · {when}", "{candidate} · {position} · {when}"),
    "inbox.open": ("查看详情", "Details"),
    "inbox.open_label": ("查看 {candidate} 的面试详情", "Details of {candidate}'s interview"),
    "inbox.resolve": ("已处理", "Done"),
    "inbox.resolve_label": ("将“{kind}”（{candidate}）标为已处理", "Mark “{kind}” ({candidate}) as done"),
    "inbox.resolved": ("已处理：{kind}（{candidate}）", "Done: {kind} ({candidate})"),
    "inbox.resolve_failed": (
        "没能标为已处理：{reason}。事项已放回列表。",
        "Could not mark it as done: {reason}. The item is back in the list.",
    ),
    "inbox.failed": ("无法读取待处理事项：{reason}", "Could not load the inbox: {reason}"),
    "inbox.message": ("候选人留言：{message}", "The candidate wrote: {message}"),
}
