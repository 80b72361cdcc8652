"""MATAC (Multi-Agency Tasking and Coordination): meetings, nominations, subjects, reviews and tactics.

A MATAC is run by its coordinating agency (the agency of its coordinators, who hold
``intelligence.run_matac``). Partners who hold ``intelligence.take_part_in_matac`` nominate people causing
harm, are invited to meetings, keep their agency's tactics and read their agency's copy of the minutes.
Tactics share MARAC's action states and transitions (``vawg.marac.models.ActionState``): one way of doing
actions. Every state change is an immutable row with who made it. Free text is encrypted at rest and
passes through ``vawg.people.rules.redact`` before anyone but the coordinator sees it (docs/matac.md).

The gates (``visible_to``) never widen the people-causing-harm gate: a partner sees a subject only while
their agency has an open ``HarmAgency(reason=MATAC)`` for the person, and the person's deny-list beats
every route.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership, User
from vawg.accounts.roles import holders_of
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, StateChange, user_who
from vawg.intelligence.config import RUN_MATAC, TAKE_PART_IN_MATAC
from vawg.intelligence.models.harm import HarmAgency, HarmAgencyReason, HarmDenyEntry, PersonCausingHarm
from vawg.intelligence.models.rfg import RfgScore
from vawg.marac.config import ACTION_DUE_SOON_DAYS
from vawg.marac.models import OUTSTANDING_ACTION_STATES, ActionState


def _active(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.pk is not None and user.is_active)


def matac_organisations(user: User, perm: str) -> models.QuerySet[Any]:
    """Ids of the agencies where ``user`` holds ``perm`` (RUN_MATAC or TAKE_PART_IN_MATAC) through an
    active membership (a subquery)."""
    return (
        Membership.objects.active()
        .filter(user=user.pk, user__is_active=True, role__in=holders_of(perm))
        .values("organisation_id")
    )


def _not_denied(user: User, person_field: str) -> Exists:
    return Exists(
        HarmDenyEntry.objects.filter(person_causing_harm=OuterRef(person_field), user=user.pk, removed_at__isnull=True)
    )


# ---------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------


class MatacMeetingState(models.TextChoices):
    """MARAC's meeting states where they fit (same values and labels); MATAC publishes no agenda."""

    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    MINUTES_PUBLISHED = "minutes-published", "Minutes published"
    CANCELLED = "cancelled", "Cancelled"


MATAC_MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MatacMeetingState.SCHEDULED: frozenset({MatacMeetingState.HELD, MatacMeetingState.CANCELLED}),
    MatacMeetingState.HELD: frozenset({MatacMeetingState.MINUTES_PUBLISHED}),
    MatacMeetingState.MINUTES_PUBLISHED: frozenset(),
    MatacMeetingState.CANCELLED: frozenset(),
}


class MatacMeetingQuerySet(models.QuerySet["MatacMeeting"]):
    def visible_to(self, user: User) -> MatacMeetingQuerySet:
        """Meetings ``user`` may see: every meeting of a MATAC they coordinate; a meeting their agency is
        invited to (with ``take_part_in_matac``)."""
        if not _active(user):
            return self.none()
        running = Q(organisation__in=matac_organisations(user, RUN_MATAC))
        invited = Exists(
            MatacMeetingAgency.objects.filter(
                meeting=OuterRef("pk"), organisation__in=matac_organisations(user, TAKE_PART_IN_MATAC)
            )
        )
        return self.filter(running | invited)

    def run_by(self, user: User) -> MatacMeetingQuerySet:
        if not _active(user):
            return self.none()
        return self.filter(organisation__in=matac_organisations(user, RUN_MATAC))

    def open_for_subjects(self) -> MatacMeetingQuerySet:
        """Meetings a subject can still be taken to or reviewed at (scheduled or held)."""
        return self.filter(current_state__in=[MatacMeetingState.SCHEDULED, MatacMeetingState.HELD])


class MatacMeeting(BaseModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    # A room or venue name, never an address (checked by vawg/intelligence/rules/matac.py).
    location = models.CharField(max_length=120)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_state = models.CharField(
        max_length=20, choices=MatacMeetingState.choices, default=MatacMeetingState.SCHEDULED, editable=False
    )
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = MatacMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"MATAC {timezone.localtime(self.starts_at):%d %b %Y}"

    @property
    def audit_agency_id(self) -> object:
        return self.organisation_id


class MatacMeetingStatus(StateChange):
    meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=MatacMeetingState.choices)

    class Meta:
        ordering = ["created_at"]


class MatacMeetingAgency(BaseModel):
    """An agency invited to a MATAC meeting."""

    meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, related_name="agencies")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    invited_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="intelligence_matac_agency_once")
        ]


