"""The daily digest, and each user's choice between immediate emails and the digest."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.notifications.models import (
    CHOOSABLE_KINDS,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationState,
)
from vawg.notifications.selectors import may_open
from vawg.notifications.services.queue import send_key
from vawg.notifications.services.sending import notification_cancel

DIGEST_JOB = "notifications.digest"


@transaction.atomic
def digest_build(*, recipient_id: uuid.UUID, now: datetime) -> Notification | None:
    """Gather one user's messages waiting for the digest into one queued digest email (None if none wait)."""
    waiting = Notification.objects.select_for_update().awaiting_digest().filter(recipient_id=recipient_id)
    items = []
    for item in waiting.select_related("recipient"):
        if may_open(item.recipient, item.link):
            items.append(item)
        else:  # deny-listed, moved on or disabled since it was queued
            notification_cancel(notification=item)
    if not items:
        return None
    event = f"digest:{now.isoformat()}"
    digest = Notification(
        id=uuid.uuid4(),
        recipient_id=recipient_id,
        kind=NotificationKind.DIGEST,
        event=event,
        link=reverse("accounts:staff_home"),
        send_key=send_key(kind=NotificationKind.DIGEST, event=event, recipient_id=recipient_id),
        state=NotificationState.QUEUED,
        next_attempt_at=now,
    )
    save_valid(digest)
    for item in items:
        item.state = NotificationState.DIGESTED
        item.digest = digest
        save_valid(item, update_fields=["state", "digest", "updated_at"])
    audit_record(
        action="notifications.digest.create",
        system_job=DIGEST_JOB,
        obj=digest,
        details={"items": len(items), "kinds": sorted({item.kind for item in items})},
    )
    return digest


def digests_build(*, now: datetime | None = None) -> list[Notification]:
    """One digest per user with messages waiting (each in its own transaction)."""
    now = now or timezone.now()
    recipients = Notification.objects.awaiting_digest().order_by().values_list("recipient_id", flat=True).distinct()
    built = (digest_build(recipient_id=recipient_id, now=now) for recipient_id in list(recipients))
    return [digest for digest in built if digest is not None]


@transaction.atomic
def notification_preferences_save(
    *, user: User, choices: dict[str, str], by: User, request: HttpRequest | None = None
) -> dict[str, str]:
    """Record ``user``'s choice for each kind (immediate or digest) and return the choices; only the user
    may change their own."""
    if by.pk != user.pk:
        raise ValidationError("Only the user may change their own notification choices")
    known = {kind.value for kind in CHOOSABLE_KINDS}
    unknown = set(choices) - known
    if unknown or not set(choices.values()) <= set(Delivery.values):
        raise ValidationError("Choose straight away or the daily digest for each kind of notification")
    changed = []
    for kind, delivery in sorted(choices.items()):
        preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
        if preference is None:
            preference = NotificationPreference(user=user, kind=kind, delivery=delivery)
        elif preference.delivery == delivery:
            continue
        preference.delivery = delivery
        save_valid(preference)
        changed.append(f"{kind}={delivery}")
    if changed:
        audit_record(
            action="notifications.preference.update",
            by=by,
            object_type="accounts.user",
            object_id=user.pk,
            request=request,
            details={"changes": ",".join(changed)},
        )
    return dict(choices)
