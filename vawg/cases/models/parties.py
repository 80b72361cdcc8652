"""The people around a case (never its victim): a person causing harm, a child, another adult at risk."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from vawg.cases.models.cases import Case, CaseLink, CaseLinkQuerySet


class PartyRole(models.TextChoices):
    PERSON_CAUSING_HARM = "person-causing-harm", "Person causing harm"
    CHILD = "child", "Child"
    OTHER_ADULT = "other-adult", "Other adult at risk"


class PartyRelationship(models.TextChoices):
    INTIMATE_PARTNER = "intimate-partner", "Intimate partner"
    EX_PARTNER = "ex-partner", "Ex-partner"
    FAMILY_MEMBER = "family-member", "Family member"
    OTHER = "other", "Other"


class CaseParty(CaseLink):
    """A person around a case (never its victim): a person causing harm, a child, another adult at risk.

    ``possible_duplicates`` holds the ids and reasons of people the adder could see who may be the same
    person (a flag for a human to check, as for a referral's subject; never merged)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_parties")
    role = models.CharField(max_length=30, choices=PartyRole.choices)
    relationship_to_victim = models.CharField(max_length=30, choices=PartyRelationship.choices, blank=True)
    lives_with_victim = models.BooleanField(null=True, blank=True)  # children only; None: not known
    school_or_nursery = models.CharField(max_length=200, blank=True)
    childrens_social_care = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    possible_duplicates = models.JSONField(default=list, blank=True)
    end_reason = models.TextField(blank=True)

    objects = CaseLinkQuerySet["CaseParty"].as_manager()

    class Meta:
        ordering = ["case", "added_at"]
        verbose_name_plural = "case parties"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=Q(ended_at__isnull=True),
                name="one_open_party_per_person",
                violation_error_message="This person is already recorded on this case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.case}"

    def clean(self) -> None:
        super().clean()
        if self.case_id is not None and self.person_id is not None and self.case.victim_id == self.person_id:
            raise ValidationError({"person": "The victim cannot be a party to their own case"})
        if self.role == PartyRole.PERSON_CAUSING_HARM and not self.relationship_to_victim:
            raise ValidationError({"relationship_to_victim": "Select their relationship to the victim"})
        if self.role != PartyRole.CHILD and (
            self.lives_with_victim is not None or self.school_or_nursery or self.childrens_social_care_id
        ):
            raise ValidationError({"role": "Only a child has a school, a living arrangement or social care"})
