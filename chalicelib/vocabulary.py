"""Every value ShowUp speaks in (levels, statuses, modes, channels, outcomes, reasons…) with its
label for HR in each language; plain enums, no pydantic, so any module may import it for free.

A member is written ``NAME = value, zh-CN label, en label``: the value is what the API, the
records and the counters hold; a label is what a person reads. The browser gets the same
table from :func:`as_json`, so no page keeps a copy.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Self

# The languages every label is written in, in the order a member lists them.
LANGUAGES = ("zh-CN", "en")
# Labels in a language ShowUp does not write fall back to this one.
FALLBACK = "en"


class Term(StrEnum):
    """A value with its label in each of :data:`LANGUAGES`."""

    _value_: str
    _labels: dict[str, str]

    def __new__(cls, value: str, *labels: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        # strict: a member missing a language fails at import, not in front of HR.
        member._labels = dict(zip(LANGUAGES, labels, strict=True))
        return member

    def label(self, language: str) -> str:
        """This value as HR reads it in ``language`` (English for a language ShowUp does not write)."""
        return self._labels.get(language) or self._labels[FALLBACK]


class Level(Term):
    INTERN = "intern", "实习生", "Intern"
    JUNIOR = "junior", "初级", "Junior"
    MID = "mid", "中级", "Mid"
    SENIOR = "senior", "高级", "Senior"
    EXECUTIVE = "executive", "高管", "Executive"


class Language(Term):
    ZH_CN = "zh-CN", "中文", "Chinese"
    EN = "en", "英文", "English"


class Channel(Term):
    EMAIL = "email", "邮件", "Email"
    SMS = "sms", "短信", "SMS"


class NoticeChannels(Term):
    """The channels a notice went by, as the statistics compare them."""

    EMAIL_ONLY = "email", "仅邮件", "Email only"
    EMAIL_AND_SMS = "email+sms", "邮件 + 短信", "Email + SMS"


class ModeChoice(Term):
    AUTO = "auto", "自动（由 ShowUp 决定）", "Auto (ShowUp decides)"
    NOTIFICATION = "notification", "通知（简短，只讲事实）", "Notification (short, factual)"
    INVITATION = "invitation", "邀请（热情，介绍职位亮点）", "Invitation (warm, sells the role)"


class NoticeMode(Term):
    """Notification: short and factual. Invitation: warmer, sells the role."""

    NOTIFICATION = "notification", "通知", "Notification"
    INVITATION = "invitation", "邀请", "Invitation"


class InterviewStatus(Term):
    # Scheduled means the candidate has not answered yet: that is what HR needs to know.
    SCHEDULED = "scheduled", "未确认", "Not confirmed"
    # Invited to pick one of the position's slots; the time shown until then is the earliest open one.
    CHOOSING = "choosing", "待候选人选时间", "Choosing a time"
    CONFIRMED = "confirmed", "已确认", "Confirmed"
    DECLINED = "declined", "已拒绝", "Declined"
    RESCHEDULE_REQUESTED = "reschedule_requested", "要求改期", "Asked to reschedule"
    CANCELLED = "cancelled", "已取消", "Cancelled"
    ATTENDED = "attended", "已到场", "Attended"
    NO_SHOW = "no_show", "未到场", "No-show"


class NoticeStatus(Term):
    QUEUED = "queued", "等待发送", "Queued"
    HELD = "held", "已暂缓", "Held"
    SENT = "sent", "已发送", "Sent"
    DELIVERED = "delivered", "已送达", "Delivered"
    FAILED = "failed", "发送失败", "Failed"
    BOUNCED = "bounced", "被退回", "Bounced"


class WarningCode(Term):
    LOW_MATCH = "low_match", "匹配度低", "Low match"
    SALARY_MISMATCH = "salary_mismatch", "薪资不匹配", "Salary mismatch"
    WEATHER_RISK = "weather_risk", "天气风险", "Weather risk"
    INCOMPLETE_POSITION = "incomplete_position", "职位信息不完整", "Incomplete position"


class NoticeFact(Term):
    """A fact the candidate's notice states that an update notice may say has changed; each label is
    the name the notice itself gives the fact."""

    TIME = "time", "面试时间", "Time"
    ADDRESS = "address", "面试地址", "Address"
    ROUTE = "route", "交通路线", "Getting there"
    WHAT_TO_BRING = "what_to_bring", "请携带", "Please bring"
    CONTACT = "contact", "联系人", "Contact"
    COMPANY = "company", "公司", "Company"
    TITLE = "title", "职位", "Role"
    WORK_LOCATION = "work_location", "工作地点", "Work location"
    DUTIES = "duties", "工作职责", "Responsibilities"
    SALARY = "salary", "薪资范围", "Salary range"
    WEBSITE = "website", "公司官网", "Website"


class Outcome(Term):
    ATTENDED = "attended", "已到场", "Attended"
    NO_SHOW = "no_show", "未到场", "No-show"
    CANCELLED = "cancelled", "已取消", "Cancelled"
    RESCHEDULED = "rescheduled", "要求改期", "Asked to reschedule"


class NoShowReason(Term):
    """What HR heard when they called the candidate who did not come."""

    NOT_NOTIFIED = "not_notified", "忘记公司或地址", "Forgot company/address"
    CALL_UNPROFESSIONAL = "call_unprofessional", "电话沟通不专业", "Call felt unprofessional"
    JOB_INFO_UNCLEAR = "job_info_unclear", "职位信息不清楚", "Job information unclear"
    BETTER_OFFER = "better_offer", "有更好的机会", "Better offer"
    WEATHER_OR_TRAFFIC = "weather_or_traffic", "天气或交通", "Weather or traffic"
    PERSONAL = "personal", "个人原因", "Personal reasons"
    FOUND_JOB = "found_job", "已找到工作", "Already found a job"
    UNKNOWN = "unknown", "原因不明", "Unknown"


class Intent(Term):
    """How much the candidate seemed to want this interview, as HR heard it on the call.

    HR judges intent from the tone of the call; the labels say what each level sounds like."""

    HIGH = "high", "高：积极，会问职位情况", "High: keen, asks about the job"
    MEDIUM = "medium", "中：礼貌但犹豫", "Medium: polite but unsure"
    LOW = "low", "低：迟疑、含糊、急着挂电话", "Low: hesitant, vague, in a hurry"


class Attendance(Term):
    """What the candidate said on the call when asked whether they will come (beside the intent HR heard)."""

    YES = "yes", "会来", "Will come"
    UNSURE = "unsure", "不确定", "Not sure"
    NO = "no", "不来", "Will not come"


class Commitment(Term):
    """The commitment questions a call may ask (the Chennai recruiters' seven), as HR reads them."""

    TIME_OFF = "time_off", "已安排好时间（已请假）", "Has time off for it"
    NO_CLASH = "no_clash", "没有冲突的安排", "No clashing meeting"
    CALL_BEFORE = "call_before", "同意面试前几小时再来电", "May call a few hours before"
    ALT_NUMBER = "alt_number", "留了备用电话", "Gave another number"
    PREPARED = "prepared", "已准备简历、看过职位说明", "Résumé ready, job description read"
    VENUE_CLEAR = "venue_clear", "清楚地点和地标", "Venue and landmark clear"
    NOTICE_RECEIVED = "notice_received", "已收到面试通知", "Got the written notice"


class CommitmentAnswer(Term):
    """The answer to one commitment question; a question not asked tells nothing."""

    YES = "yes", "是", "Yes"
    NO = "no", "否", "No"
    NOT_ASKED = "not_asked", "未问", "Not asked"


class RiskLevel(Term):
    """What HR should do about an interview's no-show probability (cut-offs in settings)."""

    LOW = "low", "风险低", "Low"
    WATCH = "watch", "需留意", "Watch"
    CALL = "call", "需致电确认", "Call to confirm"


class RiskFactor(Term):
    """What moves an interview's no-show probability (``services/risk/factors.py``), as HR reads it."""

    INTENT_HIGH = "intent_high", "电话中意向高", "Sounded keen on the call"
    INTENT_MEDIUM = "intent_medium", "电话中意向一般", "Sounded polite but unsure"
    INTENT_LOW = "intent_low", "电话中意向低", "Sounded hesitant on the call"
    NOT_REACHED = "not_reached", "尚未联系上候选人", "Not heard from yet"
    UNREACHED_CALLS = "unreached_calls", "连续多次未接电话", "Missed calls in a row"
    ATTENDANCE_YES = "attendance_yes", "候选人说会来", "Said they will come"
    ATTENDANCE_UNSURE = "attendance_unsure", "候选人说不确定", "Said they are not sure"
    ATTENDANCE_NO = "attendance_no", "候选人说不来", "Said they will not come"
    TIME_OFF_YES = "time_off_yes", "已安排好时间", "Has time off"
    TIME_OFF_NO = "time_off_no", "还没安排好时间", "No time off yet"
    NO_CLASH_YES = "no_clash_yes", "没有冲突的安排", "No clashing meeting"
    NO_CLASH_NO = "no_clash_no", "可能有冲突的安排", "May have a clashing meeting"
    CALL_BEFORE_YES = "call_before_yes", "同意面试前再来电", "Agreed to a call before"
    CALL_BEFORE_NO = "call_before_no", "不愿面试前再来电", "Declined a call before"
    ALT_NUMBER_YES = "alt_number_yes", "留了备用电话", "Gave another number"
    ALT_NUMBER_NO = "alt_number_no", "没有备用电话", "No other number"
    PREPARED_YES = "prepared_yes", "已做好准备", "Prepared"
    PREPARED_NO = "prepared_no", "还没准备", "Not prepared"
    VENUE_CLEAR_YES = "venue_clear_yes", "清楚面试地点", "Knows the venue"
    VENUE_CLEAR_NO = "venue_clear_no", "不清楚面试地点", "Unsure of the venue"
    NOTICE_RECEIVED_YES = "notice_received_yes", "已收到通知", "Got the notice"
    NOTICE_RECEIVED_NO = "notice_received_no", "没收到通知", "Did not get the notice"
    CONFIRMED = "confirmed", "已通过链接或短信确认", "Confirmed by link or SMS"
    DECLINED = "declined", "已拒绝", "Declined"
    RESCHEDULE_ASKED = "reschedule_asked", "候选人要求过改期", "Asked to reschedule"
    MOVES = "moves", "面试改过时间", "Interview moved"
    EMAIL_BOUNCED = "email_bounced", "通知邮件被退回", "Notice email bounced"
    LEAD_DAYS = "lead_days", "通知到面试间隔较长", "Long wait from notice to interview"
    WEATHER_CAUTION = "weather_caution", "天气需注意", "Weather: caution"
    WEATHER_SEVERE = "weather_severe", "天气恶劣", "Weather: severe"
    MATCH_SHORTFALL = "match_shortfall", "匹配度不高", "Weak match"
    SALARY_GAP = "salary_gap", "期望薪资高于职位上限", "Expects more than the range"
    INVITATION = "invitation", "邀请模式（我们主动联系）", "Invited (we approached them)"
    SMS = "sms", "也发短信", "Also texted"
    EARLY_START = "early_start", "上午10点前开始", "Starts before 10:00"
    LATE_START = "late_start", "下午5点后开始", "Starts from 17:00"


class RiskBand(Term):
    """The band of an interview's no-show risk; kept beside the level for the counters and the CSV."""

    LOW = "low", "低风险", "Low risk"
    MEDIUM = "medium", "中等风险", "Medium risk"
    HIGH = "high", "高风险", "High risk"


class NoRiskReason(Term):
    """Why an interview carries no no-show risk: nobody is waiting for the candidate any more."""

    DECLINED = "declined", "候选人已拒绝，无需评估", "Declined: no risk to assess"
    CANCELLED = "cancelled", "面试已取消，无需评估", "Cancelled: no risk to assess"
    PAST = "past", "面试已开始或已结束", "Started or over: no risk to assess"


class WeatherLevel(Term):
    """The weather watch's level for the interview day (``weather.thresholds.Risk``)."""

    CALM = "calm", "天气正常", "Weather calm"
    CAUTION = "caution", "天气需注意", "Weather: caution"
    SEVERE = "severe", "天气恶劣", "Weather: severe"
    UNKNOWN = "unknown", "天气未知", "Weather unknown"


class WeatherUnknownReason(Term):
    """Why the weather watch has no forecast for the interview day."""

    NO_PLACE = "no_place", "无法定位面试城市", "the interview city could not be located"
    OUT_OF_RANGE = "out_of_range", "超出天气预报范围（16天）", "beyond the 16-day forecast"
    UNAVAILABLE = "unavailable", "天气服务暂时不可用", "the weather service was unavailable"


class InboxKind(Term):
    """Why an interview is in HR's inbox: something happened that a person must act on."""

    RESCHEDULE_REQUESTED = "reschedule_requested", "候选人要求改期", "Asked to reschedule"
    DECLINED = "declined", "候选人已拒绝", "Declined"
    EMAIL_BOUNCED = "email_bounced", "邮件被退回", "Email bounced"
    EMAIL_COMPLAINED = "email_complained", "候选人投诉邮件", "Email marked as spam"
    NOTICE_FAILED = "notice_failed", "通知发送失败", "Notice not sent"
    REMINDER_FAILED = "reminder_failed", "提醒发送失败", "Reminder not sent"
    ADVISORY_FAILED = "advisory_failed", "天气提示发送失败", "Weather advisory not sent"
    UNCONFIRMED_TOMORROW = "unconfirmed_tomorrow", "明天的面试尚未确认", "Tomorrow, not confirmed"
    AT_RISK = "at_risk", "电话后判断可能不来", "At risk after a call"
    WEATHER_RISK = "weather_risk", "天气转差", "Weather turned risky"
    SMS_REPLY = "sms_reply", "候选人短信回复", "Text from the candidate"


class Period(Term):
    """The periods statistics are kept for."""

    DAY = "day", "日", "Day"
    WEEK = "week", "周", "Week"
    MONTH = "month", "月", "Month"


class Role(Term):
    """What an HR token may do; each role may do everything the roles above it may."""

    VIEWER = "viewer", "查看者（只读）", "Viewer (read-only)"
    RECRUITER = "recruiter", "招聘专员", "Recruiter"
    ADMIN = "admin", "管理员", "Administrator"

    def includes(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may."""
        order = list(type(self))
        return order.index(self) >= order.index(needed)


class Measure(Term):
    """The statistics' counters and rates, as the statistics page names them, in its order."""

    SCHEDULED = "scheduled", "已安排", "Scheduled"
    NOTIFIED = "notified", "已通知", "Notified"
    REMINDED = "reminded", "已提醒", "Reminded"
    CONFIRMED = "confirmed", "已确认", "Confirmed"
    DECLINED = "declined", "已拒绝", "Declined"
    ATTENDED = "attended", "已到场", "Attended"
    NO_SHOW = "no_show", "未到场", "No-shows"
    CANCELLED = "cancelled", "已取消", "Cancelled"
    RESCHEDULED = "rescheduled", "已改期", "Rescheduled"
    BOUNCED = "bounced", "邮件被退回", "Emails bounced"
    NO_SHOW_RATE = "no_show_rate", "爽约率", "No-show rate"
    CONFIRMATION_RATE = "confirmation_rate", "确认率", "Confirmation rate"


class EventKind(Term):
    """What a timeline event records (``services/common/timeline.py``), as HR reads it."""

    CREATED = "created", "已创建面试", "Interview created"
    WARNING_RAISED = "warning_raised", "发现问题", "Warning raised"
    WARNING_ACCEPTED = "warning_accepted", "已接受提醒", "Warning accepted"
    NOTICE_HELD = "notice_held", "通知已暂缓", "Notice held"
    NOTICE_QUEUED = "notice_queued", "通知等待发送", "Notice queued"
    NOTICE_SENT = "notice_sent", "通知已发送", "Notice sent"
    NOTICE_DELIVERED = "notice_delivered", "通知已送达", "Notice delivered"
    NOTICE_FAILED = "notice_failed", "通知发送失败", "Notice failed"
    NOTICE_BOUNCED = "notice_bounced", "邮件被退回", "Email bounced"
    COMPLAINED = "complained", "候选人投诉邮件", "Candidate marked the email as spam"
    REMINDER_SENT = "reminder_sent", "提醒已发送", "Reminder sent"
    REMINDER_FAILED = "reminder_failed", "提醒发送失败", "Reminder failed"
    DAY_OF_SENT = "day_of_sent", "当天提醒已发送", "Day-of reminder sent"
    TEXTED = "texted", "候选人发来短信", "Candidate sent a text"
    SMS_STOPPED = "sms_stopped", "候选人退订短信", "Candidate stopped texts"
    ADVISORY_SENT = "advisory_sent", "天气提示已发送", "Weather advisory sent"
    ADVISORY_FAILED = "advisory_failed", "天气提示发送失败", "Weather advisory failed"
    WEATHER_RISKY = "weather_risky", "天气转差", "Weather turned risky"
    WEATHER_CALM = "weather_calm", "天气恢复正常", "Weather calm again"
    CALL = "call", "已致电", "Call"
    ANSWERED = "answered", "候选人回复", "Candidate answered"
    RESCHEDULED = "rescheduled", "已改期", "Rescheduled"
    CANCELLED = "cancelled", "已取消", "Cancelled"
    EDITED = "edited", "已修改", "Edited"
    OUTCOME_RECORDED = "outcome_recorded", "已记录结果", "Outcome recorded"
    OUTCOME_CORRECTED = "outcome_corrected", "已更正结果", "Outcome corrected"
    RESOLVED = "resolved", "收件箱事项已处理", "Inbox item resolved"
    ERASED = "erased", "个人信息已删除", "Personal data erased"
    SLOT_BOOKED = "slot_booked", "候选人已选时间", "Candidate booked a slot"
    SLOT_MOVED = "slot_moved", "候选人自行改期", "Candidate moved to another slot"
    WAITLIST_JOINED = "waitlist_joined", "候选人加入候补名单", "Candidate joined a waitlist"
    OFFER_MADE = "offer_made", "已向候补候选人提供空位", "Freed seat offered"
    OFFER_ACCEPTED = "offer_accepted", "候选人接受了空位", "Offered seat accepted"
    OFFER_DECLINED = "offer_declined", "候选人放弃了空位", "Offered seat declined"
    OFFER_EXPIRED = "offer_expired", "空位保留已过期", "Offered seat expired"
    MISSED_SENT = "missed_sent", "已发送“错过面试”重新预约邀请", "“Sorry we missed you” message sent"
    REBOOKED = "rebooked", "候选人已重新预约", "Candidate rebooked as a new interview"


class OfferEnd(Term):
    """How a seat offered from a waitlist ended (``SlotOffer.ended``)."""

    ACCEPTED = "accepted", "已接受", "Accepted"
    DECLINED = "declined", "已放弃", "Declined"
    EXPIRED = "expired", "已过期", "Expired"
    # The candidate booked another time, or the interview was declined or cancelled meanwhile.
    WITHDRAWN = "withdrawn", "已撤回", "Withdrawn"


class MoveReason(Term):
    """Why a candidate moved their own booked slot (counted in the statistics)."""

    CLASH = "clash", "时间冲突", "Clashes with something else"
    TRAVEL = "travel", "路途或交通", "Travel or transport"
    WORK = "work", "工作安排", "Work commitments"
    HEALTH = "health", "身体原因", "Health"
    FAMILY = "family", "家庭原因", "Family matters"
    OTHER = "other", "其他", "Other"


class ActorKind(Term):
    """Who made a change on an interview's timeline."""

    HR = "hr", "HR", "HR"
    CANDIDATE = "candidate", "候选人", "Candidate"
    JOB = "job", "ShowUp 自动任务", "ShowUp (automatic)"


class TimeZone(Term):
    """The time zones people name in everyday words; a page shows that name beside the IANA name."""

    SHANGHAI = "Asia/Shanghai", "北京时间", "China Standard Time"
    URUMQI = "Asia/Urumqi", "新疆时间", "Xinjiang Time"
    HONG_KONG = "Asia/Hong_Kong", "香港时间", "Hong Kong Time"
    MACAU = "Asia/Macau", "澳门时间", "Macau Time"
    TAIPEI = "Asia/Taipei", "台北时间", "Taipei Time"
    TOKYO = "Asia/Tokyo", "日本时间", "Japan Standard Time"
    SEOUL = "Asia/Seoul", "韩国时间", "Korea Standard Time"
    SINGAPORE = "Asia/Singapore", "新加坡时间", "Singapore Time"
    KUALA_LUMPUR = "Asia/Kuala_Lumpur", "马来西亚时间", "Malaysia Time"
    BANGKOK = "Asia/Bangkok", "泰国时间", "Indochina Time"
    KOLKATA = "Asia/Kolkata", "印度时间", "India Standard Time"
    DUBAI = "Asia/Dubai", "迪拜时间", "Gulf Standard Time"
    BERLIN = "Europe/Berlin", "中欧时间", "Central European Time"
    LONDON = "Europe/London", "英国时间", "UK Time"
    NEW_YORK = "America/New_York", "美国东部时间", "Eastern Time"
    CHICAGO = "America/Chicago", "美国中部时间", "Central Time"
    DENVER = "America/Denver", "美国山地时间", "Mountain Time"
    LOS_ANGELES = "America/Los_Angeles", "美国太平洋时间", "Pacific Time"
    SYDNEY = "Australia/Sydney", "澳大利亚东部时间", "Australian Eastern Time"
    UTC = "UTC", "协调世界时", "Coordinated Universal Time"

    @classmethod
    def everyday_name(cls, zone: str, language: str) -> str | None:
        """What people call the IANA ``zone`` in ``language`` (北京时间), or None for a zone without such a name."""
        try:
            return cls(zone).label(language)
        except ValueError:
            return None


ENUMS: tuple[type[Term], ...] = (
    Level,
    Language,
    Channel,
    NoticeChannels,
    ModeChoice,
    NoticeMode,
    InterviewStatus,
    NoticeStatus,
    WarningCode,
    NoticeFact,
    Outcome,
    NoShowReason,
    Intent,
    Attendance,
    Commitment,
    CommitmentAnswer,
    RiskLevel,
    RiskFactor,
    RiskBand,
    InboxKind,
    Period,
    NoRiskReason,
    WeatherLevel,
    WeatherUnknownReason,
    Measure,
    Role,
    EventKind,
    MoveReason,
    ActorKind,
    TimeZone,
    OfferEnd,
)


def label(member: Term, language: str) -> str:
    """``member`` as HR reads it in ``language``."""
    return member.label(language)


def labels(enum: type[Term], language: str) -> dict[str, str]:
    """Every value of ``enum`` with its label in ``language``, in the enum's order."""
    return {member.value: member.label(language) for member in enum}


def enum_name(enum: type[Term]) -> str:
    """The name the browser knows an enum by: ``NoShowReason`` is ``no_show_reason``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum.__name__).lower()


def as_json() -> dict[str, Any]:
    """Every enum with its labels, for the browser:
    ``{"languages": [...], "enums": {name: [{"value", "label": {language: text}}]}}``."""
    return {
        "languages": list(LANGUAGES),
        "enums": {
            enum_name(enum): [
                {"value": member.value, "label": {language: member.label(language) for language in LANGUAGES}}
                for member in enum
            ]
            for enum in ENUMS
        },
    }
