"""The GOV.UK Notify gateway: what it sends, and how Notify's errors become GatewayError status codes.

No request leaves the machine: the client's HTTP session is replaced by one that answers as Notify would
(docs.notifications.service.gov.uk/python.html, "Send an email" and "Get the status of multiple messages").
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from vawg.notifications.services import GatewayError, NotifyGateway

# A test key's shape: <name>-<service id>-<secret> (both UUIDs); this one is made up.
KEY = "vawg_test-4b1b3a52-0c6c-4b8e-9a38-4d4e0b7d1f10-9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
NOTIFICATION_ID = "740e5834-3a29-46b4-9a6f-16142fde533a"


class FakeSession:
    """Answers every request with one status and body, and keeps what was asked."""

    def __init__(self, status: int, body: dict[str, Any] | None = None, error: Exception | None = None) -> None:
        self.status, self.body, self.error = status, body or {}, error
        self.calls: list[dict[str, Any]] = []

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.calls.append({"method": method, "url": url, **kwargs})
        if self.error:
            raise self.error
        response = requests.Response()
        response.status_code = self.status
        response._content = json.dumps(self.body).encode()
        response.url = url
        return response


def gateway_with(session: FakeSession) -> NotifyGateway:
    gateway = NotifyGateway(KEY)
    gateway.client.request_session = session
    return gateway


def test_it_sends_the_template_personalisation_and_reference_and_returns_notifys_id() -> None:
    session = FakeSession(201, {"id": NOTIFICATION_ID, "reference": "abc"})
    sent = gateway_with(session).send_email(
        email_address="idva@example.invalid",
        template_id="f33517ff-2a88-4f6e-b855-c550268ce08a",
        personalisation={"subject": "s", "body": "b", "link": "https://vawg.example.invalid/cases/1/"},
        reference="abc",
    )
    assert sent == NOTIFICATION_ID
    [call] = session.calls
    assert call["method"] == "POST" and call["url"].endswith("/v2/notifications/email")
    assert json.loads(call["data"]) == {
        "email_address": "idva@example.invalid",
        "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "personalisation": {"subject": "s", "body": "b", "link": "https://vawg.example.invalid/cases/1/"},
        "reference": "abc",
    }


@pytest.mark.parametrize("status", [400, 403, 429, 500, 503])
def test_it_turns_notifys_errors_into_their_status_codes(status: int) -> None:
    session = FakeSession(status, {"status_code": status, "errors": [{"error": "Error", "message": "refused"}]})
    with pytest.raises(GatewayError) as raised:
        gateway_with(session).send_email(
            email_address="a@example.invalid", template_id="t", personalisation={}, reference="r"
        )
    assert raised.value.status_code == status


def test_it_reports_notify_unreachable_as_503() -> None:
    session = FakeSession(0, error=requests.ConnectionError("no route to host"))
    with pytest.raises(GatewayError) as raised:
        gateway_with(session).find_by_reference(reference="r")
    assert raised.value.status_code == 503


@pytest.mark.parametrize(
    ("notifications", "found"), [([{"id": NOTIFICATION_ID, "reference": "r"}], NOTIFICATION_ID), ([], None)]
)
def test_it_finds_a_notification_by_its_reference(notifications: list[dict[str, str]], found: str | None) -> None:
    session = FakeSession(200, {"notifications": notifications, "links": {}})
    assert gateway_with(session).find_by_reference(reference="r") == found
    assert session.calls[0]["params"] == {"reference": "r", "template_type": "email"}
