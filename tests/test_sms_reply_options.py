"""Reply options in texts: the whole form only where the text still fits one SMS segment (70 UCS-2 units,
160 GSM-7 septets), else the short form where that fits, else left to the page link; the day-of reminder,
which has no link, keeps the short form. Checked with the longest names and addresses HR realistically types."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.sms import fits_one_segment
from chalicelib.services.notices.content import REPLY_OPTIONS, SHORT_REPLY_OPTIONS, CandidateLinks, NoticeKind
from tests.support.notices import Desk, en_interview, en_position, notice_for, zh_interview, zh_position

SHORT_LINK = "https://hr.example.cn/s/AbCdEfGhIj"
# A small company at a short address: room for the options.
SHORTEST = {"position": {"company": "宏远"}, "interview": {"address": "人民路8号", "city": "宁波"}}
TINY_LINK = "https://s.t/Ab"
LONGEST = {
    "zh-CN": {
        "position": {
            "company": "中国建筑第八工程局有限公司上海分公司",
            "title": "高级前端开发工程师（数据可视化方向）",
        },
        "interview": {
            "address": "上海市浦东新区张江高科技园区祖冲之路1000号7号楼3楼301室",
            "transit": "地铁2号线张江高科站1号口出，沿祖冲之路向东步行约12分钟，园区北门进",
            "contact": {"name": "欧阳娜娜", "phone": "+86 21 5555 0100"},
        },
    },
    "en": {
        "position": {"company": "Shanghai Zhangjiang Hi-Tech Park Development Co., Ltd.", "title": "Senior Engineer"},
        "interview": {
            "address": "Building 7, Zhangjiang Hi-Tech Park, 1000 Zuchongzhi Road, Pudong New Area",
            "transit": "Metro line 2 to Zhangjiang Hi-Tech Park, exit 1, then 12 minutes east on Zuchongzhi Road",
            "contact": {"name": "Alexandra Montgomery-Smith", "phone": "+86 21 5555 0100"},
        },
    },
}


def links(page: str) -> CandidateLinks:
    return CandidateLinks(page=page, confirm=page, decline=page, reschedule=page)


def sms(kind: NoticeKind, language: str, link: str, longest: bool, facts: dict[str, Any] | None = None) -> str:
    desk = Desk()
    facts = facts or (LONGEST[language] if longest else {"position": {}, "interview": {}})
    if language == "zh-CN":
        position = zh_position(desk, **facts["position"])
        interview = zh_interview(desk, position, **facts["interview"])
    else:
        position = en_position(desk, **facts["position"])
        interview = en_interview(desk, position, **facts["interview"])
    text = notice_for(kind, interview, position, links=links(link)).sms
    assert text is not None
    return text


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("kind", [NoticeKind.NOTICE, NoticeKind.UPDATE, NoticeKind.REMINDER])
@pytest.mark.parametrize("link", [TINY_LINK, SHORT_LINK])
@pytest.mark.parametrize("longest", [False, True])
def test_options_appear_only_in_a_text_that_fits_one_segment(
    kind: NoticeKind, language: str, link: str, longest: bool
) -> None:
    text = sms(kind, language, link, longest)

    if REPLY_OPTIONS[language] in text or SHORT_REPLY_OPTIONS[language] in text:
        assert fits_one_segment(text), text
    assert text.endswith(link)


def test_the_whole_options_go_where_they_fit_and_the_short_ones_where_only_they_do() -> None:
    small = {"position": {"company": "Acme"}, "interview": {"address": "8 Renmin Rd", "city": "Ningbo"}}
    whole = sms(NoticeKind.REMINDER, "en", TINY_LINK, longest=False, facts=small)
    assert REPLY_OPTIONS["en"] in whole and fits_one_segment(whole), whole
    # In Chinese the whole options (24 characters) leave too little of the 70: the short ones fit.
    short = sms(NoticeKind.REMINDER, "zh-CN", TINY_LINK, longest=False, facts=SHORTEST)
    assert SHORT_REPLY_OPTIONS["zh-CN"] in short and REPLY_OPTIONS["zh-CN"] not in short
    assert "宁波人民路8号" in short and fits_one_segment(short)


def test_the_longest_chinese_notice_leaves_the_options_to_its_link_when_nothing_fits() -> None:
    text = sms(NoticeKind.NOTICE, "zh-CN", SHORT_LINK, longest=True)

    # Even without the address it takes two segments: the shortest text goes, its link answers.
    assert text == f"【中国建筑第八工程局有限公司上海分公司】面试通知：12月3日周四 14:30。详情 {SHORT_LINK}"


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_the_longest_day_of_text_keeps_the_short_options(language: str) -> None:
    text = sms(NoticeKind.DAY_OF, language, SHORT_LINK, longest=True)

    assert text.endswith(SHORT_REPLY_OPTIONS[language]), text
    assert LONGEST[language]["interview"]["contact"]["name"] in text
