"""Agenda services: listing from the queue, capacity, order, taking off, withdrawing, publishing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.models import LawfulBasis
from vawg.cases.tests.factories import CaseFactory, CaseTeamMemberFactory
from vawg.core.dates import LONDON
from vawg.marac.models import AgendaItem, MaracReferralState, MeetingState, ResearchTask
from vawg.marac.presenters.agenda import evidence_summary
from vawg.marac.selectors.agenda import victims_with_idva
from vawg.marac.services import agenda as services
from vawg.marac.tests.factories import (
    MaracAreaFactory,
    MaracMeetingFactory,
    MaracReferralFactory,
    MeetingAgencyFactory,
    ResearchTaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(agencies: Any) -> Any:
    area = MaracAreaFactory(coordinating_organisation=agencies.county)
    meeting = MaracMeetingFactory(area=area, capacity=2, starts_at=datetime(2030, 3, 13, 10, 0, tzinfo=LONDON))
    MeetingAgencyFactory(meeting=meeting, organisation=agencies.a)
    MeetingAgencyFactory(meeting=meeting, organisation=agencies.b)
    return meeting


def _queued(meeting: Any, **fields: Any) -> Any:
    return MaracReferralFactory(area=meeting.area, **fields)


def test_it_lists_a_queued_referral_at_a_meeting(meeting: Any, marac_coordinator: User) -> None:
    referral = _queued(meeting)
    item = services.agenda_item_list(marac_referral=referral, meeting=meeting, by=marac_coordinator)
    referral.refresh_from_db()
    assert referral.current_state == MaracReferralState.LISTED
    assert referral.statuses.filter(state=MaracReferralState.LISTED, created_by=marac_coordinator).exists()
    assert (item.position, item.listed_by, item.lawful_basis) == (1, marac_coordinator, LawfulBasis.SAFEGUARDING)
    assert not ResearchTask.objects.exists()  # shared only when the agenda is published
    entry = AuditEntry.objects.get(action="marac.agenda_item.list")
    assert entry.details["over_capacity"] is False


def test_it_refuses_listing_by_anyone_but_the_coordinator(meeting: Any, idva_a: User) -> None:
    with pytest.raises(PermissionDenied):
        services.agenda_item_list(marac_referral=_queued(meeting), meeting=meeting, by=idva_a)


def test_it_refuses_a_meeting_of_another_marac_or_a_referral_not_in_the_queue(
    meeting: Any, marac_coordinator: User, agencies: Any
) -> None:
    other = MaracMeetingFactory(area=MaracAreaFactory(coordinating_organisation=agencies.county))
    with pytest.raises(ValidationError):
        services.agenda_item_list(marac_referral=_queued(meeting), meeting=other, by=marac_coordinator)
    withdrawn = _queued(meeting, current_state=MaracReferralState.WITHDRAWN)
    with pytest.raises(ValidationError):
        services.agenda_item_list(marac_referral=withdrawn, meeting=meeting, by=marac_coordinator)
    cancelled = MaracMeetingFactory(area=meeting.area, current_state=MeetingState.CANCELLED)
    with pytest.raises(ValidationError):
        services.agenda_item_list(marac_referral=_queued(meeting), meeting=cancelled, by=marac_coordinator)


def test_it_warns_over_capacity_and_lists_only_when_confirmed(meeting: Any, marac_coordinator: User) -> None:
    for _ in range(2):
        services.agenda_item_list(marac_referral=_queued(meeting), meeting=meeting, by=marac_coordinator)
    third = _queued(meeting)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_list(marac_referral=third, meeting=meeting, by=marac_coordinator)
    problem = error.value.error_dict["confirm_over_capacity"][0]
    assert problem.code == services.OVER_CAPACITY
    assert "3 cases listed against a capacity of 2" in problem.messages[0]
    third.refresh_from_db()
    assert third.current_state == MaracReferralState.QUEUED
    services.agenda_item_list(marac_referral=third, meeting=meeting, by=marac_coordinator, confirm_over_capacity=True)
    assert meeting.items.count() == 3
    assert AuditEntry.objects.filter(action="marac.agenda_item.list").last().details["over_capacity"] is True


def test_it_numbers_the_agenda_urgent_first_then_repeats_then_oldest(meeting: Any, marac_coordinator: User) -> None:
    meeting.capacity = 10
    meeting.save()
    today = timezone.localdate()
    old = _queued(meeting, referred_on=today - timedelta(days=9))
    repeat = _queued(meeting, referred_on=today - timedelta(days=1), is_repeat=True)
    urgent = _queued(meeting, referred_on=today, urgent=True)
    for referral in (old, repeat, urgent):
        services.agenda_item_list(marac_referral=referral, meeting=meeting, by=marac_coordinator)
    positions = dict(AgendaItem.objects.filter(meeting=meeting).values_list("marac_referral_id", "position"))
    assert [positions[r.pk] for r in (urgent, repeat, old)] == [1, 2, 3]


def test_it_publishes_one_research_task_per_item_and_agency_with_audited_shares(
    meeting: Any, marac_coordinator: User, agencies: Any
) -> None:
    items = [
        services.agenda_item_list(marac_referral=_queued(meeting), meeting=meeting, by=marac_coordinator)
        for _ in range(2)
    ]
    made = services.agenda_publish(meeting=meeting, by=marac_coordinator)
    meeting.refresh_from_db()
    assert made == 4
    assert meeting.current_state == MeetingState.AGENDA_PUBLISHED
    tasks = ResearchTask.objects.all()
    assert {(t.agenda_item_id, t.organisation_id) for t in tasks} == {
        (item.pk, org.pk) for item in items for org in (agencies.a, agencies.b)
    }
    due = datetime(2030, 3, 11, 17, 0, tzinfo=LONDON)
    assert all(
        t.due_at == due and t.shared_by == marac_coordinator and t.lawful_basis == LawfulBasis.SAFEGUARDING
        for t in tasks
    )
    shares = AuditEntry.objects.filter(action="marac.case.share")
    assert shares.count() == 4
    assert {(e.details["agenda_item_id"], e.details["organisation_id"]) for e in shares} == {
        (str(item.pk), str(org.pk)) for item in items for org in (agencies.a, agencies.b)
    }
    assert all(e.details["lawful_basis"] == LawfulBasis.SAFEGUARDING for e in shares)
    assert AuditEntry.objects.filter(action="marac.agenda.publish").count() == 1
    with pytest.raises(ValidationError):  # only once
        services.agenda_publish(meeting=meeting, by=marac_coordinator)


def test_it_refuses_to_publish_without_invited_agencies(marac_coordinator: User, agencies: Any) -> None:
    meeting = MaracMeetingFactory(area=MaracAreaFactory(coordinating_organisation=agencies.county))
    with pytest.raises(ValidationError):
        services.agenda_publish(meeting=meeting, by=marac_coordinator)
    meeting.refresh_from_db()
    assert meeting.current_state == MeetingState.SCHEDULED


def test_it_shares_a_case_listed_on_a_published_agenda_at_once(meeting: Any, marac_coordinator: User) -> None:
    services.agenda_publish(meeting=meeting, by=marac_coordinator)
    item = services.agenda_item_list(marac_referral=_queued(meeting), meeting=meeting, by=marac_coordinator)
    assert item.research.count() == 2
    assert AuditEntry.objects.filter(action="marac.case.share", object_id=str(item.pk)).count() == 2


def test_it_takes_a_case_off_the_agenda_back_to_the_queue(meeting: Any, marac_coordinator: User) -> None:
    services.agenda_publish(meeting=meeting, by=marac_coordinator)
    item = services.agenda_item_list(marac_referral=_queued(meeting), meeting=meeting, by=marac_coordinator)
    referral = services.agenda_item_remove(item=item, by=marac_coordinator)
    referral.refresh_from_db()
    assert referral.current_state == MaracReferralState.QUEUED
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert not ResearchTask.objects.exists()
    assert AuditEntry.objects.filter(action="marac.agenda_item.remove").count() == 1


def test_it_keeps_a_case_on_the_agenda_once_research_is_recorded(meeting: Any, marac_coordinator: User) -> None:
    item = services.agenda_item_list(marac_referral=_queued(meeting), meeting=meeting, by=marac_coordinator)
    ResearchTaskFactory(agenda_item=item, holds_information=True)
    with pytest.raises(ValidationError):
        services.agenda_item_remove(item=item, by=marac_coordinator)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_it_withdraws_a_queued_referral_with_a_reason(meeting: Any, marac_coordinator: User, idva_a: User) -> None:
    referral = _queued(meeting)
    with pytest.raises(ValidationError):
        services.marac_referral_withdraw(marac_referral=referral, reason=" ", by=marac_coordinator)
    with pytest.raises(PermissionDenied):
        services.marac_referral_withdraw(marac_referral=referral, reason="Moved away", by=idva_a)
    services.marac_referral_withdraw(marac_referral=referral, reason="Moved away", by=marac_coordinator)
    referral.refresh_from_db()
    assert referral.current_state == MaracReferralState.WITHDRAWN
    assert referral.statuses.get(state=MaracReferralState.WITHDRAWN).reason == "Moved away"
    assert AuditEntry.objects.filter(action="marac.referral.withdraw", object_id=str(referral.pk)).exists()
    listed = _queued(meeting, current_state=MaracReferralState.LISTED)
    with pytest.raises(ValidationError):
        services.marac_referral_withdraw(marac_referral=listed, reason="No", by=marac_coordinator)


def test_it_knows_which_victims_have_an_idva(agencies: Any) -> None:
    police = OrganisationFactory(type=OrganisationType.POLICE)
    specialist_case = CaseFactory(owning_organisation=agencies.a)
    team_case = CaseFactory(owning_organisation=police)
    CaseTeamMemberFactory(case=team_case, user=user_with_role(Role.IDVA, agencies.a))
    police_team_case = CaseFactory(owning_organisation=police)
    CaseTeamMemberFactory(case=police_team_case, user=user_with_role(Role.POLICE, police))
    closed = CaseFactory(owning_organisation=agencies.a)
    type(closed).objects.filter(pk=closed.pk).update(current_status="closed")
    victims = [c.victim_id for c in (specialist_case, team_case, police_team_case, closed)]
    assert victims_with_idva(victims) == {specialist_case.victim_id, team_case.victim_id}


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ({}, []),
        ({"score": 16, "threshold": 14}, ["DASH score 16 (threshold 14)"]),
        (
            {
                "visible_high_risk": {"met": True, "score": 15, "threshold": 14},
                "potential_escalation": {"met": False, "incident_count": 2, "threshold": 3},
                "repeat": {"met": True, "last_marac_referral_date": "2026-03-02"},
            },
            ["DASH score 15", "2 incidents in the last 12 months", "Last MARAC referral 2 March 2026"],
        ),
    ],
)
def test_it_summarises_the_evidence(evidence: dict[str, Any], expected: list[str]) -> None:
    assert evidence_summary(evidence) == expected
