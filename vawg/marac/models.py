"""MARAC: areas, meetings, the coordinator's queue, agendas, research, actions, transfers.

Nothing here is a copy of the case: a MARAC referral points at a case, and what agencies see of it
comes through the gates below (``visible_to``), never through the case's own gate. Sharing a case
with a meeting is a separate, audited share with its own lawful basis (see docs/marac.md).

Location-critical values (addresses, safe contact details, refuge addresses) are never stored here:
free text is encrypted at rest, and every MARAC output passes through vawg.people.redaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import Membership
from vawg.accounts.roles import PERMISSIONS
from vawg.cases.models import CaseDenyEntry, ImmutableModel, LawfulBasis
from vawg.core.fields import EncryptedTextField
from vawg.core.models import BaseModel

COORDINATE = "marac.coordinate"
TAKE_PART = "marac.take_part"
RECORD_VICTIM_VOICE = "marac.record_victim_voice"
VIEW_RETURN = "marac.view_return"


def _holders_of(perm: str) -> list[str]:
    return sorted(str(role) for role in PERMISSIONS[perm][1])


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.pk is not None and user.is_active)


def organisations_with(user: Any, perm: str) -> models.QuerySet[Any]:
    """Ids of the agencies where ``user`` holds ``perm`` through an active membership (a subquery)."""
    return (
        Membership.objects.active()
        .filter(user=user.pk, user__is_active=True, role__in=_holders_of(perm))
        .values("organisation_id")
    )


# ---------------------------------------------------------------------------
# Configuration: areas and populations
# ---------------------------------------------------------------------------


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"


class MaracAreaQuerySet(models.QuerySet["MaracArea"]):
    def active(self) -> MaracAreaQuerySet:
        return self.filter(is_active=True)

    def coordinated_by(self, user: Any) -> MaracAreaQuerySet:
        """Areas whose coordinating agency is one where ``user`` holds ``marac.coordinate``."""
        if not _active(user):
            return self.none()
        return self.filter(coordinating_organisation__in=organisations_with(user, COORDINATE))


class MaracArea(BaseModel):
    """One MARAC: the districts it covers, who coordinates it, and how often it meets."""

    name = models.CharField(max_length=200, unique=True)
    districts = models.ManyToManyField("accounts.District", related_name="marac_areas")
    coordinating_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="coordinated_marac_areas"
    )
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    default_capacity = models.PositiveSmallIntegerField(
        default=15, help_text="Cases per meeting (SafeLives: about 15, at 12-15 minutes each)"
    )
    minutes_per_case = models.PositiveSmallIntegerField(default=15)
    is_active = models.BooleanField(default=True)

    objects = MaracAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdultFemalePopulation(BaseModel):
    """Women aged 16 and over living in a district: the denominator for cases per 10,000 (configuration)."""

    district = models.ForeignKey("accounts.District", on_delete=models.PROTECT, related_name="adult_female_population")
    year = models.PositiveSmallIntegerField(help_text="The year the estimate is for")
    women_16_plus = models.PositiveIntegerField()
    source = models.CharField(max_length=300, help_text="Where the figure comes from, for example ONS mid-year 2024")

    class Meta:
        ordering = ["district__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="marac_population_once_a_year")]

    def __str__(self) -> str:
        return f"{self.district} {self.year}: {self.women_16_plus}"


# ---------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    AGENDA_PUBLISHED = "agenda-published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_PUBLISHED = "minutes-published", "Minutes published"
    CANCELLED = "cancelled", "Cancelled"


# Explicit state machine: what each state may become.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingState.SCHEDULED: frozenset({MeetingState.AGENDA_PUBLISHED, MeetingState.CANCELLED}),
    MeetingState.AGENDA_PUBLISHED: frozenset({MeetingState.HELD, MeetingState.CANCELLED}),
    MeetingState.HELD: frozenset({MeetingState.MINUTES_PUBLISHED}),
    MeetingState.MINUTES_PUBLISHED: frozenset(),
    MeetingState.CANCELLED: frozenset(),
}
# Attending agencies see a meeting's agenda from publication on.
PUBLISHED_STATES = frozenset({MeetingState.AGENDA_PUBLISHED, MeetingState.HELD, MeetingState.MINUTES_PUBLISHED})


class MaracMeetingQuerySet(models.QuerySet["MaracMeeting"]):
    def visible_to(self, user: Any) -> MaracMeetingQuerySet:
        """Meetings ``user`` may see: the area's coordinators and the chair always; members of an
        attending agency (with ``marac.take_part``) once the agenda is published."""
        if not _active(user):
            return self.none()
        coordinating = Q(area__coordinating_organisation__in=organisations_with(user, COORDINATE))
        chairing = Q(chair=user.pk) & Exists(organisations_with(user, TAKE_PART))
        attending = Q(current_state__in=PUBLISHED_STATES) & Exists(
            MeetingAgency.objects.filter(meeting=OuterRef("pk"), organisation__in=organisations_with(user, TAKE_PART))
        )
        return self.filter(coordinating | chairing | attending)

    def coordinated_by(self, user: Any) -> MaracMeetingQuerySet:
        if not _active(user):
            return self.none()
        return self.filter(area__coordinating_organisation__in=organisations_with(user, COORDINATE))

    def upcoming(self, on: date | None = None) -> MaracMeetingQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_at__date__gte=on).exclude(current_state=MeetingState.CANCELLED)


class MaracMeeting(BaseModel):
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="marac_meetings_chaired"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="marac_meetings_coordinated",
    )
    capacity = models.PositiveSmallIntegerField(default=15)
    is_extra = models.BooleanField(default=False, help_text="An extra meeting called for urgent cases")
    current_state = models.CharField(
        max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    objects = MaracMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["area", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.area} {timezone.localtime(self.starts_at):%d %b %Y}"


class MaracMeetingStatus(ImmutableModel):
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=MeetingState.choices)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at"]


class MeetingAgency(BaseModel):
    """An agency invited to a meeting: it gets research tasks and sees the published agenda."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="agencies")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="marac_agency_once_per_meeting")
        ]


