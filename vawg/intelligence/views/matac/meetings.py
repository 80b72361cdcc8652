"""MATAC meetings: the list, scheduling one, the meeting page (the coordinator's agenda; an invited
agency's own tactics) and holding or cancelling it."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.services import audit_read
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.intelligence.config import RUN_MATAC, TAKE_PART_IN_MATAC
from vawg.intelligence.forms.matac import MeetingForm
from vawg.intelligence.models import MatacMeetingState, MatacTactic
from vawg.intelligence.presenters import matac as presenters
from vawg.intelligence.selectors import matac as selectors
from vawg.intelligence.services import matac as services


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings = list(selectors.meetings_for(request.user))
    rows = [(m, presenters.MEETING_TAGS[MatacMeetingState(m.current_state)]) for m in meetings]
    context = {
        "rows": rows,
        "runs": request.user.has_perm(RUN_MATAC),
        "suggested": selectors.suggested_next_date(request.user) if request.user.has_perm(RUN_MATAC) else None,
    }
    return render(request, "intelligence/matac/meeting_list.html", context)


@require_permission(RUN_MATAC)
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    suggested = selectors.suggested_next_date(request.user)
    form = MeetingForm(
        posted(request),
        initial={"day": suggested, "start": "10:00"},
        organisations=selectors.participating_organisations(),
        chairs=selectors.agency_members_all(),
    )
    meeting = submit(
        form,
        lambda: services.matac_meeting_create(
            by=request.user,
            starts_at=form.starts_at(),
            location=form.cleaned_data["location"],
            organisations=list(form.cleaned_data["organisations"]),
            chair=form.cleaned_data["chair"],
            request=request,
        ),
    )
    if meeting is not None:
        messages.success(request, "Meeting scheduled")
        return redirect("matac:meeting_detail", meeting_id=meeting.pk)
    return render(request, "intelligence/matac/meeting_new.html", {"form": form, "suggested": suggested})


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    audit_read(action="intelligence.matac_meeting.view", obj=meeting)
    runs = selectors.runs_matac_of(request.user, meeting.organisation_id)
    invited = [a.organisation.name for a in meeting.agencies.select_related("organisation")]
    context: dict[str, object] = {
        "meeting": meeting,
        "rows": presenters.meeting_rows(meeting, invited),
        "runs": runs,
        "minutes_ready": selectors.minutes_ready(request.user, meeting),
        "may_hold": runs and meeting.current_state == MatacMeetingState.SCHEDULED,
        "may_publish": runs and meeting.current_state == MatacMeetingState.HELD,
    }
    if runs:
        agenda = selectors.agenda_for(request.user, meeting)
        people = [s.person_causing_harm for s in [*agenda.reviews, *agenda.entering]]
        people += [n.person_causing_harm for n in agenda.nominations]
        people += [t.subject.person_causing_harm for t in agenda.carried_forward]
        redactor = presenters.Redactor.for_people(request.user, people)
        context |= {
            "reviews": [(s, redactor.name(s.person_causing_harm), s.pk in agenda.reviewed_ids) for s in agenda.reviews],
            "entering": [(s, redactor.name(s.person_causing_harm)) for s in agenda.entering],
            "nominations": [(n, redactor.name(n.person_causing_harm)) for n in agenda.nominations],
            "carried": presenters.tactic_rows(set(), agenda.carried_forward, redactor, everything=True),
        }
    else:
        own = selectors.tactics_of_my_agencies(request.user).filter(meeting=meeting)
        tactics: list[MatacTactic] = list(own)
        redactor = presenters.Redactor.for_people(request.user, [t.subject.person_causing_harm for t in tactics])
        context["own_tactics"] = presenters.tactic_rows(set(), tactics, redactor, everything=True)
    return render(request, "intelligence/matac/meeting_detail.html", context)


@require_permission(RUN_MATAC)
@require_http_methods(["POST"])
def meeting_transition(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for(user=request.user, meeting_id=meeting_id)
    to = request.POST.get("to", "")
    flash_outcome(
        request,
        lambda: services.matac_meeting_transition(
            meeting=meeting, to=to, by=request.user, reason=request.POST.get("reason", ""), request=request
        ),
        lambda row: f"Meeting marked {MatacMeetingState(row.state).label.lower()}",
    )
    return redirect("matac:meeting_detail", meeting_id=meeting.pk)
