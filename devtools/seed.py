"""Demo data for the local stage: three positions, seven upcoming interviews, slots to choose from
(``devtools.seed_slots``: three more candidates), a full slot with three candidates on its waitlist
(``devtools.seed_waitlist``) and four weeks of history.

One junior role with many resumes on hand (ShowUp sends the short notification) and one senior role
with few (it sends the warmer invitation). A third, a store role added in a hurry, lacks facts a
notice needs: ShowUp flags it and holds its interview's notice. One interview is tomorrow in
Shanghai, so the day-before reminder has something to do; the rest are spread over the coming
week, one of them booked with a mistyped email whose notice bounced, for HR to correct. These are made through
the services, as HR would make them, and their notices go out through the outbox.

The four weeks before today hold about forty interviews that already happened (notified, reminded,
answered, attended or missed and why, a few cancelled or moved), so the dashboard has something to
show from the start. The API refuses starts in the past, so :class:`History` replays each one
through the same services at the moments it happened, then stores it once; the statistics counters
follow from the interviews table's stream, so they agree with the interviews exactly. Their notices
went out weeks ago in the story and are stored as sent, so they ask for nothing to be queued: only
the upcoming interviews' notices reach the candidates (``/dev/outbox``).
"""

from __future__ import annotations

import dataclasses
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from chalicelib import deps
from chalicelib.models import InterviewIn, NoShowReason, NoticeStatus, Outcome, PositionIn, RescheduleIn
from chalicelib.services.common.clock import iso_utc, localize, today_in
from chalicelib.services.common.records import Interview, Position
from chalicelib.services.notices.delivery import update_interview, update_notice
from chalicelib.services.notices.links import LinkSigner
from chalicelib.services.notices.responses import Action, CandidateResponses
from chalicelib.services.preparation.completeness import completeness_check
from chalicelib.services.preparation.matching import match_check
from chalicelib.services.scheduling.interviews import InterviewService
from chalicelib.services.scheduling.positions import PositionService
from chalicelib.services.scheduling.slots import SlotBookings, SlotService
from chalicelib.services.statistics.outcomes import OutcomeIn, OutcomeService
from chalicelib.store.actor import acting_as
from chalicelib.store.interviews import InterviewRepository, StaleInterview
from chalicelib.store.positions import PositionRepository
from devtools.seed_slots import SeededSlots, seed_slots
from devtools.seed_waitlist import WaitlistSeeded, seed_waitlist

TIMEZONE = "Asia/Shanghai"

JUNIOR = {
    "title": "Java 后端开发工程师（初级）",
    "company": "上海星途网络科技有限公司",
    "company_website": "https://www.xingtu-tech.example.cn",
    "work_location": "上海市浦东新区张江高科技园区碧波路 690 号 5 号楼",
    "responsibilities": (
        "参与订单与支付系统的后端开发：用 Java 和 Spring Boot 编写接口与单元测试，"
        "参与代码评审，排查线上问题，每月轮值一周线上值班。"
    ),
    "requirements": "本科及以上，计算机相关专业；熟悉 Java、SQL 和 Git；有后端实习经历优先。",
    "benefits": "五险一金（按实际工资全额缴纳），年终奖 1–3 个月，弹性上班 9:00–10:00，每年 12 天带薪年假，餐补。",
    "promotion": "试用期 3 个月；转正后每年两次晋升评审，通常 1–2 年晋升中级工程师。",
    "manager_style": "技术负责人一对一带教，每周一次一对一沟通，重视代码评审和文档。",
    "level": "junior",
    "applicant_count": 86,
    "salary_min": 9000,
    "salary_max": 13000,
    "salary_currency": "CNY",
    "skills": ["Java", "Spring Boot", "MySQL"],
    "contact": {"name": "刘婷", "phone": "+86 21 5080 1234", "email": "hr@xingtu-tech.example.cn"},
}

