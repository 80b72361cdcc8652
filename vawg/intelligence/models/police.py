"""Police data: each extract imported (with its file's hash), the incidents and crimes in it, and the
force references that tie a person to the force's own records (docs/police-import.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from vawg.core.models import BaseModel, user_who
from vawg.intelligence.models.harm import PersonCausingHarm


class ForceReference(BaseModel):
    """A force's own reference for a person (victim or person causing harm): one per force and reference."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="force_references")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=50)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="intelligence_one_person_per_force_ref")
        ]

    def __str__(self) -> str:
        return f"Force reference {self.pk}"


class PoliceImport(BaseModel):
    """One accepted extract (a rejected file stores nothing but its audit entry)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(max_length=20)
    rows = models.PositiveIntegerField()
    incidents_created = models.PositiveIntegerField(default=0)
    incidents_updated = models.PositiveIntegerField(default=0)
    incidents_unchanged = models.PositiveIntegerField(default=0)
    people_created = models.PositiveIntegerField(default=0)
    # People already on record whose empty name, date of birth or postcode the file filled in, and those
    # whose stored name or date of birth differs from the file (kept as stored: docs/police-import.md).
    people_filled = models.PositiveIntegerField(default=0)
    people_differing = models.PositiveIntegerField(default=0)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def audit_agency_id(self) -> object:
        return self.organisation_id


class CourtResult(models.TextChoices):
    """The court's result for a crime charged or summonsed, as the force reports it."""

    CONVICTED = "convicted", "Convicted"
    ACQUITTED = "acquitted", "Acquitted"
    DISCONTINUED = "discontinued", "Discontinued"
    OTHER = "other", "Another result"


CHARGED_OUTCOME = "1"  # the Home Office outcome "charged or summonsed"


class PoliceIncident(BaseModel):
    """A domestic abuse incident or crime from a force's extract: one per force and incident id.

    ``offence_code`` is a code of the configured offence list (vawg/intelligence/offences.py), or the
    non-crime code. ``outcome_code`` is the Home Office crime outcome as reported (never converted), with the
    day it was recorded when the extract gives it; ``court_result`` (and its day) only follows outcome 1.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    incident_id = models.CharField(max_length=50)
    occurred_on = models.DateField()
    offence_code = models.CharField(max_length=20)
    is_crime = models.BooleanField()
    outcome_code = models.CharField(max_length=5, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    court_result = models.CharField(max_length=20, choices=CourtResult.choices, blank=True)
    court_result_date = models.DateField(null=True, blank=True)
    district = models.ForeignKey("accounts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    perpetrator = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="incidents")
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="police_incidents_suffered")
    first_import = models.ForeignKey(PoliceImport, on_delete=models.PROTECT, related_name="+")
    last_import = models.ForeignKey(PoliceImport, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "incident_id"], name="intelligence_one_incident_per_force_id"
            ),
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True) | ~Q(outcome_code=""),
                name="intelligence_incident_outcome_date_needs_outcome",
            ),
            models.CheckConstraint(
                condition=Q(court_result="") | Q(outcome_code=CHARGED_OUTCOME),
                name="intelligence_incident_court_result_needs_charge",
            ),
            models.CheckConstraint(
                condition=Q(court_result_date__isnull=True) | ~Q(court_result=""),
                name="intelligence_incident_court_date_needs_result",
            ),
        ]
        indexes = [
            models.Index(fields=["perpetrator", "occurred_on"]),
            models.Index(fields=["occurred_on"], name="intelligence_incident_on"),
        ]

    def __str__(self) -> str:
        return f"Police incident {self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.outcome_date is not None and not self.outcome_code:
            raise ValidationError({"outcome_date": "An outcome date needs an outcome code"})
        if self.outcome_date is not None and self.outcome_date < self.occurred_on:
            raise ValidationError({"outcome_date": "The outcome date is before the date of the incident"})
        if self.court_result and self.outcome_code != CHARGED_OUTCOME:
            raise ValidationError({"court_result": "A court result follows only outcome 1 (charged or summonsed)"})
        if self.court_result_date is not None and not self.court_result:
            raise ValidationError({"court_result_date": "A court result date needs a court result"})
