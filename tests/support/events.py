"""The events AWS hands ShowUp's functions: outbox messages from SQS, schedules, SES notifications through SNS.

SQS and scheduled events are built by ``chalicelib.localdev.invoke``, the module the local runner fires
schedules and drains queues with, so the tests and ``make run`` feed the handlers the same shapes.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any

from chalice.test import Client

from chalicelib.localdev import invoke
from chalicelib.settings import OUTBOX_QUEUE
from tests.support.api import Api
from tests.support.aws import REGION

OUTBOX_ARN = f"arn:aws:sqs:{REGION}:{invoke.ACCOUNT_ID}:{OUTBOX_QUEUE}"


def sqs_event(message: dict[str, Any], attempt: int = 1) -> dict[str, Any]:
    """The event Lambda hands the outbox consumer for ``message`` on its ``attempt``-th receive."""
    received = {
        "MessageId": f"m-{attempt}",
        "ReceiptHandle": "receipt",
        "Body": json.dumps(message),
        "Attributes": {"ApproximateReceiveCount": str(attempt)},
    }
    return invoke.sqs_event([received], queue_arn=OUTBOX_ARN)


def deliver(api: Api, message: dict[str, Any], attempt: int = 1) -> Any:
    """Hand ``message`` to the outbox consumer as Lambda would; chalice's invoke response."""
    return api.client.lambda_.invoke("send_notices", sqs_event(message, attempt))


def fire(client: Client, function_name: str, now: datetime) -> Any:
    """Run a scheduled function as EventBridge would at ``now``; returns its result."""
    return client.lambda_.invoke(function_name, invoke.scheduled_event(function_name, now)).payload


# Shaped like the examples in the Amazon SES developer guide ("Amazon SNS notification
# examples" and "Examples of event data that Amazon SES publishes to Amazon SNS").
MAIL = {
    "timestamp": "2016-01-27T14:59:38.237Z",
    "source": "interviews@showup.test",
    "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/showup.test",
    "sourceIp": "127.0.3.0",
    "sendingAccountId": "123456789012",
    "callerIdentity": "showup",
    "messageId": "REPLACED",
    "destination": ["zhang.san@example.com"],
    "headersTruncated": False,
    "headers": [{"name": "From", "value": "interviews@showup.test"}],
    "commonHeaders": {"from": ["interviews@showup.test"], "to": ["zhang.san@example.com"], "subject": "Interview"},
}
BOUNCE = {
    "notificationType": "Bounce",
    "bounce": {
        "bounceType": "Permanent",
        "bounceSubType": "General",
        "bouncedRecipients": [
            {
                "emailAddress": "zhang.san@example.com",
                "action": "failed",
                "status": "5.1.1",
                "diagnosticCode": "smtp; 550 5.1.1 user unknown",
            },
            {"emailAddress": "someone.else@example.com", "action": "failed", "status": "5.1.1"},
        ],
        "timestamp": "2016-01-27T14:59:38.237Z",
        "feedbackId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
        "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com",
    },
    "mail": MAIL,
}
COMPLAINT = {
    "eventType": "Complaint",
    "complaint": {
        "userAgent": "AnyCompany Feedback Loop (V0.01)",
        "complainedRecipients": [{"emailAddress": "zhang.san@example.com"}],
        "complaintFeedbackType": "abuse",
        "arrivalDate": "2016-01-27T14:59:38.237Z",
        "timestamp": "2016-01-27T14:59:38.237Z",
        "feedbackId": "000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000",
    },
    "mail": MAIL,
}
# The same bounce as a configuration set publishes it: ``eventType`` instead of ``notificationType``, and
# ``mail.tags`` echoing SES's own tags plus the message tags the mail was sent with (none here).
BOUNCE_EVENT = {
    "eventType": "Bounce",
    "bounce": BOUNCE["bounce"],
    "mail": {
        **MAIL,
        "tags": {
            "ses:configuration-set": ["showup"],
            "ses:source-ip": ["127.0.3.0"],
            "ses:from-domain": ["showup.test"],
            "ses:caller-identity": ["showup"],
        },
    },
}
DELIVERY = {
    "notificationType": "Delivery",
    "mail": MAIL,
    "delivery": {
        "timestamp": "2016-01-27T14:59:38.237Z",
        "processingTimeMillis": 546,
        "recipients": ["zhang.san@example.com"],
        "smtpResponse": "250 ok:  Message 64111812 accepted",
        "remoteMtaIp": "127.0.2.0",
        "reportingMTA": "a8-70.smtp-out.amazonses.com",
    },
    "someFieldAddedLater": {"ignored": True},
}


def publish(api: Api, payload: dict[str, Any], message_id: str, **changes: Any) -> Any:
    """Hand an SES notification about ``message_id`` to the ``ses_events`` function, as SNS would."""
    event = copy.deepcopy(payload)
    event["mail"]["messageId"] = message_id
    event.update(changes)
    sns_event = api.client.events.generate_sns_event(message=json.dumps(event), subject="")
    return api.client.lambda_.invoke("ses_events", sns_event).payload
