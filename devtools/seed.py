"""Demo data for the local stage: two positions and five interviews, made through the services.

One junior role with many resumes on hand (ShowUp sends the short notification) and one senior role
with few (it sends the warmer invitation). One interview is tomorrow in Shanghai, so the day-before
reminder has something to do; the rest are spread over the coming week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from chalicelib.models import InterviewIn, PositionIn
from chalicelib.services.clock import today_in
from chalicelib.services.interviews import InterviewService
from chalicelib.services.positions import PositionService

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
)


@dataclass(frozen=True)
class Seeded:
    positions: dict[str, dict[str, Any]]
    interviews: list[dict[str, Any]]


def seed(now: datetime, *, positions: PositionService, interviews: InterviewService) -> Seeded:
    """Create the demo positions and interviews as HR would, relative to ``now``."""
    made = {
        "junior": positions.create(PositionIn.model_validate(JUNIOR), now=now),
        "senior": positions.create(PositionIn.model_validate(SENIOR), now=now),
    }
    offices = {"junior": SHANGHAI_OFFICE, "senior": HANGZHOU_OFFICE}
    today = today_in(TIMEZONE, now)
    scheduled = []
    for role, days, start, candidate, extra in INTERVIEWS:
        request = InterviewIn.model_validate(
            {
                "position_id": made[role]["position_id"],
                "candidate": candidate,
                "starts_at": datetime.combine(today + timedelta(days=days), start),
                "timezone": TIMEZONE,
                **offices[role],
                **extra,
            }
        )
        scheduled.append(interviews.schedule(request, now=now))
    return Seeded(positions=made, interviews=scheduled)
