"""The daily digest: one email per user, their waiting messages grouped by kind, then nothing left."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from vawg.accounts.models import User
from vawg.notifications.models import (
    Delivery,
    FakeEmail,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationState,
)
from vawg.notifications.services import notification_queue

pytestmark = pytest.mark.django_db


def digest_of(user: User, *kinds: NotificationKind) -> None:
    for kind in kinds:
        NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DIGEST)


def test_it_sends_one_digest_per_user_grouped_by_kind(idva_a: User, police_b: User) -> None:
    digest_of(idva_a, NotificationKind.REFERRAL_ROUTED, NotificationKind.CASE_SHARED)
    digest_of(police_b, NotificationKind.CASE_SHARED)
    for n in (1, 2):
        notification_queue(kind="referral-routed", recipients=[idva_a], event=f"r:{n}", link=f"/referrals/{n}/")
    notification_queue(kind="case-shared", recipients=[idva_a, police_b], event="c:9", link="/cases/9/")
    call_command("notifications_digest", stdout=StringIO())

    mine = FakeEmail.objects.get(email_address=idva_a.email)
    assert "New referrals waiting for your agency: 2" in mine.body
    assert "Cases shared with your agency: 1" in mine.body
    assert mine.body.index("/referrals/1/") < mine.body.index("Cases shared") < mine.body.index("/cases/9/")
    theirs = FakeEmail.objects.get(email_address=police_b.email)
    assert "Cases shared with your agency: 1" in theirs.body and "referrals" not in theirs.body.lower()
    waiting = Notification.objects.exclude(kind=NotificationKind.DIGEST)
    assert set(waiting.values_list("state", flat=True)) == {NotificationState.DIGESTED}

    call_command("notifications_digest", stdout=StringIO())  # the next day, nothing new: no email
    assert FakeEmail.objects.count() == 2


def test_it_sends_immediately_the_kinds_a_user_did_not_put_in_the_digest(
    idva_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    digest_of(idva_a, NotificationKind.CASE_SHARED)
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(kind="break-glass", recipients=[idva_a], event="b:1", link="/cases/alerts/")
        notification_queue(kind="case-shared", recipients=[idva_a], event="c:1", link="/cases/1/")
    assert list(FakeEmail.objects.values_list("link", flat=True)) == ["http://127.0.0.1:8000/cases/alerts/"]
