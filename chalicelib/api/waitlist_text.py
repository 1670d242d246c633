"""The candidate page's words for waitlists and held seats, in each language a candidate may read
(joined into ``candidate_text.TEXT``)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "full_title": "已约满的时间",
        "full_text": "这些时间已经约满。加入候补名单后，一旦有人空出名额，"
        "我们会按加入顺序通过邮件（和短信）通知您，并为您保留几个小时。",
        "join_waitlist": "加入候补名单",
        "waiting_title": "您在候补的时间",
        "done_waitlist": "已加入候补名单。有名额空出时我们会立即通知您；在此之前，您也可以预约其他仍有空位的时间。",
        "not_full": "这个时间现在有空位，请直接预约。",
        "offer_title": "为您保留了一个名额",
        "offer_text": "您候补的时间空出了一个名额，为您保留到 {until}。",
        "offer_accept": "接受这个时间",
        "offer_decline": "放弃，让给下一位",
        "done_offer_accept": "预约成功！正式的面试通知（含地址和路线）马上发到您的邮箱。",
        "done_offer_decline": "已放弃这个名额，它将让给候补名单上的下一位。您仍可以预约下面仍有空位的时间。",
        "offer_ended": "很抱歉，为您保留的名额已过期或已结束，名额已让给下一位候补。下面是目前仍可预约的时间。",
    },
    "en": {
        "full_title": "Full times",
        "full_text": "These times are full. Join a waitlist and, as soon as a seat comes free, we tell you by email "
        "(and text) in the order people joined, and hold the seat for you for a few hours.",
        "join_waitlist": "Join the waitlist",
        "waiting_title": "Waitlists you are on",
        "done_waitlist": "You are on the waitlist. We tell you the moment a seat comes free; meanwhile you can still "
        "book any time that has seats.",
        "not_full": "That time has a seat free now: please book it.",
        "offer_title": "A seat is held for you",
        "offer_text": "A seat came free at a time you were waiting for. It is held for you until {until}.",
        "offer_accept": "Accept this time",
        "offer_decline": "Let it go to the next person",
        "done_offer_accept": "Booked! Your interview notice, with the address and directions, is on its way to your "
        "inbox.",
        "done_offer_decline": "You let the seat go; it goes to the next person on the waitlist. You can still book "
        "any time below that has seats.",
        "offer_ended": "Sorry, the seat held for you is no longer held: its time ran out and it went to the next "
        "person. These are the times still open.",
    },
}