SENIOR = {
    "title": "高级数据平台架构师",
    "company": "杭州云栖智算科技有限公司",
    "company_website": "https://www.yunqi-ai.example.cn",
    "work_location": "杭州市西湖区文三路 478 号华星时代广场 A 座 12 层",
    "responsibilities": (
        "负责公司实时数据平台的架构设计与演进：规划 Flink 与 Kafka 集群容量，制定数据建模与质量规范，"
        "带领 6 人团队完成从离线批处理到实时计算的迁移，并与业务部门确定数据服务的 SLA。"
    ),
    "requirements": "8 年以上数据平台经验，其中 3 年以上架构设计；精通 Flink、Kafka，熟悉 Kubernetes。",
    "benefits": "五险一金，16 薪，期权激励，补充商业医疗保险（含家属），每年 15 天带薪年假。",
    "promotion": "直接向 CTO 汇报；一年后可晋升数据平台负责人。",
    "manager_style": "CTO 给目标不管过程，每两周一次架构评审，鼓励技术分享和开源贡献。",
    "level": "senior",
    "applicant_count": 4,
    "salary_min": 40000,
    "salary_max": 60000,
    "salary_currency": "CNY",
    "skills": ["Flink", "Kafka", "Kubernetes"],
    "contact": {"name": "周建国", "phone": "+86 571 8765 4321", "email": "talent@yunqi-ai.example.cn"},
}

SHANGHAI_OFFICE = {
    "address": "上海市浦东新区张江高科技园区碧波路 690 号 5 号楼 3 层前台",
    "city": "上海",
    "latitude": 31.2036,
    "longitude": 121.5906,
    "transit": "地铁 2 号线张江高科站 1 号口出，沿碧波路向北步行约 8 分钟。",
    "what_to_bring": "身份证、两份纸质简历、毕业证书和学位证书复印件。",
}

HANGZHOU_OFFICE = {
    "address": "杭州市西湖区文三路 478 号华星时代广场 A 座 12 层",
    "city": "杭州",
    "latitude": 30.2780,
    "longitude": 120.1230,
    "transit": "地铁 2 号线文三路站 C 口出，向东步行约 5 分钟；访客请在 A 座一楼登记。",
    "what_to_bring": "身份证和一份纸质简历；如有作品集或架构方案可一并带来。",
}

# A store role HR added in a hurry: no contact, no website, duties in a few words. ShowUp flags it
# ("facts to fix") and holds its interview's notice until HR fills them in or accepts the warning.
HURRIED = {
    "title": "门店销售顾问",
    "company": "上海星途科技有限公司",
    "work_location": "上海市静安区南京西路 1266 号",
    "responsibilities": "门店销售",
    "level": "junior",
    "applicant_count": 120,
    "salary_min": 6000,
    "salary_max": 9000,
    "salary_currency": "CNY",
}

STORE = {
    "address": "上海市静安区南京西路 1266 号恒隆广场 2 层",
    "city": "上海",
    "latitude": 31.2286,
    "longitude": 121.4546,
    "transit": "地铁 2 号线南京西路站 1 号口，步行 3 分钟",
}

OFFICES = {"junior": SHANGHAI_OFFICE, "senior": HANGZHOU_OFFICE, "hurried": STORE}

# Who books the demo's positions and interviews (the junior role's contact).
SEED_HR = "刘婷"
# The address HR mistyped for one candidate: its notice bounces (as SES would report it).
TYPO_EMAIL = "zhou.jie@exmaple.com"

# (position, days from today in Shanghai, local start, candidate, extra fields)
INTERVIEWS: tuple[tuple[str, int, time, dict[str, Any], dict[str, Any]], ...] = (
    (
        "junior",
        1,
        time(10, 0),
        {
            "name": "陈晓明",
            "email": "chen.xiaoming@example.com",
            "phone": "+86 138 0013 8001",
            "expected_salary": 11000,
            "skills": ["Java", "Spring Boot", "MySQL"],
            "language": "zh-CN",
        },
        {"channels": ["email", "sms"]},
    ),
    (
        "junior",
        2,
        time(14, 30),
        {
            "name": "李娜",
            "email": "li.na@example.com",
            "phone": "+86 139 1234 5678",
            "expected_salary": 10000,
            "skills": ["Java", "MySQL"],
            "language": "zh-CN",
        },
        {},
    ),
    (
        "junior",
        3,
        time(9, 30),
        {
            "name": "王磊",
            "email": "wang.lei@example.com",
            "expected_salary": 12000,
            "skills": ["Java", "Spring Boot"],
            "language": "zh-CN",
        },
        {},
    ),
    (
        "senior",
        5,
        time(15, 0),
        {
            "name": "赵敏",
            "email": "zhao.min@example.com",
            "phone": "+86 186 0021 3344",
            "expected_salary": 55000,
            "skills": ["Flink", "Kafka", "Kubernetes"],
            "language": "zh-CN",
        },
        {"channels": ["email", "sms"]},
    ),
    (
        "senior",
        6,
        time(10, 30),
        {
            "name": "Emily Zhou",
            "email": "emily.zhou@example.com",
            "expected_salary": 50000,
            "skills": ["Flink", "Kafka"],
            "language": "en",
        },
        {},
    ),
    (
        "hurried",
        2,
        time(11, 0),
        {
            "name": "孙丽",
            "email": "sun.li@example.com",
            "phone": "+86 137 0021 5566",
            "expected_salary": 7500,
            "language": "zh-CN",
        },
        {},
    ),
    (
        "junior",
        4,
        time(16, 0),
        {
            # Mistyped by HR ("exmaple"): the notice bounces, and HR corrects the address.
            "name": "周杰",
            "email": TYPO_EMAIL,
            "expected_salary": 10500,
            "skills": ["Java", "MySQL"],
            "language": "zh-CN",
        },
        {},
    ),
)


