"""Assessing the serial flag from police incidents and case parties, across linked records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import Agencies
from vawg.audit.models import AuditEntry
from vawg.cases.models import CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseFactory
from vawg.intelligence.models import IdentityLink, LinkState, PersonCausingHarm
from vawg.intelligence.selectors.harm import cluster_members, serial_person_ids
from vawg.intelligence.services.serial import serial_assess
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def link(a: object, b: object, state: str = LinkState.ACCEPTED) -> IdentityLink:
    left, right = sorted([a, b], key=lambda person: person.pk)  # type: ignore[attr-defined]
    return IdentityLink.objects.create(
        left=left, right=right, match_probability=0.99, model_version="tests", current_state=state
    )


def fresh(record: PersonCausingHarm) -> PersonCausingHarm:
    return PersonCausingHarm.objects.get(pk=record.pk)


def test_it_flags_two_victims_in_police_data_and_audits_the_change() -> None:
    record = PersonCausingHarmFactory()
    PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=10))
    PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=1_094))
    assert serial_assess(people_causing_harm=[record], on=TODAY) == 1
    assert fresh(record).is_serial and fresh(record).serial_assessed_at is not None
    entry = AuditEntry.objects.get(action="intelligence.serial_flag.set")
    assert entry.object_id == str(record.pk)
    assert entry.details["victims"] == 2 and entry.details["rule_version"]
    assert serial_assess(people_causing_harm=[record], on=TODAY) == 0  # unchanged: no second entry
    assert AuditEntry.objects.filter(action__startswith="intelligence.serial_flag").count() == 1


def test_it_clears_the_flag_when_a_victim_leaves_the_window() -> None:
    record = PersonCausingHarmFactory()
    PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=10))
    PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=1_094))
    serial_assess(people_causing_harm=[record], on=TODAY)
    assert serial_assess(people_causing_harm=[record], on=TODAY + timedelta(days=1)) == 1
    assert not fresh(record).is_serial
    assert AuditEntry.objects.filter(action="intelligence.serial_flag.clear").count() == 1


def test_it_counts_linked_records_of_one_victim_once() -> None:
    record = PersonCausingHarmFactory()
    first = PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=3))
    second = PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=5))
    link(first.victim, second.victim)
    serial_assess(people_causing_harm=[record], on=TODAY)
    assert not fresh(record).is_serial


def test_it_ignores_a_rejected_link() -> None:
    record = PersonCausingHarmFactory()
    first = PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=3))
    second = PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=5))
    link(first.victim, second.victim, LinkState.REJECTED)
    serial_assess(people_causing_harm=[record], on=TODAY)
    assert fresh(record).is_serial


def test_it_gathers_encounters_over_the_harmers_linked_records(agencies: Agencies) -> None:
    police_record = PersonCausingHarmFactory()
    PoliceIncidentFactory(perpetrator=police_record, occurred_on=TODAY - timedelta(days=3))
    case_person = PersonFactory()
    case = CaseFactory(owning_organisation=agencies.a)
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 6, 1, 12))):
        CaseParty.objects.create(
            case=case,
            person=case_person,
            role=PartyRole.PERSON_CAUSING_HARM,
            relationship_to_victim=PartyRelationship.EX_PARTNER,
            added_by=case.created_by,
        )
    case_record = PersonCausingHarmFactory(person=case_person)
    serial_assess(on=TODAY)
    assert not fresh(police_record).is_serial and not fresh(case_record).is_serial
    link(police_record.person, case_person)
    assert serial_assess(on=TODAY) == 2
    assert fresh(police_record).is_serial and fresh(case_record).is_serial
    assert cluster_members([case_person.pk])[case_person.pk] == {case_person.pk, police_record.person_id}


def test_it_leaves_out_a_victim_under_16_on_the_day() -> None:
    record = PersonCausingHarmFactory()
    PoliceIncidentFactory(perpetrator=record, occurred_on=TODAY - timedelta(days=3))
    child = PersonFactory(date_of_birth=date(2010, 6, 14))  # 16 on 14 June 2026
    PoliceIncidentFactory(perpetrator=record, victim=child, occurred_on=date(2026, 6, 13))
    serial_assess(people_causing_harm=[record], on=TODAY)
    assert not fresh(record).is_serial
    PoliceIncidentFactory(perpetrator=record, victim=child, occurred_on=date(2026, 6, 14))
    serial_assess(people_causing_harm=[record], on=TODAY)
    assert fresh(record).is_serial


def test_it_flags_a_person_linked_to_a_serial_record_in_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    serial = PersonCausingHarmFactory()
    PersonCausingHarm.objects.filter(pk=serial.pk).update(is_serial=True)
    other, plain = PersonFactory(), PersonFactory()
    link(serial.person, other)
    with django_assert_num_queries(1):
        found = serial_person_ids([serial.person_id, other.pk, plain.pk])
    assert found == {serial.person_id, other.pk}


def test_it_needs_an_author() -> None:
    with pytest.raises(ValueError):
        serial_assess(system_job="")
