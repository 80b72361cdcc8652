"""The gateways that send staff emails: GOV.UK Notify, and a fake that keeps them in the database.

Both answer the same two questions: send this email (returning the gateway's notification id), and has a
notification with this reference been sent already (so a worker that died mid-send never sends twice).
Failures raise ``GatewayError`` with the HTTP status code Notify would give (ADR 0010).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import Protocol

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from vawg.core.models import save_valid
from vawg.notifications.models import FakeEmail

# Notify's simulated failures for test keys (docs.notifications.service.gov.uk/rest-api.html#test).
# Notify accepts these and reports the failure later as the delivery status; the fake answers at once
# with the nearest HTTP error, so the retry path can be exercised: a temporary failure (retried) and a
# permanent one (never retried).
TEMPORARY_FAILURE_ADDRESS = "temp-fail@simulator.notify"
PERMANENT_FAILURE_ADDRESS = "perm-fail@simulator.notify"


class GatewayError(Exception):
    """The gateway refused or failed: ``status_code`` is Notify's (503 when it could not be reached)."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f"The gateway answered {status_code}")
        self.status_code = status_code


class NotificationGateway(Protocol):
    def send_email(
        self, *, email_address: str, template_id: str, personalisation: Mapping[str, str], reference: str
    ) -> str:
        """Send one email and return the gateway's notification id, or raise GatewayError."""
        ...

    def find_by_reference(self, *, reference: str) -> str | None:
        """The id of a notification already sent with ``reference``, or None."""
        ...


class NotifyGateway:
    """GOV.UK Notify through its Python client."""

    def __init__(self, api_key: str) -> None:
        self.client = NotificationsAPIClient(api_key)  # type: ignore[no-untyped-call]

    def send_email(
        self, *, email_address: str, template_id: str, personalisation: Mapping[str, str], reference: str
    ) -> str:
        try:
            response = self.client.send_email_notification(  # type: ignore[no-untyped-call]
                email_address=email_address,
                template_id=template_id,
                personalisation=dict(personalisation),
                reference=reference,
            )
        except APIError as error:
            raise GatewayError(error.status_code) from None
        return str(response["id"])

    def find_by_reference(self, *, reference: str) -> str | None:
        try:
            response = self.client.get_all_notifications(  # type: ignore[no-untyped-call]
                reference=reference, template_type="email"
            )
        except APIError as error:
            raise GatewayError(error.status_code) from None
        found = response.get("notifications") or []
        return str(found[0]["id"]) if found else None


class FakeGateway:
    """Keeps every email in the ``FakeEmail`` table (``manage.py notifications_outbox`` lists them).

    ``NOTIFY_FAKE_DELAY_MS`` slows each send, half before storing the email and half after, so a test can
    kill a worker while a message is in flight: stored by the 'gateway' but not yet confirmed by us.
    """

    def send_email(
        self, *, email_address: str, template_id: str, personalisation: Mapping[str, str], reference: str
    ) -> str:
        delay = settings.NOTIFY_FAKE_DELAY_MS / 2000
        time.sleep(delay)
        if email_address == TEMPORARY_FAILURE_ADDRESS:
            raise GatewayError(500)
        if email_address == PERMANENT_FAILURE_ADDRESS:
            raise GatewayError(400)
        email = FakeEmail(
            id=uuid.uuid4(),
            email_address=email_address,
            template_id=template_id,
            reference=reference,
            subject=personalisation.get("subject", ""),
            body=personalisation.get("body", ""),
            link=personalisation.get("link", ""),
            personalisation=dict(personalisation),
        )
        save_valid(email)
        time.sleep(delay)
        return str(email.id)

    def find_by_reference(self, *, reference: str) -> str | None:
        email = FakeEmail.objects.filter(reference=reference).first()
        return str(email.id) if email else None


def gateway_get() -> NotificationGateway:
    """The configured gateway: Notify with an API key, the fake without one (and in the demo and tests)."""
    if settings.NOTIFY_GATEWAY == "notify":
        return NotifyGateway(settings.NOTIFY_API_KEY)
    return FakeGateway()
