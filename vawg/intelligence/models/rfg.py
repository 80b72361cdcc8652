"""The RFG ranking: harm weight tables (configuration with their source) and each stored run
(docs/rfg.md). The model itself is a pure function in vawg/intelligence/rules/rfg.py."""

from __future__ import annotations

from django.db import models

from vawg.core.models import BaseModel, user_who
from vawg.intelligence.models.harm import PersonCausingHarm


class WeightScheme(models.TextChoices):
    CCHI = "cchi", "Cambridge Crime Harm Index"
    ONS_CSS = "ons-css", "ONS Crime Severity Score"
    LOCAL = "local", "Local table"


class HarmWeightTable(BaseModel):
    """A versioned table of offence weights and where it came from; one is current."""

    scheme = models.CharField(max_length=20, choices=WeightScheme.choices)
    version = models.CharField(max_length=40)
    source = models.CharField(max_length=500)
    is_unconfirmed = models.BooleanField(default=True)
    is_current = models.BooleanField(default=False)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="intelligence_one_weight_table_version"),
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="intelligence_one_current_table"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.version}"


class HarmWeight(BaseModel):
    table = models.ForeignKey(HarmWeightTable, on_delete=models.PROTECT, related_name="weights")
    offence_code = models.CharField(max_length=20)
    weight = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "offence_code"], name="intelligence_one_weight_per_code")
        ]


class RfgRun(BaseModel):
    """One run of the ranking: the model version, its parameters and the hash of its inputs."""

    as_of = models.DateField()
    model_version = models.CharField(max_length=40)
    parameters = models.JSONField()
    inputs_sha256 = models.CharField(max_length=64)
    weight_table = models.ForeignKey(HarmWeightTable, on_delete=models.PROTECT, related_name="+")
    cohort_size = models.PositiveIntegerField(default=0)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]


class RfgScore(BaseModel):
    """One person's score in a run, with every component beside the total."""

    run = models.ForeignKey(RfgRun, on_delete=models.PROTECT, related_name="scores")
    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="rfg_scores")
    rank = models.PositiveIntegerField()
    recency = models.PositiveSmallIntegerField()
    frequency = models.PositiveIntegerField()
    frequency_12m = models.PositiveIntegerField()
    gravity = models.FloatField()
    gravity_max = models.FloatField()
    victims = models.PositiveIntegerField()
    serial = models.BooleanField()
    total = models.FloatField()

    class Meta:
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "person_causing_harm"], name="intelligence_one_score_per_run"),
        ]
