"""The MARAC getters (vawg/marac/selectors/): each returns the record to a user its gate lets through, and
raises Http404 for an outsider, a deny-listed user and an id that does not exist alike."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.cases.tests.factories import CaseDenyEntryFactory
from vawg.marac import selectors
from vawg.marac.models import AgendaItem, MaracReferralState, MeetingState
from vawg.marac.services.transfers import transfer_out
from vawg.marac.tests.factories import (
    MaracActionFactory,
    MaracAreaFactory,
    MaracReferralFactory,
    ResearchTaskFactory,
    listed_case,
)

MISSING = uuid.UUID(int=1)


def refused(get: Callable[[], Any]) -> bool:
    try:
        get()
    except Http404:
        return True
    return False


@pytest.fixture
def item(agencies: Any, marac_coordinator: User) -> AgendaItem:
    """A case listed at a published meeting of the county's MARAC, with agency A invited."""
    return listed_case(coordinating=agencies.county, attending=[agencies.a])


def deny(item: AgendaItem, user: User) -> None:
    CaseDenyEntryFactory(case=item.marac_referral.case, user=user)


def test_it_gets_an_agenda_item_for_an_invited_agency_and_no_one_else(
    item: AgendaItem, idva_a: User, outsider_c: User
) -> None:
    assert selectors.agenda_item_get_for(user=idva_a, agenda_item_id=item.pk) == item
    assert refused(lambda: selectors.agenda_item_get_for(user=outsider_c, agenda_item_id=item.pk))
    assert refused(lambda: selectors.agenda_item_get_for(user=idva_a, agenda_item_id=MISSING))
    deny(item, idva_a)
    assert refused(lambda: selectors.agenda_item_get_for(user=idva_a, agenda_item_id=item.pk))


def test_it_gets_an_agenda_item_for_the_chair_only_for_those_who_run_the_meeting(
    item: AgendaItem, marac_coordinator: User, idva_a: User, outsider_c: User
) -> None:
    assert selectors.agenda_item_get_for_chair(user=marac_coordinator, agenda_item_id=item.pk) == item
    assert refused(lambda: selectors.agenda_item_get_for_chair(user=idva_a, agenda_item_id=item.pk))
    assert refused(lambda: selectors.agenda_item_get_for_chair(user=outsider_c, agenda_item_id=item.pk))
    deny(item, marac_coordinator)
    assert refused(lambda: selectors.agenda_item_get_for_chair(user=marac_coordinator, agenda_item_id=item.pk))


def test_it_gets_a_heard_item_for_informing_only_for_the_victims_idva(
    agencies: Any, idva_a: User, outsider_c: User
) -> None:
    heard = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.HELD)
    AgendaItem.objects.filter(pk=heard.pk).update(heard_at=timezone.now() - timedelta(days=1))
    assert selectors.agenda_item_get_for_informing(user=idva_a, agenda_item_id=heard.pk) == heard
    assert refused(lambda: selectors.agenda_item_get_for_informing(user=outsider_c, agenda_item_id=heard.pk))
    deny(heard, idva_a)
    assert refused(lambda: selectors.agenda_item_get_for_informing(user=idva_a, agenda_item_id=heard.pk))


def test_it_gets_a_meeting_for_those_who_may_see_it(
    item: AgendaItem, idva_a: User, marac_coordinator: User, outsider_c: User
) -> None:
    meeting_id = item.meeting_id
    assert selectors.meeting_get_for(user=idva_a, meeting_id=meeting_id).pk == meeting_id
    assert selectors.meeting_get_for(user=marac_coordinator, meeting_id=meeting_id).pk == meeting_id
    assert refused(lambda: selectors.meeting_get_for(user=outsider_c, meeting_id=meeting_id))
    assert refused(lambda: selectors.meeting_get_for(user=idva_a, meeting_id=MISSING))


def test_it_gets_a_meeting_for_its_coordinator_and_its_chair_only(
    agencies: Any, idva_a: User, police_b: User, marac_coordinator: User, outsider_c: User
) -> None:
    chaired = listed_case(coordinating=agencies.county, attending=[agencies.a], chair=police_b)
    meeting_id = chaired.meeting_id
    assert selectors.meeting_get_for_coordinator(user=marac_coordinator, meeting_id=meeting_id).pk == meeting_id
    assert selectors.meeting_get_for_chair(user=marac_coordinator, meeting_id=meeting_id).pk == meeting_id
    assert selectors.meeting_get_for_chair(user=police_b, meeting_id=meeting_id).pk == meeting_id
    for user in (idva_a, outsider_c):  # idva_a's agency is invited: it sees the meeting, but does not run it
        assert refused(lambda user=user: selectors.meeting_get_for_coordinator(user=user, meeting_id=meeting_id))
        assert refused(lambda user=user: selectors.meeting_get_for_chair(user=user, meeting_id=meeting_id))
    assert refused(lambda: selectors.meeting_get_for_coordinator(user=police_b, meeting_id=meeting_id))


