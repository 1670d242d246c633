"""What is wrong with a field, for the person who typed it: ``problem.<code>`` for each field error code.

The API sends the code beside the message (``codes``), the message in the request's language; the HR
page's own checks say the same words before anything is sent.
"""

WORDS: dict[str, tuple[str, str]] = {
    "problem.summary_one": ("有 1 处需要修改，请看标出的字段。", "1 field needs fixing: see the note next to it."),
    "problem.summary": (
        "有 {count} 处需要修改，请看标出的字段。",
        "{count} fields need fixing: see the notes next to them.",
    ),
    "problem.required": ("请填写这一项。", "Please fill this in."),
    "problem.choose": ("请选择一项。", "Please choose one."),
    "problem.unknown_field": (
        "ShowUp 不认识这个字段，请检查拼写。",
        "ShowUp does not know this field. Check its spelling.",
    ),
    "problem.unknown_parameter": (
        "ShowUp 不认识这个查询参数，请检查拼写。",
        "ShowUp does not know this query parameter. Check its spelling.",
    ),
    "problem.too_short": ("至少要 {min} 个字。", "Write at least {min} characters."),
    "problem.too_long": ("最多 {max} 个字，请缩短。", "Keep it to {max} characters or fewer."),
    "problem.too_few": ("至少要填 {min} 项。", "Give at least {min} items."),
    "problem.too_many": ("最多 {max} 项，请删掉一些。", "Give at most {max} items."),
    "problem.too_small": ("不能小于 {min}。", "Enter {min} or more."),
    "problem.too_large": ("不能大于 {max}。", "Enter {max} or less."),
    "problem.not_a_whole_number": ("请填写整数，例如 60。", "Enter a whole number, such as 60."),
    "problem.not_a_number": ("请填写数字。", "Enter a number."),
    "problem.invalid_choice": ("请从列表中选择一项。", "Choose one of the options offered."),
    "problem.invalid_datetime": (
        "请填写日期和时间，例如 2026-12-03 14:30。",
        "Enter a date and time, such as 2026-12-03 14:30.",
    ),
    "problem.invalid_date": ("请填写日期，例如 2026-12-03。", "Enter a date, such as 2026-12-03."),
    "problem.invalid_day": (
        "请填写 {first} 到 {last} 年之间的日期，例如 2026-12-03。",
        "Enter a date between {first} and {last}, such as 2026-12-03.",
    ),
    "problem.wrong_kind": (
        "这一项的内容不对，请重新填写。",
        "This value is not the right kind. Please enter it again.",
    ),
    "problem.invalid_email": (
        "邮箱地址不完整或有误，应类似 zhang.san@example.com。",
        "This email address looks incomplete or mistyped; it should look like zhang.san@example.com.",
    ),
    "problem.invalid_phone": (
        "这个电话号码拨不通，请检查位数并带上国家区号，例如 +86 138 0013 8000。",
        "This phone number cannot be dialled. Check the digits and include the country code, e.g. +86 138 0013 8000.",
    ),
    "problem.invalid_currency": (
        "请填写三个字母的货币代码，例如 CNY（人民币）或 USD（美元）。",
        "Enter the three-letter currency code, such as CNY (yuan) or USD (US dollars).",
    ),
    "problem.invalid_website": (
        "请填写完整网址，以 http:// 或 https:// 开头，例如 https://acme.com。",
        "Enter the full web address, starting with http:// or https://, such as https://acme.com.",
    ),
    "problem.invalid_timezone": (
        "请选择列表中的时区，例如 Asia/Shanghai（北京时间）。",
        "Choose a time zone from the list, such as Asia/Shanghai (China Standard Time).",
    ),
    "problem.with_offset": (
        "请只填写当地日期和时间，时区在下一项选择。",
        "Enter the local date and time only; choose the time zone in its own field.",
    ),
    "problem.in_the_past": (
        "这个时间已经过去了，请选择将来的时间。",
        "This time has passed. Choose a time in the future.",
    ),
    "problem.too_far_ahead": (
        "最多只能安排一年以内的面试。",
        "Interviews can be scheduled up to a year ahead.",
    ),
    "problem.not_on_the_clock": (
        "这个时间在 {zone} 因夏令时调整而不存在，请换一个时间。",
        "This time does not exist in {zone}: the clocks change then. Choose another time.",
    ),
    "problem.salary_range": (
        "最高薪资不能低于最低薪资。",
        "The top of the range cannot be below its bottom.",
    ),
    "problem.salary_in_words": (
        "请用数字填写月薪，例如 15000。ShowUp 需要明确的薪资范围：薪资不明是候选人不来面试的常见原因，"
        "而且面试通知会把这个范围告诉候选人。",
        "Enter the monthly salary as a number, such as 15000. ShowUp asks for a range because an unclear "
        "salary is a common reason candidates skip interviews, and the notice shows the candidate this range.",
    ),
    "problem.sms_needs_phone": (
        "要发短信，请填写候选人的手机号。",
        "Enter the candidate's phone number to send an SMS.",
    ),
    "problem.email_channel": (
        "邮件必须发送：候选人要靠书面通知记住面试信息。",
        "Email must be among them: the written notice is what candidates keep.",
    ),
    "problem.both_or_neither": ("经度和纬度要么都填，要么都不填。", "Give both latitude and longitude, or neither."),
    "problem.line_break": ("请写在一行里，删掉换行。", "Keep this on one line: remove the line break."),
    "problem.tab": ("这里有一个制表符，请换成空格。", "This contains a tab: replace it with a space."),
    "problem.control_character": (
        "这里有一个看不见的控制字符（{char}），请删掉后重新输入。",
        "This contains an invisible control character ({char}): remove it.",
    ),
    "problem.unknown_position": (
        "找不到这个职位，可能已被关闭，请重新选择。",
        "This position was not found; it may have been closed. Choose it again.",
    ),
    "problem.reason_required": ("未到场时请选择原因。", "Choose why the candidate did not come."),
    "problem.reason_only_for_no_show": ("只有未到场才需要填写原因。", "A reason is only recorded for a no-show."),
    "problem.intent_required": (
        "接通了电话时，请选择候选人听起来的意向。",
        "You spoke with them: choose how keen they sounded.",
    ),
    "problem.to_before_from": ("结束日期不能早于开始日期。", "The end date cannot be before the start date."),
}
