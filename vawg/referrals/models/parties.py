"""The people around the subject of a referral, as the referrer named them (a person causing harm and
children). On acceptance each becomes a party to the case (vawg.cases.services.case_party_add)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from vawg.cases.models import PartyRelationship, PartyRole
from vawg.core.models import BaseModel
from vawg.referrals.models.referrals import Referral


class ReferralParty(BaseModel):
    """Someone the referrer named besides the subject. ``case_party`` is set once the referral is accepted
    and the person recorded on the case."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=30, choices=PartyRole.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    relationship_to_victim = models.CharField(max_length=30, choices=PartyRelationship.choices, blank=True)
    lives_with_victim = models.BooleanField(null=True, blank=True)  # children only; None: not known
    case_party = models.ForeignKey("cases.CaseParty", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["referral", "created_at"]
        verbose_name_plural = "referral parties"

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and error reports.
        return f"{self.get_role_display()} on {self.referral}"

    def clean(self) -> None:
        super().clean()
        if not (self.given_name.strip() or self.family_name.strip()):
            raise ValidationError({"given_name": "Enter a given name or a family name"})
        if self.date_of_birth is not None and self.date_of_birth >= timezone.localdate():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past"})
        if self.role == PartyRole.PERSON_CAUSING_HARM and not self.relationship_to_victim:
            raise ValidationError({"relationship_to_victim": "Select their relationship to the person at risk"})
