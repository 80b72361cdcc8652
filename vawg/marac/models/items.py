"""Agenda items and what is recorded about each: research, the victim's voice, the chair's record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Q

from vawg.accounts.models import User
from vawg.cases.models import LawfulBasis
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, user_who
from vawg.marac.models.base import (
    COORDINATE,
    TAKE_PART,
    active_user,
    not_denied,
    organisations_with,
)
from vawg.marac.models.meetings import MaracMeeting

# ---------------------------------------------------------------------------
# Agenda items, and what is recorded about each at the meeting
# ---------------------------------------------------------------------------


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def visible_to(self, user: User) -> AgendaItemQuerySet:
        """Items ``user`` may see: coordinators of the area, the meeting's chair, and members (with
        ``marac.take_part``) of an agency invited to the meeting once its agenda is published.
        A case's deny-list beats all of these."""
        if not active_user(user):
            return self.none()
        return self.filter(meeting__in=MaracMeeting.objects.visible_to(user)).exclude(
            not_denied(user, "marac_referral__case")
        )

    def run_by(self, user: User) -> AgendaItemQuerySet:
        """Items whose meeting ``user`` runs: as the chair, or as a coordinator of the area."""
        if not active_user(user):
            return self.none()
        chairing = Q(meeting__chair=user.pk) & Exists(organisations_with(user, TAKE_PART))
        coordinating = Q(meeting__area__coordinating_organisation__in=organisations_with(user, COORDINATE))
        return self.filter(chairing | coordinating).exclude(not_denied(user, "marac_referral__case"))

    def heard(self) -> AgendaItemQuerySet:
        return self.filter(heard_at__isnull=False)


class AgendaItem(BaseModel):
    """A MARAC referral listed at a meeting, and the chair's record of its discussion."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="items")
    # By name: the referrals module imports this one (its gate asks which items are visible).
    marac_referral = models.ForeignKey("marac.MaracReferral", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    listed_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)
    lawful_basis = models.CharField(
        max_length=40,
        choices=LawfulBasis.choices,
        default=LawfulBasis.SAFEGUARDING,
        help_text="Why the meeting's agencies may see this case's agenda entry and research",
    )
    # The chair's record (SafeLives order: present, share, analyse risk, actions, conclude).
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    presentation = EncryptedTextField()
    information_shared = EncryptedTextField()
    risks_identified = EncryptedTextField()
    conclusion = EncryptedTextField()
    heard_at = models.DateTimeField(null=True, blank=True)
    heard_by = user_who(optional=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__starts_at", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "marac_referral"], name="marac_referral_once_per_meeting")
        ]


class ResearchFlag(models.TextChoices):
    """Structured answers an agency gives in its research (what it holds, not what it thinks)."""

    VICTIM_KNOWN = "victim-known", "Victim known to the agency"
    PERPETRATOR_KNOWN = "perpetrator-known", "Person causing harm known to the agency"
    CHILDREN_KNOWN = "children-known", "Children known to the agency"
    CHILD_PROTECTION_PLAN = "child-protection-plan", "Child on a child protection or child in need plan"
    WEAPONS = "weapons", "Access to weapons"
    SUBSTANCE_MISUSE = "substance-misuse", "Substance misuse (either party)"
    MENTAL_HEALTH = "mental-health", "Mental health concerns (either party)"
    PREGNANCY = "pregnancy", "Pregnancy or new baby"
    ORDER_IN_PLACE = "order-in-place", "Protective order or bail conditions in place"
    OTHER_VICTIMS = "other-victims", "Person causing harm has abused others"
    OPEN_CASE = "open-case", "Open case or episode with the agency now"


class ResearchTaskQuerySet(models.QuerySet["ResearchTask"]):
    def visible_to(self, user: User) -> ResearchTaskQuerySet:
        """Research ``user`` may see: their own agency's tasks on items they can see; every task on items
        of meetings they run (chair or coordinator). An agency never sees another agency's research."""
        if not active_user(user):
            return self.none()
        own = Q(organisation__in=organisations_with(user, TAKE_PART)) & Q(
            agenda_item__in=AgendaItem.objects.visible_to(user)
        )
        running = Q(agenda_item__in=AgendaItem.objects.run_by(user))
        return self.filter(own | running)

    def outstanding(self) -> ResearchTaskQuerySet:
        return self.filter(completed_at__isnull=True)


class ResearchTask(BaseModel):
    """What one attending agency holds on one listed case, due before the meeting."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="research")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices, default=LawfulBasis.SAFEGUARDING)
    shared_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)
    holds_information = models.BooleanField(null=True, blank=True, help_text="None: not yet checked")
    flags = models.JSONField(default=list, blank=True)
    victim_information = EncryptedTextField()
    perpetrator_information = EncryptedTextField()
    children_information = EncryptedTextField()
    completed_by = user_who(optional=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ResearchTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "organisation"], name="marac_research_once_per_agency")
        ]

    def clean(self) -> None:
        unknown = [f for f in self.flags if f not in ResearchFlag.values]
        if unknown:
            raise ValidationError({"flags": f"Unknown research flags: {', '.join(map(str, unknown))}"})

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this under: the agency asked to research."""
        return self.organisation_id


class VictimVoice(BaseModel):
    """The victim's views and safety concerns for the meeting, recorded by their IDVA."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="victim_voice")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    views = EncryptedTextField()
    safety_concerns = EncryptedTextField()
    recorded_by = user_who()
