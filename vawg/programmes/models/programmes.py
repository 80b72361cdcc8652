"""Behaviour-change programmes and the referrals into them.

A provider agency keeps its programmes (group programmes, one-to-one work, and high-harm case management
in the Drive model). A referral into a programme is about a person causing harm (their record in
vawg/intelligence), never a victim's case: the partner's support is a separate record (partner.py) that
the programme's staff never see.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from vawg.accounts.models import Membership, User
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel, ImmutableModel, ImmutableQuerySet, StateChange, user_who
from vawg.intelligence.models import HarmDenyEntry


class ProgrammeKind(models.TextChoices):
    GROUP = "group", "Group behaviour-change programme"
    ONE_TO_ONE = "one-to-one", "One-to-one behaviour-change work"
    HIGH_HARM = "high-harm", "High-harm case management (Drive model)"


RUN_PROGRAMMES = "programmes.run_programmes"
REFER_TO_PROGRAMME = "programmes.refer_to_programme"


def agencies_where(user: User, perm: str) -> models.QuerySet[Membership, Any]:
    """The agency ids where ``user`` (active) holds ``perm`` through an active membership."""
    return Membership.objects.active().of_active_user(user).holding(perm).values("organisation_id")


def signed_in(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.pk is not None and user.is_active


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def run_by(self, user: User) -> ProgrammeQuerySet:
        """The programmes of the agencies where ``user`` holds ``programmes.run_programmes``."""
        if not signed_in(user):
            return self.none()
        return self.filter(provider__in=agencies_where(user, RUN_PROGRAMMES))

    def accepting(self) -> ProgrammeQuerySet:
        return self.filter(accepting_referrals=True, provider__is_active=True)


class Programme(BaseModel):
    """A programme a provider runs: its sessions, eligibility and attendance rule."""

    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="programmes")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices)
    respect_accredited = models.BooleanField(default=False)
    sessions = models.PositiveSmallIntegerField(help_text="Sessions in the programme (0 when open-ended).")
    session_minutes = models.PositiveSmallIntegerField(default=0)
    eligibility = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(default=18)
    # The attendance rule: missing more sessions than this in all, or more than this in a row, calls for a
    # review of the place (the provider's rule; see docs/programmes.md).
    max_missed = models.PositiveSmallIntegerField(default=3)
    max_missed_in_a_row = models.PositiveSmallIntegerField(default=2)
    districts = models.ManyToManyField("accounts.District", blank=True, related_name="+")
    accepting_referrals = models.BooleanField(default=True)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["provider", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="programmes_one_name_per_provider"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this programme under: its provider."""
        return self.provider_id


class ReferralSource(models.TextChoices):
    PROFESSIONAL = "professional", "A professional"
    SELF = "self", "Self-referral (worried about their own behaviour)"
    MARAC = "marac", "MARAC"
    MATAC = "matac", "MATAC"
    COURT = "court", "A court (an order's requirement)"


class ProgrammeReferralState(models.TextChoices):
    RECEIVED = "received", "Received, to triage"
    ASSESSING = "assessing", "Being assessed"
    NOT_SUITABLE = "not-suitable", "Not suitable"
    WAITING = "waiting", "Suitable, waiting to start"
    ENGAGED = "engaged", "Taking part"
    COMPLETED = "completed", "Completed"
    EXITED = "exited", "Left before completing"
    WITHDRAWN = "withdrawn", "Withdrawn before starting"


CLOSED_REFERRAL_STATES = frozenset(
    {
        ProgrammeReferralState.NOT_SUITABLE,
        ProgrammeReferralState.COMPLETED,
        ProgrammeReferralState.EXITED,
        ProgrammeReferralState.WITHDRAWN,
    }
)

