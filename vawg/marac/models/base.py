"""What every MARAC model module shares: the permission names and the membership subqueries the gates use."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef

from vawg.accounts.models import Membership, User
from vawg.cases.models import CaseDenyEntry

COORDINATE = "marac.coordinate"
TAKE_PART = "marac.take_part"
RECORD_VICTIM_VOICE = "marac.record_victim_voice"
VIEW_RETURN = "marac.view_return"


def active_user(user: User) -> bool:
    """A signed-in, active account (an anonymous user passed by mistake is refused, not an error)."""
    return bool(getattr(user, "is_authenticated", False) and user.pk is not None and user.is_active)


def organisations_with(user: User, perm: str) -> models.QuerySet[Any]:
    """Ids of the agencies where ``user`` holds ``perm`` through an active membership (a subquery)."""
    return Membership.objects.active().of_active_user(user).holding(perm).values("organisation_id")


def not_denied(user: User, case_field: str) -> Exists:
    return Exists(CaseDenyEntry.objects.filter(case=OuterRef(case_field), user=user.pk, removed_at__isnull=True))
