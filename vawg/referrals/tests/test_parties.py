"""The people around the person at risk on the professional referral: the optional page, the rows kept on
the referral, and the parties made on the case when the referral is accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.cases.models import CaseParty, PartyRole
from vawg.referrals import services
from vawg.referrals.forms.intake import PeopleForm
from vawg.referrals.models import Referral, ReferralParty, ReferralState
from vawg.referrals.tests.factories import ReferralRouteFactory
from vawg.referrals.tests.test_intake_views import ANSWERS, start, step_url

pytestmark = pytest.mark.django_db

PEOPLE = {
    "harm_given_name": "Desmond",
    "harm_family_name": "Harker",
    "harm_relationship": "ex-partner",
    "harm_date_of_birth_0": "4",
    "harm_date_of_birth_1": "3",
    "harm_date_of_birth_2": "1980",
    "child_1_given_name": "Ava",
    "child_1_date_of_birth_0": "1",
    "child_1_date_of_birth_1": "6",
    "child_1_date_of_birth_2": "2015",
    "child_1_lives_with": "yes",
    "child_2_given_name": "Leo",
    "child_2_lives_with": "no",
}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"harm_given_name": "Desmond"}, "harm_relationship", "Select how the person causing harm is related"),
        ({"harm_relationship": "ex-partner"}, "harm_given_name", "Enter a given name or a family name"),
        ({"child_1_lives_with": "yes"}, "child_1_given_name", "Enter a given name or a family name"),
        (
            {
                "child_1_given_name": "Ava",
                **dict(
                    zip(
                        ("child_1_date_of_birth_0", "child_1_date_of_birth_1", "child_1_date_of_birth_2"),
                        ("1", "1", str(timezone.localdate().year + 1)),
                        strict=True,
                    )
                ),
            },
            "child_1_date_of_birth",
            "must be in the past",
        ),
    ],
)
def test_it_explains_what_is_missing_on_the_people_page(data: dict[str, str], field: str, message: str) -> None:
    form = PeopleForm(data)
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field])


def test_it_takes_nobody_when_the_page_is_left_empty() -> None:
    form = PeopleForm({})
    assert form.is_valid() and form.parties() == []


def _send_referral(client: Client, people: dict[str, str]) -> Referral:
    draft = start(client)
    for step, data in {**ANSWERS, "people": people}.items():
        response = client.post(step_url(draft, step), data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    check = client.get(reverse("referral_intake:intake_check", kwargs={"draft_id": draft}))
    assert people["harm_given_name"] in check.content.decode()  # on "Check your answers"
    client.post(reverse("referral_intake:intake_check", kwargs={"draft_id": draft}), {"token": draft})
    return Referral.objects.get()


def _accept(referral: Referral, by: User, agency: Any) -> None:
    ReferralRouteFactory(referral=referral, organisation=agency)
    for state in (ReferralState.TRIAGED, ReferralState.SENT):
        services.referral_transition(referral=referral, to=state, by=by)
    services.referral_accept(referral=referral, by=by)


def test_it_keeps_the_people_named_on_the_referral(idva_a: User, signed_in: Callable[[User], Client]) -> None:
    referral = _send_referral(signed_in(idva_a), PEOPLE)
    rows = {row.given_name: row for row in ReferralParty.objects.filter(referral=referral)}
    assert set(rows) == {"Desmond", "Ava", "Leo"}
    assert (
        rows["Desmond"].role == PartyRole.PERSON_CAUSING_HARM and rows["Desmond"].relationship_to_victim == "ex-partner"
    )
    assert rows["Ava"].date_of_birth == date(2015, 6, 1) and rows["Ava"].lives_with_victim is True
    assert rows["Leo"].lives_with_victim is False and rows["Leo"].date_of_birth is None
    entry = AuditEntry.objects.get(action="referrals.party.add")
    assert entry.details == {"roles": ["child", "child", "person-causing-harm"]}
    assert "Desmond" not in str(entry.details)


def test_it_makes_them_parties_to_the_case_when_the_referral_is_accepted(
    idva_a: User, police_b: User, agencies: Any, signed_in: Callable[[User], Client]
) -> None:
    referral = _send_referral(signed_in(police_b), PEOPLE)
    _accept(referral, idva_a, agencies.a)
    referral.refresh_from_db()
    parties = {party.person.given_name: party for party in CaseParty.objects.current().filter(case=referral.case)}
    assert set(parties) == {"Desmond", "Ava", "Leo"}
    assert parties["Desmond"].role == PartyRole.PERSON_CAUSING_HARM
    assert parties["Ava"].role == PartyRole.CHILD and parties["Ava"].lives_with_victim is True
    assert parties["Ava"].person.date_of_birth == date(2015, 6, 1)
    assert AuditEntry.objects.filter(action="cases.party.add").count() == 3
    assert not ReferralParty.objects.filter(case_party__isnull=True).exists()
    # Accepting again (another agency, a linked case) never records them twice.
    services.referral_parties_to_case(referral, idva_a)
    assert CaseParty.objects.count() == 3


def test_it_leaves_a_16_year_old_person_causing_harm_for_the_marac_return(
    idva_a: User, police_b: User, agencies: Any, signed_in: Callable[[User], Client]
) -> None:
    born = timezone.localdate() - timedelta(days=16 * 365 + 30)
    people = {
        "harm_given_name": "Young",
        "harm_relationship": "family-member",
        "harm_date_of_birth_0": str(born.day),
        "harm_date_of_birth_1": str(born.month),
        "harm_date_of_birth_2": str(born.year),
    }
    referral = _send_referral(signed_in(police_b), people)
    _accept(referral, idva_a, agencies.a)
    party = CaseParty.objects.get()
    assert party.person.age_on(timezone.localdate()) == 16


def test_it_shows_the_people_named_to_the_receiving_service_and_the_referrer_only(
    idva_a: User, police_b: User, outsider_c: User, agencies: Any, signed_in: Callable[[User], Client]
) -> None:
    referral = _send_referral(signed_in(police_b), PEOPLE)
    ReferralRouteFactory(referral=referral, organisation=agencies.a)
    url = reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk})

    receiving = signed_in(idva_a).get(url).content.decode()
    referrer = signed_in(police_b).get(url).content.decode()

    assert "People around them" in receiving
    assert "Desmond" in receiving and "Person causing harm, ex-partner" in receiving
    assert "Ava" in receiving and "born 1 June 2015, lives with them" in receiving
    assert "Desmond" in referrer
    assert signed_in(outsider_c).get(url).status_code == 404
