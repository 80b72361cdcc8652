"""The MARAC gates: who sees which meeting, agenda item, research task and action."""

from __future__ import annotations

from typing import Any

from vawg.accounts.models import User
from vawg.cases.tests.factories import CaseDenyEntryFactory
from vawg.marac.models import AgendaItem, MaracAction, MaracMeeting, MaracReferral, MeetingState, ResearchTask
from vawg.marac.tests.factories import MaracActionFactory, ResearchTaskFactory, listed_case


def test_it_shows_a_published_agenda_to_invited_agencies_only(
    agencies: Any, idva_a: User, police_b: User, outsider_c: User, marac_coordinator: User, analyst: User
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b])
    for user in (idva_a, police_b, marac_coordinator):
        assert AgendaItem.objects.visible_to(user).filter(pk=item.pk).exists()
        assert MaracMeeting.objects.visible_to(user).filter(pk=item.meeting_id).exists()
    for user in (outsider_c, analyst):
        assert not AgendaItem.objects.visible_to(user).exists()
        assert not MaracMeeting.objects.visible_to(user).exists()
        assert not MaracReferral.objects.visible_to(user).exists()


def test_it_hides_a_draft_agenda_from_invited_agencies(agencies: Any, idva_a: User, marac_coordinator: User) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    assert not AgendaItem.objects.visible_to(idva_a).exists()
    assert AgendaItem.objects.visible_to(marac_coordinator).filter(pk=item.pk).exists()


def test_it_shows_each_agency_only_its_own_research(
    agencies: Any, idva_a: User, police_b: User, marac_coordinator: User
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b])
    mine = ResearchTaskFactory(agenda_item=item, organisation=agencies.a)
    theirs = ResearchTaskFactory(agenda_item=item, organisation=agencies.b)
    assert list(ResearchTask.objects.visible_to(idva_a)) == [mine]
    assert list(ResearchTask.objects.visible_to(police_b)) == [theirs]
    assert set(ResearchTask.objects.visible_to(marac_coordinator)) == {mine, theirs}


def test_it_lets_the_chair_see_every_research_task_of_their_meeting(agencies: Any, police_b: User) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], chair=police_b)
    task = ResearchTaskFactory(agenda_item=item, organisation=agencies.a)
    assert list(ResearchTask.objects.visible_to(police_b)) == [task]


def test_it_hides_every_marac_record_of_a_case_from_a_deny_listed_user(
    agencies: Any, idva_a: User, marac_coordinator: User
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    ResearchTaskFactory(agenda_item=item, organisation=agencies.a)
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    for user in (idva_a, marac_coordinator):
        CaseDenyEntryFactory(case=item.marac_referral.case, user=user)
        assert not AgendaItem.objects.visible_to(user).exists()
        assert not ResearchTask.objects.visible_to(user).exists()
        assert not MaracAction.objects.visible_to(user).exists()
        assert not MaracReferral.objects.visible_to(user).exists()


def test_it_shows_an_action_to_its_owning_agency_and_the_coordinator_only(
    agencies: Any, idva_a: User, police_b: User, marac_coordinator: User
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b])
    action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.b)
    assert list(MaracAction.objects.visible_to(police_b)) == [action]
    assert list(MaracAction.objects.visible_to(marac_coordinator)) == [action]
    assert not MaracAction.objects.visible_to(idva_a).exists()


def test_it_names_the_person_causing_harm_from_the_case_parties(agencies: Any, idva_a: User) -> None:
    """A referral that does not say who causes harm takes the case's latest current person causing harm
    (never a child or another adult), or the person on the referral it repeats; with nobody recorded it
    is still made."""
    from vawg.cases.models import CaseParty, PartyRelationship, PartyRole
    from vawg.cases.tests.factories import CaseFactory
    from vawg.marac.models import Criterion, MaracReferralSource
    from vawg.marac.services.core import marac_referral_create
    from vawg.marac.tests.factories import MaracAreaFactory
    from vawg.people.tests.factories import PersonFactory

    def party(role: str, relationship: str = "") -> Any:
        person = PersonFactory()
        CaseParty.objects.create(
            case=case, person=person, role=role, relationship_to_victim=relationship, added_by=idva_a
        )
        return person

    area = MaracAreaFactory(coordinating_organisation=agencies.county)
    case = CaseFactory(owning_organisation=agencies.a)
    made = {
        "source": MaracReferralSource.PROFESSIONAL,
        "criteria": [Criterion.PROFESSIONAL_JUDGEMENT],
        "referring_organisation": agencies.a,
        "by": idva_a,
        "area": area,
    }
    nobody = marac_referral_create(case=case, **made)
    assert nobody.perpetrator is None
    MaracReferral.objects.filter(pk=nobody.pk).update(current_state="withdrawn")
    partner = party(PartyRole.PERSON_CAUSING_HARM, PartyRelationship.EX_PARTNER)
    party(PartyRole.CHILD)
    party(PartyRole.OTHER_ADULT)
    first = marac_referral_create(case=case, **made)
    assert first.perpetrator == partner  # never the child
    MaracReferral.objects.filter(pk=first.pk).update(current_state="heard")
    party(PartyRole.PERSON_CAUSING_HARM, PartyRelationship.INTIMATE_PARTNER)
    repeat = marac_referral_create(case=case, repeat_of=first, is_repeat=True, **made)
    assert repeat.perpetrator == partner  # the repeat is about the same person