# The history: weekday interviews over the four weeks before today, two a day.
HISTORY_DAYS = 28
HISTORY_SLOTS = (time(9, 30), time(10, 30), time(14, 0), time(15, 30), time(16, 30))
# The same demo every run: the stories depend on this seed only, their dates on today. This one
# tells every kind of story (each channel, tone, answer and ending; six no-show reasons).
HISTORY_SEED = 3651
# The most recent day's interviews are left without an outcome: HR records them on the HR page.
PENDING_DAYS = 1
# Local hour at which HR books an interview, and the day-before reminder goes out (REMINDER_HOUR).
BOOKED_AT = time(11, 0)
REMINDED_AT = time(10, 0)

# Candidates' names are combined from these; their addresses from the pinyin.
SURNAMES = {
    "王": "wang",
    "李": "li",
    "张": "zhang",
    "刘": "liu",
    "陈": "chen",
    "杨": "yang",
    "黄": "huang",
    "赵": "zhao",
    "吴": "wu",
    "周": "zhou",
    "林": "lin",
    "高": "gao",
}
GIVEN_NAMES = {
    "伟": "wei",
    "芳": "fang",
    "敏": "min",
    "静": "jing",
    "磊": "lei",
    "洋": "yang",
    "杰": "jie",
    "娟": "juan",
    "涛": "tao",
    "晨": "chen",
    "欣怡": "xinyi",
    "子涵": "zihan",
    "浩然": "haoran",
    "宇轩": "yuxuan",
}
# Mainland mobile numbers start with one of these (others would not pass the phone check).
MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "186", "187", "188", "189")
ENGLISH_NAMES = ("Daniel Wu", "Sophie Lin", "Kevin Tan", "Grace Ho", "Ryan Chen", "Olivia Xu")
SKILLS = {"junior": ("Java", "Spring Boot", "MySQL"), "senior": ("Flink", "Kafka", "Kubernetes")}
# Expected monthly salary, inside each position's range so the match check holds no notice.
SALARIES = {"junior": (9000, 13000, 500), "senior": (40000, 60000, 1000)}
# How often each reason is given when a candidate who got the notice does not come.
REASON_WEIGHTS = {
    NoShowReason.BETTER_OFFER: 4,
    NoShowReason.FOUND_JOB: 3,
    NoShowReason.WEATHER_OR_TRAFFIC: 2,
    NoShowReason.PERSONAL: 2,
    NoShowReason.JOB_INFO_UNCLEAR: 2,
    NoShowReason.NOT_NOTIFIED: 1,
    NoShowReason.CALL_UNPROFESSIONAL: 1,
    NoShowReason.UNKNOWN: 2,
}
# What delivery learnt about each notice.
DELIVERED, SENT, BOUNCED, FAILED = "delivered", "sent", "bounced", "failed"
NOT_RECEIVED = frozenset({BOUNCED, FAILED})


@dataclass(frozen=True)
class Story:
    """What happened to one past interview, in the order it happened."""

    role: str  # "junior" or "senior"
    day: date  # local date in Shanghai
    start: time
    candidate: dict[str, Any]
    sms: bool = False
    lead_days: int = 3  # booked this many days before the (first) start
    notice: str = DELIVERED
    moved: bool = False  # the candidate asked for another time; HR moved it from the day before
    answer: Action | None = Action.CONFIRM
    outcome: Outcome | None = Outcome.ATTENDED
    reason: NoShowReason | None = None


