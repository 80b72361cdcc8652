"""The chair's view: the meeting's cases in agenda order, one page per case in SafeLives order.

Only those who run the meeting (the chair, a coordinator of the area) reach these pages (404 for
everyone else); every read is audited (``marac.chair.view``).
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors, flash_outcome, submit
from vawg.marac import selectors
from vawg.marac.forms.chair import ActionForm, RecordForm
from vawg.marac.models import TAKE_PART, AgendaItem, MeetingState
from vawg.marac.presenters import actions as action_presenters
from vawg.marac.presenters import chair as presenters
from vawg.marac.presenters.research import agenda_entry, criteria_labels, values_for
from vawg.marac.services import chair as chair_services
from vawg.marac.services.actions import marac_action_create
from vawg.marac.services.chair import RECORDED_FIELDS
from vawg.people.rules import redact


def _case_page(
    request: AuthenticatedHttpRequest,
    item: AgendaItem,
    *,
    action_form: ActionForm | None = None,
    problem: forms.Form | None = None,
) -> HttpResponse:
    """One case's page; ``problem`` is a form holding what went wrong with the last change, if anything."""
    meeting = item.meeting
    chair_services.chair_view_record(by=request.user, item=item, request=request)
    referral = item.marac_referral
    withheld = bool(selectors.names_withheld(request.user, [referral]))
    # What is shown loses the victim's names too when they are withheld; the chair's own texts (a form)
    # lose only location values, so saving them changes nothing the chair did not write.
    values = values_for(item, withheld=withheld)
    voice = selectors.victim_voice_of(item)
    items = selectors.chair_item_ids(request.user, meeting)
    index = items.index(item.pk) if item.pk in items else 0
    context = {
        "item": item,
        "meeting": meeting,
        "editable": meeting.current_state == MeetingState.AGENDA_PUBLISHED,
        "entry": agenda_entry(item, values, withheld=withheld),
        "criteria": criteria_labels(referral.criteria),
        "reason": redact(referral.reason, values),
        "voice": {"views": redact(voice.views, values), "concerns": redact(voice.safety_concerns, values)}
        if voice
        else None,
        "research": presenters.research_table(selectors.item_research(item), values),
        "texts": {name: redact(getattr(item, name), values_for(item)) for name in RECORDED_FIELDS},
        "actions": action_presenters.action_rows(selectors.item_actions(item), values),
        "carried": action_presenters.action_rows(selectors.item_carried_actions(item), values),
        "action_form": action_form or ActionForm(meeting=meeting),
        "problem": problem,
        "timer": presenters.elapsed(item, meeting.area.minutes_per_case),
        "progress": presenters.progress(item),
        "heard": presenters.HEARD_TAG if item.heard_at else None,
        "previous_id": items[index - 1] if index > 0 else None,
        "next_id": items[index + 1] if index + 1 < len(items) else None,
        "position": index + 1,
        "count": len(items),
    }
    return render(request, "marac/chair/case.html", context)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def meeting_chair(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_chair(user=request.user, meeting_id=meeting_id)
    chair_services.chair_view_record(by=request.user, meeting=meeting, request=request)
    items = selectors.chair_items(request.user, meeting)
    withheld = selectors.names_withheld(request.user, [item.marac_referral for item in items])
    context = {
        "meeting": meeting,
        "state": presenters.meeting_state_tag(meeting.get_current_state_display()),
        "rows": presenters.case_list_rows(items, meeting.area.minutes_per_case, withheld),
        "unheard": selectors.unheard_items(meeting).count(),
        "editable": meeting.current_state == MeetingState.AGENDA_PUBLISHED,
        "day": timezone.localtime(meeting.starts_at),
    }
    return render(request, "marac/chair/meeting.html", context)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def agenda_item_chair(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_chair(user=request.user, agenda_item_id=item_id)
    return _case_page(request, item)


def _apply(request: AuthenticatedHttpRequest, item: AgendaItem, write: Callable[[], object], done: str) -> HttpResponse:
    """Make one change to the case (a service call), then show the case again, or why it could not be made."""
    problem = forms.Form(data={})
    try:
        write()
    except ValidationError as exc:
        add_service_errors(problem, exc)
        return _case_page(request, item, problem=problem)
    messages.success(request, done)
    return redirect("marac:agenda_item_chair", item_id=item.pk)


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def agenda_item_start(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_chair(user=request.user, agenda_item_id=item_id)
    return _apply(
        request,
        item,
        lambda: chair_services.agenda_item_start(item=item, by=request.user, request=request),
        "Case started",
    )


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def agenda_item_record(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_chair(user=request.user, agenda_item_id=item_id)
    form = RecordForm(request.POST)
    if not form.is_valid():
        return _case_page(request, item, problem=form)
    fields = form.sent()
    return _apply(
        request,
        item,
        lambda: chair_services.agenda_item_record(item=item, by=request.user, request=request, **fields),
        "Saved",
    )


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def action_add(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_chair(user=request.user, agenda_item_id=item_id)
    form = ActionForm(request.POST, meeting=item.meeting)
    if submit(form, lambda: marac_action_create(item=item, by=request.user, **form.cleaned_data, request=request)):
        messages.success(request, "Action added")
        return redirect("marac:agenda_item_chair", item_id=item.pk)
    return _case_page(request, item, action_form=form)


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def agenda_item_hear(request: AuthenticatedHttpRequest, item_id: UUID) -> HttpResponse:
    item = selectors.agenda_item_get_for_chair(user=request.user, agenda_item_id=item_id)
    return _apply(
        request,
        item,
        lambda: chair_services.agenda_item_hear(item=item, by=request.user, request=request),
        "Case heard",
    )


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def meeting_close(request: AuthenticatedHttpRequest, meeting_id: UUID) -> HttpResponse:
    meeting = selectors.meeting_get_for_chair(user=request.user, meeting_id=meeting_id)
    flash_outcome(
        request,
        lambda: chair_services.meeting_close(
            meeting=meeting,
            by=request.user,
            return_unheard=request.POST.get("return_unheard") == "yes",
            request=request,
        ),
        lambda _: "The meeting is closed",
    )
    return redirect("marac:meeting_chair", meeting_id=meeting.pk)
