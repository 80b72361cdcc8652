"""Queueing staff notifications: one row per recipient, sent after the caller's transaction commits."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from vawg.accounts.models import User
from vawg.notifications.models import (
    CHOOSABLE_KINDS,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationState,
)
from vawg.notifications.services.sending import notification_send

_PAUSED: ContextVar[bool] = ContextVar("notifications_paused", default=False)


@contextmanager
def notifications_paused() -> Iterator[None]:
    """Queue nothing inside this block: for work that replays events long past (the demo's history, a bulk
    import of old records), whose emails would tell staff of things done months ago."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def send_key(*, kind: str, event: str, recipient_id: object) -> str:
    """The opaque key of one (kind, event, recipient): unique per message, and Notify's ``reference``."""
    return hashlib.sha256(f"{kind}\x1f{event}\x1f{recipient_id}".encode()).hexdigest()


def _enqueue(notification_id: str) -> None:
    notification_send.enqueue(notification_id=notification_id)


@transaction.atomic
def notification_queue(*, kind: str, recipients: Iterable[User], event: str, link: str) -> int:
    """Queue one neutral email of ``kind`` to each recipient about ``event`` and return how many were queued.

    ``event`` is a stable, opaque key (``f"referral:{referral.pk}:routed"``), never a name or reference:
    a recipient gets each (kind, event) once, so queueing it again does nothing. ``link`` is a site path.
    Runs inside the caller's transaction; immediate emails are handed to the background worker when it
    commits, digest ones wait for ``manage.py notifications_digest``. Inactive users get nothing.
    Queueing is part of the caller's action, which its own audit entry records; each send is audited
    (``notifications.notification.send``, by the system job ``notifications.send``).
    """
    kind = NotificationKind(kind)
    if _PAUSED.get():
        return 0
    if kind not in CHOOSABLE_KINDS:
        raise ValueError(f"{kind!r} is not a kind of notification a service may queue")
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("link must be a path on this site, such as /referrals/<id>/")
    people = {user.pk: user for user in recipients if user.is_active and user.email}
    if not people:
        return 0
    digest_users = set(
        NotificationPreference.objects.filter(user__in=people, kind=kind, delivery=Delivery.DIGEST).values_list(
            "user_id", flat=True
        )
    )
    keys = {pk: send_key(kind=kind, event=event, recipient_id=pk) for pk in people}
    taken = set(Notification.objects.filter(send_key__in=keys.values()).values_list("send_key", flat=True))
    queued: list[Notification] = []
    for pk, user in people.items():
        if keys[pk] in taken:
            continue
        digest = pk in digest_users
        notification = Notification(
            id=uuid.uuid4(),
            recipient=user,
            kind=kind,
            event=event,
            link=link,
            send_key=keys[pk],
            delivery=Delivery.DIGEST if digest else Delivery.IMMEDIATE,
            state=NotificationState.AWAITING_DIGEST if digest else NotificationState.QUEUED,
            next_attempt_at=None if digest else timezone.now(),
        )
        try:
            with transaction.atomic():  # a concurrent queue of the same event wins the race: skip it
                notification.full_clean(validate_unique=False)
                notification.save()
        except IntegrityError:
            continue
        queued.append(notification)
    for notification in queued:
        if notification.state == NotificationState.QUEUED:
            transaction.on_commit(partial(_enqueue, str(notification.pk)))
    return len(queued)
