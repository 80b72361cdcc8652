"""Referrals to MARAC: the coordinator's queue, with its state machine and gate."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from vawg.accounts.models import User
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, StateChange, user_who
from vawg.marac.models.base import (
    COORDINATE,
    TAKE_PART,
    active_user,
    not_denied,
    organisations_with,
)
from vawg.marac.models.config import MaracArea
from vawg.marac.models.items import AgendaItem
from vawg.people.models import Person

# ---------------------------------------------------------------------------
# Referrals to MARAC (the coordinator's queue)
# ---------------------------------------------------------------------------


class Criterion(models.TextChoices):
    """The four SafeLives MARAC criteria (docs/domain/dash.md#marac-referral-criteria).

    The values match vawg.risk.rules."""

    VISIBLE_HIGH_RISK = "visible_high_risk", "Visible high risk (DASH score at or over the threshold)"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    POTENTIAL_ESCALATION = "potential_escalation", "Potential escalation"
    REPEAT = "repeat", "Repeat (within 12 months of the last MARAC referral)"


class MaracReferralSource(models.TextChoices):
    DASH = "dash", "DASH assessment"
    FRONT_DOOR = "front-door", "Referral through the front door"
    PROFESSIONAL = "professional", "Referred by a professional"
    INCIDENT_REPEAT = "incident-repeat", "New incident within 12 months (repeat)"
    TRANSFER_IN = "transfer-in", "Transfer from another MARAC"


class MaracReferralState(models.TextChoices):
    QUEUED = "queued", "Waiting to be listed"
    LISTED = "listed", "Listed for a meeting"
    HEARD = "heard", "Heard"
    WITHDRAWN = "withdrawn", "Withdrawn"
    TRANSFERRED_OUT = "transferred-out", "Transferred to another MARAC"


MARAC_REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    MaracReferralState.QUEUED: frozenset(
        {MaracReferralState.LISTED, MaracReferralState.WITHDRAWN, MaracReferralState.TRANSFERRED_OUT}
    ),
    # Back to the queue when a meeting is cancelled or the item is taken off the agenda.
    MaracReferralState.LISTED: frozenset(
        {MaracReferralState.HEARD, MaracReferralState.QUEUED, MaracReferralState.WITHDRAWN}
    ),
    MaracReferralState.HEARD: frozenset({MaracReferralState.TRANSFERRED_OUT}),
    MaracReferralState.WITHDRAWN: frozenset(),
    MaracReferralState.TRANSFERRED_OUT: frozenset(),
}
OPEN_REFERRAL_STATES = frozenset({MaracReferralState.QUEUED, MaracReferralState.LISTED})


class MaracReferralQuerySet(models.QuerySet["MaracReferral"]):
    def visible_to(self, user: User) -> MaracReferralQuerySet:
        """Referrals ``user`` may see: the area's coordinators (the queue), the referring agency (closed
        loop: what happened to its referral), and the chair and attending agencies of a published
        meeting it is listed at. A case's deny-list beats all of these."""
        if not active_user(user):
            return self.none()
        coordinating = Q(area__coordinating_organisation__in=organisations_with(user, COORDINATE))
        referring = Q(referring_organisation__in=organisations_with(user, TAKE_PART))
        listed = Exists(AgendaItem.objects.visible_to(user).filter(marac_referral=OuterRef("pk")))
        return self.filter(coordinating | referring | listed).exclude(not_denied(user, "case"))

    def open(self) -> MaracReferralQuerySet:
        return self.filter(current_state__in=OPEN_REFERRAL_STATES)

    def queued(self) -> MaracReferralQuerySet:
        return self.filter(current_state=MaracReferralState.QUEUED)

    def for_victim(self, person: Person | UUID) -> MaracReferralQuerySet:
        return self.filter(case__victim=person)


class MaracReferral(BaseModel):
    """A case referred to a MARAC: why (criteria and evidence, ids only), by whom, and where it is now."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="marac_referrals")
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=20, choices=MaracReferralSource.choices)
    referring_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    referred_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)
    referred_on = models.DateField()
    criteria = models.JSONField(default=list, blank=True, help_text="Criterion values met")
    evidence = models.JSONField(default=dict, blank=True, help_text="Ids, counts and dates only")
    is_repeat = models.BooleanField(default=False)
    repeat_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="repeats", help_text="The last referral"
    )
    dash_assessment = models.ForeignKey(
        "risk.DashAssessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    front_door_referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incident = models.ForeignKey("risk.Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    urgent = models.BooleanField(default=False)
    children_in_household = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: not known")
    perpetrator = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="marac_referrals_as_perpetrator"
    )
    reason = EncryptedTextField(help_text="The referrer's summary of the risk (never an address)")
    current_state = models.CharField(
        max_length=20, choices=MaracReferralState.choices, default=MaracReferralState.QUEUED, editable=False
    )

    objects = MaracReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        indexes = [models.Index(fields=["area", "current_state"]), models.Index(fields=["referred_on"])]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        unknown = [c for c in self.criteria if c not in Criterion.values]
        if unknown:
            raise ValidationError({"criteria": f"Unknown MARAC criteria: {', '.join(map(str, unknown))}"})
        if not self.criteria:
            raise ValidationError({"criteria": "Select at least one MARAC criterion"})
        if (self.referred_by_id is None) == (not self.system_job):
            raise ValidationError("A MARAC referral is made by a person or by a named system job, not both")

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this under: the coordinating agency of its MARAC area."""
        return self.area.coordinating_organisation_id


class MaracReferralReferenceCounter(models.Model):
    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class MaracReferralStatus(StateChange):
    marac_referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=MaracReferralState.choices)

    class Meta:
        ordering = ["created_at"]
