"""The people around a case: adding, changing and ending parties (vawg/cases/services/parties.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases import services
from vawg.cases.models import Case, CaseParty, PartyRelationship, PartyRole
from vawg.cases.tests.factories import CaseAgencyFactory, CaseFactory
from vawg.people.models import Gender, Person
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HARM = PartyRole.PERSON_CAUSING_HARM
CHILD = PartyRole.CHILD


@pytest.fixture
def case(agencies: Agencies) -> Case:
    return CaseFactory(owning_organisation=agencies.a)


def _add_harm(case: Case, by: User, **extra: object) -> CaseParty:
    values: dict[str, object] = {
        "given_name": "Gareth",
        "family_name": "Tolley",
        "date_of_birth": date(1980, 2, 3),
        "relationship_to_victim": PartyRelationship.EX_PARTNER,
        **extra,
    }
    return services.case_party_add(by=by, case=case, role=HARM, **values)  # type: ignore[arg-type]


def test_it_adds_a_new_person_causing_harm_with_one_audit_entry(case: Case, idva_a: User) -> None:
    party = _add_harm(case, idva_a)
    assert CaseParty.objects.current().get() == party
    assert party.person.full_name == "Gareth Tolley" and party.added_by == idva_a
    entry = AuditEntry.objects.get(action="cases.party.add")
    assert entry.actor_id == str(idva_a.pk) and entry.object_id == str(case.pk)
    assert entry.details["party_id"] == str(party.pk) and entry.details["role"] == HARM
    assert "Gareth" not in str(entry.details) and "Tolley" not in str(entry.details)


def test_it_adds_a_child_with_where_they_live_and_their_school(case: Case, idva_a: User, agencies: Agencies) -> None:
    party = services.case_party_add(
        by=idva_a,
        case=case,
        role=CHILD,
        given_name="Ava",
        date_of_birth=date(2015, 6, 1),
        gender=Gender.FEMALE,
        lives_with_victim=True,
        school_or_nursery="Oak Primary",
    )
    assert party.lives_with_victim is True and party.school_or_nursery == "Oak Primary"
    assert party.person.gender == Gender.FEMALE and party.relationship_to_victim == ""


def test_it_picks_an_existing_person_the_user_may_see(case: Case, idva_a: User, agencies: Agencies) -> None:
    other_case = CaseFactory(owning_organisation=agencies.a)
    party = services.case_party_add(by=idva_a, case=case, role=PartyRole.OTHER_ADULT, person=other_case.victim)
    assert party.person == other_case.victim
    assert Person.objects.count() == 2  # nobody new


def test_it_refuses_a_person_the_user_may_not_see(case: Case, idva_a: User, agencies: Agencies) -> None:
    hidden = CaseFactory(owning_organisation=agencies.b).victim
    with pytest.raises(ValidationError) as error:
        services.case_party_add(by=idva_a, case=case, role=PartyRole.OTHER_ADULT, person=hidden)
    assert "person" in error.value.message_dict
    assert not CaseParty.objects.exists()


def test_it_refuses_the_victim_as_a_party_to_their_own_case(case: Case, idva_a: User) -> None:
    with pytest.raises(ValidationError, match="victim cannot be a party"):
        services.case_party_add(by=idva_a, case=case, role=PartyRole.OTHER_ADULT, person=case.victim)


def test_it_refuses_the_same_person_twice_while_current(case: Case, idva_a: User) -> None:
    party = _add_harm(case, idva_a)
    with pytest.raises(ValidationError, match="already recorded"):
        services.case_party_add(by=idva_a, case=case, role=CHILD, person=party.person)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"relationship_to_victim": ""}, "relationship_to_victim"),
        ({"given_name": "", "family_name": ""}, "given_name"),
        ({"date_of_birth": timezone.localdate() + timedelta(days=1)}, "date_of_birth"),
        ({"date_of_birth": timezone.localdate()}, "date_of_birth"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(case: Case, idva_a: User, values: dict, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        _add_harm(case, idva_a, **values)
    assert field in error.value.message_dict
    assert not CaseParty.objects.exists() and not AuditEntry.objects.filter(action="cases.party.add").exists()
    assert Person.objects.count() == 1  # only the victim


def test_it_answers_403_to_someone_who_may_see_the_case_but_not_change_it(
    case: Case, police_b: User, agencies: Agencies
) -> None:
    CaseAgencyFactory(case=case, organisation=agencies.b)  # police B work on it: they see it
    with pytest.raises(PermissionDenied):
        _add_harm(case, police_b)


def test_it_answers_404_to_someone_who_may_not_see_the_case(case: Case, outsider_c: User) -> None:
    with pytest.raises(Http404):
        _add_harm(case, outsider_c)


def test_it_lets_whoever_opened_the_case_change_its_parties(agencies: Agencies) -> None:
    housing = user_with_role(Role.HOUSING, agencies.a)  # no cases.manage_case
    case = CaseFactory(owning_organisation=agencies.a, created_by=housing)
    assert _add_harm(case, housing).added_by == housing
    other = user_with_role(Role.HOUSING, agencies.a)
    with pytest.raises(PermissionDenied):
        _add_harm(CaseFactory(owning_organisation=agencies.a), other)


def test_it_flags_possible_duplicates_among_people_the_user_may_see(
    case: Case, idva_a: User, agencies: Agencies
) -> None:
    seen = CaseFactory(owning_organisation=agencies.a, victim=PersonFactory(given_name="Gareth", family_name="Tolley"))
    hidden = CaseFactory(owning_organisation=agencies.b, victim=PersonFactory(given_name="Gareth", family_name="Toley"))
    for person in (seen.victim, hidden.victim):
        Person.objects.filter(pk=person.pk).update(date_of_birth=date(1980, 2, 3))
    party = _add_harm(case, idva_a)
    assert [flag["person_id"] for flag in party.possible_duplicates] == [str(seen.victim_id)]
    assert AuditEntry.objects.get(action="cases.party.add").details["flagged"] == 1


def test_it_changes_a_party_and_clears_child_details_for_an_adult(case: Case, idva_a: User) -> None:
    party = services.case_party_add(
        by=idva_a, case=case, role=CHILD, given_name="Ava", lives_with_victim=False, school_or_nursery="Oak"
    )
    services.case_party_change(
        by=idva_a,
        party=party,
        role=HARM,
        relationship_to_victim=PartyRelationship.FAMILY_MEMBER,
        date_of_birth=date(2008, 1, 1),
        lives_with_victim=True,
        school_or_nursery="Oak",
    )
    party.refresh_from_db()
    assert party.role == HARM and party.lives_with_victim is None and party.school_or_nursery == ""
    assert party.person.date_of_birth == date(2008, 1, 1)
    entry = AuditEntry.objects.get(action="cases.party.change")
    assert entry.details["role"] == HARM and "Ava" not in str(entry.details)


def test_it_refuses_a_change_by_someone_who_may_only_see_the_case(
    case: Case, idva_a: User, police_b: User, agencies: Agencies
) -> None:
    party = _add_harm(case, idva_a)
    CaseAgencyFactory(case=case, organisation=agencies.b)
    with pytest.raises(PermissionDenied):
        services.case_party_change(by=police_b, party=party, role=CHILD)


def test_it_ends_a_party_with_a_reason_kept_out_of_the_audit_details(case: Case, idva_a: User) -> None:
    party = _add_harm(case, idva_a)
    services.case_party_end(by=idva_a, party=party, reason="Recorded on the wrong case")
    party.refresh_from_db()
    assert party.ended_at is not None and party.ended_by == idva_a and party.end_reason == "Recorded on the wrong case"
    assert not CaseParty.objects.current().exists()
    entry = AuditEntry.objects.get(action="cases.party.end")
    assert "wrong case" not in str(entry.details)


def test_it_adds_someone_again_once_their_party_row_has_ended(case: Case, idva_a: User, agencies: Agencies) -> None:
    known = CaseFactory(owning_organisation=agencies.a).victim  # seen as the victim of another case
    party = services.case_party_add(by=idva_a, case=case, role=PartyRole.OTHER_ADULT, person=known)
    services.case_party_end(by=idva_a, party=party, reason="Recorded by mistake")
    again = services.case_party_add(by=idva_a, case=case, role=PartyRole.OTHER_ADULT, person=known)
    assert list(CaseParty.objects.current()) == [again]


def test_it_needs_a_reason_to_end_a_party(case: Case, idva_a: User) -> None:
    party = _add_harm(case, idva_a)
    with pytest.raises(ValidationError, match="Enter why"):
        services.case_party_end(by=idva_a, party=party, reason="  ")
    assert CaseParty.objects.current().count() == 1
