"""MARAC meetings: scheduling (one or a series by the area's cadence), inviting agencies, cancelling,
registering attendees and recording attendance. Coordinators of the area do all of it, except that a
member of an invited agency registers its own attendees."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vawg.accounts.models import Organisation, User
from vawg.audit.services import audit_record
from vawg.core.dates import LONDON
from vawg.core.models import save_valid
from vawg.marac.models import (
    MaracArea,
    MaracMeeting,
    MaracMeetingStatus,
    MaracReferralState,
    MeetingAgency,
    MeetingAttendee,
    MeetingState,
)
from vawg.marac.rules import meetings as meeting_rules
from vawg.marac.selectors.agencies import (
    attendee_organisations,
    chair_candidates,
    coordinator_candidates,
    default_agencies,
)
from vawg.marac.services.agenda import share_item_with
from vawg.marac.services.core import marac_referral_set_state, meeting_set_state, require_coordinator

CANCEL_REASON_MAX = 2000
# Meetings whose attendance and agencies may still change.
CHANGEABLE_STATES = frozenset({MeetingState.SCHEDULED, MeetingState.AGENDA_PUBLISHED})


def local_start(day: date, at: time) -> datetime:
    """A meeting start as an aware datetime in London time."""
    return datetime.combine(day, at, tzinfo=LONDON)


# ---------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingPlan:
    """What the coordinator chose for a meeting (or each meeting of a series)."""

    chair: User | None
    coordinator: User | None
    capacity: int | None = None
    is_extra: bool = False
    agencies: Iterable[Organisation] | None = None  # None: the area's default


def _check_plan(*, area: MaracArea, plan: MeetingPlan) -> None:
    errors: dict[str, str] = {}
    if plan.chair is not None and not chair_candidates().filter(pk=plan.chair.pk).exists():
        errors["chair"] = "Choose a chair who takes part in MARAC at an agency"
    if plan.coordinator is not None and not coordinator_candidates(area).filter(pk=plan.coordinator.pk).exists():
        errors["coordinator"] = "Choose a coordinator of this MARAC"
    if plan.capacity is not None and not 1 <= plan.capacity <= 100:
        errors["capacity"] = "Capacity must be between 1 and 100 cases"
    if errors:
        raise ValidationError(errors)


def _create_meeting(
    *, area: MaracArea, starts_at: datetime, plan: MeetingPlan, by: User, request: HttpRequest | None
) -> MaracMeeting:
    meeting = MaracMeeting(
        area=area,
        starts_at=starts_at,
        chair=plan.chair,
        coordinator=plan.coordinator,
        capacity=plan.capacity or area.default_capacity,
        is_extra=plan.is_extra,
        created_by=by,
    )
    save_valid(meeting)
    MaracMeetingStatus.objects.create(meeting=meeting, state=MeetingState.SCHEDULED, created_by=by)
    organisations = list(plan.agencies) if plan.agencies is not None else list(default_agencies(area))
    for organisation in organisations:
        MeetingAgency.objects.create(meeting=meeting, organisation=organisation, invited_by=by)
    audit_record(
        action="marac.meeting.schedule",
        by=by,
        obj=meeting,
        request=request,
        details={
            "area_id": area.pk,
            "starts_at": starts_at.isoformat(),
            "chair_id": plan.chair.pk if plan.chair else "",
            "coordinator_id": plan.coordinator.pk if plan.coordinator else "",
            "is_extra": meeting.is_extra,
            "organisation_ids": ",".join(sorted(str(o.pk) for o in organisations)),
        },
    )
    return meeting


@transaction.atomic
def meeting_schedule(
    *, area: MaracArea, starts_at: datetime, plan: MeetingPlan, by: User, request: HttpRequest | None = None
) -> MaracMeeting:
    """Schedule one meeting of ``area`` (an extra one when ``plan.is_extra``)."""
    require_coordinator(by, area)
    _check_plan(area=area, plan=plan)
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": "The meeting date must be in the future"})
    return _create_meeting(area=area, starts_at=starts_at, plan=plan, by=by, request=request)


@transaction.atomic
def meeting_series_schedule(
    *,
    area: MaracArea,
    first: date,
    until: date,
    at: time,
    plan: MeetingPlan,
    by: User,
    request: HttpRequest | None = None,
) -> list[MaracMeeting]:
    """Schedule the area's meetings from ``first`` to ``until`` at its cadence (meeting_rules.meeting_dates),
    skipping days that already have a meeting of the area that is not cancelled."""
    require_coordinator(by, area)
    _check_plan(area=area, plan=plan)
    if first < timezone.localdate():
        raise ValidationError({"first": "The first meeting date must be today or in the future"})
    if until < first:
        raise ValidationError({"until": "The last date must be the same as or after the first meeting date"})
    if (until - first).days > 366:
        raise ValidationError({"until": "Schedule at most a year of meetings at a time"})
    taken = {
        timezone.localtime(starts).date()
        for starts in MaracMeeting.objects.filter(area=area)
        .exclude(current_state=MeetingState.CANCELLED)
        .values_list("starts_at", flat=True)
    }
    days = [day for day in meeting_rules.meeting_dates(area.cadence, first, until) if day not in taken]
    if not days:
        raise ValidationError({"first": "There is already a meeting on every date in that period"})
    series = MeetingPlan(plan.chair, plan.coordinator, plan.capacity, False, list(plan.agencies or []) or None)
    return [
        _create_meeting(area=area, starts_at=local_start(day, at), plan=series, by=by, request=request) for day in days
    ]


@transaction.atomic
def meeting_invite_agencies(
    *, meeting: MaracMeeting, organisations: Iterable[Organisation], by: User, request: HttpRequest | None = None
) -> MaracMeeting:
    """Set the agencies invited to ``meeting``. Once the agenda is published an agency can be added (it
    gets its research tasks at once) but not taken off: the case has already been shared with it."""
    require_coordinator(by, meeting.area)
    if meeting.current_state not in CHANGEABLE_STATES:
        raise ValidationError({"organisations": "The agencies of a meeting that is held or cancelled cannot change"})
    wanted = {org.pk: org for org in organisations}
    current = set(meeting.agencies.values_list("organisation_id", flat=True))
    removed = current - set(wanted)
    added = [org for pk, org in wanted.items() if pk not in current]
    if removed and meeting.current_state != MeetingState.SCHEDULED:
        raise ValidationError(
            {"organisations": "The agenda is published: agencies can be added but not taken off this meeting"}
        )
    MeetingAgency.objects.filter(meeting=meeting, organisation__in=removed).delete()
    for organisation in added:
        MeetingAgency.objects.create(meeting=meeting, organisation=organisation, invited_by=by)
    if meeting.current_state == MeetingState.AGENDA_PUBLISHED and added:
        for item in meeting.items.select_related("meeting"):
            for organisation in added:
                share_item_with(item=item, organisation=organisation, by=by, request=request)
    audit_record(
        action="marac.meeting.invite",
        by=by,
        obj=meeting,
        request=request,
        details={
            "added": ",".join(sorted(str(org.pk) for org in added)),
            "removed": ",".join(sorted(str(pk) for pk in removed)),
        },
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: MaracMeeting, reason: str, by: User, request: HttpRequest | None = None) -> MaracMeeting:
    """Cancel ``meeting``: every case listed on it goes back to the coordinator's queue."""
    require_coordinator(by, meeting.area)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the meeting is cancelled"})
    if len(reason) > CANCEL_REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {CANCEL_REASON_MAX:,} characters or fewer"})
    meeting_set_state(meeting=meeting, state=MeetingState.CANCELLED, by=by, reason=reason)
    returned = []
    for item in meeting.items.select_related("marac_referral"):
        if item.marac_referral.current_state == MaracReferralState.LISTED:
            marac_referral_set_state(
                marac_referral=item.marac_referral,
                state=MaracReferralState.QUEUED,
                by=by,
                reason=f"Meeting of {timezone.localtime(meeting.starts_at):%-d %B %Y} cancelled",
            )
            returned.append(str(item.marac_referral_id))
    audit_record(
        action="marac.meeting.cancel",
        by=by,
        obj=meeting,
        request=request,
        details={"returned_to_queue": ",".join(returned)},
    )
    return meeting


