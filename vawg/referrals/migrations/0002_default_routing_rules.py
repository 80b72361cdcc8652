"""Install the Hertfordshire default routing rules (issue 3), each with its first version row.

Uses the historical models (no audit entry: the version rows name this migration as the system job).
Rules that already exist (by name) are left alone, so administrators' edits are never overwritten.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

JOB = "migration referrals.0002_default_routing_rules"


def install(apps: Any, schema_editor: Any) -> None:
    from vawg.referrals.routing import DEFAULT_RULES  # noqa: PLC0415

    rule_model = apps.get_model("referrals", "RoutingRule")
    version_model = apps.get_model("referrals", "RoutingRuleVersion")
    for spec in DEFAULT_RULES:
        if rule_model.objects.filter(name=spec.name).exists():
            continue
        conditions = {key: [str(v) for v in values] for key, values in spec.conditions.items()}
        rule = rule_model.objects.create(
            name=spec.name,
            priority=spec.priority,
            active=True,
            conditions=conditions,
            service_kind=str(spec.service_kind),
            version=1,
        )
        snapshot = {
            "name": spec.name,
            "priority": spec.priority,
            "active": True,
            "conditions": conditions,
            "service_kind": str(spec.service_kind),
            "organisation_id": None,
        }
        version_model.objects.create(rule=rule, version=1, snapshot=snapshot, system_job=JOB)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
