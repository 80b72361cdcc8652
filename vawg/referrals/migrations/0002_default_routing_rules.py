"""Install the Hertfordshire default routing rules, each with its first version row.

The rules are written out here as they stood when this migration was made: a migration never reads
live code, so a later change to the defaults in vawg/referrals/rules/routing.py never changes what this
migration does (a test compares the two, so a difference there is a conscious change with its own
migration). Uses the historical models (no audit entry: the version rows name this migration as the system job).
Rules that already exist (by name) are left alone, so administrators' edits are never overwritten.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

JOB = "migration referrals.0002_default_routing_rules"

DEFAULT_RULES: list[dict[str, Any]] = [{'name': 'High-risk domestic abuse: IDVA service',
  'priority': 10,
  'service_kind': 'idva',
  'conditions': {'forms_of_abuse': ['domestic-abuse', 'coercive-control', 'economic-abuse'],
                 'risk_grades': ['high'],
                 'subject_roles': ['victim']}},
 {'name': 'High-risk domestic abuse: MARAC',
  'priority': 11,
  'service_kind': 'marac',
  'conditions': {'forms_of_abuse': ['domestic-abuse', 'coercive-control', 'economic-abuse'],
                 'risk_grades': ['high'],
                 'subject_roles': ['victim']}},
 {'name': 'Medium, standard or unassessed domestic abuse: community outreach for the district',
  'priority': 20,
  'service_kind': 'outreach',
  'conditions': {'forms_of_abuse': ['domestic-abuse', 'coercive-control', 'economic-abuse'],
                 'risk_grades': ['medium', 'standard', 'not-assessed'],
                 'subject_roles': ['victim']}},
 {'name': 'Sexual violence: ISVA service or SARC',
  'priority': 30,
  'service_kind': 'isva-sarc',
  'conditions': {'forms_of_abuse': ['sexual-violence'], 'subject_roles': ['victim']}},
 {'name': "Under 18: children's services",
  'priority': 40,
  'service_kind': 'childrens-services',
  'conditions': {'age_bands': ['under-18']}},
 {'name': "Under 18: young people's service",
  'priority': 41,
  'service_kind': 'young-peoples-service',
  'conditions': {'age_bands': ['under-18'], 'subject_roles': ['victim']}},
 {'name': 'Honour-based abuse, forced marriage or FGM: specialist service',
  'priority': 50,
  'service_kind': 'specialist-harmful-practices',
  'conditions': {'forms_of_abuse': ['honour-based-abuse', 'forced-marriage', 'fgm'],
                 'subject_roles': ['victim']}},
 {'name': 'Honour-based abuse, forced marriage or FGM: safeguarding',
  'priority': 51,
  'service_kind': 'safeguarding',
  'conditions': {'forms_of_abuse': ['honour-based-abuse', 'forced-marriage', 'fgm']}},
 {'name': 'Self-referral about own behaviour: perpetrator programme',
  'priority': 60,
  'service_kind': 'perpetrator-programme',
  'conditions': {'sources': ['perpetrator-self']}}]


def install(apps: Any, schema_editor: Any) -> None:
    rule_model = apps.get_model("referrals", "RoutingRule")
    version_model = apps.get_model("referrals", "RoutingRuleVersion")
    for spec in DEFAULT_RULES:
        if rule_model.objects.filter(name=spec["name"]).exists():
            continue
        rule = rule_model.objects.create(
            name=spec["name"],
            priority=spec["priority"],
            active=True,
            conditions=spec["conditions"],
            service_kind=spec["service_kind"],
            version=1,
        )
        snapshot = {
            "name": spec["name"],
            "priority": spec["priority"],
            "active": True,
            "conditions": spec["conditions"],
            "service_kind": spec["service_kind"],
            "organisation_id": None,
        }
        version_model.objects.create(rule=rule, version=1, snapshot=snapshot, system_job=JOB)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
