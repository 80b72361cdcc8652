"""Routing rules: data an administrator edits, every change kept as a version (who, when, what)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.referrals.models import (
    RoutingRule,
    RoutingRuleVersion,
)
from vawg.referrals.rules import routing

RULE_SNAPSHOT_FIELDS = ("name", "priority", "active", "conditions", "service_kind", "organisation_id")


def rule_snapshot(rule: RoutingRule) -> dict[str, Any]:
    snapshot = {name: getattr(rule, name) for name in RULE_SNAPSHOT_FIELDS}
    snapshot["organisation_id"] = str(rule.organisation_id) if rule.organisation_id else None
    return snapshot


@transaction.atomic
def routing_rule_save(
    *, rule: RoutingRule, by: User | None, system_job: str = "", request: HttpRequest | None = None
) -> RoutingRule:
    """Create or change a routing rule, keeping a version row (who, when, what) for every save."""
    if by is None and not system_job:
        raise ValidationError("A routing rule change needs a person or a system job")
    problems = routing.conditions_errors(rule.conditions)
    if problems:
        raise ValidationError({"conditions": problems})
    if rule.pk and not rule._state.adding:
        rule.version = RoutingRule.objects.select_for_update().only("version").get(pk=rule.pk).version + 1
    else:
        rule.version = 1
    save_valid(rule)
    version = RoutingRuleVersion(
        rule=rule,
        version=rule.version,
        snapshot=rule_snapshot(rule),
        created_by=by,
        system_job="" if by else system_job,
    )
    save_valid(version)
    audit_record(
        action="referrals.routing_rule.save",
        by=by,
        system_job="" if by else system_job,
        obj=rule,
        request=request,
        details={"version": str(rule.version), "version_id": str(version.pk)},
    )
    return rule


def routing_rules_install_defaults(*, system_job: str = "routing_rules_install_defaults") -> int:
    """Install the Hertfordshire default rules that are not there yet (by name). Returns how many were added."""
    added = 0
    existing = set(RoutingRule.objects.values_list("name", flat=True))
    for spec in routing.DEFAULT_RULES:
        if spec.name in existing:
            continue
        rule = RoutingRule(
            name=spec.name,
            priority=spec.priority,
            active=True,
            conditions={key: list(values) for key, values in spec.conditions.items()},
            service_kind=spec.service_kind,
        )
        routing_rule_save(rule=rule, by=None, system_job=system_job)
        added += 1
    return added
