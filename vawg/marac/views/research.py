"""Agencies' research before the meeting, and the victim's voice (gate, form, one service call, redirect)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors
from vawg.marac.models import RECORD_VICTIM_VOICE, TAKE_PART, AgendaItem, ResearchFlag, ResearchTask, VictimVoice
from vawg.marac.models import organisations_with as _orgs
from vawg.marac.presenters import research as presenters
from vawg.marac.services.research import (
    MAX_TEXT,
    research_task_editable,
    research_task_for,
    research_task_save,
    research_task_submit,
    research_task_view_record,
    victim_voice_agency_id,
    victim_voice_save,
)
from vawg.people.rules import redact

GET_POST = ["GET", "POST"]
HOLDS_CHOICES = [("yes", "Yes"), ("no", "No")]


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # the staff session middleware guarantees a User
    return user


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text or "Do not include addresses, phone numbers or other location details.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"This must be {MAX_TEXT} characters or fewer"},
    )


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page template has the form tag and the token
    helper.layout = Layout(*fields)
    return helper


class ResearchForm(forms.Form):
    holds_information = forms.ChoiceField(
        label="Does your agency hold information about this case?",
        choices=HOLDS_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    flags = forms.MultipleChoiceField(
        label="What your agency holds",
        choices=ResearchFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    victim_information = _text_field("About the victim")
    perpetrator_information = _text_field("About the person causing harm")
    children_information = _text_field("About the children")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("holds_information", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("flags", legend_size=Size.SMALL, small=True),
            Field.textarea("victim_information", label_size=Size.SMALL, rows=4),
            Field.textarea("perpetrator_information", label_size=Size.SMALL, rows=4),
            Field.textarea("children_information", label_size=Size.SMALL, rows=4),
        )

    def holds(self) -> bool | None:
        value = self.cleaned_data.get("holds_information")
        return {"yes": True, "no": False}.get(value or "")

    @classmethod
    def initial_for(cls, task: ResearchTask, values: list[str]) -> dict[str, Any]:
        holds = {True: "yes", False: "no", None: ""}[task.holds_information]
        return {
            "holds_information": holds,
            "flags": task.flags,
            "victim_information": redact(task.victim_information, values),
            "perpetrator_information": redact(task.perpetrator_information, values),
            "children_information": redact(task.children_information, values),
        }


class VictimVoiceForm(forms.Form):
    views = _text_field("The victim's views", "What the victim wants the meeting to know and to happen.")
    safety_concerns = _text_field("The victim's safety concerns")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("views", label_size=Size.SMALL, rows=4),
            Field.textarea("safety_concerns", label_size=Size.SMALL, rows=4),
            Submit("save", "Save"),
        )


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def research_task_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tasks = (
        ResearchTask.objects.visible_to(user)
        .filter(organisation__in=_orgs(user, TAKE_PART))
        .select_related("agenda_item__meeting", "agenda_item__marac_referral", "organisation")
    )
    outstanding = list(tasks.filter(completed_at__isnull=True).order_by("due_at"))
    completed = list(tasks.filter(completed_at__isnull=False).order_by("-completed_at"))
    context = {"outstanding": presenters.task_rows(outstanding), "completed": presenters.task_rows(completed)}
    return render(request, "marac/research/list.html", context)


@require_permission(TAKE_PART)
@require_http_methods(GET_POST)
def research_task_detail(request: HttpRequest, task_id: UUID) -> HttpResponse:
    user = _user(request)
    try:
        task = research_task_for(user, task_id)
    except ResearchTask.DoesNotExist:
        raise Http404 from None
    editable = research_task_editable(task)
    item = task.agenda_item
    values = presenters.values_for(item)
    initial = ResearchForm.initial_for(task, values)
    form = ResearchForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and editable and form.is_valid():
        try:
            research_task_save(
                task=task,
                by=user,
                holds_information=form.holds(),
                flags=form.cleaned_data["flags"],
                victim_information=form.cleaned_data["victim_information"],
                perpetrator_information=form.cleaned_data["perpetrator_information"],
                children_information=form.cleaned_data["children_information"],
                request=request,
            )
            if "submit" in request.POST:
                research_task_submit(task=task, by=user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Research submitted" if "submit" in request.POST else "Draft saved")
            return redirect("marac:research_task_detail", task_id=task.pk)
    if request.method == "GET":
        research_task_view_record(task=task, by=user, request=request)
    context = {
        "task": task,
        "form": form,
        "editable": editable,
        "entry": presenters.agenda_entry(item, values),
        "reason": redact(item.marac_referral.reason, values),
        "due": presenters.uk_date(task.due_at.date()),
        "own": presenters.research_return(task, values),
        "may_record_voice": editable and victim_voice_agency_id(item, user) is not None,
    }
    return render(request, "marac/research/detail.html", context)


@require_permission(RECORD_VICTIM_VOICE)
@require_http_methods(GET_POST)
def victim_voice_edit(request: HttpRequest, item_id: UUID) -> HttpResponse:
    user = _user(request)
    item = get_object_or_404(
        AgendaItem.objects.visible_to(user).select_related("meeting", "marac_referral__case__victim"), pk=item_id
    )
    if victim_voice_agency_id(item, user) is None:
        raise Http404
    voice = VictimVoice.objects.filter(agenda_item=item).first()
    values = presenters.values_for(item)
    initial = {}
    if voice is not None:
        initial = {"views": redact(voice.views, values), "safety_concerns": redact(voice.safety_concerns, values)}
    form = VictimVoiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            victim_voice_save(
                item=item,
                by=user,
                views=form.cleaned_data["views"],
                safety_concerns=form.cleaned_data["safety_concerns"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The victim's voice is saved")
            return redirect("marac:victim_voice_edit", item_id=item.pk)
    context = {"item": item, "form": form, "entry": presenters.agenda_entry(item, values)}
    return render(request, "marac/research/victim_voice.html", context)