class Draft(InterviewRepository):
    """Interviews kept in memory while their past is replayed, with the repository's revision checks.

    Each replayed step is a write; the finished record is then stored once, one record on the
    table's stream. The counters equal a recount either way, and a write per step would give the
    stream consumer every step to count when ``make run`` starts. Only what the services' writes use
    is here (no listing by day)."""

    def __init__(self) -> None:
        self.records: dict[str, Interview] = {}

    def add(self, interview: Interview) -> Interview:
        if interview.interview_id in self.records:
            raise ValueError(f"{interview.interview_id} exists")
        self.records[interview.interview_id] = interview
        return interview

    def get(self, interview_id: str) -> Interview | None:
        return self.records.get(interview_id)

    def replace(self, interview: Interview, *, expected_revision: int, before: Interview | None = None) -> Interview:
        current = self.records.get(interview.interview_id)
        if current is None or current.revision != expected_revision:
            raise StaleInterview(interview.interview_id)
        stored = dataclasses.replace(interview, revision=expected_revision + 1)
        self.records[interview.interview_id] = stored
        return stored


class History:
    """Replays past interviews through the services, at the moments each step happened, and stores them."""

    def __init__(self, *, positions: PositionRepository, interviews: InterviewRepository) -> None:
        self._store = interviews
        self._draft = Draft()
        # Past weather does not matter and would need the network: only the checks on the data.
        self._service = InterviewService(
            positions=positions,
            interviews=self._draft,
            checks=[completeness_check, match_check],
            retention_days=deps.settings().retention_days,
        )
        # Candidates answer through signed links, as they do from the notice.
        self._links = LinkSigner(secret=secrets.token_urlsafe(32), max_age_seconds=HISTORY_DAYS * 2 * 24 * 3600)
        self._responses = CandidateResponses(interviews=self._draft, links=self._links)
        # A cancellation before the start goes through the interview service, as the API's does.
        self._outcomes = OutcomeService(
            interviews=self._draft, cancel=lambda interview_id, now: self._service.cancel(interview_id, now=now)
        )

    @classmethod
    def from_settings(cls) -> History:
        """Over the app's tables, each interview stored as ``deps.interviews()`` stores it (the stream
        counts it; the local stage emits no CloudWatch metrics, so the backfill is no news)."""
        return cls(positions=deps.positions(), interviews=deps.interviews())

    def replay(self, story: Story, *, position_id: str) -> Interview:
        """Book, notify, remind, answer and close one past interview; returns it as stored."""
        start = datetime.combine(story.day, story.start)
        first = start - timedelta(days=1) if story.moved else start
        booked = _at(first.date() - timedelta(days=story.lead_days), BOOKED_AT)
        request = InterviewIn.model_validate(
            {
                "position_id": position_id,
                "candidate": story.candidate,
                "starts_at": first,
                "timezone": TIMEZONE,
                "channels": ["email", "sms"] if story.sms else ["email"],
                **OFFICES[story.role],
            }
        )
        interview_id = self._service.schedule(request, now=booked).interview_id
        self._deliver(interview_id, story.notice, booked + timedelta(minutes=2))
        answered = booked + timedelta(hours=6)
        if story.moved:
            self._respond(interview_id, Action.RESCHEDULE, booked + timedelta(hours=2), "那天有课，可以推迟一天吗？")
            moving = booked + timedelta(hours=3)
            self._service.reschedule(interview_id, RescheduleIn(starts_at=start, timezone=TIMEZONE), now=moving)
            self._deliver(interview_id, story.notice, moving + timedelta(minutes=2))
        if story.answer == Action.DECLINE:
            self._respond(interview_id, Action.DECLINE, answered, "已经接受了其他公司的录用。")
        elif story.notice not in NOT_RECEIVED:
            reminded = _at(story.day - timedelta(days=1), REMINDED_AT)
            update_interview(
                self._draft, interview_id, lambda i: dataclasses.replace(i, reminded_at=iso_utc(reminded)), now=reminded
            )
            answered = reminded + timedelta(minutes=90)
            if story.answer is not None:
                self._respond(interview_id, story.answer, answered)
        if story.outcome is not None:
            self._close(interview_id, story, decided=answered + timedelta(hours=1), start=start)
        finished = self._draft.records.pop(interview_id)
        self._store.add(finished)
        return finished

    def _deliver(self, interview_id: str, notice: str, now: datetime) -> None:
        # What the outbox consumer and the SES events record, in one write: no message is sent.
        bounced = notice == BOUNCED
        update_notice(
            self._draft,
            interview_id,
            now=now,
            status=NoticeStatus(notice),
            sent_at=iso_utc(now),
            also=lambda i: dataclasses.replace(i, email_bounced=bounced),
        )

    def _respond(self, interview_id: str, action: Action, now: datetime, reason: str = "") -> None:
        version = self._draft.records[interview_id].version
        link = self._links.sign(interview_id, version, now=now)
        self._responses.respond(link, action, now=now, reason=reason)

    def _close(self, interview_id: str, story: Story, *, decided: datetime, start: datetime) -> None:
        request = OutcomeIn(outcome=story.outcome, reason=story.reason)
        if story.outcome == Outcome.CANCELLED:
            # HR cancels once the candidate said no; the cancellation notice is held like the rest.
            self._outcomes.record(interview_id, request, now=decided)
            self._deliver(interview_id, SENT, decided + timedelta(minutes=2))
            return
        self._outcomes.record(interview_id, request, now=localize(start, TIMEZONE).utc + timedelta(minutes=75))


