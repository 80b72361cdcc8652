"""MATAC tactics: agreed by the coordinator for a subject at a meeting, with an owning agency, an owner and
a due date; kept by the owning agency along MARAC's action states (one way of doing actions)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.config import TAKE_PART_IN_MATAC
from vawg.intelligence.models import (
    MatacMeeting,
    MatacMeetingAgency,
    MatacMeetingState,
    MatacSubject,
    MatacTactic,
    MatacTacticStatus,
    SubjectState,
    TacticKind,
)
from vawg.intelligence.selectors.matac import agency_members, organisations_of, runs_matac_of
from vawg.intelligence.services.matac.common import clean_text, require_runs
from vawg.marac.models import ActionState
from vawg.marac.services import action_change_check


@transaction.atomic
def matac_tactic_create(
    *,
    subject: MatacSubject,
    meeting: MatacMeeting,
    by: User,
    kind: str,
    description: str,
    owning_organisation: Organisation,
    due_on: date,
    owner: User | None = None,
    request: HttpRequest | None = None,
) -> MatacTactic:
    """Agree a tactic for an active ``subject`` at ``meeting`` (scheduled or being held)."""
    require_runs(by, subject.coordinating_organisation_id)
    if meeting.organisation_id != subject.coordinating_organisation_id:
        raise ValidationError({"meeting": "Choose a meeting of this MATAC"})
    if meeting.current_state not in (MatacMeetingState.SCHEDULED, MatacMeetingState.HELD):
        raise ValidationError({"meeting": "Tactics can only be agreed at a meeting that is scheduled or being held"})
    if subject.current_state != SubjectState.ACTIVE:
        raise ValidationError("This subject has left MATAC: no new tactics")
    if kind not in TacticKind.values:
        raise ValidationError({"kind": "Choose the kind of tactic"})
    description = clean_text(
        description,
        person=subject.person_causing_harm,
        field="description",
        required="Enter what the tactic is",
        what="description",
    )
    invited = MatacMeetingAgency.objects.filter(meeting=meeting, organisation=owning_organisation).exists()
    if not invited and owning_organisation.pk != meeting.organisation_id:
        raise ValidationError({"owning_organisation": "Choose an agency invited to this meeting"})
    if owner is not None and not agency_members(owning_organisation).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose someone who works for the owning agency and takes part in MATAC"})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "The due date must be today or in the future"})
    tactic = MatacTactic(
        subject=subject,
        meeting=meeting,
        kind=kind,
        description=description,
        owning_organisation=owning_organisation,
        owner=owner,
        due_on=due_on,
        created_by=by,
    )
    save_valid(tactic)
    save_valid(MatacTacticStatus(tactic=tactic, state=ActionState.OPEN, created_by=by))
    audit_record(
        action="intelligence.matac_tactic.create",
        by=by,
        obj=tactic,
        request=request,
        details={
            "matac_subject_id": str(subject.pk),
            "meeting_id": str(meeting.pk),
            "kind": kind,
            "owner_id": str(owner.pk) if owner else "",
        },
    )
    return tactic


def may_update(tactic: MatacTactic, user: User) -> bool:
    """A member of the owning agency (with ``take_part_in_matac``) or the MATAC's coordinator."""
    own = any(org.pk == tactic.owning_organisation_id for org in organisations_of(user, TAKE_PART_IN_MATAC))
    return own or runs_matac_of(user, tactic.subject.coordinating_organisation_id)


@transaction.atomic
def matac_tactic_update(
    *, tactic: MatacTactic, by: User, state: str, note: str = "", request: HttpRequest | None = None
) -> MatacTacticStatus:
    """A new status for ``tactic`` (an immutable row) along MARAC's ACTION_TRANSITIONS."""
    if not may_update(tactic, by):
        raise PermissionDenied
    current = MatacTactic.objects.select_for_update().only("current_state").get(pk=tactic.pk).current_state
    note = clean_text(note, person=tactic.subject.person_causing_harm, field="note", what="note")
    action_change_check(current=current, state=state, note=note)
    row = MatacTacticStatus(tactic=tactic, state=state, note=note, created_by=by)
    save_valid(row)
    tactic.current_state = state
    tactic.save(update_fields=["current_state", "updated_at"])
    audit_record(
        action="intelligence.matac_tactic.update",
        by=by,
        obj=tactic,
        request=request,
        details={"from": current, "to": state},
    )
    return row
