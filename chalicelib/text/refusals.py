"""Why ShowUp refused a request, for the person who made it: ``refusal.<reason>`` says a refusal as a whole
(a 403, 404 or 409), ``problem.<code>`` the field at fault, for the codes raised beyond the form checks
of ``problems.py`` (see ``chalicelib/errors.py`` on raising one).
"""

WORDS: dict[str, tuple[str, str]] = {
    # Not found: the thing was removed, or the link is old.
    "refusal.no_interview": (
        "找不到面试 {interview_id}，可能已被删除，请刷新页面。",
        "No interview {interview_id}: it may have been removed. Reload the page.",
    ),
    "refusal.no_position": (
        "找不到职位 {position_id}，可能已被删除，请刷新页面。",
        "No position {position_id}: it may have been removed. Reload the page.",
    ),
    "refusal.no_slot": (
        "找不到这个时段（{slot_id}），可能已被关闭，请刷新页面后重新选择。",
        "No slot {slot_id}: it may have been closed. Reload the page and choose again.",
    ),
    "refusal.no_open_item": (
        "这条待办（{item}）已经处理过了，请刷新收件箱。",
        "No open inbox item {item}: it may have been settled already. Reload the inbox.",
    ),
    "refusal.no_item": ("找不到这条待办（{item}），请刷新收件箱。", "No inbox item {item}. Reload the inbox."),
    "refusal.item_interview_gone": (
        "这条待办（{item}）的面试已不存在，请刷新收件箱。",
        "No inbox item {item}: its interview is gone. Reload the inbox.",
    ),
    "refusal.interview_gone": ("这场面试已不存在。", "The interview is gone."),
    "refusal.no_token": ("找不到这个访问令牌（{token_id}）。", "No token {token_id}."),
    "refusal.signed_out": (
        "登录已失效或已过期，请重新登录。",
        "The token is not valid or has expired; sign in again.",
    ),
    # Conflicts: the interview, position or slot is not in a state that allows it.
    "refusal.revision_changed": (
        "在你打开之后，有人修改了这场面试：请刷新后重新修改。",
        "Someone changed this interview since you opened it: reload it and make the correction again.",
    ),
    "refusal.candidate_erased": (
        "候选人已要求删除个人信息：这些信息已删除，不能再填写。",
        "The candidate asked to be erased: their details are gone and cannot be filled in again.",
    ),
    "refusal.closed_reach": (
        "这场面试已结束（{status}）：不会再给候选人发送任何消息，所以联系方式不能再改。"
        "姓名、邮箱、电话和备注仍可更正。",
        "This interview is closed ({status}): nothing more is sent to the candidate, so how they are reached "
        "no longer changes. Their name, email, phone and your notes can still be corrected.",
    ),
    "refusal.position_closed": (
        "职位「{title}」已关闭，不再安排新的面试；请先重新开放。",
        "The position {title} is closed and takes no new interviews; reopen it first.",
    ),
    "refusal.position_closed_slots": (
        "职位「{title}」已关闭；请重新开放后再发布时段。",
        "The position {title} is closed; reopen it to publish slots.",
    ),
    "refusal.no_open_slot": (
        "职位「{title}」没有还有空位的开放时段可选；请先发布时段。",
        "The position {title} has no open slot with a free seat to choose from; publish slots first.",
    ),
    "refusal.has_outcome": (
        "这场面试已有结果（{status}），不能取消。",
        "The interview already has an outcome ({status}).",
    ),
    "refusal.cannot_reschedule": (
        "状态为「{status}」的面试不能改期。",
        "An interview that is {status} cannot be rescheduled.",
    ),
    "refusal.cannot_send": (
        "状态为「{status}」的面试不能发送通知。",
        "No notice can go out for an interview that is {status}.",
    ),
    "refusal.notice_held": (
        "通知因以下警告暂停发送：{held}。请先查看并接受这些警告。",
        "The notice is held for: {held}. Read and accept these warnings first.",
    ),
    "refusal.no_call_when": (
        "状态为「{status}」的面试不能再记录电话。",
        "No call can be logged on an interview that is {status}.",
    ),
    "refusal.call_script_cancelled": (
        "这场面试已取消：没有可以电话确认的邀请。",
        "The interview is cancelled: there is no invitation to call about.",
    ),
    "refusal.outcome_cancelled": ("这场面试已取消，不能记录结果。", "The interview is cancelled."),
    "refusal.not_started": ("面试还没开始，不能记录结果。", "The interview has not started yet."),
    "refusal.slot_taken": (
        "这个时间刚刚被别人选走了，请另选一个。",
        "That time was just taken; please choose another.",
    ),
    "refusal.time_chosen": ("面试时间已经选定了。", "The time is chosen already."),
    "refusal.offer_ended": ("为您保留的名额已经不再保留。", "The seat held for you is no longer held."),
    "refusal.try_again": (
        "有人在同一时刻做了改动，这次没有保存，请再试一次。",
        "Someone changed this at the same moment, so nothing was saved; please try again.",
    ),
    "refusal.move_not_allowed": (
        "这个预约已不能在这里改时间，请联系招聘方改期。",
        "This booking can no longer be moved here; ask HR to reschedule instead.",
    ),
    "refusal.erasure_busy": (
        "这位候选人的某场面试正在不断变化，请稍后再试一次删除。",
        "An interview of this candidate keeps changing; try the erasure again.",
    ),
    # The fields those refusals name, and field problems beyond the form checks.
    "problem.stale_revision": (
        "你看到的是第 {given} 版，这场面试现在是第 {now} 版：请刷新。",
        "You read revision {given}, but the interview is at revision {now} now: reload it.",
    ),
    "problem.closed_reach": ("面试已结束，不能再修改。", "This cannot change on a closed interview."),
    "problem.closed_position": (
        "这个职位已关闭：请重新开放后再安排面试。",
        "This position is closed: reopen it to book interviews for it.",
    ),
    "problem.closed_for_slots": (
        "这个职位已关闭：请重新开放后再发布时段。",
        "This position is closed: reopen it to publish slots.",
    ),
    "problem.needs_open_slot": (
        "这个职位需要至少一个有空位的开放时段：请先发布时段。",
        "The position needs an open slot with a free seat: publish slots first.",
    ),
    "problem.accept_held": ("请接受这些警告：{held}。", "Accept these warnings: {held}."),
    "problem.outcome_cancelled": ("这场面试已取消。", "The interview is cancelled."),
    "problem.not_started": ("面试还没开始。", "The interview has not started yet."),
    "problem.slot_taken": ("这个时段已经没有空位了。", "This time is no longer free."),
    "problem.time_chosen": ("这场面试已经选定时间了。", "The interview has its time already."),
    "problem.same_slot": ("这就是已经预约的时间。", "This is the time already booked."),
    "problem.offer_ended": ("保留时间已过或已结束。", "The hold ran out or has ended."),
    "problem.busy": ("刚才没能完成，请再试一次。", "This could not be done just now; please try again."),
    "problem.not_a_slot": ("这不是这个职位的时段。", "This is not a slot of this position."),
    "problem.only_when_reached": (
        "只有接通了候选人才能记录这一项。",
        "This can only be recorded when the candidate was reached.",
    ),
    "problem.too_many_days": (
        "最多只能查 {max} 天（含首尾），现在是 {count} 天。",
        "Choose at most {max} days, both included (this is {count} days).",
    ),
    "problem.at_most_days": ("一次最多看 {max} 天，请缩短日期范围。", "Choose at most {max} days at a time."),
    "problem.at_most_weeks": ("一次最多看 {max} 周，请缩短日期范围。", "Choose at most {max} weeks at a time."),
    "problem.at_most_months": ("一次最多看 {max} 个月，请缩短日期范围。", "Choose at most {max} months at a time."),
    "problem.true_or_false": ("请填写 true 或 false。", "Give true or false."),
    "problem.include_closed": (
        "要列出已关闭的职位请填写 {closed}，否则不填。",
        "Give {closed} to list closed positions too, or leave it out.",
    ),
    "problem.nothing_to_change": (
        "没有要修改的内容：请填写要修改的项，并带上你看到的版本号。",
        "Nothing to change: send the fields to change with the revision you read.",
    ),
    "problem.nothing_to_correct": (
        "没有要更正的内容：请修改候选人信息、发送方式或备注。",
        "Nothing to correct: give the candidate's details, the channels or notes.",
    ),
    "problem.cannot_remove": ("这一项不能清空，只能更正。", "This cannot be removed, only corrected."),
    "problem.not_with_choose_slot": (
        "让候选人自选时段时不用填写这一项：候选人会从职位的时段中选择时间。",
        "Leave this out when the candidate chooses a slot: they pick the time from the position's slots.",
    ),
    "problem.required_or_choose_slot": (
        "请填写这一项，或者让候选人自选时段。",
        "Please fill this in, or let the candidate choose a slot.",
    ),
    "problem.candidate_with_dates": (
        "按候选人查找时会列出其所有面试，请不要同时填写日期。",
        "Searching by candidate lists their every day: leave the dates out.",
    ),
    "problem.date_with_range": (
        "请只选一天，或者只选一个日期范围。",
        "Give one day or a range, not both.",
    ),
    "problem.required_with_to": ("填写了结束日期时，请也填写开始日期。", "Give a start date with the end date."),
    "problem.required_with_from": ("填写了开始日期时，请也填写结束日期。", "Give an end date with the start date."),
}