# ---------------------------------------------------------------------------
# Nominations
# ---------------------------------------------------------------------------


class NominationSource(models.TextChoices):
    RANKING = "ranking", "From the RFG ranking"
    PARTNER = "partner", "Partner referral"


class NominationState(models.TextChoices):
    OPEN = "open", "To decide"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


NOMINATION_TRANSITIONS: dict[str, frozenset[str]] = {
    NominationState.OPEN: frozenset({NominationState.ACCEPTED, NominationState.DECLINED}),
    NominationState.ACCEPTED: frozenset(),
    NominationState.DECLINED: frozenset(),
}


class MatacNominationQuerySet(models.QuerySet["MatacNomination"]):
    def visible_to(self, user: User) -> MatacNominationQuerySet:
        """Nominations to a MATAC ``user`` coordinates, and those their own agency made of a person they may
        see through the people-causing-harm gate; never one for a person whose deny-list names them."""
        if not _active(user):
            return self.none()
        running = Q(coordinating_organisation__in=matac_organisations(user, RUN_MATAC))
        made = Q(nominating_organisation__in=matac_organisations(user, TAKE_PART_IN_MATAC)) & Q(
            person_causing_harm__in=PersonCausingHarm.objects.visible_to(user).values("pk")
        )
        return self.filter(running | made).exclude(_not_denied(user, "person_causing_harm"))

    def open(self) -> MatacNominationQuerySet:
        return self.filter(current_state=NominationState.OPEN)


class MatacNomination(BaseModel):
    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="+")
    coordinating_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=NominationSource.choices)
    nominating_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    # The person's latest RFG score when nominated (None: never scored).
    rfg_score = models.ForeignKey(RfgScore, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    current_state = models.CharField(
        max_length=20, choices=NominationState.choices, default=NominationState.OPEN, editable=False
    )
    meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = user_who()

    objects = MatacNominationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_causing_harm"],
                condition=Q(current_state="open"),
                name="intelligence_matac_one_open_nomination",
            )
        ]

    @property
    def audit_agency_id(self) -> object:
        return self.coordinating_organisation_id


class MatacNominationStatus(StateChange):
    nomination = models.ForeignKey(MatacNomination, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=NominationState.choices)
    # ``reason`` (StateChange) is not used: a decline's reason is free text about a person, encrypted here.
    note = EncryptedTextField()

    class Meta:
        ordering = ["created_at"]


# ---------------------------------------------------------------------------
# Subjects, their profile and reviews
# ---------------------------------------------------------------------------


class SubjectState(models.TextChoices):
    ACTIVE = "active", "Active"
    EXITED = "exited", "Exited"


SUBJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    SubjectState.ACTIVE: frozenset({SubjectState.EXITED}),
    SubjectState.EXITED: frozenset(),
}


class MatacSubjectQuerySet(models.QuerySet["MatacSubject"]):
    def visible_to(self, user: User) -> MatacSubjectQuerySet:
        """Subjects ``user`` may see: every subject of a MATAC they coordinate; an active subject while
        their agency (with ``take_part_in_matac``) has an open ``HarmAgency(reason=MATAC)`` for the
        person. The person's deny-list beats both."""
        if not _active(user):
            return self.none()
        running = Q(coordinating_organisation__in=matac_organisations(user, RUN_MATAC))
        linked = Q(current_state=SubjectState.ACTIVE) & Exists(
            HarmAgency.objects.filter(
                person_causing_harm=OuterRef("person_causing_harm"),
                reason=HarmAgencyReason.MATAC,
                ended_at__isnull=True,
                organisation__in=matac_organisations(user, TAKE_PART_IN_MATAC),
            )
        )
        return self.filter(running | linked).exclude(_not_denied(user, "person_causing_harm"))

    def active(self) -> MatacSubjectQuerySet:
        return self.filter(current_state=SubjectState.ACTIVE)


class MatacSubject(BaseModel):
    person_causing_harm = models.ForeignKey(PersonCausingHarm, on_delete=models.PROTECT, related_name="+")
    coordinating_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    nomination = models.OneToOneField(MatacNomination, on_delete=models.PROTECT, related_name="subject")
    entry_meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField()
    entry_score = models.ForeignKey(RfgScore, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    current_state = models.CharField(
        max_length=20, choices=SubjectState.choices, default=SubjectState.ACTIVE, editable=False
    )
    exited_on = models.DateField(null=True, blank=True)
    exit_meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    exit_reason = models.CharField(max_length=40, blank=True)  # a key of EXIT_REASONS (rules/matac.py)
    exit_score = models.ForeignKey(RfgScore, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    exit_note = EncryptedTextField()
    # The subject profile (the coordinator's): encrypted sections, redacted wherever others see them.
    profile_summary = EncryptedTextField()
    profile_behaviour = EncryptedTextField()
    profile_risks = EncryptedTextField()
    profile_agencies = EncryptedTextField()
    profile_updated_at = models.DateTimeField(null=True, blank=True)
    profile_updated_by = user_who(optional=True)
    created_by = user_who()

    objects = MatacSubjectQuerySet.as_manager()

    class Meta:
        ordering = ["entered_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_causing_harm"],
                condition=Q(current_state="active"),
                name="intelligence_matac_one_active_subject",
            )
        ]

    def __str__(self) -> str:
        return f"MATAC subject {self.pk}"  # never the name

    @property
    def audit_agency_id(self) -> object:
        return self.coordinating_organisation_id


