"""The cases API: the list, one case with the people around it, and recording a party (vawg/cases/api.py)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import Agencies
from vawg.accounts.models import User
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry
from vawg.cases.models import Case, CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseAgencyFactory, CaseFactory, CaseTeamMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db

CANARY = "Canary Cottage, 7 Hidden Lane"
CANARY_PHONE = "07700 900777"


def bearer(user: User) -> dict[str, str]:
    _, token = api_token_create(user=user, name="Test", by=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(case: Case, user: User, body: dict[str, Any]) -> Any:
    return Client().post(
        f"/api/v1/cases/{case.pk}/parties", json.dumps(body), content_type="application/json", **bearer(user)
    )


BODY = {
    "role": "person-causing-harm",
    "given_name": "Gareth",
    "family_name": "Tolley",
    "date_of_birth": "1980-02-03",
    "relationship_to_victim": "ex-partner",
}


@pytest.fixture
def case(agencies: Agencies) -> Case:
    victim = PersonFactory(given_name="Alexandra", family_name="Quill", address=CANARY, phone=CANARY_PHONE)
    return CaseFactory(owning_organisation=agencies.a, victim=victim)


def test_it_lists_the_cases_the_caller_may_see_50_a_page(agencies: Agencies, idva_a: User) -> None:
    CaseFactory.create_batch(51, owning_organisation=agencies.a)
    CaseFactory(owning_organisation=agencies.b)
    client, auth = Client(), bearer(idva_a)
    first = client.get("/api/v1/cases", **auth).json()
    assert first["count"] == 51 and len(first["items"]) == 50
    assert set(first["items"][0]) == {"id", "reference", "risk_level", "status"}
    assert len(client.get("/api/v1/cases?page=2", **auth).json()["items"]) == 1
    beyond = client.get("/api/v1/cases?page=9", **auth).json()
    assert beyond == {"items": [], "count": 51}


def test_it_lists_only_the_callers_own_cases_when_asked(agencies: Agencies, idva_a: User) -> None:
    opened = CaseFactory(owning_organisation=agencies.a, created_by=idva_a)
    team = CaseTeamMemberFactory(case=CaseFactory(owning_organisation=agencies.a), user=idva_a).case
    CaseFactory(owning_organisation=agencies.a)  # visible, but not theirs
    mine = Client().get("/api/v1/cases?mine=true", **bearer(idva_a)).json()
    assert mine["count"] == 2
    assert {item["id"] for item in mine["items"]} == {str(opened.pk), str(team.pk)}


def test_it_refuses_the_list_to_someone_without_casework(analyst: User) -> None:
    assert Client().get("/api/v1/cases", **bearer(analyst)).status_code == 403


def test_it_shows_one_case_with_its_parties_and_no_address(case: Case, idva_a: User) -> None:
    harm = PersonFactory(given_name="Gareth", family_name="Tolley", address=CANARY, phone=CANARY_PHONE)
    party = CaseParty.objects.create(
        case=case,
        person=harm,
        role=PartyRole.PERSON_CAUSING_HARM,
        relationship_to_victim=PartyRelationship.EX_PARTNER,
        added_by=idva_a,
    )
    response = Client().get(f"/api/v1/cases/{case.pk}", **bearer(idva_a))
    body = response.json()
    assert response.status_code == 200
    assert body["victim"] == {"given_name": "Alexandra", "family_name": "Quill", "date_of_birth": "1990-05-17"}
    assert body["parties"] == [
        {
            "id": str(party.pk),
            "role": "person-causing-harm",
            "given_name": "Gareth",
            "family_name": "Tolley",
            "date_of_birth": "1990-05-17",
            "relationship_to_victim": "ex-partner",
        }
    ]
    text = response.content.decode()
    assert CANARY not in text and CANARY_PHONE not in text and "example.invalid" not in text
    assert AuditEntry.objects.filter(action="cases.case.view", object_id=str(case.pk)).count() == 1


def test_it_answers_404_for_a_case_the_caller_may_not_see(case: Case, police_b: User) -> None:
    assert Client().get(f"/api/v1/cases/{case.pk}", **bearer(police_b)).status_code == 404
    assert _post(case, police_b, BODY).status_code == 404
    assert not CaseParty.objects.exists()


def test_it_records_a_party_with_201(case: Case, idva_a: User) -> None:
    response = _post(case, idva_a, BODY)
    assert response.status_code == 201
    party = CaseParty.objects.get(pk=response.json()["id"])
    assert party.person.full_name == "Gareth Tolley" and party.person.date_of_birth == date(1980, 2, 3)
    assert AuditEntry.objects.filter(action="cases.party.add").count() == 1


def test_it_answers_403_to_someone_who_may_see_but_not_change_the_case(
    case: Case, police_b: User, agencies: Agencies
) -> None:
    CaseAgencyFactory(case=case, organisation=agencies.b)
    assert Client().get(f"/api/v1/cases/{case.pk}", **bearer(police_b)).status_code == 200
    assert _post(case, police_b, BODY).status_code == 403
    assert not CaseParty.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"relationship_to_victim": ""}, "relationship_to_victim", "Select their relationship to the victim"),
        ({"given_name": "", "family_name": ""}, "given_name", "Enter a given name or a family name"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "Date of birth must be in the past"),
        ({"role": "cousin"}, "role", ""),
        ({"date_of_birth": "03/02/1980"}, "date_of_birth", ""),
        ({"address": "1 High Street"}, "address", ""),
    ],
)
def test_it_refuses_bad_input_with_a_specific_message(
    case: Case, idva_a: User, change: dict[str, str], field: str, message: str
) -> None:
    response = _post(case, idva_a, {**BODY, **change})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(error["field"].endswith(field) and message in error["message"] for error in errors), errors
    assert not CaseParty.objects.exists()
