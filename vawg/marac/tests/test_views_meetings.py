"""Meeting, agenda and queue pages: happy paths, and 404s for everyone outside the gate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vawg.accounts.models import User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.marac.models import (
    AgendaItem,
    MaracMeeting,
    MaracReferralState,
    MeetingAttendee,
    MeetingState,
    ResearchTask,
)
from vawg.marac.tests.factories import (
    MaracActionFactory,
    MaracAreaFactory,
    MaracMeetingFactory,
    MaracReferralFactory,
    MeetingAgencyFactory,
    listed_case,
)
from vawg.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(agencies: Any) -> Any:
    return MaracAreaFactory(coordinating_organisation=agencies.county)


@pytest.fixture
def meeting(area: Any, agencies: Any) -> Any:
    meeting = MaracMeetingFactory(area=area, starts_at=timezone.now() + timedelta(days=14), capacity=1)
    MeetingAgencyFactory(meeting=meeting, organisation=agencies.a)
    return meeting


def test_it_lists_meetings_the_user_can_see(
    signed_in: SignedIn, marac_coordinator: User, idva_a: User, police_b: User, agencies: Any
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    url = reverse("marac:meeting_list")
    detail = reverse("marac:meeting_detail", kwargs={"meeting_id": item.meeting_id})
    assert detail in signed_in(marac_coordinator).get(url).content.decode()
    assert detail in signed_in(idva_a).get(url).content.decode()
    page = signed_in(police_b).get(url)
    assert page.status_code == 200
    assert detail not in page.content.decode()


def test_it_schedules_a_meeting_from_the_form(
    signed_in: SignedIn, marac_coordinator: User, police_b: User, area: Any, agencies: Any
) -> None:
    client = signed_in(marac_coordinator)
    url = reverse("marac:meeting_schedule") + f"?area={area.pk}"
    assert client.get(url).status_code == 200
    day = timezone.localdate() + timedelta(days=30)
    response = client.post(
        url,
        {
            "area": str(area.pk),
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "start_time": "10:30",
            "chair": str(police_b.pk),
            "coordinator": str(marac_coordinator.pk),
            "capacity": "12",
            "agencies": [str(agencies.a.pk), str(agencies.b.pk)],
        },
    )
    meeting = MaracMeeting.objects.get(area=area)
    assert response.status_code == 302
    assert response["Location"] == reverse("marac:meeting_detail", kwargs={"meeting_id": meeting.pk})
    assert (meeting.capacity, meeting.chair, timezone.localtime(meeting.starts_at).strftime("%H:%M")) == (
        12,
        police_b,
        "10:30",
    )


def test_it_shows_errors_on_the_schedule_form(signed_in: SignedIn, marac_coordinator: User, area: Any) -> None:
    response = signed_in(marac_coordinator).post(
        reverse("marac:meeting_schedule"), {"area": str(area.pk), "start_time": "25:00", "capacity": "15"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the meeting date" in body
    assert "Enter the start time as hours and minutes" in body
    assert not MaracMeeting.objects.exists()


def test_it_schedules_a_series(signed_in: SignedIn, marac_coordinator: User, area: Any, agencies: Any) -> None:
    first = timezone.localdate() + timedelta(days=7)
    until = first + timedelta(days=21)
    area.cadence = "weekly"
    area.save()
    response = signed_in(marac_coordinator).post(
        reverse("marac:meeting_schedule_series"),
        {
            "area": str(area.pk),
            "first_0": first.day,
            "first_1": first.month,
            "first_2": first.year,
            "until_0": until.day,
            "until_1": until.month,
            "until_2": until.year,
            "start_time": "10:00",
            "capacity": "15",
            "agencies": [str(agencies.a.pk)],
        },
    )
    assert response.status_code == 302
    assert MaracMeeting.objects.filter(area=area).count() == 4


def test_it_shows_the_agenda_without_addresses_and_with_carried_forward_actions_redacted(
    signed_in: SignedIn, idva_a: User, agencies: Any
) -> None:
    victim = PersonFactory(address="12 Canary Lane, Hightown", postcode="CN1 1RY", given_name="Vera")
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], case=None, children_in_household=2)
    item.marac_referral.case.victim = victim
    item.marac_referral.case.save()
    earlier = listed_case(coordinating=agencies.county, state=MeetingState.HELD)
    earlier.meeting.area = item.meeting.area
    earlier.meeting.starts_at = item.meeting.starts_at - timedelta(days=30)
    earlier.meeting.save()
    earlier.marac_referral.case = item.marac_referral.case
    earlier.marac_referral.save()
    MaracActionFactory(
        agenda_item=earlier,
        owning_organisation=agencies.a,
        description="Visit at 12 Canary Lane to fit alarms",
        due_on=timezone.localdate() - timedelta(days=1),
    )
    response = signed_in(idva_a).get(reverse("marac:meeting_detail", kwargs={"meeting_id": item.meeting_id}))
    body = response.content.decode()
    assert response.status_code == 200
    assert item.marac_referral.reference in body
    assert "Vera" in body
    assert "Visit at [location removed] to fit alarms" in body
    assert "Overdue" in body
    for canary in ("Canary Lane", "CN1 1RY", "07700 900123", "person@example.invalid"):
        assert canary not in body


def test_it_hides_a_meeting_from_users_outside_the_gate(
    signed_in: SignedIn, police_b: User, idva_a: User, agencies: Any
) -> None:
    published = listed_case(coordinating=agencies.county, attending=[agencies.a])
    scheduled = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    assert signed_in(police_b).get(reverse("marac:meeting_detail", args=[published.meeting_id])).status_code == 404
    # An invited agency sees nothing before the agenda is published.
    assert signed_in(idva_a).get(reverse("marac:meeting_detail", args=[scheduled.meeting_id])).status_code == 404


def test_it_publishes_the_agenda(signed_in: SignedIn, marac_coordinator: User, agencies: Any) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b], state=MeetingState.SCHEDULED)
    response = signed_in(marac_coordinator).post(reverse("marac:agenda_publish", args=[item.meeting_id]))
    assert response.status_code == 302
    assert ResearchTask.objects.filter(agenda_item=item).count() == 2


def test_it_answers_404_to_a_coordinator_of_another_marac(signed_in: SignedIn, agencies: Any) -> None:
    other = user_with_role(Role.MARAC_COORDINATOR, OrganisationFactory())
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    client = signed_in(other)
    for name in ("meeting_detail", "meeting_invite", "meeting_cancel", "attendance_record"):
        assert client.get(reverse(f"marac:{name}", args=[item.meeting_id])).status_code == 404, name
    assert client.post(reverse("marac:agenda_publish", args=[item.meeting_id])).status_code == 404
    assert client.get(reverse("marac:agenda_item_list", args=[item.marac_referral_id])).status_code == 404


def test_it_shows_the_queue_in_order_and_only_to_coordinators(
    signed_in: SignedIn, marac_coordinator: User, idva_a: User, area: Any
) -> None:
    plain = MaracReferralFactory(area=area, evidence={"score": 17, "threshold": 14})
    urgent = MaracReferralFactory(area=area, urgent=True)
    MaracReferralFactory(area=area, current_state=MaracReferralState.WITHDRAWN, reference="M-2026-77777")
    response = signed_in(marac_coordinator).get(reverse("marac:referral_queue"))
    body = response.content.decode()
    assert body.index(urgent.reference) < body.index(plain.reference)
    assert "DASH score 17 (threshold 14)" in body
    assert "M-2026-77777" not in body
    assert signed_in(idva_a).get(reverse("marac:referral_queue")).status_code == 403


def test_it_lists_a_case_at_the_next_meeting_and_warns_over_capacity(
    signed_in: SignedIn, marac_coordinator: User, meeting: Any, area: Any
) -> None:
    later = MaracMeetingFactory(area=area, starts_at=meeting.starts_at + timedelta(days=28))
    first, second = MaracReferralFactory(area=area), MaracReferralFactory(area=area)
    client = signed_in(marac_coordinator)
    page = client.get(reverse("marac:agenda_item_list", args=[first.pk]))
    assert page.context["form"].fields["meeting"].initial == str(meeting.pk)
    assert (
        client.post(reverse("marac:agenda_item_list", args=[first.pk]), {"meeting": str(meeting.pk)}).status_code == 302
    )
    over = client.post(reverse("marac:agenda_item_list", args=[second.pk]), {"meeting": str(meeting.pk)})
    assert over.status_code == 200
    assert over.context["over_capacity"] is True
    assert "against a capacity of 1" in over.content.decode()
    confirmed = client.post(
        reverse("marac:agenda_item_list", args=[second.pk]), {"meeting": str(meeting.pk), "confirm_over_capacity": "on"}
    )
    assert confirmed.status_code == 302
    assert meeting.items.count() == 2
    assert not later.items.exists()


def test_it_withdraws_a_referral_from_the_queue(signed_in: SignedIn, marac_coordinator: User, area: Any) -> None:
    referral = MaracReferralFactory(area=area)
    client = signed_in(marac_coordinator)
    url = reverse("marac:referral_withdraw", args=[referral.pk])
    assert "Enter why the referral is withdrawn" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Duplicate referral"}).status_code == 302
    referral.refresh_from_db()
    assert referral.current_state == MaracReferralState.WITHDRAWN


def test_it_cancels_a_meeting_from_its_page(signed_in: SignedIn, marac_coordinator: User, agencies: Any) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    response = signed_in(marac_coordinator).post(
        reverse("marac:meeting_cancel", args=[item.meeting_id]), {"reason": "Venue unavailable"}
    )
    assert response.status_code == 302
    item.marac_referral.refresh_from_db()
    assert item.marac_referral.current_state == MaracReferralState.QUEUED


def test_it_takes_a_case_off_the_agenda_from_the_meeting_page(
    signed_in: SignedIn, marac_coordinator: User, agencies: Any
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    url = reverse("marac:agenda_item_remove", args=[item.meeting_id, item.pk])
    assert signed_in(marac_coordinator).post(url).status_code == 302
    item.marac_referral.refresh_from_db()
    assert item.marac_referral.current_state == MaracReferralState.QUEUED


def test_it_lets_an_invited_agency_register_its_attendee(
    signed_in: SignedIn, idva_a: User, police_b: User, agencies: Any
) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    url = reverse("marac:attendee_register", args=[item.meeting_id])
    client = signed_in(idva_a)
    assert client.get(url).context["form"].initial["name"] == idva_a.full_name
    response = client.post(url, {"organisation": str(agencies.a.pk), "name": idva_a.full_name, "job_title": "IDVA"})
    assert response.status_code == 302
    attendee = MeetingAttendee.objects.get(meeting=item.meeting)
    assert (attendee.user, attendee.organisation) == (idva_a, agencies.a)
    assert signed_in(police_b).get(url).status_code == 404


def test_it_records_attendance_on_the_day(signed_in: SignedIn, marac_coordinator: User, agencies: Any) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a])
    attendee = MeetingAttendee.objects.create(meeting=item.meeting, organisation=agencies.a, name="Ann")
    url = reverse("marac:attendance_record", args=[item.meeting_id])
    client = signed_in(marac_coordinator)
    assert client.post(url, {f"attended-{attendee.pk}": "yes"}).status_code == 400  # not yet the day
    with time_machine.travel(item.meeting.starts_at + timedelta(minutes=5)):
        response = signed_in(marac_coordinator).post(url, {f"attended-{attendee.pk}": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("marac:meeting_detail", args=[item.meeting_id])
    attendee.refresh_from_db()
    assert attendee.attended is True
    assert AuditEntry.objects.filter(action="marac.attendance.record").count() == 1


def test_it_reads_carried_forward_actions_in_a_constant_number_of_queries(
    agencies: Any, marac_coordinator: User, signed_in: Callable[[User], Client]
) -> None:
    """The agenda page costs the same queries with one or with six actions carried from earlier cases."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    earlier = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.HELD)
    earlier.meeting.starts_at -= timedelta(days=30)
    earlier.meeting.save()
    later = MaracMeetingFactory(area=earlier.meeting.area, current_state=MeetingState.SCHEDULED)
    client = signed_in(marac_coordinator)
    url = reverse("marac:meeting_detail", kwargs={"meeting_id": later.pk})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    MaracActionFactory(agenda_item=earlier, owning_organisation=agencies.a)
    one = queries()
    for _ in range(5):
        other = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.HELD)
        AgendaItem.objects.filter(pk=other.pk).update(meeting=earlier.meeting)
        MaracActionFactory(agenda_item=other, owning_organisation=agencies.a)
    assert queries() == one
