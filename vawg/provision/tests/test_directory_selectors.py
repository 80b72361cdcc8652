"""Reads for the staff directory: one entry (404 without provision.view_directory), the list (open entries
of active agencies), "Your agency's services" (due a check first) and the service a routing rule names."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.tests.factories import OrganisationFactory, UserFactory
from vawg.provision.config import ServiceStatus
from vawg.provision.models import RoutingRuleService
from vawg.provision.selectors import directory as selectors
from vawg.provision.selectors.directory import ServiceFilter
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.models import RoutingRule, ServiceKind

pytestmark = pytest.mark.django_db


def test_it_gives_an_entry_only_to_holders_of_view_directory(agencies: Any, idva_a: User) -> None:
    service = ServiceFactory(status=ServiceStatus.INACTIVE)
    assert selectors.service_get_for(user=idva_a, service_id=service.pk) == service  # closed entries too
    with pytest.raises(Http404):
        selectors.service_get_for(user=UserFactory(), service_id=service.pk)  # no membership: no permission
    with pytest.raises(Http404):
        selectors.service_get_for(user=idva_a, service_id=uuid.uuid4())
    assert not selectors.service_list_for(user=UserFactory(), wanted=ServiceFilter()).exists()


def test_it_lists_open_and_temporarily_closed_entries_of_active_agencies(agencies: Any, idva_a: User) -> None:
    ServiceFactory(name="Open")
    ServiceFactory(name="Paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    ServiceFactory(name="Closed", status=ServiceStatus.INACTIVE)
    ServiceFactory(name="Gone agency", organisation=OrganisationFactory(is_active=False))
    found = selectors.service_list_for(user=idva_a, wanted=ServiceFilter())
    assert [service.name for service in found] == ["Open", "Paused"]


def test_it_puts_the_entries_due_a_check_first_oldest_first(agencies: Any, idva_a: User) -> None:
    now = timezone.now()
    ServiceFactory(organisation=agencies.a, name="B fresh", last_checked_at=now)
    ServiceFactory(organisation=agencies.a, name="C stale", last_checked_at=now - timedelta(days=200))
    ServiceFactory(organisation=agencies.a, name="D staler", last_checked_at=now - timedelta(days=400))
    ServiceFactory(
        organisation=agencies.a,
        name="A closed",
        status=ServiceStatus.INACTIVE,
        last_checked_at=now - timedelta(days=500),
    )
    mine = [service.name for service in selectors.service_list_mine(user=idva_a)]
    assert mine == ["D staler", "C stale", "A closed", "B fresh"]
    assert selectors.services_check_due_count(idva_a) == 2


def test_it_finds_the_open_service_a_rule_names(agencies: Any) -> None:
    rule = RoutingRule.objects.create(name="Rule", service_kind=ServiceKind.OUTREACH)
    assert selectors.service_named_by_rule(rule.pk) is None
    service = ServiceFactory()
    RoutingRuleService.objects.create(rule=rule, service=service)
    assert selectors.service_named_by_rule(rule.pk) == service
    service.status = ServiceStatus.INACTIVE
    service.save()
    assert selectors.service_named_by_rule(rule.pk) is None
