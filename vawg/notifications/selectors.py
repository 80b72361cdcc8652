"""Typed reads for staff notifications: who to tell, each user's choices, and the fake outbox."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.urls import Resolver404, resolve

from vawg.accounts.models import Membership, User
from vawg.notifications.hooks import LINK_GATES
from vawg.notifications.models import CHOOSABLE_KINDS, Delivery, FakeEmail, NotificationPreference


def staff_holding(*, perm: str, organisation_ids: Collection[Any]) -> QuerySet[User]:
    """Active users who hold ``perm`` through an active membership of one of ``organisation_ids``."""
    memberships = Membership.objects.active().holding(perm).filter(organisation_id__in=organisation_ids)
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("email")


def recipients_who_see(users: Iterable[User], *, sees: Callable[[User], bool]) -> list[User]:
    """Only the users for whom ``sees`` holds: callers pass their record's ``visible_to`` gate, for example
    ``lambda user: Case.objects.visible_to(user).filter(pk=case.pk).exists()``, so a deny-listed user (or
    anyone else the record is hidden from) is never told about it."""
    return [user for user in users if sees(user)]


def may_open(user: User, link: str) -> bool:
    """Whether ``user`` is still active and may open the page ``link`` leads to, by the gate registered for
    that page (vawg/notifications/hooks.py). A page with no gate, or a path that names no page, is not
    checked: the page itself still answers 404 to anyone who may not see it."""
    if not user.is_active:
        return False
    try:
        match = resolve(urlsplit(link).path)
    except Resolver404:
        return True
    gate = LINK_GATES.get(match.view_name)
    return True if gate is None else gate(user, match.kwargs)


def preferences_for(user: User) -> dict[str, str]:
    """Every kind a user may choose for, with their choice (immediate unless they chose the digest)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.value: chosen.get(kind.value, Delivery.IMMEDIATE.value) for kind in CHOOSABLE_KINDS}


def outbox() -> QuerySet[FakeEmail]:
    """The fake gateway's emails, oldest first (demo and tests only: no real email is there)."""
    return FakeEmail.objects.order_by("created_at")
