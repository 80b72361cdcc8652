"""Integrated support for the partner or ex-partner of someone on a programme.

The partner's support is their own victim case (vawg/cases), with its own worker at a support agency; the
link below joins it to the programme referral. The partner's safety reports are recorded here, apart from
the programme's notes: they are read through the partner's case gate only, so the programme's staff (and
the person on the programme) never see them, nor the partner's case, nor where the partner lives.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists

from vawg.accounts.models import Membership, User
from vawg.cases.models import Case
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, user_who
from vawg.programmes.models.programmes import ProgrammeReferral

SUPPORT_PARTNERS = "programmes.support_partners"


def _may_support_partners(user: User) -> Exists | None:
    """A condition that ``user`` (active, signed in) holds ``programmes.support_partners`` through an active
    membership; None for anyone not signed in."""
    if not getattr(user, "is_authenticated", False) or user.pk is None or not user.is_active:
        return None
    return Exists(Membership.objects.active().of_active_user(user).holding(SUPPORT_PARTNERS))


class PartnerSupportQuerySet(models.QuerySet["PartnerSupport"]):
    def visible_to(self, user: User) -> PartnerSupportQuerySet:
        """The gate, in one query: partner supports whose partner's case ``user`` may see
        (``Case.objects.visible_to``), for holders of ``programmes.support_partners``. Nobody else sees
        one, whatever they see of the programme: the programme's staff get 404."""
        holds = _may_support_partners(user)
        if holds is None:
            return self.none()
        return self.filter(holds, partner_case__in=Case.objects.visible_to(user))

    def current(self) -> PartnerSupportQuerySet:
        return self.filter(ended_on__isnull=True)


class PartnerSupport(BaseModel):
    """The link between a programme referral and the partner's own case (one partner support per pair)."""

    referral = models.ForeignKey(ProgrammeReferral, on_delete=models.PROTECT, related_name="partner_supports")
    partner_case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="partner_supports")
    # The agency giving the support (the partner's case's owning agency when it starts).
    support_agency = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = PartnerSupportQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "partner_case"], name="programmes_one_support_per_pair"),
        ]

    def __str__(self) -> str:
        return "Partner support"

    @property
    def audit_agency_id(self) -> object:
        """The audit log files it under the support agency, never the programme's provider."""
        return self.support_agency_id


class FeelsSafe(models.TextChoices):
    SAFE = "safe", "Feels safe"
    MOSTLY = "mostly", "Feels safe most of the time"
    UNSAFE = "unsafe", "Does not feel safe"


class RiskChange(models.TextChoices):
    LOWER = "lower", "Lower than at the last report"
    SAME = "same", "About the same"
    HIGHER = "higher", "Higher than at the last report"


class PartnerSafetyReportQuerySet(ImmutableQuerySet):
    def visible_to(self, user: User) -> PartnerSafetyReportQuerySet:
        """Reports of the partner supports ``user`` may see (the partner's case gate)."""
        return self.filter(partner_support__in=PartnerSupport.objects.visible_to(user))


class PartnerSafetyReport(ImmutableModel):
    """What the partner says about their safety while the person is on the programme. Never shown to the
    programme's staff; a rise in risk is for the partner's worker to act on (and share through MARAC)."""

    partner_support = models.ForeignKey(PartnerSupport, on_delete=models.PROTECT, related_name="safety_reports")
    reported_on = models.DateField()
    feels_safe = models.CharField(max_length=20, choices=FeelsSafe.choices)
    risk_change = models.CharField(max_length=20, choices=RiskChange.choices)
    # The behaviours the partner reports since the last report, on the outcome scale (0 to 3), or blank.
    physical = models.PositiveSmallIntegerField(null=True, blank=True)
    sexual = models.PositiveSmallIntegerField(null=True, blank=True)
    stalking = models.PositiveSmallIntegerField(null=True, blank=True)
    controlling = models.PositiveSmallIntegerField(null=True, blank=True)
    # Free text: may name places and people. Encrypted, never in an export, list or notification.
    notes = EncryptedTextField(blank=True)
    created_by = user_who()

    objects = PartnerSafetyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at"]
