"""Calendar words in each language, spelled out: Lambda's C locale would print English names."""

from __future__ import annotations

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh-CN": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}

SHORT_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh-CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

# No-show reasons as HR reads them in mail (digest, monthly report).
NO_SHOW_REASONS = {
    "en": {
        "not_notified": "forgot the company or address",
        "call_unprofessional": "the call felt unprofessional",
        "job_info_unclear": "job information unclear",
        "better_offer": "better offer",
        "weather_or_traffic": "weather or traffic",
        "personal": "personal reasons",
        "found_job": "found a job",
        "unknown": "unknown",
    },
    "zh-CN": {
        "not_notified": "忘记公司或地址",
        "call_unprofessional": "电话沟通不专业",
        "job_info_unclear": "职位信息不清楚",
        "better_offer": "有更好的机会",
        "weather_or_traffic": "天气或交通",
        "personal": "个人原因",
        "found_job": "已找到工作",
        "unknown": "原因不明",
    },
}
