"""High-harm case management reads, each through its gate (404 otherwise): the referral (for the provider),
one intervention, the case manager's caseload and the interventions of the user's agencies."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.http import Http404

from vawg.accounts.models import Membership, Organisation, User
from vawg.audit.services import audit_read
from vawg.programmes.models import (
    Intervention,
    InterventionQuerySet,
    ProgrammeKind,
    ProgrammeReferral,
    ProgrammeReferralQuerySet,
)
from vawg.programmes.models.drive import INTERVENTION_PERMISSIONS, OUTSTANDING_INTERVENTION_STATES, RUN_PROGRAMMES


def high_harm_referral_get_for(*, user: User, referral_id: uuid.UUID | str) -> ProgrammeReferral:
    """A high-harm referral ``user`` runs (the provider's programme workers); otherwise 404."""
    try:
        referral = (
            ProgrammeReferral.objects.visible_to(user)
            .filter(programme__kind=ProgrammeKind.HIGH_HARM)
            .select_related("programme", "person_causing_harm__person", "case_manager")
            .get(pk=referral_id)
        )
    except (ProgrammeReferral.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such programme referral.") from None
    return audit_read(action="programmes.programme_referral.view", obj=referral)


def intervention_get_for(*, user: User, intervention_id: uuid.UUID | str) -> Intervention:
    """An intervention ``user`` may see (the provider's, or their own agency's); otherwise 404."""
    try:
        intervention = (
            Intervention.objects.visible_to(user)
            .select_related("referral__programme", "referral__person_causing_harm__person", "organisation")
            .get(pk=intervention_id)
        )
    except (Intervention.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such intervention.") from None
    return audit_read(action="programmes.intervention.view", obj=intervention)


def acts_on_interventions(user: User) -> bool:
    """Whether ``user`` refers to programmes or takes part in MATAC (and so acts on interventions)."""
    return any(user.has_perm(perm) for perm in INTERVENTION_PERMISSIONS)


def case_manager_choices(referral: ProgrammeReferral) -> QuerySet[User]:
    """Active programme workers at ``referral``'s provider (who may be its case manager)."""
    holding = Membership.objects.active().holding(RUN_PROGRAMMES).filter(organisation=referral.programme.provider_id)
    return User.objects.filter(is_active=True, pk__in=holding.values("user_id")).order_by("full_name", "email")


def intervention_agency_choices() -> QuerySet[Organisation]:
    """Active agencies an intervention may belong to."""
    return Organisation.objects.filter(is_active=True).order_by("name")


def caseload_for(user: User) -> ProgrammeReferralQuerySet:
    """The open high-harm referrals ``user`` manages (through the gate), each with ``next_due_on``: the
    earliest due date of its outstanding interventions (None when there are none)."""
    outstanding = (
        Intervention.objects.filter(referral=OuterRef("pk"), current_state__in=OUTSTANDING_INTERVENTION_STATES)
        .order_by()
        .values("referral")
        .annotate(first=Min("due_on"))
        .values("first")
    )
    return (
        ProgrammeReferral.objects.visible_to(user)
        .open()
        .filter(programme__kind=ProgrammeKind.HIGH_HARM, case_manager=user.pk)
        .select_related("programme", "person_causing_harm__person")
        .annotate(next_due_on=Subquery(outstanding))
        .order_by("next_due_on", "created_at")
    )


def interventions_of_my_agencies(user: User, *, due: bool = False) -> InterventionQuerySet:
    """The interventions of ``user``'s agencies (outstanding; only those overdue or due soon when ``due``).
    The same QuerySet counts My work (``interventions_due_count``)."""
    rows = Intervention.objects.of_my_agencies(user).outstanding()
    if due:
        rows = rows.due_or_overdue()
    return rows.select_related("referral__programme", "referral__person_causing_harm__person", "organisation")


def interventions_due_count(user: User) -> int:
    """My work: the interventions of ``user``'s agencies overdue or due soon, in one query."""
    return Intervention.objects.of_my_agencies(user).due_or_overdue().count()


def interventions_of_referral(user: User, referral: ProgrammeReferral) -> InterventionQuerySet:
    """``referral``'s interventions ``user`` may see, by agency then due date."""
    return (
        Intervention.objects.visible_to(user)
        .filter(referral=referral)
        .select_related("organisation")
        .order_by("organisation__name", "due_on", "created_at")
    )
