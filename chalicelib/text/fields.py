"""Words the HR page's forms share (time zones, lists, choices) and the checks they make before sending."""

WORDS: dict[str, tuple[str, str]] = {
    "fields.timezone": ("时区", "Time zone"),
    "fields.timezone_hint": ("面试所在地的时区。", "Where the interview happens."),
    "fields.skills": ("技能", "Skills"),
    "fields.skills_hint": ("用逗号分隔，例如 python, sql", "Comma separated, e.g. python, sql"),
    "fields.choose": ("请选择…", "Choose…"),
    "fields.not_set": ("未设置", "Not set"),
    "fields.zone_named": ("{name}（{zone}）", "{name} ({zone})"),
    "fields.list_separator": ("、", ", "),
    "fields.phone_none": ("没有登记电话", "no phone number on file"),
}
