"""Configuration: MARAC areas and the adult female population figures (admin-edited)."""

from __future__ import annotations

from django.db import models

from vawg.accounts.models import User
from vawg.core.models import BaseModel
from vawg.marac.models.base import (
    COORDINATE,
    active_user,
    organisations_with,
)

# ---------------------------------------------------------------------------
# Configuration: areas and populations
# ---------------------------------------------------------------------------


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"


class MaracAreaQuerySet(models.QuerySet["MaracArea"]):
    def active(self) -> MaracAreaQuerySet:
        return self.filter(is_active=True)

    def coordinated_by(self, user: User) -> MaracAreaQuerySet:
        """Areas whose coordinating agency is one where ``user`` holds ``marac.coordinate``."""
        if not active_user(user):
            return self.none()
        return self.filter(coordinating_organisation__in=organisations_with(user, COORDINATE))


class MaracArea(BaseModel):
    """One MARAC: the districts it covers, who coordinates it, and how often it meets."""

    name = models.CharField(max_length=200, unique=True)
    districts = models.ManyToManyField("accounts.District", related_name="marac_areas")
    coordinating_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="coordinated_marac_areas"
    )
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    default_capacity = models.PositiveSmallIntegerField(
        default=15, help_text="Cases per meeting (SafeLives: about 15, at 12-15 minutes each)"
    )
    minutes_per_case = models.PositiveSmallIntegerField(default=15)
    is_active = models.BooleanField(default=True)

    objects = MaracAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdultFemalePopulation(BaseModel):
    """Women aged 16 and over living in a district: the denominator for cases per 10,000 (configuration)."""

    district = models.ForeignKey("accounts.District", on_delete=models.PROTECT, related_name="adult_female_population")
    year = models.PositiveSmallIntegerField(help_text="The year the estimate is for")
    women_16_plus = models.PositiveIntegerField()
    source = models.CharField(max_length=300, help_text="Where the figure comes from, for example ONS mid-year 2024")

    class Meta:
        ordering = ["district__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="marac_population_once_a_year")]

    def __str__(self) -> str:
        return f"{self.district} {self.year}: {self.women_16_plus}"
