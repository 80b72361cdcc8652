"""Routing rules: data an administrator edits, each change kept as a version."""

from __future__ import annotations

from django.db import models

from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.referrals.models.choices import (
    ServiceKind,
)


class RoutingRuleQuerySet(models.QuerySet["RoutingRule"]):
    def active(self) -> RoutingRuleQuerySet:
        return self.filter(active=True)


class RoutingRule(BaseModel):
    """One routing rule (data an administrator edits; every change is kept as a RoutingRuleVersion).

    ``conditions`` keys (a missing key matches anything): forms_of_abuse (any of), risk_grades,
    age_bands ("under-18", "18-24", "25-plus"), genders, districts (slugs), needs (any of),
    subject_roles, sources.
    """

    name = models.CharField(max_length=200, unique=True)
    priority = models.PositiveIntegerField(default=100, help_text="Lower numbers are applied first")
    active = models.BooleanField(default=True)
    conditions = models.JSONField(default=dict, blank=True)
    service_kind = models.CharField(max_length=40, choices=ServiceKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        help_text="Empty: the active organisation providing this service that covers the referral's district",
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["priority", "name"]

    def __str__(self) -> str:
        return self.name


class RoutingRuleVersion(ImmutableModel):
    """A snapshot of a routing rule after one change (who, when and what)."""

    rule = models.ForeignKey(RoutingRule, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["rule", "-version"]
        constraints = [models.UniqueConstraint(fields=["rule", "version"], name="referrals_one_row_per_rule_version")]

    def __str__(self) -> str:
        return f"{self.rule} v{self.version}"
