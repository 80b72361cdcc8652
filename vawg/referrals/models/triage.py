"""What triage works through beside the referral: possible duplicates and tasks (an FGM report)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from vawg.accounts.models import User
from vawg.cases.models import Case
from vawg.core.models import BaseModel, user_who
from vawg.referrals.models.choices import (
    DuplicateResolution,
    TaskKind,
)
from vawg.referrals.models.referrals import Referral


class PossibleDuplicateQuerySet(models.QuerySet["PossibleDuplicate"]):
    def visible_to(self, user: User) -> PossibleDuplicateQuerySet:
        """Flags whose existing person ``user`` could already see (through a visible case or referral).

        A flag must never tell a triager that another agency holds a record on someone: flags
        about people outside the user's need-to-know are left for someone who can see them.
        """
        return self.filter(
            Q(person__in=Case.objects.visible_to(user).values("victim"))
            | Q(person__in=Referral.objects.visible_to(user).values("subject"))
        )


class PossibleDuplicate(BaseModel):
    """An existing person who may be the referral's subject, for a human to check (never merged silently)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="possible_duplicates")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)
    resolution = models.CharField(
        max_length=20, choices=DuplicateResolution.choices, default=DuplicateResolution.PENDING
    )
    resolved_by = user_who(optional=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = PossibleDuplicateQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "created_at"]
        constraints = [models.UniqueConstraint(fields=["referral", "person"], name="referrals_one_flag_per_person")]

    def __str__(self) -> str:
        return f"{self.referral}: possible duplicate"


class ReferralTaskQuerySet(models.QuerySet["ReferralTask"]):
    def open(self) -> ReferralTaskQuerySet:
        return self.filter(done_at__isnull=True)


class ReferralTask(BaseModel):
    """Something that must be done about a referral by a deadline (e.g. the FGM mandatory report)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(max_length=40, choices=TaskKind.choices)
    due = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = user_who(optional=True)

    objects = ReferralTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due"]
        constraints = [models.UniqueConstraint(fields=["referral", "kind"], name="referrals_one_task_per_kind")]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_kind_display()}"