def test_it_gets_a_marac_area_its_coordinator_chose_or_their_first(
    agencies: Any, marac_coordinator: User, outsider_c: User
) -> None:
    area = MaracAreaFactory(name="Hertfordshire MARAC", coordinating_organisation=agencies.county)
    assert selectors.marac_area_get_for(user=marac_coordinator, marac_area_id=area.pk) == area
    assert selectors.marac_area_get_for(user=marac_coordinator, marac_area_id=None) == area
    assert refused(lambda: selectors.marac_area_get_for(user=outsider_c, marac_area_id=area.pk))
    assert refused(lambda: selectors.marac_area_get_for(user=outsider_c, marac_area_id=None))


def test_it_gets_a_research_task_for_its_own_agency_only(
    item: AgendaItem, agencies: Any, idva_a: User, police_b: User, marac_coordinator: User, outsider_c: User
) -> None:
    task = ResearchTaskFactory(agenda_item=item, organisation=agencies.a)
    assert selectors.research_task_get_for(user=idva_a, research_task_id=task.pk) == task
    # The coordinator sees every agency's research in the chair's view, but completes only their own.
    for user in (police_b, marac_coordinator, outsider_c):
        assert refused(lambda user=user: selectors.research_task_get_for(user=user, research_task_id=task.pk))
    deny(item, idva_a)
    assert refused(lambda: selectors.research_task_get_for(user=idva_a, research_task_id=task.pk))


def test_it_gets_an_action_for_its_agency_and_the_coordinator_only(
    item: AgendaItem, agencies: Any, idva_a: User, police_b: User, marac_coordinator: User
) -> None:
    action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    assert selectors.action_get_for(user=idva_a, action_id=action.pk) == action
    assert selectors.action_get_for(user=marac_coordinator, action_id=action.pk) == action
    assert refused(lambda: selectors.action_get_for(user=police_b, action_id=action.pk))
    deny(item, idva_a)
    assert refused(lambda: selectors.action_get_for(user=idva_a, action_id=action.pk))


def test_it_gets_an_agencys_outstanding_actions_for_the_coordinator_only(
    item: AgendaItem, agencies: Any, idva_a: User, marac_coordinator: User
) -> None:
    action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    organisation, actions = selectors.agency_outstanding_get_for(user=marac_coordinator, organisation_id=agencies.a.pk)
    assert (organisation, actions) == (agencies.a, [action])
    assert refused(lambda: selectors.agency_outstanding_get_for(user=idva_a, organisation_id=agencies.a.pk))
    assert refused(lambda: selectors.agency_outstanding_get_for(user=marac_coordinator, organisation_id=agencies.b.pk))


def test_it_gets_a_queued_referral_for_the_coordinator_of_its_area_only(
    agencies: Any, idva_a: User, marac_coordinator: User
) -> None:
    area = MaracAreaFactory(coordinating_organisation=agencies.county)
    referral = MaracReferralFactory(area=area, referring_organisation=agencies.a)
    get = selectors.marac_referral_get_for_queue
    assert get(user=marac_coordinator, marac_referral_id=referral.pk) == referral
    assert refused(lambda: get(user=idva_a, marac_referral_id=referral.pk))  # the referrer sees it, not the queue
    CaseDenyEntryFactory(case=referral.case, user=marac_coordinator)
    assert refused(lambda: get(user=marac_coordinator, marac_referral_id=referral.pk))


def test_it_gets_a_listed_referral_out_of_the_queue_for_transfer_only(
    item: AgendaItem, marac_coordinator: User, idva_a: User
) -> None:
    referral = item.marac_referral
    assert referral.current_state == MaracReferralState.LISTED
    assert refused(
        lambda: selectors.marac_referral_get_for_queue(user=marac_coordinator, marac_referral_id=referral.pk)
    )
    get = selectors.marac_referral_get_for_coordinator
    assert get(user=marac_coordinator, marac_referral_id=referral.pk) == referral
    assert refused(lambda: get(user=idva_a, marac_referral_id=referral.pk))
    deny(item, marac_coordinator)
    assert refused(lambda: get(user=marac_coordinator, marac_referral_id=referral.pk))


def test_it_gets_a_transfer_for_the_coordinator_of_its_area_only(
    agencies: Any, idva_a: User, marac_coordinator: User, outsider_c: User
) -> None:
    area = MaracAreaFactory(coordinating_organisation=agencies.county)
    referral = MaracReferralFactory(area=area)
    transfer = transfer_out(marac_referral=referral, other_marac="Essex MARAC", by=marac_coordinator)
    assert selectors.transfer_get_for(user=marac_coordinator, transfer_id=transfer.pk) == transfer
    for user in (idva_a, outsider_c):
        assert refused(lambda user=user: selectors.transfer_get_for(user=user, transfer_id=transfer.pk))
    CaseDenyEntryFactory(case=referral.case, user=marac_coordinator)
    assert refused(lambda: selectors.transfer_get_for(user=marac_coordinator, transfer_id=transfer.pk))
