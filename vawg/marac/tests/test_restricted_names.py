"""A restricted case on MARAC pages: its MARAC reference and a pseudonym for every invited agency, the
victim's name only for the case's named team and the coordinator."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from vawg.accounts.models import User
from vawg.accounts.testing import SignedIn
from vawg.cases.models import Case
from vawg.cases.tests.factories import CaseFactory, CaseTeamMemberFactory
from vawg.marac.models import AgendaItem, MeetingState
from vawg.marac.presenters.research import victim_pseudonym
from vawg.marac.tests.factories import MaracActionFactory, ResearchTaskFactory, listed_case
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NAME = "Philippa Marchbanks"
BORN = "14 March 1987"


def _item(agencies: Any, *, restricted: bool, state: str = MeetingState.AGENDA_PUBLISHED) -> AgendaItem:
    victim = PersonFactory(given_name="Philippa", family_name="Marchbanks", date_of_birth=date(1987, 3, 14))
    case = CaseFactory(owning_organisation=agencies.a, victim=victim)
    if restricted:
        Case.objects.filter(pk=case.pk).update(is_restricted=True, restricted_reason="Works for the police")
    item = listed_case(
        coordinating=agencies.county,
        attending=[agencies.a, agencies.b],
        state=state,
        case=case,
        reason="Philippa Marchbanks was threatened again last week",
    )
    return item


def _pages(item: AgendaItem, user: User, signed_in: SignedIn) -> dict[str, str]:
    client = signed_in(user)
    task = ResearchTaskFactory(agenda_item=item, organisation=user.memberships.get().organisation)
    urls = {
        "meeting": reverse("marac:meeting_detail", kwargs={"meeting_id": item.meeting_id}),
        "research pack": reverse("marac:research_task_detail", kwargs={"task_id": task.pk}),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()
    return pages


def test_it_shows_a_restricted_case_to_an_invited_agency_under_a_pseudonym(
    agencies: Any, police_b: User, signed_in: SignedIn
) -> None:
    item = _item(agencies, restricted=True)
    for name, page in _pages(item, police_b, signed_in).items():
        assert "Philippa" not in page and "Marchbanks" not in page, name
        assert BORN not in page, name
        assert item.marac_referral.reference in page, name
        assert victim_pseudonym(item.marac_referral) in page, name


def test_it_shows_the_name_of_a_case_that_is_not_restricted(agencies: Any, police_b: User, signed_in: SignedIn) -> None:
    item = _item(agencies, restricted=False)
    for name, page in _pages(item, police_b, signed_in).items():
        assert NAME in page, name
        assert victim_pseudonym(item.marac_referral) not in page, name


def test_it_shows_the_name_to_the_named_team_and_the_coordinator(
    agencies: Any, police_b: User, marac_coordinator: User, signed_in: SignedIn
) -> None:
    item = _item(agencies, restricted=True)
    CaseTeamMemberFactory(case=item.marac_referral.case, user=police_b)
    assert NAME in _pages(item, police_b, signed_in)["meeting"]
    meeting = signed_in(marac_coordinator).get(reverse("marac:meeting_detail", kwargs={"meeting_id": item.meeting_id}))
    assert NAME in meeting.content.decode()


def test_it_keeps_the_name_out_of_the_minutes_of_a_restricted_case(
    agencies: Any, police_b: User, marac_coordinator: User, signed_in: SignedIn
) -> None:
    item = _item(agencies, restricted=True, state=MeetingState.MINUTES_PUBLISHED)
    item.conclusion = "Philippa Marchbanks to be offered a refuge place"
    item.save()
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.b)  # so the case is in B's copy
    url = reverse("marac:minutes_detail", kwargs={"meeting_id": item.meeting_id})
    page = signed_in(police_b).get(url).content.decode()
    assert "Philippa" not in page and "Marchbanks" not in page
    assert victim_pseudonym(item.marac_referral) in page
    assert "Philippa" in signed_in(marac_coordinator).get(url).content.decode()


def test_it_gives_one_case_the_same_pseudonym_everywhere_and_others_another(agencies: Any) -> None:
    first = _item(agencies, restricted=True).marac_referral
    second = _item(agencies, restricted=True).marac_referral
    assert victim_pseudonym(first) == victim_pseudonym(first)
    assert victim_pseudonym(first) != victim_pseudonym(second)
    assert "Philippa" not in victim_pseudonym(first)


def test_it_shows_the_chair_a_pseudonym_unless_they_are_on_the_team(
    agencies: Any, police_b: User, signed_in: SignedIn
) -> None:
    item = _item(agencies, restricted=True)
    item.meeting.chair = police_b
    item.meeting.save()
    client = signed_in(police_b)
    for url in (
        reverse("marac:meeting_chair", kwargs={"meeting_id": item.meeting_id}),
        reverse("marac:agenda_item_chair", kwargs={"item_id": item.pk}),
    ):
        page = client.get(url).content.decode()
        assert "Marchbanks" not in page, url
        assert victim_pseudonym(item.marac_referral) in page, url