class MeetingAttendee(BaseModel):
    """Someone an agency registered to attend; ``attended`` is recorded at the meeting (None: not yet)."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="attendees")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]


# ---------------------------------------------------------------------------
# Referrals to MARAC (the coordinator's queue)
# ---------------------------------------------------------------------------


class Criterion(models.TextChoices):
    """The four SafeLives MARAC criteria (domain.md B.7); the values match vawg.risk.rules."""

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


def _not_denied(user: Any, case_field: str) -> Exists:
    return Exists(CaseDenyEntry.objects.filter(case=OuterRef(case_field), user=user.pk, removed_at__isnull=True))


class MaracReferralQuerySet(models.QuerySet["MaracReferral"]):
    def visible_to(self, user: Any) -> MaracReferralQuerySet:
        """Referrals ``user`` may see: the area's coordinators (the queue), the referring agency (closed
        loop: what happened to its referral), and the chair and attending agencies of a published
        meeting it is listed at. A case's deny-list beats all of these."""
        if not _active(user):
            return self.none()
        coordinating = Q(area__coordinating_organisation__in=organisations_with(user, COORDINATE))
        referring = Q(referring_organisation__in=organisations_with(user, TAKE_PART))
        listed = Exists(AgendaItem.objects.visible_to(user).filter(marac_referral=OuterRef("pk")))
        return self.filter(coordinating | referring | listed).exclude(_not_denied(user, "case"))

    def open(self) -> MaracReferralQuerySet:
        return self.filter(current_state__in=OPEN_REFERRAL_STATES)

    def queued(self) -> MaracReferralQuerySet:
        return self.filter(current_state=MaracReferralState.QUEUED)

    def for_victim(self, person: Any) -> MaracReferralQuerySet:
        return self.filter(case__victim=person)