class MatacSubjectStatus(StateChange):
    subject = models.ForeignKey(MatacSubject, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=SubjectState.choices)

    class Meta:
        ordering = ["created_at"]


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", "Continue as a subject"
    EXIT = "exit", "Exit"


class MatacReview(ImmutableModel):
    """A subject's review at a meeting (written once)."""

    subject = models.ForeignKey(MatacSubject, on_delete=models.PROTECT, related_name="reviews")
    meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField()
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["subject", "meeting"], name="intelligence_matac_review_once")]


# ---------------------------------------------------------------------------
# Tactics (MARAC's action states)
# ---------------------------------------------------------------------------


class TacticKind(models.TextChoices):
    SUPPORT = "support", "Support"
    PREVENTION_DIVERSION = "prevention-diversion", "Prevention and diversion"
    DISRUPTION = "disruption", "Disruption"
    ENFORCEMENT = "enforcement", "Enforcement"


class MatacTacticQuerySet(models.QuerySet["MatacTactic"]):
    def visible_to(self, user: User) -> MatacTacticQuerySet:
        """Tactics ``user`` may see in full: every tactic of a MATAC they coordinate; their own agency's
        (with ``take_part_in_matac``). The person's deny-list beats both."""
        if not _active(user):
            return self.none()
        running = Q(subject__coordinating_organisation__in=matac_organisations(user, RUN_MATAC))
        own = Q(owning_organisation__in=matac_organisations(user, TAKE_PART_IN_MATAC))
        return self.filter(running | own).exclude(_not_denied(user, "subject__person_causing_harm"))

    def of_my_agencies(self, user: User) -> MatacTacticQuerySet:
        """Tactics owned by an agency where ``user`` takes part in MATAC (through the gate)."""
        return self.visible_to(user).filter(owning_organisation__in=matac_organisations(user, TAKE_PART_IN_MATAC))

    def outstanding(self) -> MatacTacticQuerySet:
        return self.filter(current_state__in=OUTSTANDING_ACTION_STATES)

    def overdue(self, on: date | None = None) -> MatacTacticQuerySet:
        return self.outstanding().filter(due_on__lt=on or timezone.localdate())

    def due_soon(self, on: date | None = None) -> MatacTacticQuerySet:
        """Outstanding and due from ``on`` to ``ACTION_DUE_SOON_DAYS`` days later (MARAC's window)."""
        start = on or timezone.localdate()
        return self.outstanding().filter(due_on__gte=start, due_on__lte=start + timedelta(days=ACTION_DUE_SOON_DAYS))

    def due_or_overdue(self, on: date | None = None) -> MatacTacticQuerySet:
        start = on or timezone.localdate()
        return self.outstanding().filter(due_on__lte=start + timedelta(days=ACTION_DUE_SOON_DAYS))

    def carried_forward_to(self, meeting: MatacMeeting) -> MatacTacticQuerySet:
        """Outstanding tactics agreed at earlier meetings of the same MATAC: they roll forward."""
        return self.outstanding().filter(
            meeting__organisation=meeting.organisation_id, meeting__starts_at__lt=meeting.starts_at
        )


class MatacTactic(BaseModel):
    subject = models.ForeignKey(MatacSubject, on_delete=models.PROTECT, related_name="tactics")
    meeting = models.ForeignKey(MatacMeeting, on_delete=models.PROTECT, related_name="tactics")
    kind = models.CharField(max_length=30, choices=TacticKind.choices)
    description = EncryptedTextField()
    owning_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    owner = user_who(optional=True)
    due_on = models.DateField()
    current_state = models.CharField(
        max_length=20, choices=ActionState.choices, default=ActionState.OPEN, editable=False
    )
    created_by = user_who()

    objects = MatacTacticQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["owning_organisation", "current_state"])]

    @property
    def audit_agency_id(self) -> object:
        return self.owning_organisation_id


class MatacTacticStatus(ImmutableModel):
    tactic = models.ForeignKey(MatacTactic, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=ActionState.choices)
    note = EncryptedTextField()
    created_by = user_who()

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
