"""A person causing harm on a case gets their own record; the serial flag shows on their victims' cases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import CaseParty, PartyRelationship, PartyRole
from vawg.cases.services import case_party_add, case_party_change
from vawg.cases.tests.factories import CaseFactory
from vawg.intelligence.models import HarmAgency, HarmAgencyReason, PersonCausingHarm
from vawg.intelligence.presenters.harm import SERIAL_FLAG_TEXT
from vawg.intelligence.services.harm import people_causing_harm_backfill
from vawg.intelligence.tests.factories import PersonCausingHarmFactory, PoliceIncidentFactory

pytestmark = pytest.mark.django_db


def _add_harmer(case: Any, by: User, **kwargs: Any) -> CaseParty:
    return case_party_add(
        by=by,
        case=case,
        role=kwargs.pop("role", PartyRole.PERSON_CAUSING_HARM),
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        **kwargs,
    )


def test_it_gives_a_person_causing_harm_on_a_case_their_own_record(agencies: Agencies, idva_a: User) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    party = _add_harmer(case, idva_a, given_name="Dale", family_name="Ashworth")
    record = PersonCausingHarm.objects.get(person=party.person)
    assert record.owning_organisation == agencies.a
    assert HarmAgency.objects.filter(
        person_causing_harm=record, organisation=agencies.a, reason=HarmAgencyReason.OWNS, ended_at__isnull=True
    ).exists()
    assert record.serial_assessed_at is not None
    entry = AuditEntry.objects.get(action="intelligence.person_causing_harm.create")
    assert entry.actor_id == str(idva_a.pk)


def test_it_leaves_children_and_other_adults_alone(agencies: Agencies, idva_a: User) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    _add_harmer(case, idva_a, role=PartyRole.OTHER_ADULT, given_name="Pat", family_name="Ashworth")
    assert not PersonCausingHarm.objects.exists()


def test_it_gives_a_record_when_a_party_becomes_a_person_causing_harm(agencies: Agencies, idva_a: User) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    party = _add_harmer(case, idva_a, role=PartyRole.OTHER_ADULT, given_name="Pat", family_name="Ashworth")
    case_party_change(
        by=idva_a, party=party, role=PartyRole.PERSON_CAUSING_HARM, relationship_to_victim=PartyRelationship.OTHER
    )
    assert PersonCausingHarm.objects.filter(person=party.person).exists()


def test_it_flags_the_second_victims_case_at_once(agencies: Agencies, idva_a: User) -> None:
    first = _add_harmer(CaseFactory(owning_organisation=agencies.a), idva_a, given_name="Dale", family_name="Ashworth")
    record = PersonCausingHarm.objects.get(person=first.person)
    assert not record.is_serial
    _add_harmer(CaseFactory(owning_organisation=agencies.a), idva_a, person=first.person)
    record.refresh_from_db()
    assert record.is_serial
    assert AuditEntry.objects.filter(action="intelligence.serial_flag.set", actor_id=str(idva_a.pk)).count() == 1


def test_it_backfills_parties_already_stored_once(agencies: Agencies, idva_a: User) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    harmer = PersonCausingHarmFactory.build().person
    harmer.save()
    CaseParty.objects.create(
        case=case,
        person=harmer,
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.INTIMATE_PARTNER,
        added_by=idva_a,
    )
    assert people_causing_harm_backfill() == 1
    assert people_causing_harm_backfill() == 1
    record = PersonCausingHarm.objects.get(person=harmer)
    assert record.system_job == "people_causing_harm_backfill"
    assert HarmAgency.objects.filter(person_causing_harm=record).count() == 1
    assert AuditEntry.objects.filter(action="intelligence.person_causing_harm.create").count() == 1


def test_it_backfills_from_the_command(agencies: Agencies, idva_a: User, capsys: Any) -> None:
    call_command("people_causing_harm_backfill")
    assert "Went through 0" in capsys.readouterr().out


def test_it_shows_the_serial_flag_to_the_victims_idva_and_hides_the_case_from_an_outsider(
    agencies: Agencies, idva_a: User, outsider_c: User, signed_in: Any
) -> None:
    case = CaseFactory(owning_organisation=agencies.a)
    party = _add_harmer(case, idva_a, given_name="Dale", family_name="Ashworth")
    record = PersonCausingHarm.objects.get(person=party.person)
    PersonCausingHarm.objects.filter(pk=record.pk).update(owning_organisation=agencies.b)
    HarmAgency.objects.filter(person_causing_harm=record).update(ended_at=timezone.now())
    # Two other victims, known only from agency B's police data.
    PoliceIncidentFactory(perpetrator=record, occurred_on=timezone.localdate() - timedelta(days=40))
    PoliceIncidentFactory(perpetrator=record, occurred_on=timezone.localdate() - timedelta(days=400))
    call_command("serial_assess")
    assert not PersonCausingHarm.objects.visible_to(idva_a).exists()  # the IDVA cannot see the record
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    page = signed_in(idva_a).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    parties = body[body.index('id="people-around-this-case"') :]
    assert "Dale Ashworth" in parties and SERIAL_FLAG_TEXT in parties
    assert signed_in(outsider_c).get(url).status_code == 404
