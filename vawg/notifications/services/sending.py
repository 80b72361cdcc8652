"""Sending queued staff notifications, at most once each, even when a worker dies mid-send.

Each message is claimed first (its state set to "sending" in a transaction of its own that commits),
then handed to the gateway, then confirmed with the gateway's id. A message found still claimed after
the lease (``NOTIFY_LEASE_SECONDS``), or tried before, is sent again only after asking the gateway
whether a notification with its reference already exists (ADR 0010).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.notifications import rules
from vawg.notifications.models import Notification, NotificationKind, NotificationState
from vawg.notifications.presenters import EmailContent, digest_content, email_content
from vawg.notifications.selectors import may_open
from vawg.notifications.services.gateways import GatewayError, NotificationGateway, gateway_get

SEND_JOB = "notifications.send"
logger = logging.getLogger(__name__)


def template_for(kind: str) -> str:
    return str(settings.NOTIFY_TEMPLATE_IDS.get(kind, settings.NOTIFY_TEMPLATE_ID))


def content_for(notification: Notification) -> EmailContent:
    if notification.kind == NotificationKind.DIGEST:
        items = notification.items.order_by("created_at").values_list("kind", "link")
        return digest_content(items=items, link=notification.link)
    return email_content(kind=notification.kind, link=notification.link)


def _lease() -> timedelta:
    return timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)


@transaction.atomic
def _claim(notification_id: Any) -> Notification | None:
    """Mark the message as being sent, if it is due or its last claim has lapsed; None otherwise."""
    notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
    if notification is None:
        return None
    now = timezone.now()
    due = notification.state == NotificationState.QUEUED and (
        notification.next_attempt_at is None or notification.next_attempt_at <= now
    )
    lapsed = notification.state == NotificationState.SENDING and (
        notification.claimed_at is None or notification.claimed_at < now - _lease()
    )
    if not (due or lapsed):
        return None
    notification.state = NotificationState.SENDING
    notification.claimed_at = now
    notification.attempts += 1
    save_valid(notification, update_fields=["state", "claimed_at", "attempts", "updated_at"])
    return notification


@transaction.atomic
def _confirm(notification: Notification, *, gateway_id: str, found: bool) -> None:
    notification.state = NotificationState.SENT
    notification.gateway_id = gateway_id
    notification.sent_at = timezone.now()
    notification.last_error = ""
    save_valid(notification, update_fields=["state", "gateway_id", "sent_at", "last_error", "updated_at"])
    audit_record(
        action="notifications.notification.send",
        system_job=SEND_JOB,
        obj=notification,
        details={"kind": notification.kind, "gateway_id": gateway_id, "found_already_sent": found},
    )


@transaction.atomic
def _fail(notification: Notification, *, status_code: int) -> None:
    wait = rules.retry_after(status_code=status_code, attempt=notification.attempts)
    notification.last_error = str(status_code)
    if wait is None:
        notification.state = NotificationState.FAILED
        notification.next_attempt_at = None
    else:
        notification.state = NotificationState.QUEUED
        notification.next_attempt_at = timezone.now() + wait
    save_valid(notification, update_fields=["state", "next_attempt_at", "last_error", "updated_at"])
    if status_code == 403:
        logger.error(
            "GOV.UK Notify refused notification %s with 403: check NOTIFY_API_KEY and that this server's "
            "clock is right (Notify refuses tokens more than 30 seconds out).",
            notification.pk,
        )
    if wait is None:
        audit_record(
            action="notifications.notification.fail",
            system_job=SEND_JOB,
            obj=notification,
            details={"kind": notification.kind, "status_code": status_code, "attempts": notification.attempts},
        )
        return
    backend = notification_send.get_backend()
    if backend.supports_defer:
        run_after = notification.next_attempt_at
        transaction.on_commit(
            lambda: notification_send.using(run_after=run_after).enqueue(notification_id=str(notification.pk))
        )


@transaction.atomic
def notification_cancel(*, notification: Notification) -> None:
    """Sent nothing: the recipient was disabled, or may no longer open the page, since it was queued."""
    notification.state = NotificationState.CANCELLED
    save_valid(notification, update_fields=["state", "updated_at"])
    audit_record(
        action="notifications.notification.cancel",
        system_job=SEND_JOB,
        obj=notification,
        details={"kind": notification.kind, "reason": "recipient-may-not-open-link"},
    )


def notification_deliver(*, notification_id: Any, gateway: NotificationGateway | None = None) -> str | None:
    """Send one queued message if it is due, and return its state afterwards (None if it was not due).

    Never call this inside a transaction: the claim must commit before the gateway is called.
    """
    notification = _claim(notification_id)
    if notification is None:
        return None
    if not may_open(notification.recipient, notification.link):
        notification_cancel(notification=notification)
        return notification.state
    gateway = gateway or gateway_get()
    try:
        if notification.attempts > 1:
            # Tried before: the earlier attempt may have reached the gateway before the worker stopped.
            already = gateway.find_by_reference(reference=notification.send_key)
            if already:
                _confirm(notification, gateway_id=already, found=True)
                return notification.state
        content = content_for(notification)
        gateway_id = gateway.send_email(
            email_address=notification.recipient.email,
            template_id=template_for(notification.kind),
            personalisation=content.personalisation(),
            reference=notification.send_key,
        )
    except GatewayError as error:
        _fail(notification, status_code=error.status_code)
        return notification.state
    _confirm(notification, gateway_id=gateway_id, found=False)
    return notification.state


def notifications_send_due(*, gateway: NotificationGateway | None = None) -> int:
    """Send every message that is due, or whose claim has lapsed; return how many were sent."""
    now = timezone.now()
    ids = [
        *Notification.objects.due(now=now).values_list("pk", flat=True),
        *Notification.objects.stale_claims(claimed_before=now - _lease()).values_list("pk", flat=True),
    ]
    gateway = gateway or gateway_get()
    return sum(notification_deliver(notification_id=pk, gateway=gateway) == NotificationState.SENT for pk in ids)


@task()
def notification_send(notification_id: str) -> None:
    """The background job that sends one message (enqueued when the queueing transaction commits)."""
    notification_deliver(notification_id=notification_id)
