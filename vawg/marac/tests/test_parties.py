"""The person causing harm on a MARAC referral comes from the case's parties: the referral form's picker
and the return's "persons causing harm aged 17 or under"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.cases.models import Case, CaseParty, PartyRelationship, PartyRole
from vawg.cases.services import case_party_add, case_party_end
from vawg.cases.tests.factories import CaseFactory
from vawg.marac.models import Criterion, MaracArea, MaracReferral, MaracReferralSource, MeetingState
from vawg.marac.rules.returns import quarter_of
from vawg.marac.selectors.returns import return_for
from vawg.marac.services.core import marac_referral_create
from vawg.marac.tests.factories import AgendaItemFactory, MaracAreaFactory, MaracMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agencies: Agencies) -> Case:
    MaracAreaFactory(coordinating_organisation=agencies.county)
    return CaseFactory(owning_organisation=agencies.a)


def _harm(case: Case, by: User, given_name: str, born: date | None = None) -> CaseParty:
    return case_party_add(
        by=by,
        case=case,
        role=PartyRole.PERSON_CAUSING_HARM,
        given_name=given_name,
        family_name="Harker",
        date_of_birth=born,
        relationship_to_victim=PartyRelationship.EX_PARTNER,
    )


def _refer(client: Client, case: Case, **extra: str) -> HttpResponse:
    data: dict[str, object] = {
        "criteria": [Criterion.PROFESSIONAL_JUDGEMENT.value],
        "judgement_rationale": "Escalating",
        "area": str(MaracArea.objects.get().pk),
        **extra,
    }
    return client.post(reverse("marac:referral_create", kwargs={"case_id": case.pk}), data)


def test_it_asks_nothing_when_the_case_has_no_person_causing_harm(
    case: Case, idva_a: User, signed_in: SignedIn
) -> None:
    client = signed_in(idva_a)
    page = client.get(reverse("marac:referral_create", kwargs={"case_id": case.pk})).content.decode()
    assert "Who is the person causing harm?" not in page
    assert _refer(client, case).status_code == 302
    assert MaracReferral.objects.get().perpetrator is None


def test_it_preselects_the_one_person_causing_harm(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    party = _harm(case, idva_a, "Desmond")
    client = signed_in(idva_a)
    response = client.get(reverse("marac:referral_create", kwargs={"case_id": case.pk}))
    assert "Who is the person causing harm?" in response.content.decode()
    assert "Desmond Harker" in response.content.decode()
    assert response.context["form"]["perpetrator"].value() == str(party.pk)  # preselected
    assert _refer(client, case, perpetrator=str(party.pk)).status_code == 302
    assert MaracReferral.objects.get().perpetrator == party.person


def test_it_lets_the_referrer_choose_among_several(case: Case, idva_a: User, signed_in: SignedIn) -> None:
    first = _harm(case, idva_a, "Desmond")
    second = _harm(case, idva_a, "Victor")
    ended = _harm(case, idva_a, "Ended")
    case_party_end(by=idva_a, party=ended, reason="Recorded by mistake")
    client = signed_in(idva_a)
    page = client.get(reverse("marac:referral_create", kwargs={"case_id": case.pk})).content.decode()
    assert "Desmond Harker" in page and "Victor Harker" in page and "Ended Harker" not in page
    missing = _refer(client, case)
    assert missing.status_code == 200 and "Select the person causing harm" in missing.content.decode()
    assert _refer(client, case, perpetrator=str(ended.pk)).status_code == 200
    assert _refer(client, case, perpetrator=str(first.pk)).status_code == 302
    assert MaracReferral.objects.get().perpetrator == first.person
    assert second.person != first.person


def test_it_counts_a_16_year_old_person_causing_harm_in_the_return(case: Case, idva_a: User) -> None:
    today = timezone.localdate()
    _harm(case, idva_a, "Young", born=today.replace(year=today.year - 16) - timedelta(days=30))
    referral = marac_referral_create(
        case=case,
        source=MaracReferralSource.PROFESSIONAL,
        criteria=[Criterion.PROFESSIONAL_JUDGEMENT],
        referring_organisation=case.owning_organisation,
        by=idva_a,
    )
    assert referral.perpetrator is not None and referral.perpetrator.given_name == "Young"
    meeting = MaracMeetingFactory(area=referral.area, current_state=MeetingState.HELD, starts_at=timezone.now())
    AgendaItemFactory(meeting=meeting, marac_referral=referral, heard_at=timezone.now())

    figures, _ = return_for(quarter_of(today), areas=[referral.area])

    assert figures.cases_discussed == 1
    assert figures.perpetrators_aged_17_or_under == 1
