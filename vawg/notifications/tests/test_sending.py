"""Sending: retries by status code, Notify's simulated failures, a lapsed claim, and the outbox command."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.tests.factories import UserFactory
from vawg.audit.models import AuditEntry
from vawg.notifications import config
from vawg.notifications.models import FakeEmail, Notification, NotificationState
from vawg.notifications.services import (
    FakeGateway,
    GatewayError,
    notification_deliver,
    notification_queue,
    notifications_send_due,
)

pytestmark = pytest.mark.django_db


class FailingGateway:
    """Answers every send with one status code, and counts the calls."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code
        self.sends = 0

    def send_email(
        self, *, email_address: str, template_id: str, personalisation: Mapping[str, str], reference: str
    ) -> str:
        self.sends += 1
        raise GatewayError(self.status_code)

    def find_by_reference(self, *, reference: str) -> str | None:
        return None


def queued_for(user: User, event: str = "case:1:shared") -> Notification:
    notification_queue(kind="case-shared", recipients=[user], event=event, link="/cases/1/")
    return Notification.objects.get(event=event)


@pytest.mark.parametrize("status_code", [429, 500, 503])
def test_it_retries_rate_limits_and_server_errors_with_back_off_then_fails(idva_a: User, status_code: int) -> None:
    notification = queued_for(idva_a)
    gateway = FailingGateway(status_code)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert notification_deliver(notification_id=notification.pk, gateway=gateway) == NotificationState.QUEUED
        notification.refresh_from_db()
        assert notification.next_attempt_at == start + timedelta(seconds=30)
        assert notification_deliver(notification_id=notification.pk, gateway=gateway) is None  # not due yet
        for _ in range(config.MAX_ATTEMPTS - 1):
            clock.shift(timedelta(hours=2))
            notifications_send_due(gateway=gateway)
    notification.refresh_from_db()
    assert (notification.state, notification.attempts, gateway.sends) == (
        NotificationState.FAILED,
        config.MAX_ATTEMPTS,
        config.MAX_ATTEMPTS,
    )
    assert notification.last_error == str(status_code)
    assert AuditEntry.objects.filter(action="notifications.notification.fail", object_id=str(notification.pk)).exists()


@pytest.mark.parametrize("status_code", [400, 403])
def test_it_never_retries_a_bad_request_or_an_auth_error(
    idva_a: User, status_code: int, caplog: pytest.LogCaptureFixture
) -> None:
    notification = queued_for(idva_a)
    gateway = FailingGateway(status_code)
    with caplog.at_level(logging.ERROR, logger="vawg.notifications"):
        assert notification_deliver(notification_id=notification.pk, gateway=gateway) == NotificationState.FAILED
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        notifications_send_due(gateway=gateway)
    assert gateway.sends == 1
    assert ("clock" in caplog.text) is (status_code == 403)


@pytest.mark.parametrize(
    ("address", "state"),
    [
        ("temp-fail@simulator.notify", NotificationState.QUEUED),
        ("perm-fail@simulator.notify", NotificationState.FAILED),
    ],
)
def test_it_mirrors_notifys_simulated_failures_in_the_fake(db: None, address: str, state: str) -> None:
    notification = queued_for(UserFactory(email=address))
    assert notification_deliver(notification_id=notification.pk, gateway=FakeGateway()) == state
    assert not FakeEmail.objects.exists()


def test_it_resends_a_lapsed_claim_only_if_the_gateway_never_got_it(idva_a: User, police_b: User) -> None:
    reached = queued_for(idva_a, event="case:1:shared")
    lost = queued_for(police_b, event="case:2:shared")
    gateway = FakeGateway()
    # A worker claimed both, reached the gateway with the first only, and died.
    Notification.objects.filter(pk__in=[reached.pk, lost.pk]).update(
        state=NotificationState.SENDING, attempts=1, claimed_at=timezone.now()
    )
    gateway.send_email(
        email_address=idva_a.email,
        template_id="",
        personalisation={"subject": "s", "body": "b"},
        reference=reached.send_key,
    )
    assert notifications_send_due(gateway=gateway) == 0  # the claims have not lapsed yet
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert notifications_send_due(gateway=gateway) == 2
    assert sorted(FakeEmail.objects.values_list("email_address", flat=True)) == sorted([idva_a.email, police_b.email])
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.SENT}


def test_it_lists_the_fake_outbox(idva_a: User, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(kind="break-glass", recipients=[idva_a], event="break-glass:1", link="/cases/alerts/")
    out = StringIO()
    call_command("notifications_outbox", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["email"] == idva_a.email
    assert row["kind"] == "break-glass"
    assert row["link"] == "http://127.0.0.1:8000/cases/alerts/"
    assert "break-glass" in row["body"] and row["link"] in row["body"]
    text = StringIO()
    call_command("notifications_outbox", stdout=text)
    assert idva_a.email in text.getvalue() and "Subject: You have something to look at" in text.getvalue()


def test_it_links_the_page_and_the_choices_and_says_nothing_else(
    idva_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(kind="referral-routed", recipients=[idva_a], event="r:1", link="/referrals/1/")
    email = FakeEmail.objects.get()
    assert email.body == (
        "A new referral is waiting for your agency.\n\n"
        "http://127.0.0.1:8000/referrals/1/\n\n"
        "Sign in to see it. Do not forward this email.\n\n"
        "To choose when we email you: http://127.0.0.1:8000/account/notifications/"
    )
    assert email.personalisation == {"subject": email.subject, "body": email.body, "link": email.link}
    assert email.reference == Notification.objects.get().send_key


def test_it_sends_nothing_to_a_user_disabled_after_the_message_was_queued(idva_a: User) -> None:
    notification = queued_for(idva_a)
    User.objects.filter(pk=idva_a.pk).update(is_active=False)
    assert notification_deliver(notification_id=notification.pk, gateway=FakeGateway()) == NotificationState.CANCELLED
    assert not FakeEmail.objects.exists()
