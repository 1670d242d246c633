"""The words of the candidate's pages, in each language a candidate may read.

A status the vocabulary labels for HR ("Declined", "Not confirmed") is said here as the candidate
hears it ("You told us you can't come"); statuses without such wording take the vocabulary's
label. Each status and each answer also says what happens next.
"""

from __future__ import annotations

from chalicelib.vocabulary import InterviewStatus

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "面试安排",
        "when": "时间",
        "where": "地址",
        "route": "路线",
        "contact": "联系人",
        "role": "职位：",
        "duration": "约 {minutes} 分钟",
        "map": "在高德地图中查看",
        "calendar": "添加到日历",
        "calendar_hint": "下载 .ics 文件，手机和电脑的日历都能打开。",
        "answer": "您的答复",
        "confirm": "确认参加",
        "decline": "不参加了",
        "reschedule": "申请改期",
        "reason": "原因或方便的时间（选填）",
        "status": "当前状态",
        # The candidate's wording of the statuses HR reads otherwise, and what each one leads to.
        "status_scheduled": "等待您的答复",
        "status_declined": "您已告知不参加",
        "status_reschedule_requested": "您已申请改期",
        "next_scheduled": "请在下方告诉我们您能否参加。",
        "next_confirmed": "面试前一天我们会再提醒您。",
        "next_declined": "这场面试不会再给您发送提醒。改变主意的话，可以点击“确认参加”，或直接联系 HR。",
        "next_reschedule_requested": "HR 会尽快（通常在一个工作日内）联系您商量新的时间。",
        "done_confirm": "已确认，谢谢！我们面试见。面试前一天我们会再提醒您；如有变化，请直接联系 HR。",
        "done_decline": "已收到您不参加的答复，谢谢告知。HR 会看到您的答复，这场面试不会再给您发送提醒或通知。",
        "done_reschedule": "已收到改期申请。HR 会尽快（通常在一个工作日内）联系您商量新的时间；"
        "新时间定下后，您会收到新的面试通知，本页链接随之失效。",
        "decline_title": "确定不参加这场面试吗？",
        "decline_text": "确定后我们会告诉 HR，这场面试不会再给您发送提醒。如果只是时间不合适，可以返回申请改期。",
        "decline_reason": "原因（选填，只有 HR 会看到）",
        "decline_sure": "确定不参加",
        "decline_back": "返回，暂不决定",
        "refused_title": "链接无效",
        "refused_text": "这个链接已失效（可能已过期、被修改，或面试时间已更新）。"
        "请使用最新邮件中的链接，或直接联系 HR。",
        "closed_title": "面试已取消或已结束",
        "closed_text": "这场面试已不再接受回复。如有疑问请联系 HR。",
        "gone_title": "页面已不再提供",
        "gone_text": "这个链接对应的内容已不再提供。如有需要，请直接联系 HR。",
        "reason_refused": "原因中含有看不见的控制字符，请重新输入后再提交。",
        # Choosing one's own time, and moving it.
        "status_choosing": "请选择面试时间",
        "next_choosing": "请在下方选择一个方便的时间；预约后您会立即收到正式的面试通知。",
        "choose_title": "选择面试时间",
        "choose_none": "目前没有可预约的时间。HR 会尽快联系您，也可以直接联系 HR。",
        "book": "预约这个时间",
        "done_book": "预约成功！正式的面试通知（含地址和路线）马上发到您的邮箱。",
        "taken": "这个时间刚刚被约满了，请选择其他时间。",
        "move_title": "换一个时间",
        "move_text": "面试开始前 {hours} 小时以上，您可以自行改到其他时间（最多 {times} 次）。",
        "move_reason": "改期原因",
        "move_note": "补充说明（选填）",
        "move": "改到这个时间",
        "done_move": "已为您改到新的时间，新的面试通知马上发出；旧邮件中的链接随之失效，请使用新通知中的链接。",
        "slot_refused": "请选择一个时间。",
        "move_reason_refused": "请选择改期原因。",
    },
    "en": {
        "title": "Your interview",
        "when": "When",
        "where": "Where",
        "route": "Getting there",
        "contact": "Contact",
        "role": "Role: ",
        "duration": "about {minutes} minutes",
        "map": "Open in OpenStreetMap",
        "calendar": "Add to calendar",
        "calendar_hint": "Downloads an .ics file that phone and computer calendars open.",
        "answer": "Your answer",
        "confirm": "I'll be there",
        "decline": "I can't come",
        "reschedule": "Ask to reschedule",
        "reason": "Reason or times that suit you (optional)",
        "status": "Status",
        "status_scheduled": "Waiting for your answer",
        "status_declined": "You told us you can't come",
        "status_reschedule_requested": "You asked to reschedule",
        "next_scheduled": "Please tell us below whether you can come.",
        "next_confirmed": "We will remind you the day before.",
        "next_declined": "We won't send you reminders for this interview. "
        "If you change your mind, choose “I'll be there” or contact HR directly.",
        "next_reschedule_requested": "HR will contact you soon, usually within one working day, to agree a new time.",
        "done_confirm": "Confirmed, thank you! See you there. We will remind you the day before; "
        "if anything changes, please contact HR directly.",
        "done_decline": "Thank you for letting us know you can't come. HR will see your answer, "
        "and we won't send you anything more about this interview.",
        "done_reschedule": "We received your request. HR will contact you soon, usually within one working day, "
        "to agree a new time. Once it is set you will get a new notice, and this page's link will stop working.",
        "decline_title": "Are you sure you can't come?",
        "decline_text": "If you are, we tell HR and stop sending reminders for this interview. "
        "If only the time doesn't suit you, go back and ask to reschedule instead.",
        "decline_reason": "Reason (optional, only HR sees it)",
        "decline_sure": "Yes, I can't come",
        "decline_back": "Go back",
        "refused_title": "This link no longer works",
        "refused_text": "The link has expired, was altered, or the interview has changed. "
        "Please use the link in the latest email, or contact HR directly.",
        "closed_title": "This interview is closed",
        "closed_text": "This interview was cancelled or has already taken place. Please contact HR with any questions.",
        "gone_title": "This page is no longer available",
        "gone_text": "What this link showed is no longer available. Please contact HR directly if you need anything.",
        "reason_refused": "The reason contains an invisible control character. Please type it again and send it.",
        "status_choosing": "Please choose your time",
        "next_choosing": "Choose a time below that suits you; your interview notice follows as soon as you book.",
        "choose_title": "Choose your interview time",
        "choose_none": "No time is open for booking just now. "
        "HR will contact you soon, or you can contact HR directly.",
        "book": "Book this time",
        "done_book": "Booked! Your interview notice, with the address and directions, is on its way to your inbox.",
        "taken": "That time was just taken. Please choose another.",
        "move_title": "Change to another time",
        "move_text": "Up to {hours} hours before the interview you can move it yourself (at most {times} times).",
        "move_reason": "Why are you changing?",
        "move_note": "Anything to add (optional)",
        "move": "Move to this time",
        "done_move": "Moved to the new time; a new notice is on its way. Links in older emails stop working: "
        "please use the ones in the new notice.",
        "slot_refused": "Please choose a time.",
        "move_reason_refused": "Please choose a reason.",
    },
}


def status_text(status: str, language: str) -> str:
    """The interview's status as its candidate reads it in ``language``: never the stored value."""
    return TEXT[language].get(f"status_{status}") or InterviewStatus(status).label(language)


def _join_waitlist_words() -> None:
    from chalicelib.api.waitlist_text import WORDS

    for language, words in WORDS.items():
        TEXT[language].update(words)


_join_waitlist_words()
