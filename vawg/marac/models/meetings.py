"""Meetings: state machine, invited agencies, attendees; the meeting gate."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from vawg.accounts.models import User
from vawg.core.models import BaseModel, StateChange, user_who
from vawg.marac.models.base import (
    COORDINATE,
    TAKE_PART,
    active_user,
    organisations_with,
)
from vawg.marac.models.config import MaracArea

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
    def visible_to(self, user: User) -> MaracMeetingQuerySet:
        """Meetings ``user`` may see: the area's coordinators and the chair always; members of an
        attending agency (with ``marac.take_part``) once the agenda is published."""
        if not active_user(user):
            return self.none()
        coordinating = Q(area__coordinating_organisation__in=organisations_with(user, COORDINATE))
        chairing = Q(chair=user.pk) & Exists(organisations_with(user, TAKE_PART))
        attending = Q(current_state__in=PUBLISHED_STATES) & Exists(
            MeetingAgency.objects.filter(meeting=OuterRef("pk"), organisation__in=organisations_with(user, TAKE_PART))
        )
        return self.filter(coordinating | chairing | attending)

    def coordinated_by(self, user: User) -> MaracMeetingQuerySet:
        if not active_user(user):
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
    created_by = user_who(optional=True)
    system_job = models.CharField(max_length=100, blank=True)

    objects = MaracMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["area", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.area} {timezone.localtime(self.starts_at):%d %b %Y}"

    @property
    def audit_agency_id(self) -> object:
        """The agency the audit log files this under: the coordinating agency of its MARAC area."""
        return self.area.coordinating_organisation_id


class MaracMeetingStatus(StateChange):
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="statuses")
    state = models.CharField(max_length=20, choices=MeetingState.choices)

    class Meta:
        ordering = ["created_at"]


class MeetingAgency(BaseModel):
    """An agency invited to a meeting: it gets research tasks and sees the published agenda."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="agencies")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    invited_by = user_who(optional=True)
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
    user = user_who(optional=True)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    registered_by = user_who(optional=True)
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = user_who(optional=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