# Who may move a referral where: the explicit state machine (tested in test_programme_rules.py).
PROGRAMME_REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgrammeReferralState.RECEIVED: frozenset({ProgrammeReferralState.ASSESSING, ProgrammeReferralState.WITHDRAWN}),
    ProgrammeReferralState.ASSESSING: frozenset(
        {ProgrammeReferralState.NOT_SUITABLE, ProgrammeReferralState.WAITING, ProgrammeReferralState.WITHDRAWN}
    ),
    ProgrammeReferralState.WAITING: frozenset({ProgrammeReferralState.ENGAGED, ProgrammeReferralState.WITHDRAWN}),
    ProgrammeReferralState.ENGAGED: frozenset({ProgrammeReferralState.COMPLETED, ProgrammeReferralState.EXITED}),
    ProgrammeReferralState.NOT_SUITABLE: frozenset(),
    ProgrammeReferralState.COMPLETED: frozenset(),
    ProgrammeReferralState.EXITED: frozenset(),
    ProgrammeReferralState.WITHDRAWN: frozenset(),
}


class ExitReason(models.TextChoices):
    ATTENDANCE = "attendance", "Did not keep to the attendance rule"
    DISENGAGED = "disengaged", "Stopped engaging"
    RISK = "risk", "Risk to the partner or others rose"
    CUSTODY = "custody", "In custody"
    MOVED = "moved", "Moved away"
    BREACH = "breach", "Breach of the programme agreement"
    OTHER = "other", "Another reason"


class NotSuitableReason(models.TextChoices):
    DENIES = "denies", "Denies any abusive behaviour"
    SUBSTANCES = "substances", "Substance use needs treatment first"
    MENTAL_HEALTH = "mental-health", "Mental health needs other support first"
    RISK = "risk", "Risk too high for this programme"
    ELIGIBILITY = "eligibility", "Outside the programme's eligibility"
    OTHER = "other", "Another reason"


def denied(user: User, *, path: str = "person_causing_harm") -> Exists:
    """Rows whose person causing harm has deny-listed ``user`` (an open entry): a deny-listing beats every
    route here as it does on the person's record (docs/people-causing-harm.md). ``path`` leads from the
    row to the person causing harm."""
    entries = HarmDenyEntry.objects.filter(person_causing_harm=OuterRef(path), user=user.pk, removed_at__isnull=True)
    return Exists(entries)


class ProgrammeReferralQuerySet(models.QuerySet["ProgrammeReferral"]):
    def visible_to(self, user: User) -> ProgrammeReferralQuerySet:
        """The gate: referrals into the programmes of the agencies where ``user`` (active) holds
        ``programmes.run_programmes`` through an active membership. Everyone else sees none (404)."""
        if not signed_in(user):
            return self.none()
        return self.filter(programme__provider__in=agencies_where(user, RUN_PROGRAMMES)).exclude(denied(user))

    def referred_by_visible_to(self, user: User) -> ProgrammeReferralQuerySet:
        """Referrals ``user``'s agency made (they hold ``programmes.refer_to_programme`` there): the
        referrer's view, which shows the programme and the state only, never the assessment, notes,
        sessions, attendance or measures (docs/programmes.md#who-sees-what)."""
        if not signed_in(user):
            return self.none()
        return self.filter(referring_organisation__in=agencies_where(user, REFER_TO_PROGRAMME)).exclude(denied(user))

    def open(self) -> ProgrammeReferralQuerySet:
        return self.exclude(current_state__in=CLOSED_REFERRAL_STATES)

    def in_states(self, *states: str) -> ProgrammeReferralQuerySet:
        return self.filter(current_state__in=states)

    def to_triage(self) -> ProgrammeReferralQuerySet:
        return self.filter(current_state=ProgrammeReferralState.RECEIVED)