# ---------------------------------------------------------------------------
# Attendees and attendance
# ---------------------------------------------------------------------------


@transaction.atomic
def meeting_attendee_register(
    *,
    meeting: MaracMeeting,
    organisation: Organisation,
    name: str,
    job_title: str,
    by: User,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> MeetingAttendee:
    """Register someone from an invited agency to attend ``meeting``."""
    if organisation not in attendee_organisations(by, meeting):
        raise PermissionDenied
    if meeting.current_state not in CHANGEABLE_STATES:
        raise ValidationError({"name": "Attendees cannot be added to a meeting that is held or cancelled"})
    attendee = MeetingAttendee(
        meeting=meeting,
        organisation=organisation,
        user=user,
        name=name.strip(),
        job_title=job_title.strip(),
        registered_by=by,
    )
    save_valid(attendee)
    audit_record(
        action="marac.attendee.register",
        by=by,
        obj=attendee,
        agency_id=organisation.pk,
        request=request,
        details={"meeting_id": meeting.pk, "organisation_id": organisation.pk},
    )
    return attendee


@transaction.atomic
def meeting_attendance_record(
    *,
    meeting: MaracMeeting,
    attended: Mapping[str, bool] | Mapping[UUID, bool],
    by: User,
    request: HttpRequest | None = None,
) -> MaracMeeting:
    """Record who attended (attendee id -> yes/no), once the meeting's day has come."""
    require_coordinator(by, meeting.area)
    if meeting.current_state == MeetingState.CANCELLED:
        raise ValidationError({"attended": "The meeting was cancelled"})
    if timezone.localtime(meeting.starts_at).date() > timezone.localdate():
        raise ValidationError({"attended": "Attendance can be recorded from the day of the meeting"})
    now = timezone.now()
    attendees = {str(a.pk): a for a in meeting.attendees.all()}
    unknown = [key for key in attended if str(key) not in attendees]
    if unknown:
        raise ValidationError({"attended": "Record attendance only for people registered for this meeting"})
    for key, value in attended.items():
        attendee = attendees[str(key)]
        attendee.attended = bool(value)
        attendee.attendance_recorded_by = by
        attendee.attendance_recorded_at = now
        save_valid(
            attendee, update_fields=["attended", "attendance_recorded_by", "attendance_recorded_at", "updated_at"]
        )
    audit_record(
        action="marac.attendance.record",
        by=by,
        obj=meeting,
        request=request,
        details={
            "attended": sum(1 for v in attended.values() if v),
            "absent": sum(1 for v in attended.values() if not v),
        },
    )
    return meeting
