"""After the meeting: the victim told; MARAC-to-MARAC transfers."""

from __future__ import annotations

from django.db import models

from vawg.accounts.models import User
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.marac.models.base import (
    COORDINATE,
    active_user,
    not_denied,
    organisations_with,
)
from vawg.marac.models.config import MaracArea
from vawg.marac.models.items import AgendaItem
from vawg.marac.models.referrals import MaracReferral

# ---------------------------------------------------------------------------
# After the meeting: the victim told; transfers between MARACs
# ---------------------------------------------------------------------------


class InformedOutcome(models.TextChoices):
    TOLD = "told", "Told the case was heard and what safety actions follow"
    UNSAFE = "unsafe", "Not told: unsafe to contact"
    DECLINED = "declined", "Not told: declined contact"
    NOT_REACHED = "not-reached", "Not told yet: could not be reached"


class VictimInformed(ImmutableModel):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="victim_informed")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=InformedOutcome.choices)
    note = EncryptedTextField(help_text="What was said, or why not (never an address)")
    informed_on = models.DateField()
    recorded_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class TransferDirection(models.TextChoices):
    OUTBOUND = "outbound", "To another MARAC"
    INBOUND = "inbound", "From another MARAC"


class TransferState(models.TextChoices):
    SENT = "sent", "Sent"
    RECEIVED = "received", "Received, waiting for a decision"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class MaracTransferQuerySet(models.QuerySet["MaracTransfer"]):
    def visible_to(self, user: User) -> MaracTransferQuerySet:
        """Transfers of areas ``user`` coordinates (and not for a case they are deny-listed from)."""
        if not active_user(user):
            return self.none()
        return self.filter(area__coordinating_organisation__in=organisations_with(user, COORDINATE)).exclude(
            not_denied(user, "case")
        )


class MaracTransfer(BaseModel):
    """MARAC-to-MARAC transfer when a victim moves area: outbound summary without addresses; inbound acceptance."""

    direction = models.CharField(max_length=20, choices=TransferDirection.choices)
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="transfers")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="marac_transfers")
    other_marac = models.CharField(max_length=200, help_text="The other MARAC, for example Bedfordshire MARAC")
    marac_referral = models.ForeignKey(
        MaracReferral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        help_text="Outbound: the referral transferred. Inbound: the referral made on acceptance",
    )
    summary = EncryptedTextField(help_text="Risks and actions, never an address")
    current_state = models.CharField(max_length=20, choices=TransferState.choices, editable=False)
    created_by = user_who()
    decided_by = user_who(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    objects = MaracTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this under: the coordinating agency of its MARAC area."""
        return self.area.coordinating_organisation_id
