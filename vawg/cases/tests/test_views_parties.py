"""The people around a case on the case page, and the add, change and end pages (vawg/cases/views/parties.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.audit.models import AuditEntry
from vawg.cases import services
from vawg.cases.models import Case, CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseAgencyFactory, CaseFactory, PersonFactory
from vawg.people.models import Person

pytestmark = pytest.mark.django_db

CANARY_ADDRESS = "99 Canary Wharf Lane"
CANARY_PHONE = "07700 900999"


@pytest.fixture
def case(agencies: Agencies) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


@pytest.fixture
def harm(case: Case, idva_a: User) -> CaseParty:
    person = PersonFactory(
        given_name="Desmond", family_name="Harker", address=CANARY_ADDRESS, phone=CANARY_PHONE, postcode="ZZ9 9ZZ"
    )
    return services.case_party_add(
        by=idva_a,
        case=case,
        role=PartyRole.PERSON_CAUSING_HARM,
        person=None,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=date(1979, 3, 4),
        relationship_to_victim=PartyRelationship.INTIMATE_PARTNER,
    )


def _url(name: str, case: Case, **extra: object) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **extra})


def test_it_lists_the_people_around_the_case_without_an_address(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    child = PersonFactory(given_name="Ava", family_name="Harker", date_of_birth=date(2015, 6, 1))
    child.address, child.phone = CANARY_ADDRESS, CANARY_PHONE
    child.save()
    CaseParty.objects.create(
        case=case,
        person=child,
        role=PartyRole.CHILD,
        lives_with_victim=True,
        school_or_nursery="Oak Primary",
        added_by=idva_a,
    )
    page = signed_in(idva_a).get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "People around this case" in page and "Ava Harker" in page
    assert "Child" in page and "1 June 2015" in page and "Lives with the victim" in page and "Oak Primary" in page
    assert CANARY_ADDRESS not in page and CANARY_PHONE not in page
    assert _url("case_party_add", case) in page


def test_it_hides_the_change_links_from_someone_who_may_only_see_the_case(
    case: Case, harm: CaseParty, police_b: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    CaseAgencyFactory(case=case, organisation=agencies.b)
    client = signed_in(police_b)
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Desmond Harker" in page and _url("case_party_add", case) not in page
    assert client.get(_url("case_party_add", case)).status_code == 403
    assert client.get(_url("case_party_end", case, party_id=harm.pk)).status_code == 403


def test_it_answers_404_to_someone_who_may_not_see_the_case(
    case: Case, harm: CaseParty, outsider_c: User, signed_in: SignedIn
) -> None:
    client = signed_in(outsider_c)
    assert client.get(_url("case_party_add", case)).status_code == 404
    assert client.get(_url("case_party_change", case, party_id=harm.pk)).status_code == 404


def test_it_adds_someone_new(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    data = {
        "role": "child",
        "given_name": "Ava",
        "family_name": "Quill",
        "date_of_birth_0": "1",
        "date_of_birth_1": "6",
        "date_of_birth_2": "2015",
        "gender": "female",
        "lives_with_victim": "no",
        "school_or_nursery": "Oak Primary",
    }
    response = signed_in(idva_a).post(_url("case_party_add", case), data)
    assert response.status_code == 302
    party = CaseParty.objects.current().get()
    assert party.person.full_name == "Ava Quill" and party.lives_with_victim is False
    assert party.person.gender == "female" and party.person.date_of_birth == date(2015, 6, 1)
    assert AuditEntry.objects.filter(action="cases.party.add").count() == 1


def test_it_finds_someone_already_known_by_a_posted_search_and_adds_them(
    case: Case, idva_a: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    known = CaseFactory(
        owning_organisation=agencies.a, victim=PersonFactory(given_name="Morwenna", family_name="Teague")
    ).victim
    CaseFactory(owning_organisation=agencies.b, victim=PersonFactory(given_name="Morwenna", family_name="Hidden"))
    client = signed_in(idva_a)
    found = client.post(_url("case_party_add", case), {"search_name": "morwenna", "search": "Search"})
    page = found.content.decode()
    assert found.status_code == 200 and "Morwenna Teague" in page and "Morwenna Hidden" not in page
    assert "govuk-error-summary" not in page
    assert AuditEntry.objects.get(action="cases.party.search").details == {"results": 1}
    data = {"search_name": "morwenna", "person": str(known.pk), "role": "other-adult"}
    assert client.post(_url("case_party_add", case), data).status_code == 302
    assert CaseParty.objects.current().get().person == known
    assert Person.objects.count() == 3  # nobody new


def test_it_explains_what_is_missing(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    page = signed_in(idva_a).post(_url("case_party_add", case), {"role": "person-causing-harm", "given_name": "Gus"})
    text = page.content.decode()
    assert page.status_code == 200 and "Select their relationship to the victim" in text
    assert not CaseParty.objects.exists()


def test_it_changes_a_party(case: Case, harm: CaseParty, idva_a: User, signed_in: SignedIn) -> None:
    client = signed_in(idva_a)
    page = client.get(_url("case_party_change", case, party_id=harm.pk)).content.decode()
    assert "Change Desmond Harker" in page and CANARY_ADDRESS not in page
    data = {"role": "person-causing-harm", "relationship_to_victim": "ex-partner"}
    assert client.post(_url("case_party_change", case, party_id=harm.pk), data).status_code == 302
    harm.refresh_from_db()
    assert harm.relationship_to_victim == PartyRelationship.EX_PARTNER
    assert harm.person.date_of_birth == date(1979, 3, 4)  # left as it was


def test_it_ends_a_party_with_a_reason(case: Case, harm: CaseParty, idva_a: User, signed_in: SignedIn) -> None:
    client = signed_in(idva_a)
    assert "Enter why" in client.post(_url("case_party_end", case, party_id=harm.pk), {}).content.decode()
    response = client.post(_url("case_party_end", case, party_id=harm.pk), {"reason": "Added by mistake"})
    assert response.status_code == 302
    assert not CaseParty.objects.current().exists()
    assert client.get(_url("case_party_end", case, party_id=harm.pk)).status_code == 404


def test_it_flags_a_possible_duplicate_only_to_those_who_may_see_the_other_person(
    case: Case, idva_a: User, police_b: User, agencies: Agencies, signed_in: SignedIn
) -> None:
    known = PersonFactory(given_name="Desmond", family_name="Harker", date_of_birth=date(1979, 3, 4))
    CaseFactory(owning_organisation=agencies.a, victim=known)  # idva_a sees him as another case's victim
    services.case_party_add(
        by=idva_a,
        case=case,
        role=PartyRole.PERSON_CAUSING_HARM,
        given_name="Desmond",
        family_name="Harker",
        date_of_birth=date(1979, 3, 4),
        relationship_to_victim=PartyRelationship.EX_PARTNER,
    )
    detail = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert "Possible duplicate" in signed_in(idva_a).get(detail).content.decode()
    CaseAgencyFactory(case=case, organisation=agencies.b)  # police B see this case, not the other one
    page = signed_in(police_b).get(detail).content.decode()
    assert "Desmond Harker" in page and "Possible duplicate" not in page
