"""Meeting services: scheduling, series, inviting agencies, cancelling, attendees and attendance."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.marac.models import (
    MaracMeeting,
    MaracReferralState,
    MeetingState,
    ResearchTask,
)
from vawg.marac.services import meetings as services
from vawg.marac.tests.factories import (
    MaracAreaFactory,
    MaracMeetingFactory,
    MeetingAgencyFactory,
    listed_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(agencies: Any) -> Any:
    return MaracAreaFactory(coordinating_organisation=agencies.county, cadence="monthly")


def _plan(chair: User | None = None, **kwargs: Any) -> services.MeetingPlan:
    return services.MeetingPlan(chair=chair, coordinator=kwargs.pop("coordinator", None), **kwargs)


def _in(days: int) -> Any:
    return timezone.now() + timedelta(days=days)


def test_it_schedules_a_meeting_with_the_area_default_capacity_and_all_active_agencies(
    area: Any, marac_coordinator: User, police_b: User, agencies: Any
) -> None:
    meeting = services.meeting_schedule(
        area=area, starts_at=_in(10), plan=_plan(police_b, coordinator=marac_coordinator), by=marac_coordinator
    )
    assert meeting.capacity == 15
    assert meeting.chair == police_b
    assert meeting.current_state == MeetingState.SCHEDULED
    assert list(meeting.statuses.values_list("state", flat=True)) == [MeetingState.SCHEDULED]
    invited = set(meeting.agencies.values_list("organisation_id", flat=True))
    assert {agencies.a.pk, agencies.b.pk, agencies.c.pk, agencies.county.pk} <= invited
    entry = AuditEntry.objects.get(action="marac.meeting.schedule", object_id=str(meeting.pk))
    assert entry.details["chair_id"] == str(police_b.pk)
    assert entry.agency_id == str(area.coordinating_organisation_id)


def test_it_invites_the_agencies_of_the_previous_meeting_by_default(
    area: Any, marac_coordinator: User, agencies: Any
) -> None:
    previous = MaracMeetingFactory(area=area, starts_at=_in(-20))
    MeetingAgencyFactory(meeting=previous, organisation=agencies.a)
    MeetingAgencyFactory(meeting=previous, organisation=agencies.b)
    meeting = services.meeting_schedule(area=area, starts_at=_in(10), plan=_plan(), by=marac_coordinator)
    assert set(meeting.agencies.values_list("organisation_id", flat=True)) == {agencies.a.pk, agencies.b.pk}


def test_it_lets_only_the_area_coordinator_schedule(area: Any, idva_a: User, agencies: Any) -> None:
    other = user_with_role(Role.MARAC_COORDINATOR, OrganisationFactory())
    for user in (idva_a, other):
        with pytest.raises(PermissionDenied):
            services.meeting_schedule(area=area, starts_at=_in(10), plan=_plan(), by=user)
    assert not MaracMeeting.objects.filter(area=area).exists()


def test_it_refuses_a_chair_who_does_not_take_part_and_a_coordinator_of_another_area(
    area: Any, marac_coordinator: User, analyst: User, police_b: User
) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            area=area, starts_at=_in(10), plan=_plan(analyst, coordinator=police_b), by=marac_coordinator
        )
    assert set(error.value.message_dict) == {"chair", "coordinator"}


def test_it_refuses_a_meeting_in_the_past(area: Any, marac_coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(area=area, starts_at=_in(-1), plan=_plan(), by=marac_coordinator)
    assert "starts_at" in error.value.message_dict


@time_machine.travel("2027-01-04 09:00:00+00:00", tick=False)
def test_it_schedules_a_monthly_series_on_the_same_weekday_of_the_month_skipping_taken_days(
    area: Any, marac_coordinator: User, agencies: Any
) -> None:
    # 2nd Wednesday: 13 January, 10 February, 10 March, 14 April 2027; 10 February is taken.
    MaracMeetingFactory(area=area, starts_at=services.local_start(date(2027, 2, 10), time(14, 0)))
    made = services.meeting_series_schedule(
        area=area,
        first=date(2027, 1, 13),
        until=date(2027, 4, 13),
        at=time(10, 0),
        plan=_plan(agencies=[agencies.a]),
        by=marac_coordinator,
    )
    assert [timezone.localtime(m.starts_at).date() for m in made] == [date(2027, 1, 13), date(2027, 3, 10)]
    assert all(timezone.localtime(m.starts_at).time() == time(10, 0) for m in made)
    assert all(list(m.agencies.values_list("organisation_id", flat=True)) == [agencies.a.pk] for m in made)
    assert AuditEntry.objects.filter(action="marac.meeting.schedule").count() == 2


@time_machine.travel("2027-01-04 09:00:00+00:00", tick=False)
def test_it_refuses_a_series_ending_before_it_starts(area: Any, marac_coordinator: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_series_schedule(
            area=area, first=date(2027, 2, 1), until=date(2027, 1, 31), at=time(10), plan=_plan(), by=marac_coordinator
        )
    assert "until" in error.value.message_dict


def test_it_cancels_a_meeting_and_returns_its_cases_to_the_queue(marac_coordinator: User, agencies: Any) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    meeting = item.meeting
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, reason="  ", by=marac_coordinator)
    services.meeting_cancel(meeting=meeting, reason="Chair unwell", by=marac_coordinator)
    meeting.refresh_from_db()
    item.marac_referral.refresh_from_db()
    assert meeting.current_state == MeetingState.CANCELLED
    assert meeting.statuses.get(state=MeetingState.CANCELLED).reason == "Chair unwell"
    assert item.marac_referral.current_state == MaracReferralState.QUEUED
    assert item.marac_referral.statuses.filter(state=MaracReferralState.QUEUED).exists()
    entry = AuditEntry.objects.get(action="marac.meeting.cancel")
    assert entry.details["returned_to_queue"] == str(item.marac_referral_id)
    assert entry.agency_id == str(meeting.area.coordinating_organisation_id)


def test_it_refuses_to_cancel_a_held_meeting(marac_coordinator: User, agencies: Any) -> None:
    item = listed_case(coordinating=agencies.county, state=MeetingState.HELD)
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=item.meeting, reason="Too late", by=marac_coordinator)


def test_it_adds_an_agency_to_a_published_meeting_with_its_research_but_never_removes_one(
    marac_coordinator: User, agencies: Any
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    services.meeting_invite_agencies(meeting=item.meeting, organisations=[agencies.a, agencies.b], by=marac_coordinator)
    task = ResearchTask.objects.get(agenda_item=item, organisation=agencies.b)
    assert task.shared_by == marac_coordinator
    assert AuditEntry.objects.filter(action="marac.case.share", agency_id=str(agencies.b.pk)).count() == 1
    with pytest.raises(ValidationError):
        services.meeting_invite_agencies(meeting=item.meeting, organisations=[agencies.b], by=marac_coordinator)


def test_it_changes_the_agencies_of_a_scheduled_meeting(marac_coordinator: User, agencies: Any) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    services.meeting_invite_agencies(meeting=item.meeting, organisations=[agencies.b], by=marac_coordinator)
    assert list(item.meeting.agencies.values_list("organisation_id", flat=True)) == [agencies.b.pk]
    assert not ResearchTask.objects.exists()  # nothing is shared before publication


def test_it_lets_a_member_of_an_invited_agency_register_attendees_for_their_own_agency(
    idva_a: User, police_b: User, agencies: Any
) -> None:
    meeting = listed_case(coordinating=agencies.county, attending=[agencies.a]).meeting
    attendee = services.meeting_attendee_register(
        meeting=meeting, organisation=agencies.a, name="Ann IDVA", job_title="IDVA", by=idva_a, user=idva_a
    )
    assert attendee.attended is None
    assert AuditEntry.objects.filter(action="marac.attendee.register", object_id=str(attendee.pk)).exists()
    with pytest.raises(PermissionDenied):  # not for another agency
        services.meeting_attendee_register(meeting=meeting, organisation=agencies.b, name="X", job_title="", by=idva_a)
    with pytest.raises(PermissionDenied):  # not invited
        services.meeting_attendee_register(
            meeting=meeting, organisation=agencies.b, name="Bob", job_title="", by=police_b
        )


def test_it_records_attendance_only_from_the_day_of_the_meeting(
    marac_coordinator: User, idva_a: User, agencies: Any
) -> None:
    meeting = listed_case(coordinating=agencies.county, attending=[agencies.a]).meeting
    present = services.meeting_attendee_register(
        meeting=meeting, organisation=agencies.a, name="Ann", job_title="IDVA", by=idva_a
    )
    absent = services.meeting_attendee_register(
        meeting=meeting, organisation=agencies.a, name="Ben", job_title="IDVA", by=idva_a
    )
    answers = {present.pk: True, absent.pk: False}
    with pytest.raises(ValidationError):
        services.meeting_attendance_record(meeting=meeting, attended=answers, by=marac_coordinator)
    with pytest.raises(PermissionDenied):
        services.meeting_attendance_record(meeting=meeting, attended=answers, by=idva_a)
    with time_machine.travel(meeting.starts_at + timedelta(hours=1)):
        services.meeting_attendance_record(meeting=meeting, attended=answers, by=marac_coordinator)
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.attended, absent.attended) == (True, False)
    assert present.attendance_recorded_by == marac_coordinator
    assert AuditEntry.objects.get(action="marac.attendance.record").details == {"attended": 1, "absent": 1}
