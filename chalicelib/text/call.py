"""The HR page's call dialog: the script read aloud, the call logged, the risk it leaves."""

WORDS: dict[str, tuple[str, str]] = {
    "call.title": ("电话脚本", "Call script"),
    "call.close": ("关闭", "Close"),
    "call.candidate": ("候选人", "Candidate"),
    "call.loading": ("正在加载脚本…", "Loading the script…"),
    "call.mode.notification": ("简短，只讲事实", "short and factual"),
    "call.mode.invitation": ("热情，介绍职位亮点", "warm, sells the role"),
    "call.timing": ("约 {estimated} 秒，目标 {target} 秒", "≈ {estimated} s of {target} s target"),
    "call.spelling": ("+ {seconds} 秒拼读邮箱", "+ {seconds} s to spell the email"),
    "call.spelled": ("邮箱地址，逐个字符", "The email address, one character at a time"),
    "call.log": ("记录这通电话", "Log the call"),
    "call.reached": ("联系上候选人了吗？", "Reached the candidate?"),
    "call.reached_yes": ("接通了", "Yes, we spoke"),
    "call.reached_no": ("没人接", "No answer"),
    "call.intent": ("听起来的意向", "Intent, as it sounded"),
    "call.intent_hint": (
        "接通时填写。凭语气判断，不要直接问。",
        "Needed when you spoke with them. Judge the tone; don't ask.",
    ),
    "call.notes": ("备注", "Notes"),
    "call.notes_hint": ("对方问了什么，什么时候回电。", "What they asked, when to call back."),
    "call.submit": ("记录电话", "Log call"),
}
