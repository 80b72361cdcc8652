"""Queueing staff notifications: one per recipient, once per event, sent after the caller commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from vawg.accounts.models import User
from vawg.accounts.tests.factories import UserFactory
from vawg.notifications.models import (
    Delivery,
    FakeEmail,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationState,
)
from vawg.notifications.services import notification_queue, notifications_paused

pytestmark = pytest.mark.django_db


def test_it_queues_one_message_per_recipient_and_sends_it_after_commit(
    idva_a: User, police_b: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        queued = notification_queue(
            kind="referral-routed", recipients=[idva_a, police_b], event="referral:1:routed", link="/referrals/1/"
        )
    assert queued == 2
    assert sorted(FakeEmail.objects.values_list("email_address", flat=True)) == sorted([idva_a.email, police_b.email])
    assert set(Notification.objects.values_list("state", flat=True)) == {NotificationState.SENT}


def test_it_does_nothing_when_the_same_event_is_queued_again(
    idva_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_queue(kind="case-shared", recipients=[idva_a], event="case:9:shared", link="/cases/9/")
        again = notification_queue(
            kind="case-shared", recipients=[idva_a, idva_a], event="case:9:shared", link="/cases/9/"
        )
    assert (first, again) == (1, 0)
    assert FakeEmail.objects.count() == 1


def test_it_sends_nothing_when_the_callers_transaction_rolls_back(
    idva_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notification_queue(kind="case-shared", recipients=[idva_a], event="case:9:shared", link="/cases/9/")
        raise RuntimeError
    assert not Notification.objects.exists()
    assert not FakeEmail.objects.exists()


def test_it_queues_nothing_while_paused_and_again_after(idva_a: User, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with notifications_paused():
            quiet = notification_queue(kind="case-shared", recipients=[idva_a], event="case:9:shared", link="/cases/9/")
        after = notification_queue(kind="case-shared", recipients=[idva_a], event="case:9:shared", link="/cases/9/")
    assert (quiet, after) == (0, 1)
    assert FakeEmail.objects.count() == 1


def test_it_skips_inactive_users(db: None) -> None:
    gone = UserFactory(is_active=False)
    assert notification_queue(kind="case-shared", recipients=[gone], event="case:1:shared", link="/cases/1/") == 0


def test_it_keeps_a_digest_users_message_for_the_digest(idva_a: User, django_capture_on_commit_callbacks: Any) -> None:
    NotificationPreference.objects.create(user=idva_a, kind=NotificationKind.CASE_SHARED, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notification_queue(kind="case-shared", recipients=[idva_a], event="case:2:shared", link="/cases/2/")
    assert Notification.objects.get().state == NotificationState.AWAITING_DIGEST
    assert not FakeEmail.objects.exists()


@pytest.mark.parametrize(
    ("kind", "link", "error"),
    [
        ("no-such-kind", "/cases/1/", "not a valid"),
        ("digest", "/cases/1/", "not a kind"),
        ("case-shared", "https://elsewhere.example.invalid/", "path on this site"),
        ("case-shared", "//elsewhere.example.invalid/", "path on this site"),
    ],
)
def test_it_refuses_a_bad_kind_or_link(idva_a: User, kind: str, link: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        notification_queue(kind=kind, recipients=[idva_a], event="case:1:shared", link=link)
    assert not Notification.objects.exists()
