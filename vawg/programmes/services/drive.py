"""High-harm case management in the Drive model (docs/programmes.md#high-harm-case-management): a named case
manager at the provider, and the interventions other agencies (police, probation, children's services,
housing) carry out alongside, each kept by its own agency through INTERVENTION_TRANSITIONS."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.intelligence.services.matac.common import clean_text
from vawg.programmes.models import (
    CLOSED_REFERRAL_STATES,
    Intervention,
    InterventionKind,
    InterventionState,
    InterventionStatus,
    ProgrammeKind,
    ProgrammeReferral,
)
from vawg.programmes.models.drive import intervention_agencies
from vawg.programmes.rules.drive import INTERVENTION_REASONS, intervention_may_move
from vawg.programmes.selectors.drive import case_manager_choices

NOT_HIGH_HARM = "Only a high-harm programme has a case manager and interventions"


def _require_runs(by: User, referral: ProgrammeReferral) -> None:
    """``by`` runs the referral's programme (the provider's programme workers, the case manager among them);
    anyone else gets 404, as for a referral that does not exist."""
    if not ProgrammeReferral.objects.visible_to(by).filter(pk=referral.pk).exists():
        raise Http404("No such programme referral.")
    if referral.programme.kind != ProgrammeKind.HIGH_HARM:
        raise ValidationError(NOT_HIGH_HARM)


@transaction.atomic
def programme_referral_case_manager_assign(
    *, referral: ProgrammeReferral, case_manager: User, by: User, request: HttpRequest | None = None
) -> ProgrammeReferral:
    """Name ``case_manager`` (an active programme worker at the provider) for a high-harm ``referral``."""
    _require_runs(by, referral)
    if referral.current_state in CLOSED_REFERRAL_STATES:
        raise ValidationError("This referral has closed: its case manager cannot change")
    if not case_manager_choices(referral).filter(pk=case_manager.pk).exists():
        raise ValidationError({"case_manager": "Choose a programme worker at the programme's provider"})
    previous = referral.case_manager_id
    referral.case_manager = case_manager
    save_valid(referral, update_fields=["case_manager", "updated_at"])
    audit_record(
        action="programmes.programme_referral.assign",
        by=by,
        obj=referral,
        agency_id=referral.programme.provider_id,
        request=request,
        details={"case_manager_id": str(case_manager.pk), "previous_id": str(previous or "")},
    )
    return referral


@transaction.atomic
def intervention_add(
    *,
    referral: ProgrammeReferral,
    kind: str,
    organisation: Organisation,
    description: str,
    due_on: date | None,
    by: User,
    request: HttpRequest | None = None,
) -> Intervention:
    """Plan one agency's intervention for an open high-harm ``referral`` (by the case manager or another
    programme worker at the provider). The description is redacted of every location value held for the
    person and their victims."""
    _require_runs(by, referral)
    if referral.current_state in CLOSED_REFERRAL_STATES:
        raise ValidationError("This referral has closed: no new interventions")
    if kind not in InterventionKind.values:
        raise ValidationError({"kind": "Choose the kind of intervention"})
    if not organisation.is_active:
        raise ValidationError({"organisation": "Choose an agency that is active"})
    if due_on is None:
        raise ValidationError({"due_on": "Enter the due date"})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": "The due date must be today or in the future"})
    description = clean_text(
        description,
        person=referral.person_causing_harm,
        field="description",
        required="Enter what is to be done",
        what="description",
    )
    intervention = Intervention(
        referral=referral,
        kind=kind,
        organisation=organisation,
        description=description,
        due_on=due_on,
        created_by=by,
    )
    save_valid(intervention)
    save_valid(InterventionStatus(intervention=intervention, state=InterventionState.PLANNED, created_by=by))
    audit_record(
        action="programmes.intervention.add",
        by=by,
        obj=intervention,
        request=request,
        details={"programme_referral_id": str(referral.pk), "kind": kind, "organisation_id": str(organisation.pk)},
    )
    return intervention


def may_transition(intervention: Intervention, user: User) -> bool:
    """The referral's case manager, or a member (who refers to programmes or takes part in MATAC) of the
    intervention's own agency."""
    if (
        intervention.referral.case_manager_id == user.pk
        and ProgrammeReferral.objects.visible_to(user).filter(pk=intervention.referral_id).exists()
    ):
        return True
    return intervention_agencies(user).filter(organisation_id=intervention.organisation_id).exists()


@transaction.atomic
def intervention_transition(
    *, intervention: Intervention, to_state: str, by: User, reason: str = "", request: HttpRequest | None = None
) -> InterventionStatus:
    """A new status row for ``intervention`` along INTERVENTION_TRANSITIONS; ``reason`` is a code
    (INTERVENTION_REASONS), never free text."""
    if not Intervention.objects.visible_to(by).filter(pk=intervention.pk).exists():
        raise Http404("No such intervention.")
    if not may_transition(intervention, by):
        raise PermissionDenied
    if reason not in INTERVENTION_REASONS:
        raise ValidationError({"reason": "Choose a reason from the list"})
    if to_state == InterventionState.NOT_DONE and not reason:
        raise ValidationError({"reason": "Choose why it was not done"})
    locked = Intervention.objects.select_for_update().only("current_state").get(pk=intervention.pk)
    current = locked.current_state
    if not intervention_may_move(current, to_state):
        becomes = InterventionState(to_state).label.lower() if to_state in InterventionState.values else to_state
        raise ValidationError(
            {"to_state": f"An intervention that is {InterventionState(current).label.lower()} cannot become {becomes}"}
        )
    row = InterventionStatus(intervention=intervention, state=to_state, reason=reason, created_by=by)
    save_valid(row)
    intervention.current_state = to_state
    save_valid(intervention, update_fields=["current_state", "updated_at"])
    audit_record(
        action="programmes.intervention.transition",
        by=by,
        obj=intervention,
        request=request,
        details={"from": current, "to": to_state, "reason": reason},
    )
    return row
