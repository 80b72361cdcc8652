"""Actions agreed at MARAC, with status as immutable rows; carry-forward."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from vawg.accounts.models import User
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.marac.config import ACTION_DUE_SOON_DAYS
from vawg.marac.models.base import (
    TAKE_PART,
    active_user,
    not_denied,
    organisations_with,
)
from vawg.marac.models.items import AgendaItem
from vawg.marac.models.meetings import MaracMeeting

# ---------------------------------------------------------------------------
# Actions (status as immutable rows)
# ---------------------------------------------------------------------------


class RiskAddressed(models.TextChoices):
    VICTIM = "victim", "Victim"
    CHILDREN = "children", "Children"
    ADULTS_AT_RISK = "adults-at-risk", "Adults at risk"
    PERPETRATOR = "perpetrator", "Person causing harm"


class ActionState(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not-done", "Could not be done"


ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionState.OPEN: frozenset({ActionState.IN_PROGRESS, ActionState.DONE, ActionState.NOT_DONE}),
    ActionState.IN_PROGRESS: frozenset({ActionState.DONE, ActionState.NOT_DONE}),
    ActionState.DONE: frozenset(),
    ActionState.NOT_DONE: frozenset(),
}
OUTSTANDING_ACTION_STATES = frozenset({ActionState.OPEN, ActionState.IN_PROGRESS})


class MaracActionQuerySet(models.QuerySet["MaracAction"]):
    def visible_to(self, user: User) -> MaracActionQuerySet:
        """Actions ``user`` may see: their own agency's (with ``marac.take_part``), and every action on
        items of meetings they run. A case's deny-list beats both."""
        if not active_user(user):
            return self.none()
        own = Q(owning_organisation__in=organisations_with(user, TAKE_PART))
        running = Q(agenda_item__in=AgendaItem.objects.run_by(user))
        return self.filter(own | running).exclude(not_denied(user, "agenda_item__marac_referral__case"))

    def outstanding(self) -> MaracActionQuerySet:
        return self.filter(current_state__in=OUTSTANDING_ACTION_STATES)

    def overdue(self, on: date | None = None) -> MaracActionQuerySet:
        return self.outstanding().filter(due_on__lt=on or timezone.localdate())

    def due_soon(self, on: date | None = None) -> MaracActionQuerySet:
        """Outstanding and due from ``on`` (today) to ``ACTION_DUE_SOON_DAYS`` days later, both inclusive."""
        start = on or timezone.localdate()
        return self.outstanding().filter(due_on__gte=start, due_on__lte=start + timedelta(days=ACTION_DUE_SOON_DAYS))

    def carried_forward_to(self, meeting: MaracMeeting) -> MaracActionQuerySet:
        """Outstanding (not done, overdue or not) actions agreed at earlier meetings of the same MARAC:
        they roll forward into ``meeting``'s agenda and minutes until their agency closes them."""
        return self.outstanding().filter(
            agenda_item__meeting__area=meeting.area_id, agenda_item__meeting__starts_at__lt=meeting.starts_at
        )


class MaracAction(BaseModel):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = EncryptedTextField()
    owning_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    owner = user_who(optional=True)
    due_on = models.DateField()
    risk_addressed = models.CharField(max_length=20, choices=RiskAddressed.choices)
    current_state = models.CharField(
        max_length=20, choices=ActionState.choices, default=ActionState.OPEN, editable=False
    )
    created_by = user_who()

    objects = MaracActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["owning_organisation", "current_state"])]

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this under: the agency that owns the action."""
        return self.owning_organisation_id


class MaracActionStatus(ImmutableModel):
    action = models.ForeignKey(MaracAction, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=ActionState.choices)
    note = EncryptedTextField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