def _at(day: date, moment: time) -> datetime:
    """A Shanghai wall-clock time as the instant it names."""
    return localize(datetime.combine(day, moment), TIMEZONE).utc


def past_stories(today: date, *, seed: int = HISTORY_SEED) -> list[Story]:
    """About forty interviews on the weekdays of the four weeks before ``today``, oldest first.

    Mostly attended; no-shows more likely without a reply, without SMS and for the notification
    (many applicants, short notice), each with a reason; a notice that never arrived usually ends
    in a ``not_notified`` no-show; a decline ends in a cancellation. The last day is left for HR."""
    rng = random.Random(seed)
    names = _names(rng)
    days = [today - timedelta(days=back) for back in range(HISTORY_DAYS, 0, -1)]
    weekdays = [day for day in days if day.weekday() < 5]
    pending = set(weekdays[-PENDING_DAYS:])
    stories = []
    for day in weekdays:
        for start in sorted(rng.sample(HISTORY_SLOTS, 2)):
            role = "senior" if rng.random() < 0.35 else "junior"
            stories.append(_story(rng, role, day, start, next(names), pending=day in pending))
    return stories


def _story(
    rng: random.Random, role: str, day: date, start: time, name: tuple[str, str, str], *, pending: bool
) -> Story:
    full_name, email, language = name
    low, high, step = SALARIES[role]
    skills = SKILLS[role]
    candidate: dict[str, Any] = {
        "name": full_name,
        "email": email,
        "expected_salary": rng.randrange(low, high + 1, step),
        "skills": list(skills if rng.random() < 0.5 else rng.sample(skills, 2)),
        "language": language,
    }
    if rng.random() < 0.75:
        candidate["phone"] = f"+86 {rng.choice(MOBILE_PREFIXES)} {rng.randrange(10000):04d} {rng.randrange(10000):04d}"
    sms = "phone" in candidate and rng.random() < 0.6
    notice = rng.choices((DELIVERED, SENT, BOUNCED, FAILED), weights=(86, 8, 3, 3))[0]
    answer: Action | None = None
    if notice not in NOT_RECEIVED:
        answer = rng.choices((Action.CONFIRM, Action.DECLINE, None), weights=(62, 10, 28))[0]
    outcome, reason = _ending(rng, role, sms, notice, answer)
    return Story(
        role=role,
        day=day,
        start=start,
        candidate=candidate,
        sms=sms,
        lead_days=rng.choice((2, 2, 3, 3, 4, 5, 6)),
        notice=notice,
        moved=answer == Action.CONFIRM and rng.random() < 0.1,
        answer=answer,
        outcome=None if pending else outcome,
        reason=None if pending else reason,
    )


def _ending(
    rng: random.Random, role: str, sms: bool, notice: str, answer: Action | None
) -> tuple[Outcome, NoShowReason | None]:
    if answer == Action.DECLINE:
        return Outcome.CANCELLED, None
    if notice in NOT_RECEIVED:
        chance = 0.8
    else:
        chance = 0.15 if answer == Action.CONFIRM else 0.5
        chance *= (0.55 if sms else 1.0) * (0.7 if role == "senior" else 1.0)
    if rng.random() >= chance:
        return Outcome.ATTENDED, None
    if notice in NOT_RECEIVED:
        return Outcome.NO_SHOW, NoShowReason.NOT_NOTIFIED
    reasons, weights = zip(*REASON_WEIGHTS.items(), strict=True)
    return Outcome.NO_SHOW, rng.choices(reasons, weights=weights)[0]


