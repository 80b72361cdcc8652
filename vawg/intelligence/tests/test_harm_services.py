"""Creating people-causing-harm records and their agency links."""

from __future__ import annotations

import pytest
from django.db import transaction

from conftest import Agencies
from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.intelligence.models import HarmAgency, HarmAgencyReason, PersonCausingHarm
from vawg.intelligence.services.harm import person_causing_harm_ensure
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_creates_the_record_once_and_links_the_agency_once(agencies: Agencies, police_b: User) -> None:
    person = PersonFactory()
    with transaction.atomic():
        first = person_causing_harm_ensure(
            person=person, organisation=agencies.b, reason=HarmAgencyReason.OWNS, by=police_b
        )
        second = person_causing_harm_ensure(
            person=person, organisation=agencies.b, reason=HarmAgencyReason.OWNS, by=police_b
        )
    assert first.pk == second.pk
    assert first.owning_organisation == agencies.b
    assert PersonCausingHarm.objects.filter(person=person).count() == 1
    assert HarmAgency.objects.filter(person_causing_harm=first, ended_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="intelligence.person_causing_harm.create").count() == 1
    assert AuditEntry.objects.filter(action="intelligence.harm_agency.add").count() == 1


def test_it_keeps_the_owner_and_adds_another_agency(agencies: Agencies) -> None:
    person = PersonFactory()
    record = person_causing_harm_ensure(
        person=person, organisation=agencies.b, reason=HarmAgencyReason.POLICE_DATA, system_job="police_import"
    )
    again = person_causing_harm_ensure(
        person=person, organisation=agencies.a, reason=HarmAgencyReason.OWNS, system_job="tests"
    )
    assert again.pk == record.pk
    assert again.owning_organisation == agencies.b
    assert set(HarmAgency.objects.filter(person_causing_harm=record).values_list("organisation", "reason")) == {
        (agencies.b.pk, HarmAgencyReason.POLICE_DATA),
        (agencies.a.pk, HarmAgencyReason.OWNS),
    }


def test_it_needs_exactly_one_author(agencies: Agencies, police_b: User) -> None:
    person = PersonFactory()
    with pytest.raises(ValueError):
        person_causing_harm_ensure(person=person, organisation=agencies.b, reason=HarmAgencyReason.OWNS)
    with pytest.raises(ValueError):
        person_causing_harm_ensure(
            person=person, organisation=agencies.b, reason=HarmAgencyReason.OWNS, by=police_b, system_job="x"
        )
    assert not PersonCausingHarm.objects.exists()