class MaracReferral(BaseModel):
    """A case referred to a MARAC: why (criteria and evidence, ids only), by whom, and where it is now."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="marac_referrals")
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(max_length=20, choices=MaracReferralSource.choices)
    referring_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
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


class MaracReferralReferenceCounter(models.Model):
    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class MaracReferralStatus(ImmutableModel):
    marac_referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=MaracReferralState.choices)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at"]


# ---------------------------------------------------------------------------
# Agenda items, and what is recorded about each at the meeting
# ---------------------------------------------------------------------------


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def visible_to(self, user: Any) -> AgendaItemQuerySet:
        """Items ``user`` may see: coordinators of the area, the meeting's chair, and members (with
        ``marac.take_part``) of an agency invited to the meeting once its agenda is published.
        A case's deny-list beats all of these."""
        if not _active(user):
            return self.none()
        return self.filter(meeting__in=MaracMeeting.objects.visible_to(user)).exclude(
            _not_denied(user, "marac_referral__case")
        )

    def run_by(self, user: Any) -> AgendaItemQuerySet:
        """Items whose meeting ``user`` runs: as the chair, or as a coordinator of the area."""
        if not _active(user):
            return self.none()
        chairing = Q(meeting__chair=user.pk) & Exists(organisations_with(user, TAKE_PART))
        coordinating = Q(meeting__area__coordinating_organisation__in=organisations_with(user, COORDINATE))
        return self.filter(chairing | coordinating).exclude(_not_denied(user, "marac_referral__case"))

    def heard(self) -> AgendaItemQuerySet:
        return self.filter(heard_at__isnull=False)


class AgendaItem(BaseModel):
    """A MARAC referral listed at a meeting, and the chair's record of its discussion."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="items")
    marac_referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
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
    heard_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

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
    def visible_to(self, user: Any) -> ResearchTaskQuerySet:
        """Research ``user`` may see: their own agency's tasks on items they can see; every task on items
        of meetings they run (chair or coordinator). An agency never sees another agency's research."""
        if not _active(user):
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
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system_job = models.CharField(max_length=100, blank=True)
    holds_information = models.BooleanField(null=True, blank=True, help_text="None: not yet checked")
    flags = models.JSONField(default=list, blank=True)
    victim_information = EncryptedTextField()
    perpetrator_information = EncryptedTextField()
    children_information = EncryptedTextField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
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


class VictimVoice(BaseModel):
    """The victim's views and safety concerns for the meeting, recorded by their IDVA."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="victim_voice")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    views = EncryptedTextField()
    safety_concerns = EncryptedTextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


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
    def visible_to(self, user: Any) -> MaracActionQuerySet:
        """Actions ``user`` may see: their own agency's (with ``marac.take_part``), and every action on
        items of meetings they run. A case's deny-list beats both."""
        if not _active(user):
            return self.none()
        own = Q(owning_organisation__in=organisations_with(user, TAKE_PART))
        running = Q(agenda_item__in=AgendaItem.objects.run_by(user))
        return self.filter(own | running).exclude(_not_denied(user, "agenda_item__marac_referral__case"))

    def outstanding(self) -> MaracActionQuerySet:
        return self.filter(current_state__in=OUTSTANDING_ACTION_STATES)

    def overdue(self, on: date | None = None) -> MaracActionQuerySet:
        return self.outstanding().filter(due_on__lt=on or timezone.localdate())

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
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    risk_addressed = models.CharField(max_length=20, choices=RiskAddressed.choices)
    current_state = models.CharField(
        max_length=20, choices=ActionState.choices, default=ActionState.OPEN, editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MaracActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["owning_organisation", "current_state"])]


class MaracActionStatus(ImmutableModel):
    action = models.ForeignKey(MaracAction, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=ActionState.choices)
    note = EncryptedTextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]


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
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

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
    def visible_to(self, user: Any) -> MaracTransferQuerySet:
        """Transfers of areas ``user`` coordinates (and not for a case they are deny-listed from)."""
        if not _active(user):
            return self.none()
        return self.filter(area__coordinating_organisation__in=organisations_with(user, COORDINATE)).exclude(
            _not_denied(user, "case")
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    objects = MaracTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
