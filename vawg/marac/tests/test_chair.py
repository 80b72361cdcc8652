"""The chair's record: start, record, hear, close the meeting; only those who run the meeting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.marac.models import AgendaItem, MaracReferralState, MeetingState
from vawg.marac.selectors.chair import meetings_run_by
from vawg.marac.services.chair import agenda_item_hear, agenda_item_record, agenda_item_start, meeting_close
from vawg.marac.tests.factories import AgendaItemFactory, listed_case


@pytest.fixture
def item(agencies: Any, outsider_c: User) -> AgendaItem:
    return listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b], chair=outsider_c)


def test_it_lets_the_chair_and_the_coordinator_run_the_meeting(
    item: AgendaItem, outsider_c: User, marac_coordinator: User, idva_a: User
) -> None:
    assert set(meetings_run_by(outsider_c)) == {item.meeting}
    assert set(meetings_run_by(marac_coordinator)) == {item.meeting}
    assert not meetings_run_by(idva_a).exists()


def test_it_starts_a_case_once(item: AgendaItem, outsider_c: User) -> None:
    agenda_item_start(item=item, by=outsider_c)
    first = item.started_at
    agenda_item_start(item=item, by=outsider_c)
    item.refresh_from_db()
    assert item.started_at == first is not None
    assert AuditEntry.objects.filter(action="marac.agenda_item.start").count() == 1


def test_it_refuses_an_invited_agency_running_the_case(item: AgendaItem, idva_a: User) -> None:
    with pytest.raises(PermissionDenied):
        agenda_item_start(item=item, by=idva_a)
    with pytest.raises(PermissionDenied):
        agenda_item_record(item=item, by=idva_a, risks_identified="x")
    with pytest.raises(PermissionDenied):
        agenda_item_hear(item=item, by=idva_a)
    with pytest.raises(PermissionDenied):
        meeting_close(meeting=item.meeting, by=idva_a, return_unheard=True)


def test_it_records_risks_and_conclusion(item: AgendaItem, marac_coordinator: User) -> None:
    agenda_item_record(item=item, by=marac_coordinator, risks_identified=" Strangulation ", conclusion="Safety plan")
    item.refresh_from_db()
    assert (item.risks_identified, item.conclusion) == ("Strangulation", "Safety plan")
    with pytest.raises(ValueError):
        agenda_item_record(item=item, by=marac_coordinator, heard_at="now")


def test_it_hears_a_case_and_moves_the_referral_to_heard(item: AgendaItem, outsider_c: User) -> None:
    agenda_item_hear(item=item, by=outsider_c)
    item.refresh_from_db()
    item.marac_referral.refresh_from_db()
    assert item.heard_at is not None and item.heard_by == outsider_c
    assert item.marac_referral.current_state == MaracReferralState.HEARD
    with pytest.raises(ValidationError):
        agenda_item_hear(item=item, by=outsider_c)


def test_it_refuses_to_record_before_the_agenda_is_published(agencies: Any, marac_coordinator: User) -> None:
    item = listed_case(coordinating=agencies.county, attending=[agencies.a], state=MeetingState.SCHEDULED)
    with pytest.raises(ValidationError):
        agenda_item_start(item=item, by=marac_coordinator)


def test_it_closes_the_meeting_and_returns_unheard_cases_to_the_queue(item: AgendaItem, outsider_c: User) -> None:
    unheard = AgendaItemFactory(meeting=item.meeting)
    agenda_item_hear(item=item, by=outsider_c)
    with pytest.raises(ValidationError):
        meeting_close(meeting=item.meeting, by=outsider_c)
    meeting_close(meeting=item.meeting, by=outsider_c, return_unheard=True)
    item.meeting.refresh_from_db()
    unheard.marac_referral.refresh_from_db()
    item.marac_referral.refresh_from_db()
    assert item.meeting.current_state == MeetingState.HELD
    assert unheard.marac_referral.current_state == MaracReferralState.QUEUED
    assert item.marac_referral.current_state == MaracReferralState.HEARD
    assert AuditEntry.objects.filter(action="marac.meeting.close", object_id=str(item.meeting_id)).count() == 1
    with pytest.raises(ValidationError):
        agenda_item_record(item=unheard, by=outsider_c, conclusion="Too late")


def test_it_closes_a_meeting_with_every_case_heard_without_confirmation(item: AgendaItem, outsider_c: User) -> None:
    agenda_item_hear(item=item, by=outsider_c)
    meeting_close(meeting=item.meeting, by=outsider_c)
    item.meeting.refresh_from_db()
    assert item.meeting.current_state == MeetingState.HELD
