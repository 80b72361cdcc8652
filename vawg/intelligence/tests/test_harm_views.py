"""The people-causing-harm pages and API: who sees what, the audit entries, and never a location field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry
from vawg.cases.models import CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseAgencyFactory, CaseFactory
from vawg.intelligence.models import ForceReference, PersonCausingHarm
from vawg.intelligence.tests.factories import (
    HarmAgencyFactory,
    HarmDenyEntryFactory,
    PersonCausingHarmFactory,
    PoliceImportFactory,
    PoliceIncidentFactory,
)
from vawg.people.models import PersonAlias
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CANARIES = {
    "address": "17 Canary Wharf Lane, Harmton",
    "postcode": "ZZ9 9ZZ",
    "phone": "07700 900999",
    "email": "canary.harm@example.invalid",
}


@pytest.fixture
def world(agencies: Agencies, idva_a: User, personas: dict[str, Any]) -> dict[str, Any]:
    """A record held by agency B (police), with a case of agency A shared with agency C (probation's),
    two police incidents of agency B, a force reference and an alias; location canaries everywhere."""
    harmer = PersonFactory(given_name="Dale", family_name="Ashworth", date_of_birth=date(1980, 4, 2), **CANARIES)
    PersonAlias.objects.create(person=harmer, name="Daz Ash")
    record = PersonCausingHarmFactory(person=harmer, owning_organisation=agencies.b)
    ForceReference.objects.create(person=harmer, organisation=agencies.b, reference="NB-44721")
    case = CaseFactory(owning_organisation=agencies.a, victim=PersonFactory(given_name="Amira", family_name="Shah"))
    CaseParty.objects.create(
        case=case,
        person=harmer,
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        added_by=idva_a,
    )
    CaseAgencyFactory(case=case, organisation=agencies.c)
    hidden_case = CaseFactory(owning_organisation=agencies.a, reference="C-2026-777777")
    CaseParty.objects.create(
        case=hidden_case,
        person=harmer,
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.INTIMATE_PARTNER,
        added_by=idva_a,
    )
    extract = PoliceImportFactory(organisation=agencies.b)
    police_victim = PersonFactory(given_name="Bethany", family_name="Crowe", **CANARIES)
    for days in (20, 300):
        PoliceIncidentFactory(
            perpetrator=record,
            victim=police_victim,
            first_import=extract,
            occurred_on=timezone.localdate() - timedelta(days=days),
        )
    return {"record": record, "case": case, "hidden_case": hidden_case, "personas": personas}


def _detail(record: PersonCausingHarm) -> str:
    return reverse("harm:person_causing_harm_detail", kwargs={"person_causing_harm_id": record.pk})


def _no_canary(body: str) -> None:
    for value in CANARIES.values():
        assert value not in body


def test_it_shows_the_record_to_its_force_with_victims_named(world: dict[str, Any], signed_in: Any) -> None:
    police = world["personas"]["police_b"]
    response = signed_in(police).get(_detail(world["record"]))
    assert response.status_code == 200
    body = response.content.decode()
    for shown in ("Dale Ashworth", "Daz Ash", "NB-44721", "Bethany Crowe", "Assault without injury"):
        assert shown in body
    assert "C-2026-777777" not in body  # a case the officer cannot see: not even counted
    _no_canary(body)
    assert (
        AuditEntry.objects.filter(action="intelligence.person_causing_harm.view", actor_id=str(police.pk)).count() == 1
    )


def test_it_shows_probation_the_case_but_only_a_count_of_police_victims(world: dict[str, Any], signed_in: Any) -> None:
    probation = world["personas"]["probation"]
    body = signed_in(probation).get(_detail(world["record"])).content.decode()
    assert "Amira Shah" in body and world["case"].reference in body
    assert "C-2026-777777" not in body
    assert "Bethany Crowe" not in body
    assert "1 victim known from another force" in body
    _no_canary(body)


@pytest.mark.parametrize("persona", ["idva_a", "outsider_c", "marac_coordinator", "analyst", "admin"])
def test_it_answers_404_or_403_to_everyone_else(world: dict[str, Any], signed_in: Any, persona: str) -> None:
    assert signed_in(world["personas"][persona]).get(_detail(world["record"])).status_code in (403, 404)


def test_it_lists_and_counts_only_what_the_gate_lets_through(
    world: dict[str, Any], agencies: Agencies, signed_in: Any
) -> None:
    PersonCausingHarmFactory.create_batch(2, owning_organisation=agencies.county)  # nobody here sees these
    probation = world["personas"]["probation"]
    body = signed_in(probation).get(reverse("harm:person_causing_harm_list")).content.decode()
    assert "Dale Ashworth" in body and "Showing 1 to 1 of 1." in body
    _no_canary(body)
    entry = AuditEntry.objects.get(action="intelligence.person_causing_harm.list", actor_id=str(probation.pk))
    assert entry.details == {"serial": False, "page": 1, "rows": 1}
    serial_only = signed_in(probation).get(reverse("harm:person_causing_harm_list") + "?serial=yes")
    assert "Dale Ashworth" not in serial_only.content.decode()


def test_it_searches_by_alias_and_force_reference_without_recording_what_was_typed(
    world: dict[str, Any], signed_in: Any
) -> None:
    police = world["personas"]["police_b"]
    client = signed_in(police)
    url = reverse("harm:person_causing_harm_search")
    assert "Dale Ashworth" in client.post(url, {"name": "daz"}).content.decode()
    assert "Dale Ashworth" in client.post(url, {"force_reference": "nb-44721"}).content.decode()
    assert "Nobody you can see" in client.post(url, {"name": "Nobody Atall"}).content.decode()
    assert "Enter a name, a date of birth or a force reference" in client.post(url, {}).content.decode()
    entries = AuditEntry.objects.filter(action="intelligence.person_causing_harm.search")
    assert entries.count() == 3
    assert all("daz" not in str(entry.details).lower() for entry in entries)


def test_it_answers_the_api_behind_the_same_gate(world: dict[str, Any]) -> None:
    police, probation, idva = (world["personas"][name] for name in ("police_b", "probation", "idva_a"))
    record = world["record"]

    def call(user: User, path: str) -> Any:
        token = api_token_create(user=user, name="Tests", by=user)[1]
        return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")

    detail = call(police, f"/api/v1/people-causing-harm/{record.pk}")
    assert detail.status_code == 200
    data = detail.json()
    assert data["family_name"] == "Ashworth" and data["police_victims"][0]["name"] == "Bethany Crowe"
    # Counts over every record of harm, seen or not: the two cases' victims and Bethany Crowe (police).
    assert data["serial"]["victims_today"] == 3
    _no_canary(detail.content.decode())
    assert call(probation, f"/api/v1/people-causing-harm/{record.pk}").json()["police_victims_of_other_forces"] == 1
    assert call(idva, f"/api/v1/people-causing-harm/{record.pk}").status_code == 403
    listed = call(probation, "/api/v1/people-causing-harm?name=ashworth").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == str(record.pk)
    _no_canary(str(listed))
    coordinator = world["personas"]["matac_coordinator"]  # sees it through the case shared with agency C...
    assert call(coordinator, f"/api/v1/people-causing-harm/{record.pk}").status_code == 200
    HarmDenyEntryFactory(person_causing_harm=record, user=coordinator)  # ...until deny-listed
    assert call(coordinator, f"/api/v1/people-causing-harm/{record.pk}").status_code == 404
    assert call(coordinator, "/api/v1/people-causing-harm?name=ashworth").json()["count"] == 0
    assert AuditEntry.objects.filter(action="intelligence.person_causing_harm.view").count() == 3


def test_it_shows_sections_other_parts_register(world: dict[str, Any], signed_in: Any) -> None:
    from vawg.intelligence.hooks import HARM_PAGE_SECTIONS

    def section(record: PersonCausingHarm, user: User) -> tuple[str, dict[str, Any]]:
        return ("intelligence/harm/_caption.html", {})

    HARM_PAGE_SECTIONS.append(section)
    try:
        body = signed_in(world["personas"]["police_b"]).get(_detail(world["record"])).content.decode()
    finally:
        HARM_PAGE_SECTIONS.remove(section)
    assert body.count("Person causing harm</span>") == 2


def test_it_shows_the_access_page_only_to_managers_at_the_owning_agency(
    world: dict[str, Any], agencies: Agencies, signed_in: Any
) -> None:
    record = world["record"]
    HarmAgencyFactory(person_causing_harm=record, organisation=agencies.c)
    url = reverse("harm:person_causing_harm_access", kwargs={"person_causing_harm_id": record.pk})
    assert signed_in(world["personas"]["police_b"]).get(url).status_code == 200
    # The MATAC coordinator at C may manage records and sees this one, but C does not hold it.
    assert PersonCausingHarm.objects.visible_to(world["personas"]["matac_coordinator"]).filter(pk=record.pk).exists()
    assert signed_in(world["personas"]["matac_coordinator"]).get(url).status_code == 404
    assert signed_in(world["personas"]["probation"]).get(url).status_code == 403
