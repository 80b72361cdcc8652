"""High-harm case management in the Drive model: a case manager works one-to-one with a high-harm or
serial person causing harm, alongside other agencies' interventions that disrupt and support."""

from __future__ import annotations

from django.db import models

from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, StateChange, user_who
from vawg.programmes.models.programmes import ProgrammeReferral


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

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} intervention"


class InterventionStatus(StateChange):
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=InterventionState.choices)

    class Meta:
        ordering = ["created_at"]