def _names(rng: random.Random) -> Iterator[tuple[str, str, str]]:
    """Distinct candidates in a random order: (name, email, notice language)."""
    chinese = [
        (surname + given, f"{first}.{last}@example.com", "zh-CN")
        for surname, last in SURNAMES.items()
        for given, first in GIVEN_NAMES.items()
    ]
    english = [(name, f"{name.lower().replace(' ', '.')}@example.com", "en") for name in ENGLISH_NAMES]
    rng.shuffle(chinese)
    rng.shuffle(english)
    while chinese:
        yield english.pop() if english and rng.random() < 0.12 else chinese.pop()


@dataclass(frozen=True)
class Seeded:
    positions: dict[str, Position]
    interviews: list[Interview]  # the upcoming ones, those asked to choose their time included
    history: list[Interview] = field(default_factory=list)
    slots: SeededSlots | None = None
    waitlist: WaitlistSeeded | None = None


def bounce(interview: Interview, *, now: datetime) -> None:
    """Send the interview's notice now and have SES report it undeliverable, as it would for a
    mistyped address: the interview shows the bounce, and the position's contact gets the alert."""
    notice = {"kind": "notice", "interview_id": interview.interview_id, "version": 1, "sequence": 1}
    deps.notice_delivery().deliver(notice, now=now)
    at = iso_utc(now)
    deps.ses_events().handle(
        {
            "notificationType": "Bounce",
            "bounce": {
                "bounceType": "Permanent",
                "bounceSubType": "General",
                "bouncedRecipients": [{"emailAddress": TYPO_EMAIL, "action": "failed", "status": "5.1.2"}],
                "timestamp": at,
                "feedbackId": f"seed-{interview.interview_id}",
            },
            # SES echoes the message's tags: they name the interview and the send.
            "mail": {
                "timestamp": at,
                "messageId": f"seed-{interview.interview_id}",
                "destination": [TYPO_EMAIL],
                "tags": {"interview": [interview.interview_id], "kind": ["notice"], "sequence": ["1"]},
            },
        },
        now=now,
    )


def seed(
    now: datetime,
    *,
    positions: PositionService,
    interviews: InterviewService,
    history: History | None = None,
    slots: SlotService | None = None,
    bookings: SlotBookings | None = None,
) -> Seeded:
    """Create the demo positions, slots and interviews as HR would, relative to ``now``, and the four weeks before."""
    # The positions were open before the oldest interview of the history was booked.
    opened = now - timedelta(days=HISTORY_DAYS + 7)
    today = today_in(TIMEZONE, now)
    # The junior role's recruiter books everything; what follows (sends, the bounce) is ShowUp's doing.
    with acting_as(SEED_HR):
        made = {
            "junior": positions.create(PositionIn.model_validate(JUNIOR), now=opened),
            "senior": positions.create(PositionIn.model_validate(SENIOR), now=opened),
            "hurried": positions.create(PositionIn.model_validate(HURRIED), now=now - timedelta(hours=2)),
        }
        scheduled = [
            interviews.schedule(
                InterviewIn.model_validate(
                    {
                        "position_id": made[role].position_id,
                        "candidate": candidate,
                        "starts_at": datetime.combine(today + timedelta(days=days), start),
                        "timezone": TIMEZONE,
                        **OFFICES[role],
                        **extra,
                    }
                ),
                now=now,
            )
            for role, days, start, candidate, extra in INTERVIEWS
        ]
        opened_slots = seed_slots(
            now,
            made,
            OFFICES,
            slots=slots or deps.slot_service(),
            interviews=interviews,
            bookings=bookings or deps.slot_bookings(),
        )
        # A one-seat slot with three candidates waiting: free its seat and the first gets the offer.
        waiting = seed_waitlist(
            now,
            position_id=made["junior"].position_id,
            slots=slots or deps.slot_service(),
            interviews=interviews,
            bookings=bookings or deps.slot_bookings(),
            waitlist=deps.waitlist(),
        )
    for interview in scheduled:
        if interview.candidate.email == TYPO_EMAIL:
            bounce(interview, now=now)
    past = history or History.from_settings()
    replayed = [past.replay(story, position_id=made[story.role].position_id) for story in past_stories(today)]
    upcoming = [*scheduled, *opened_slots.booked, opened_slots.choosing, *waiting.interviews]
    return Seeded(positions=made, interviews=upcoming, history=replayed, slots=opened_slots, waitlist=waiting)
