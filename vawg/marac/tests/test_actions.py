"""MARAC actions: agreeing them, the status state machine (immutable rows), carry-forward, the dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.models import AuditEntry
from vawg.marac.models import ActionState, MaracAction, MaracActionStatus, RiskAddressed
from vawg.marac.selectors.actions import outstanding_by_agency
from vawg.marac.services.actions import marac_action_create, marac_action_update
from vawg.marac.tests.factories import (
    AgendaItemFactory,
    MaracActionFactory,
    MaracMeetingFactory,
    MeetingAgencyFactory,
    listed_case,
)


@pytest.fixture
def item(agencies: Any) -> Any:
    return listed_case(coordinating=agencies.county, attending=[agencies.a, agencies.b])


def _create(item: Any, by: User, organisation: Any, **overrides: Any) -> MaracAction:
    fields: dict[str, Any] = {
        "description": "Fit a door alarm",
        "owning_organisation": organisation,
        "due_on": timezone.localdate() + timedelta(days=14),
        "risk_addressed": RiskAddressed.VICTIM,
    }
    fields.update(overrides)
    return marac_action_create(item=item, by=by, **fields)


def test_it_agrees_an_action_with_an_open_status_row(
    item: Any, marac_coordinator: User, agencies: Any, idva_a: User
) -> None:
    action = _create(item, marac_coordinator, agencies.a, owner=idva_a)
    assert action.current_state == ActionState.OPEN
    assert list(action.statuses.values_list("state", flat=True)) == [ActionState.OPEN]
    assert AuditEntry.objects.filter(action="marac.action.create", object_id=str(action.pk)).count() == 1


def test_it_refuses_an_action_from_someone_not_running_the_meeting(item: Any, idva_a: User, agencies: Any) -> None:
    with pytest.raises(PermissionDenied):
        _create(item, idva_a, agencies.a)


@pytest.mark.parametrize(
    "problem",
    ["agency not invited", "owner from another agency", "past due date", "no description"],
)
def test_it_refuses_an_invalid_action(
    problem: str, item: Any, marac_coordinator: User, agencies: Any, police_b: User
) -> None:
    overrides: dict[str, Any] = {
        "agency not invited": {"owning_organisation": agencies.c},
        "owner from another agency": {"owner": police_b},
        "past due date": {"due_on": timezone.localdate() - timedelta(days=1)},
        "no description": {"description": "  "},
    }[problem]
    with pytest.raises(ValidationError):
        _create(item, marac_coordinator, agencies.a, **overrides)
    assert not MaracAction.objects.exists()


def test_it_moves_an_action_along_its_state_machine(
    item: Any, marac_coordinator: User, agencies: Any, idva_a: User
) -> None:
    action = _create(item, marac_coordinator, agencies.a)
    marac_action_update(action=action, by=idva_a, state=ActionState.IN_PROGRESS, note="Booked")
    marac_action_update(action=action, by=idva_a, state=ActionState.DONE)
    action.refresh_from_db()
    assert action.current_state == ActionState.DONE
    assert list(action.statuses.values_list("state", flat=True)) == ["open", "in-progress", "done"]
    with pytest.raises(ValidationError):
        marac_action_update(action=action, by=idva_a, state=ActionState.IN_PROGRESS)
    assert AuditEntry.objects.filter(action="marac.action.update", object_id=str(action.pk)).count() == 2


def test_it_needs_a_reason_when_an_action_could_not_be_done(item: Any, agencies: Any, idva_a: User) -> None:
    action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    with pytest.raises(ValidationError):
        marac_action_update(action=action, by=idva_a, state=ActionState.NOT_DONE)


def test_it_lets_only_the_owning_agency_update_an_action(
    item: Any, agencies: Any, police_b: User, marac_coordinator: User
) -> None:
    action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    for user in (police_b, marac_coordinator):
        with pytest.raises(PermissionDenied):
            marac_action_update(action=action, by=user, state=ActionState.DONE)


def test_it_keeps_status_rows_immutable(item: Any, marac_coordinator: User, agencies: Any) -> None:
    action = _create(item, marac_coordinator, agencies.a)
    row = MaracActionStatus.objects.get(action=action)
    row.note = "Rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()


def test_it_carries_outstanding_actions_forward_into_the_next_meeting(item: Any, agencies: Any) -> None:
    open_action = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a)
    done = MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, current_state=ActionState.DONE)
    later = MaracMeetingFactory(area=item.meeting.area, starts_at=item.meeting.starts_at + timedelta(days=28))
    other_area = MaracMeetingFactory(starts_at=later.starts_at)
    earlier = MaracMeetingFactory(area=item.meeting.area, starts_at=item.meeting.starts_at - timedelta(days=28))
    carried = MaracAction.objects.carried_forward_to(later)
    assert open_action in carried and done not in carried
    assert not MaracAction.objects.carried_forward_to(other_area).exists()
    assert not MaracAction.objects.carried_forward_to(earlier).exists()


def test_it_counts_outstanding_and_overdue_actions_by_agency(
    item: Any, agencies: Any, marac_coordinator: User, idva_a: User
) -> None:
    today = timezone.localdate()
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, due_on=today - timedelta(days=10))
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, due_on=today + timedelta(days=3))
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.a, current_state=ActionState.DONE)
    MaracActionFactory(agenda_item=item, owning_organisation=agencies.b, due_on=today + timedelta(days=5))
    elsewhere = AgendaItemFactory()  # an area the coordinator does not coordinate
    MeetingAgencyFactory(meeting=elsewhere.meeting, organisation=agencies.a)
    MaracActionFactory(agenda_item=elsewhere, owning_organisation=agencies.a)
    rows = {row["organisation_id"]: row for row in outstanding_by_agency(marac_coordinator)}
    assert set(rows) == {agencies.a.pk, agencies.b.pk}
    assert (rows[agencies.a.pk]["outstanding"], rows[agencies.a.pk]["overdue"]) == (2, 1)
    assert rows[agencies.a.pk]["oldest_due"] == today - timedelta(days=10)
    assert (rows[agencies.b.pk]["outstanding"], rows[agencies.b.pk]["overdue"]) == (1, 0)
    assert outstanding_by_agency(idva_a) == []