class ProgrammeReferral(BaseModel):
    """A person causing harm referred into a programme. ``current_state`` mirrors the newest
    ``ProgrammeReferralStatus`` row (the history)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    person_causing_harm = models.ForeignKey(
        "intelligence.PersonCausingHarm", on_delete=models.PROTECT, related_name="programme_referrals"
    )
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    # The front-door referral it came from (the "worried about my own behaviour" self-referral), if any.
    front_door_referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="programme_referral"
    )
    referring_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A court's referral: the order whose positive requirement it is (a DAPO or an SPO), when recorded.
    court_order = models.ForeignKey(
        "justice.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="programme_referrals"
    )
    # Why: free text about a person, encrypted.
    reason = EncryptedTextField(blank=True)
    current_state = models.CharField(
        max_length=20, choices=ProgrammeReferralState.choices, default=ProgrammeReferralState.RECEIVED
    )
    # High-harm case management: the named case manager (a programme worker at the provider).
    case_manager = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    not_suitable_reason = models.CharField(max_length=20, choices=NotSuitableReason.choices, blank=True)
    exit_reason = models.CharField(max_length=20, choices=ExitReason.choices, blank=True)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ProgrammeReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(current_state=ProgrammeReferralState.NOT_SUITABLE) | ~Q(not_suitable_reason=""),
                name="programmes_not_suitable_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(current_state=ProgrammeReferralState.EXITED) | ~Q(exit_reason=""),
                name="programmes_exit_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # Never the person's name: str() ends up in logs and error reports.
        return f"Programme referral {self.pk}"

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this referral under: the programme's provider."""
        return self.programme.provider_id

    @property
    def is_open(self) -> bool:
        return self.current_state not in CLOSED_REFERRAL_STATES


class ProgrammeReferralStatus(StateChange):
    referral = models.ForeignKey(ProgrammeReferral, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=ProgrammeReferralState.choices)
    # ``reason`` (StateChange) holds a coded reason only; notes about the person are encrypted here.
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at"]


class ProgrammeSession(BaseModel):
    """One session of a programme (a group session, or a one-to-one appointment for one referral)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="programme_sessions")
    referral = models.ForeignKey(
        ProgrammeReferral, on_delete=models.PROTECT, null=True, blank=True, related_name="one_to_one_sessions"
    )
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["programme", "starts_at"]

    def __str__(self) -> str:
        return f"Session {self.number} of {self.programme}"


class AttendanceOutcome(models.TextChoices):
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"
    EXCUSED = "excused", "Missed with good reason"


class Attendance(ImmutableModel):
    """Whether a person on a programme came to a session. A correction is a newer row for the same
    session and referral (the newest counts)."""

    session = models.ForeignKey(ProgrammeSession, on_delete=models.PROTECT, related_name="attendances")
    referral = models.ForeignKey(ProgrammeReferral, on_delete=models.PROTECT, related_name="attendances")
    outcome = models.CharField(max_length=20, choices=AttendanceOutcome.choices)
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at"]


class Timepoint(models.TextChoices):
    INTAKE = "intake", "Intake"
    REVIEW = "review", "Review"
    EXIT = "exit", "Exit"


class Behaviour(models.TextChoices):
    """The behaviours Drive's evaluation measured (physical, sexual, harassment and stalking, jealous and
    controlling)."""

    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    STALKING = "stalking", "Harassment and stalking"
    CONTROLLING = "controlling", "Jealous and controlling behaviour"


class MeasureSource(models.TextChoices):
    PRACTITIONER = "practitioner", "The programme's practitioner"
    SELF = "self", "The person on the programme"
    PARTNER_WORKER = "partner-worker", "The partner's support worker"


class OutcomeMeasure(ImmutableModel):
    """One behaviour's level at a timepoint, on a 0 (none) to 3 (severe or frequent) scale (docs/programmes.md)."""

    referral = models.ForeignKey(ProgrammeReferral, on_delete=models.PROTECT, related_name="outcome_measures")
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    behaviour = models.CharField(max_length=20, choices=Behaviour.choices)
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=MeasureSource.choices)
    recorded_on = models.DateField()
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "recorded_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(level__lte=3), name="programmes_outcome_level_0_to_3"),
        ]
