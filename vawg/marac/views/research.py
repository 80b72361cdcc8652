"""Agencies' research before the meeting, and the victim's voice (gate, form, one service call, redirect)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors, posted, submit
from vawg.marac import selectors
from vawg.marac.forms.research import ResearchForm, VictimVoiceForm
from vawg.marac.models import RECORD_VICTIM_VOICE, TAKE_PART
from vawg.marac.presenters import research as presenters
from vawg.marac.services.research import (
    research_task_save,
    research_task_submit,
    research_task_view_record,
    victim_voice_save,
)
from vawg.people.rules import redact

GET_POST = ["GET", "POST"]


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def research_task_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    tasks = selectors.research_tasks_of_own_agencies(request.user).select_related(
        "agenda_item__meeting", "agenda_item__marac_referral", "organisation"
    )
    outstanding = list(tasks.outstanding().order_by("due_at"))
    completed = list(tasks.filter(completed_at__isnull=False).order_by("-completed_at"))
    context = {"outstanding": presenters.task_rows(outstanding), "completed": presenters.task_rows(completed)}
    return render(request, "marac/research/list.html", context)


@require_permission(TAKE_PART)
@require_http_methods(GET_POST)
def research_task_detail(request: AuthenticatedHttpRequest, task_id: UUID) -> HttpResponse:
    task = selectors.research_task_get_for(user=request.user, research_task_id=task_id)
    editable = selectors.research_task_editable(task)
    item = task.agenda_item
    values = presenters.values_for(item)
    initial = ResearchForm.initial_for(task, values)
    form = ResearchForm(posted(request), initial=initial)
    submitting = "submit" in request.POST
    if request.method == "POST" and editable and form.is_valid():
        try:
            research_task_save(
                task=task,
                by=request.user,
                holds_information=form.holds(),
                flags=form.cleaned_data["flags"],
                victim_information=form.cleaned_data["victim_information"],
                perpetrator_information=form.cleaned_data["perpetrator_information"],
                children_information=form.cleaned_data["children_information"],
                request=request,
            )
            if submitting:
                research_task_submit(task=task, by=request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Research submitted" if submitting else "Draft saved")
            return redirect("marac:research_task_detail", task_id=task.pk)
    if request.method == "GET":
        research_task_view_record(task=task, by=request.user, request=request)
    own = presenters.research_return(task, values)
    withheld = bool(selectors.names_withheld(request.user, [item.marac_referral]))
    shown = presenters.values_for(item, withheld=withheld)
    context = {
        "task": task,
        "form": form,
        "editable": editable,
        "entry": presenters.agenda_entry(item, shown, withheld=withheld),
        "reason": redact(item.marac_referral.reason, shown),
        "due": presenters.uk_date(task.due_at.date()),
        "state": presenters.task_state_tag(task),
        "own": presenters.research_return_rows(own),
        "may_record_voice": editable and selectors.victim_voice_agency_id(item, request.user) is not None,
    }
    return render(request, "marac/research/detail.html", context)


@require_permission(RECORD_VICTIM_VOICE)
@require_http_methods(GET_POST)
def victim_voice_edit(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for(user=request.user, agenda_item_id=item_id)
    if selectors.victim_voice_agency_id(item, request.user) is None:
        raise Http404
    voice = selectors.victim_voice_of(item)
    values = presenters.values_for(item)
    initial = {}
    if voice is not None:
        initial = {"views": redact(voice.views, values), "safety_concerns": redact(voice.safety_concerns, values)}
    form = VictimVoiceForm(posted(request), initial=initial)
    if submit(form, lambda: victim_voice_save(item=item, by=request.user, **form.cleaned_data, request=request)):
        messages.success(request, "The victim's voice is saved")
        return redirect("marac:victim_voice_edit", item_id=item.pk)
    withheld = bool(selectors.names_withheld(request.user, [item.marac_referral]))
    context = {"item": item, "form": form, "entry": presenters.agenda_entry(item, values, withheld=withheld)}
    return render(request, "marac/research/victim_voice.html", context)
