"""MARAC actions: agreed at the meeting by whoever runs it, updated by the owning agency.

An action's status is a series of immutable rows (MaracActionStatus) along ACTION_TRANSITIONS;
``current_state`` on the action is the latest of them. Outstanding actions roll forward to the
next meeting of the same MARAC (``MaracAction.objects.carried_forward_to``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.marac.models import (
    ACTION_TRANSITIONS,
    ActionState,
    AgendaItem,
    MaracAction,
    MaracActionStatus,
    MeetingAgency,
    MeetingState,
    RiskAddressed,
)
from vawg.marac.selectors.actions import may_update
from vawg.marac.selectors.agencies import agency_members
from vawg.marac.services.research import case_location_values
from vawg.people.rules import redact

MAX_TEXT = 2000
ACTION_OPEN_STATES = frozenset({MeetingState.AGENDA_PUBLISHED})


def action_change_check(*, current: str, state: str, note: str) -> None:
    """ValidationError unless an action that is ``current`` may become ``state`` (ACTION_TRANSITIONS), with
    a ``note`` saying why when it could not be done. MATAC's tactics follow the same rule (docs/matac.md)."""
    if state not in ACTION_TRANSITIONS[current]:
        raise ValidationError(
            {
                "state": f"An action that is {ActionState(current).label.lower()} "
                f"cannot become {ActionState(state).label.lower() if state in ActionState.values else state}"
            }
        )
    if state == ActionState.NOT_DONE and not note:
        raise ValidationError({"note": "Enter why the action could not be done"})


@transaction.atomic
def marac_action_create(
    *,
    item: AgendaItem,
    by: User,
    description: str,
    owning_organisation: Organisation,
    due_on: date,
    risk_addressed: str,
    owner: User | None = None,
    request: HttpRequest | None = None,
) -> MaracAction:
    """Agree a timed action on ``item`` (by the chair or a coordinator, while the meeting is under way)."""
    if not AgendaItem.objects.run_by(by).filter(pk=item.pk).exists():
        raise PermissionDenied
    if item.meeting.current_state not in ACTION_OPEN_STATES:
        raise ValidationError("Actions can only be agreed while the meeting is under way")
    values = case_location_values(item)
    description = redact((description or "").strip(), values)
    if not description:
        raise ValidationError({"description": "Enter what the action is"})
    if len(description) > MAX_TEXT:
        raise ValidationError({"description": f"The action must be {MAX_TEXT} characters or fewer"})
    if not MeetingAgency.objects.filter(meeting=item.meeting_id, organisation=owning_organisation).exists():
        raise ValidationError({"owning_organisation": "Choose an agency invited to this meeting"})
    if owner is not None and not agency_members(owning_organisation).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose someone who works for the owning agency"})
    if risk_addressed not in RiskAddressed.values:
        raise ValidationError({"risk_addressed": "Choose the risk the action addresses"})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "The due date must be today or in the future"})
    action = MaracAction(
        agenda_item=item,
        description=description,
        owning_organisation=owning_organisation,
        owner=owner,
        due_on=due_on,
        risk_addressed=risk_addressed,
        created_by=by,
    )
    save_valid(action)
    MaracActionStatus.objects.create(action=action, state=ActionState.OPEN, created_by=by)
    audit_record(
        action="marac.action.create",
        by=by,
        obj=action,
        request=request,
        details={"agenda_item_id": item.pk, "risk_addressed": risk_addressed, "owner_id": owner.pk if owner else ""},
    )
    return action


@transaction.atomic
def marac_action_update(
    *, action: MaracAction, by: User, state: str, note: str = "", request: HttpRequest | None = None
) -> MaracActionStatus:
    """A new status for ``action`` (an immutable row), by a member of the owning agency."""
    if not may_update(action, by):
        raise PermissionDenied
    current = MaracAction.objects.select_for_update().only("current_state").get(pk=action.pk).current_state
    note = redact((note or "").strip(), case_location_values(action.agenda_item))
    action_change_check(current=current, state=state, note=note)
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": f"The note must be {MAX_TEXT} characters or fewer"})
    row = MaracActionStatus(action=action, state=state, note=note, created_by=by)
    save_valid(row)
    action.current_state = state
    action.save(update_fields=["current_state", "updated_at"])
    audit_record(
        action="marac.action.update",
        by=by,
        obj=action,
        request=request,
        details={"from": current, "to": state},
    )
    return row
