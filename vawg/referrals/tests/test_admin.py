"""Routing rules in the admin site: system administrators edit them and every save keeps a version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from vawg.referrals.models import RoutingRule, RoutingRuleVersion, ServiceKind
from vawg.referrals.services import routing_rules_install_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_rules() -> None:
    """The default rules come from a data migration; a transactional test elsewhere may have emptied them."""
    routing_rules_install_defaults(system_job="migration referrals.0002_default_routing_rules")


def _form(rule: RoutingRule, **changes: Any) -> dict[str, Any]:
    data = {
        "name": rule.name,
        "priority": rule.priority,
        "active": "on" if rule.active else "",
        "service_kind": rule.service_kind,
        "organisation": rule.organisation_id or "",
        "conditions": '{"forms_of_abuse": ["sexual-violence"]}',
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "1",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_it_keeps_a_version_when_an_administrator_changes_a_rule(
    admin_user: Any, signed_in: Callable[[Any], Client]
) -> None:
    rule = RoutingRule.objects.get(service_kind=ServiceKind.ISVA_SARC)
    client = signed_in(admin_user)
    url = reverse("admin:referrals_routingrule_change", args=[rule.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "migration referrals.0002_default_routing_rules" in page.content.decode()  # the history is shown
    response = client.post(url, _form(rule, priority="7"))
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert (rule.priority, rule.version) == (7, 2)
    latest = RoutingRuleVersion.objects.get(rule=rule, version=2)
    assert latest.created_by == admin_user
    assert latest.snapshot["priority"] == 7


def test_it_refuses_unknown_conditions_in_the_admin(admin_user: Any, signed_in: Callable[[Any], Client]) -> None:
    rule = RoutingRule.objects.get(service_kind=ServiceKind.ISVA_SARC)
    url = reverse("admin:referrals_routingrule_change", args=[rule.pk])
    response = signed_in(admin_user).post(url, _form(rule, conditions='{"colour": ["blue"]}'))
    assert response.status_code == 200
    assert "Unknown condition" in response.content.decode()
    rule.refresh_from_db()
    assert rule.version == 1


def test_it_keeps_routing_rules_from_everyone_else(idva_a: Any, signed_in: Callable[[Any], Client]) -> None:
    response = signed_in(idva_a).get(reverse("admin:referrals_routingrule_changelist"))
    assert response.status_code in (302, 403, 404)
