"""A case's chronology: notes, contacts, assessments, referrals, status changes and alerts, written once."""

from __future__ import annotations

from django.db import models

from vawg.cases.models.cases import Case
from vawg.core.fields import EncryptedTextField
from vawg.core.models import ImmutableModel, ImmutableQuerySet, user_who


class ChronologyKind(models.TextChoices):
    NOTE = "note", "Note"
    CONTACT = "contact", "Contact"
    ASSESSMENT = "assessment", "Assessment"
    REFERRAL = "referral", "Referral"
    STATUS = "status", "Status change"
    ALERT = "alert", "Alert"


class ChronologyEntryQuerySet(ImmutableQuerySet):
    def for_case(self, case: Case) -> ChronologyEntryQuerySet:
        return self.filter(case=case)

    def newest_first(self) -> ChronologyEntryQuerySet:
        return self.order_by("-created_at")


class ChronologyEntry(ImmutableModel):
    """One event in a case's chronology (a note, contact, assessment, referral, status change or alert).

    Written once, never changed or deleted. ``body`` is encrypted: notes can reveal where someone is.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    kind = models.CharField(max_length=20, choices=ChronologyKind.choices)
    summary = models.CharField(max_length=200)
    body = EncryptedTextField()
    created_by = user_who()

    objects = ChronologyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-created_at"]
        verbose_name_plural = "chronology entries"
        # The case list's last activity and "no contact for 14 days" (docs/case-list.md).
        indexes = [
            models.Index(fields=["case", "-created_at"], name="chronology_case_newest"),
            models.Index(fields=["case", "kind", "created_at"], name="chronology_case_kind_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case}"
