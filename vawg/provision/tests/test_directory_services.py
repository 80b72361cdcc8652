"""Keeping the directory: versions, audit entries with ids only, who may write, and refused input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.tests.factories import DistrictFactory
from vawg.audit.models import AuditEntry
from vawg.provision.config import AccessRoute, ServiceStatus
from vawg.provision.models import RoutingRuleService, Service, ServiceVersion
from vawg.provision.services import directory as services
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.models import RoutingRule, ServiceKind

pytestmark = pytest.mark.django_db


def _details(**changes: Any) -> dict[str, Any]:
    details: dict[str, Any] = {
        "name": "Riverside Outreach",
        "description": "One-to-one support in the community.",
        "service_types": ["outreach"],
        "forms_of_abuse": ["domestic-abuse", "stalking"],
        "risk_levels": ["standard", "medium"],
        "genders": ["female"],
        "minimum_age": 16,
        "maximum_age": None,
        "countywide": True,
        "districts": [],
        "languages": ["en", "pl"],
        "specialisms": ["black-minoritised"],
        "access_route": AccessRoute.SELF_OR_PROFESSIONAL,
        "public_phone": "01632 960001",
        "public_email": "help@example.org",
        "status": ServiceStatus.ACTIVE,
        "listed_publicly": True,
    }
    return details | changes


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_it_adds_a_service_with_its_first_version_and_one_audit_entry(agencies: Any, idva_a: User) -> None:
    service = services.service_create(organisation=agencies.a, details=_details(), by=idva_a)
    version = ServiceVersion.objects.get(service=service)
    assert (service.version, version.version, version.created_by) == (1, 1, idva_a)
    assert version.snapshot["name"] == "Riverside Outreach" and version.snapshot["forms_of_abuse"] == [
        "domestic-abuse",
        "stalking",
    ]
    assert service.last_checked_by == idva_a
    (entry,) = _entries("provision.service.create")
    assert entry.actor_id == str(idva_a.pk) and entry.object_id == str(service.pk)
    assert "Riverside" not in str(entry.details) and "01632" not in str(entry.details)


def test_it_keeps_a_new_version_for_each_change_and_check(agencies: Any, idva_a: User) -> None:
    watford = DistrictFactory(slug="watford")
    service = services.service_create(organisation=agencies.a, details=_details(), by=idva_a)
    services.service_change(
        service=service, details=_details(countywide=False, districts=[watford], public_phone=""), by=idva_a
    )
    services.service_mark_checked(service=service, by=idva_a)
    snapshots = list(ServiceVersion.objects.filter(service=service).order_by("version"))
    assert [row.version for row in snapshots] == [1, 2, 3]
    assert snapshots[1].snapshot["districts"] == ["watford"] and snapshots[1].snapshot["countywide"] is False
    assert snapshots[2].snapshot["districts"] == ["watford"]
    assert len(_entries("provision.service.change")) == 1 and len(_entries("provision.service.check")) == 1
    assert Service.objects.get(pk=service.pk).version == 3


def test_it_resets_the_stale_flag_when_checked(agencies: Any, idva_a: User) -> None:
    service = ServiceFactory(organisation=agencies.a, last_checked_at=timezone.now() - timedelta(days=200))
    assert service.is_stale and Service.objects.stale().filter(pk=service.pk).exists()
    services.service_mark_checked(service=service, by=idva_a)
    fresh = Service.objects.get(pk=service.pk)
    assert not fresh.is_stale and fresh.last_checked_by == idva_a


def test_it_refuses_a_keeper_of_another_agency(agencies: Any, police_b: User, outsider_c: User) -> None:
    service = ServiceFactory(organisation=agencies.a)
    with pytest.raises(PermissionDenied):
        services.service_change(service=service, details=_details(), by=police_b)
    with pytest.raises(PermissionDenied):
        services.service_mark_checked(service=service, by=outsider_c)
    with pytest.raises(PermissionDenied):
        services.service_create(organisation=agencies.a, details=_details(), by=police_b)
    assert not ServiceVersion.objects.exists() and not AuditEntry.objects.filter(action__startswith="provision.")


def test_it_refuses_someone_who_keeps_no_services(agencies: Any, analyst: User) -> None:
    with pytest.raises(PermissionDenied):
        services.service_create(organisation=agencies.county, details=_details(), by=analyst)


def test_it_lets_a_system_administrator_keep_any_agencys_entries(agencies: Any, admin_user: User) -> None:
    service = ServiceFactory(organisation=agencies.b)
    assert Service.objects.kept_by(admin_user).filter(pk=service.pk).exists()
    assert not Service.objects.at_agencies_of(admin_user).filter(pk=service.pk).exists()
    services.service_change(service=service, details=_details(name="Police advice line"), by=admin_user)
    created = services.service_create(organisation=agencies.c, details=_details(), by=admin_user)
    assert Service.objects.get(pk=service.pk).name == "Police advice line" and created.organisation == agencies.c


def test_it_keeps_only_the_users_own_agencies_for_other_keepers(agencies: Any, idva_a: User) -> None:
    own, other = ServiceFactory(organisation=agencies.a), ServiceFactory(organisation=agencies.b)
    assert set(Service.objects.kept_by(idva_a)) == {own} and other not in Service.objects.kept_by(idva_a)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"forms_of_abuse": []}, "forms_of_abuse"),
        ({"minimum_age": 30, "maximum_age": 20}, "maximum_age"),
        ({"public_phone": "", "public_email": "", "public_url": ""}, "public_phone"),
        ({"confidential_location": True, "public_address": "1 High Street"}, "public_address"),
        ({"countywide": False, "districts": []}, "districts"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_it_refuses_bad_details_on_the_field_and_saves_nothing(
    agencies: Any, idva_a: User, changes: dict[str, Any], field: str
) -> None:
    service = services.service_create(organisation=agencies.a, details=_details(), by=idva_a)
    with pytest.raises(ValidationError) as refused:
        services.service_change(service=service, details=_details(**changes), by=idva_a)
    assert field in refused.value.message_dict
    assert Service.objects.get(pk=service.pk).version == 1
    assert ServiceVersion.objects.filter(service=service).count() == 1
    assert not _entries("provision.service.change")


def test_it_refuses_a_second_service_of_the_same_name_at_an_agency(agencies: Any, idva_a: User) -> None:
    services.service_create(organisation=agencies.a, details=_details(), by=idva_a)
    with pytest.raises(ValidationError) as refused:
        services.service_create(organisation=agencies.a, details=_details(name="riverside outreach"), by=idva_a)
    assert refused.value.message_dict == {"name": ["Your agency already lists a service with this name"]}


def test_it_does_not_check_a_closed_service(agencies: Any, idva_a: User) -> None:
    service = ServiceFactory(organisation=agencies.a, status=ServiceStatus.INACTIVE)
    with pytest.raises(ValidationError):
        services.service_mark_checked(service=service, by=idva_a)


def _rule(name: str, **fields: Any) -> RoutingRule:
    return RoutingRule.objects.create(name=name, service_kind=ServiceKind.OUTREACH, **fields)


def test_it_sets_the_rules_naming_a_service_and_moves_a_rule_from_another(agencies: Any, admin_user: User) -> None:
    service, other = ServiceFactory(organisation=agencies.a), ServiceFactory(organisation=agencies.a)
    first, second = _rule("First"), _rule("Second")
    RoutingRuleService.objects.create(rule=second, service=other)
    services.service_routing_rules_set(service=service, rules=[first, second], by=admin_user)
    assert set(RoutingRuleService.objects.values_list("rule__name", "service")) == {
        ("First", service.pk),
        ("Second", service.pk),
    }
    services.service_routing_rules_set(service=service, rules=[second], by=admin_user)
    assert list(RoutingRuleService.objects.values_list("rule__name", flat=True)) == ["Second"]
    entries = _entries("provision.service_routing_rules.set")
    assert len(entries) == 2 and entries[-1].details["removed"] == [str(first.pk)]


def test_it_lets_only_an_administrator_set_routing_rules(agencies: Any, idva_a: User, admin_user: User) -> None:
    service = ServiceFactory(organisation=agencies.a)
    with pytest.raises(PermissionDenied):
        services.service_routing_rules_set(service=service, rules=[_rule("Any")], by=idva_a)
    with pytest.raises(ValidationError):
        services.service_routing_rules_set(service=service, rules=[_rule("Off", active=False)], by=admin_user)
    assert not RoutingRuleService.objects.exists()


def test_it_records_the_time_of_each_version(agencies: Any, idva_a: User) -> None:
    with time_machine.travel("2026-03-02 10:00 +0000", tick=False):
        service = services.service_create(organisation=agencies.a, details=_details(), by=idva_a)
    assert Service.objects.get(pk=service.pk).last_checked_at.date().isoformat() == "2026-03-02"
