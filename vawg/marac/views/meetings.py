"""Meeting pages: the list, scheduling (one or a series), the meeting page (= the agenda), invited
agencies, cancelling, publishing the agenda, attendees and attendance, taking a case off the agenda.

Gates (vawg/marac/selectors/meetings.py): a meeting the user may not see is a 404; coordinator-only
pages reach only meetings of areas the user coordinates, so other users get a 404 as well.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.marac import selectors
from vawg.marac.forms.meetings import AgenciesForm, AttendanceForm, AttendeeForm, MeetingForm, ReasonForm, SeriesForm
from vawg.marac.models import COORDINATE, TAKE_PART, MaracArea, MaracMeeting, MeetingState
from vawg.marac.presenters import agenda as agenda_presenters
from vawg.marac.presenters import meetings as presenters
from vawg.marac.rules import meetings as meeting_rules
from vawg.marac.services import agenda as agenda_services
from vawg.marac.services import meetings as services

CHAIR_STATES = frozenset({MeetingState.AGENDA_PUBLISHED, MeetingState.HELD, MeetingState.MINUTES_PUBLISHED})


def _area(request: AuthenticatedHttpRequest) -> MaracArea:
    """The area the coordinator is working on (``?area=`` among theirs, else their first)."""
    chosen = request.GET.get("area") or request.POST.get("area")
    try:
        area_id = uuid.UUID(str(chosen)) if chosen else None
    except ValueError:
        raise Http404("No such MARAC area.") from None
    return selectors.marac_area_get_for(user=request.user, marac_area_id=area_id)


# Lists ------------------------------------------------------------------------------------------


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings = MaracMeeting.objects.visible_to(request.user).select_related("area", "chair")
    today = timezone.localdate()
    context = {
        "upcoming": presenters.meeting_rows(meetings.filter(starts_at__date__gte=today).order_by("starts_at")[:100]),
        "past": presenters.meeting_rows(meetings.filter(starts_at__date__lt=today).order_by("-starts_at")[:100]),
        "areas": MaracArea.objects.coordinated_by(request.user).active(),
    }
    return render(request, "marac/meetings/list.html", context)


# Scheduling -------------------------------------------------------------------------------------


def _plan(data: dict[str, Any]) -> services.MeetingPlan:
    """The chair, coordinator, capacity and agencies the coordinator chose on a meeting or series form."""
    agencies = list(data["agencies"])
    return services.MeetingPlan(
        chair=data["chair"],
        coordinator=data["coordinator"],
        capacity=data["capacity"],
        is_extra=data.get("is_extra", False),
        agencies=agencies,
    )


def _schedule(request: AuthenticatedHttpRequest, area: MaracArea, data: dict[str, Any]) -> MaracMeeting:
    """Schedule one meeting; a refused start time is shown against the day chosen."""
    try:
        return services.meeting_schedule(
            area=area,
            starts_at=services.local_start(data["day"], data["start_time"]),
            plan=_plan(data),
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        if "starts_at" in error.message_dict:
            raise ValidationError({"day": error.message_dict["starts_at"]}) from error
        raise


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def meeting_schedule(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = _area(request)
    initial = {"is_extra": request.GET.get("extra") == "1"}
    form = MeetingForm(posted(request), user=request.user, area=area, initial=initial)
    meeting = submit(form, lambda: _schedule(request, area, form.cleaned_data))
    if meeting:
        messages.success(request, "Meeting scheduled")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    context = {"form": form, "area": area, "title": f"Schedule a meeting of {area.name}"}
    return render(request, "marac/meetings/form.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def meeting_schedule_series(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = _area(request)
    form = SeriesForm(posted(request), user=request.user, area=area)
    made = submit(
        form,
        lambda: services.meeting_series_schedule(
            area=area,
            first=form.cleaned_data["first"],
            until=form.cleaned_data["until"],
            at=form.cleaned_data["start_time"],
            plan=_plan(form.cleaned_data),
            by=request.user,
            request=request,
        ),
    )
    if made is not None:
        messages.success(request, f"{len(made)} meetings scheduled")
        return redirect("marac:meeting_list")
    context = {
        "form": form,
        "area": area,
        "title": f"Schedule a series of meetings of {area.name}",
        "intro": f"Meetings are scheduled {area.get_cadence_display().lower()} from the first date. "
        "Monthly meetings keep the same weekday of the month (for example the 2nd Wednesday). "
        "Days that already have a meeting are skipped.",
    }
    return render(request, "marac/meetings/form.html", context)


# The meeting page (= the agenda) -----------------------------------------------------------------


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get_for(user=user, meeting_id=meeting_id)
    items = list(selectors.agenda_for(user, meeting))
    withheld = selectors.names_withheld(user, [item.marac_referral for item in items])
    rows = agenda_presenters.agenda_rows(items, withheld)
    coordinating = MaracMeeting.objects.coordinated_by(user).filter(pk=meeting.pk).exists()
    listed = len(rows)  # what this user can see: a deny-listed case is not counted either
    changeable = meeting.current_state in services.CHANGEABLE_STATES
    capacity = meeting_rules.capacity_state(listed, meeting.capacity)
    minutes_needed = meeting_rules.meeting_minutes(listed, meeting.area.minutes_per_case)
    context = {
        "meeting": meeting,
        "state": presenters.state_tag(meeting),
        "extra": presenters.extra_tag(meeting, "Extra meeting"),
        "rows": rows,
        "coordinating": coordinating,
        "capacity": capacity,
        "summary": presenters.meeting_summary(meeting, capacity, minutes_needed),
        "carried": agenda_presenters.carried_forward(selectors.carried_forward_actions(user, meeting)),
        "agencies": [agency.organisation for agency in meeting.agencies.select_related("organisation")],
        "attendees": meeting.attendees.select_related("organisation"),
        "can_register": changeable and bool(selectors.attendee_organisations(user, meeting)),
        "can_record_attendance": coordinating
        and meeting.current_state != MeetingState.CANCELLED
        and timezone.localtime(meeting.starts_at).date() <= timezone.localdate(),
        "can_publish": coordinating and meeting.current_state == MeetingState.SCHEDULED,
        "can_change": coordinating and changeable,
        "can_chair": meeting.current_state in CHAIR_STATES
        and selectors.meetings_run_by(user).filter(pk=meeting.pk).exists(),
        "can_read_minutes": selectors.minutes_ready(user, meeting),
    }
    return render(request, "marac/meetings/detail.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def meeting_invite(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_coordinator(user=request.user, meeting_id=meeting_id)
    current = list(meeting.agencies.values_list("organisation_id", flat=True))
    form = AgenciesForm(posted(request), initial={"agencies": current})
    if submit(
        form,
        lambda: services.meeting_invite_agencies(
            meeting=meeting, organisations=form.cleaned_data["agencies"], by=request.user, request=request
        ),
    ):
        messages.success(request, "Invited agencies saved")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    context = {"form": form, "meeting": meeting, "title": "Agencies invited to the meeting"}
    return render(request, "marac/meetings/meeting_form.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_coordinator(user=request.user, meeting_id=meeting_id)
    form = ReasonForm(
        posted(request),
        label="Why is the meeting cancelled?",
        required_message="Enter why the meeting is cancelled",
        button="Cancel the meeting",
    )
    if submit(
        form,
        lambda: services.meeting_cancel(
            meeting=meeting, reason=form.cleaned_data["reason"], by=request.user, request=request
        ),
    ):
        messages.success(request, "Meeting cancelled. Its cases are back in the queue.")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "title": "Cancel the meeting",
        "intro": "Every case listed at this meeting goes back to the queue, to be listed at another meeting.",
    }
    return render(request, "marac/meetings/meeting_form.html", context)


@require_permission(COORDINATE)
@require_http_methods(["POST"])
def agenda_publish(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_coordinator(user=request.user, meeting_id=meeting_id)
    flash_outcome(
        request,
        lambda: agenda_services.agenda_publish(meeting=meeting, by=request.user, request=request),
        lambda tasks: f"Agenda published: {tasks} research tasks sent to the invited agencies",
    )
    return redirect("marac:meeting_detail", meeting_id=meeting.pk)


@require_permission(COORDINATE)
@require_http_methods(["POST"])
def agenda_item_remove(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_coordinator(user=request.user, meeting_id=meeting_id)
    item = selectors.agenda_item_get_for(user=request.user, agenda_item_id=item_id)
    if item.meeting_id != meeting.pk:
        raise Http404("No such agenda item.")
    flash_outcome(
        request,
        lambda: agenda_services.agenda_item_remove(item=item, by=request.user, request=request),
        lambda referral: f"{referral.reference} taken off the agenda and returned to the queue",
    )
    return redirect("marac:meeting_detail", meeting_id=meeting.pk)


# Attendees and attendance ------------------------------------------------------------------------


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def attendee_register(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get_for(user=user, meeting_id=meeting_id)
    organisations = selectors.attendee_organisations(user, meeting)
    if not organisations:
        raise Http404("No such meeting.")
    form = AttendeeForm(posted(request), organisations=organisations, initial={"name": user.full_name})
    attendee = submit(
        form,
        lambda: services.meeting_attendee_register(
            meeting=meeting,
            **form.cleaned_data,
            user=user if form.cleaned_data["name"].strip() == user.full_name else None,
            by=user,
            request=request,
        ),
    )
    if attendee:
        messages.success(request, f"{attendee.name} registered to attend")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    context = {
        "form": form,
        "meeting": meeting,
        "title": "Register someone to attend",
        "intro": "Add the people from your agency who will attend. Your own name is filled in.",
    }
    return render(request, "marac/meetings/meeting_form.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def attendance_record(request: AuthenticatedHttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_coordinator(user=request.user, meeting_id=meeting_id)
    attendees = selectors.meeting_attendees(meeting)
    form = AttendanceForm(posted(request), attendees=attendees)
    if submit(
        form,
        lambda: services.meeting_attendance_record(
            meeting=meeting, attended=form.answers(), by=request.user, request=request
        ),
    ):
        messages.success(request, "Attendance recorded")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    context = {"meeting": meeting, "attendees": attendees, "form": form}
    return render(request, "marac/meetings/attendance.html", context, status=400 if form.errors else 200)
