"""High-harm case management in the Drive model: a case manager works one-to-one with a high-harm or
serial person causing harm, alongside other agencies' interventions that disrupt and support."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, StateChange, user_who
from vawg.marac.config import ACTION_DUE_SOON_DAYS
from vawg.programmes.models.programmes import ProgrammeReferral, agencies_where, denied, signed_in

RUN_PROGRAMMES = "programmes.run_programmes"
# A member of another agency acts on its interventions if they refer to programmes or take part in MATAC.
INTERVENTION_PERMISSIONS = ("programmes.refer_to_programme", "intelligence.take_part_in_matac")


class InterventionKind(models.TextChoices):
    """The same tags as MATAC's tactics (support, prevention, diversion, disruption, enforcement)."""

    SUPPORT = "support", "Support"
    PREVENTION = "prevention", "Prevention"
    DIVERSION = "diversion", "Diversion"
    DISRUPTION = "disruption", "Disruption"
    ENFORCEMENT = "enforcement", "Enforcement"


class InterventionState(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not-done", "Not done"


INTERVENTION_TRANSITIONS: dict[str, frozenset[str]] = {
    InterventionState.PLANNED: frozenset(
        {InterventionState.IN_PROGRESS, InterventionState.DONE, InterventionState.NOT_DONE}
    ),
    InterventionState.IN_PROGRESS: frozenset({InterventionState.DONE, InterventionState.NOT_DONE}),
    InterventionState.DONE: frozenset(),
    InterventionState.NOT_DONE: frozenset(),
}


OUTSTANDING_INTERVENTION_STATES = frozenset({InterventionState.PLANNED, InterventionState.IN_PROGRESS})


def intervention_agencies(user: User) -> models.QuerySet[Membership, Any]:
    """The agency ids where ``user`` acts on interventions (refers to programmes or takes part in MATAC)."""
    roles = set().union(*(holders_of(perm) for perm in INTERVENTION_PERMISSIONS))
    return Membership.objects.active().of_active_user(user).filter(role__in=roles).values("organisation_id")


class InterventionQuerySet(models.QuerySet["Intervention"]):
    def visible_to(self, user: User) -> InterventionQuerySet:
        """The gate, in one query: every intervention of a referral into a programme of an agency where
        ``user`` runs programmes (the provider's workers and the case manager), and the interventions
        owned by an agency where ``user`` refers to programmes or takes part in MATAC (their own agency's
        only). Nobody else sees one (404)."""
        if not signed_in(user):
            return self.none()
        provider = Q(referral__programme__provider__in=agencies_where(user, RUN_PROGRAMMES))
        own = Q(organisation__in=intervention_agencies(user))
        return self.filter(provider | own).exclude(denied(user, path="referral__person_causing_harm"))

    def of_my_agencies(self, user: User) -> InterventionQuerySet:
        """Interventions owned by an agency where ``user`` acts on them (through the gate)."""
        return self.visible_to(user).filter(organisation__in=intervention_agencies(user))

    def outstanding(self) -> InterventionQuerySet:
        return self.filter(current_state__in=OUTSTANDING_INTERVENTION_STATES)

    def overdue(self, on: date | None = None) -> InterventionQuerySet:
        return self.outstanding().filter(due_on__lt=on or timezone.localdate())

    def due_or_overdue(self, on: date | None = None) -> InterventionQuerySet:
        """Outstanding and due by ``ACTION_DUE_SOON_DAYS`` days from ``on`` (MARAC's window), or overdue."""
        start = on or timezone.localdate()
        return self.outstanding().filter(due_on__lte=start + timedelta(days=ACTION_DUE_SOON_DAYS))


class Intervention(BaseModel):
    """One agency's intervention in a high-harm case. ``current_state`` mirrors the newest status row."""

    referral = models.ForeignKey(ProgrammeReferral, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=20, choices=InterventionKind.choices)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    # What is to be done: free text about a person, encrypted; never a location.
    description = EncryptedTextField()
    due_on = models.DateField(null=True, blank=True)
    current_state = models.CharField(
        max_length=20, choices=InterventionState.choices, default=InterventionState.PLANNED
    )
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} intervention"

    @property
    def audit_agency_id(self) -> object:
        return self.organisation_id


class InterventionStatus(StateChange):
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=InterventionState.choices)

    class Meta:
        ordering = ["created_at"]
