"""People: victims, survivors, people causing harm, children; their aliases and relationships."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel
from vawg.people.models.choices import (
    AliasKind,
    Disability,
    Ethnicity,
    Gender,
    RelationshipKind,
    SexualOrientation,
    TransStatus,
)

# "Exactly one of created_by and system_job": a person made the change, or a named system job did.

ONE_AUTHOR = Q(created_by__isnull=False, system_job="") | (Q(created_by__isnull=True) & ~Q(system_job=""))


class PersonQuerySet(models.QuerySet["Person"]):
    def in_district(self, district: Any) -> PersonQuerySet:
        return self.filter(district=district)


class Person(BaseModel):
    """A victim/survivor, a person causing harm, or a child in the household (one model for all)."""

    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only when the date of birth is not known: age when the record was made."
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)

    # Equality data: for monitoring only, never required ("" = not recorded).
    ethnicity = models.CharField(max_length=30, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=30, choices=Disability.choices, blank=True)
    sexual_orientation = models.CharField(max_length=30, choices=SexualOrientation.choices, blank=True)
    trans_status = models.CharField(max_length=30, choices=TransStatus.choices, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(null=True, blank=True)

    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    # Location-critical (docs/security.md#da-1): encrypted at rest.
    address = EncryptedTextField()
    postcode = EncryptedTextField()
    phone = EncryptedTextField()
    email = EncryptedTextField()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(approximate_age__isnull=True),
                name="people_person_dob_or_approximate_age",
                violation_error_message="Enter either a date of birth or an approximate age, not both",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs and error reports.
        return f"Person {self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def clean(self) -> None:
        super().clean()
        if not (self.given_name.strip() or self.family_name.strip()):
            raise ValidationError({"given_name": "Enter a given name or a family name"})
        if self.date_of_birth is not None and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past"})
        if self.approximate_age is not None and self.approximate_age > 120:
            raise ValidationError({"approximate_age": "Approximate age must be 120 or less"})

    def age_on(self, on: date) -> int | None:
        """Age in whole years on ``on``: from the date of birth, or the approximate age moved on since recording."""
        if self.date_of_birth is not None:
            dob = self.date_of_birth
            return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
        if self.approximate_age is not None:
            recorded = self.created_at.date() if self.created_at else on
            return self.approximate_age + max(0, on.year - recorded.year)
        return None


class PersonAlias(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "name", "kind"], name="people_alias_unique"),
        ]

    def __str__(self) -> str:
        return f"Alias {self.pk}"


class PersonRelationship(BaseModel):
    """``person`` is the ``kind`` of ``other`` (e.g. person is the ex-partner of other)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=40, choices=RelationshipKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="people_relationship_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("other")),
                name="people_relationship_not_self",
                violation_error_message="A person cannot be related to themselves",
            ),
        ]

    def __str__(self) -> str:
        return f"Relationship {self.pk}"
