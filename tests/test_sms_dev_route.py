"""The local stage's inbound text route: a text goes through the topic to its consumer, and the outbox
shows each number's texts as one conversation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.support.api import Api, body_of, interview_body, position_body
from tests.support.local import local_stage

__all__ = ["local_stage"]

JSON = {"Content-Type": "application/json"}
NUMBER = "+86 138 0013 8000"
PHONE = "+8613800138000"


def reply(client: Client, payload: dict[str, Any]) -> Any:
    return client.http.post("/dev/sms/inbound", headers=JSON, body=json.dumps(payload, ensure_ascii=False))


def book_with_texts(api: Api) -> str:
    position = api.post("/positions", position_body()).json_body
    candidate = {"name": "Zhang San", "email": "zhang.san@example.com", "phone": NUMBER, "language": "zh-CN"}
    body = interview_body(position["position_id"], channels=["email", "sms"], candidate=candidate)
    response = api.post("/interviews", body)
    assert response.status_code == 201, response.body
    return str(response.json_body["interview_id"])


@pytest.mark.usefixtures("local_stage")
def test_a_text_sent_to_the_dev_route_reaches_the_inbox_and_the_outbox_thread(api: Api, client: Client) -> None:
    interview_id = book_with_texts(api)

    response = reply(client, {"from": NUMBER, "text": "2 周四上午可以吗"})

    assert response.status_code == 200, response.body
    assert body_of(response)["results"] == {"sms_inbound": "reschedule"}
    assert body_of(api.get(f"/interviews/{interview_id}"))["status"] == "reschedule_requested"
    (item,) = [i for i in body_of(api.get("/inbox"))["items"] if i["kind"] == "reschedule_requested"]
    assert item["detail"]["message"] == "周四上午可以吗"

    texts = [m for m in body_of(client.http.get("/dev/outbox.json")) if m["channel"] == "sms"]
    (inbound,) = [m for m in texts if m["direction"] == "in"]
    assert (inbound["from"], inbound["text"]) == (PHONE, "2 周四上午可以吗")
    (answer,) = [m for m in texts if "已收到您的改期请求" in m["text"]]
    assert answer["to"] == PHONE and texts.index(inbound) < texts.index(answer)
    page = client.http.get("/dev/outbox").body.decode()
    thread = page.split(f'data-number="{PHONE}"', 1)[1].split("</article>", 1)[0]
    assert thread.index('data-direction="in"') < thread.index("已收到您的改期请求")


@pytest.mark.usefixtures("local_stage")
@pytest.mark.parametrize(
    ("payload", "field"),
    [({"from": "not a number", "text": "1"}, "from"), ({"from": NUMBER}, "text"), ({"text": "1"}, "from")],
)
def test_a_text_needs_a_number_and_words(client: Client, payload: dict[str, Any], field: str) -> None:
    response = reply(client, payload)

    assert response.status_code == 400
    assert field in body_of(response)["fields"]


def test_the_route_does_not_exist_outside_the_local_stage(client: Client) -> None:
    assert reply(client, {"from": NUMBER, "text": "1"}).status_code == 404
