"""The chair's view: the meeting's cases in agenda order, one page per case in SafeLives order.

Only those who run the meeting (the chair, a coordinator of the area) reach these pages (404 for
everyone else); every read is audited (``marac.chair.view``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import Organisation, User
from vawg.core.access import require_permission
from vawg.core.forms import GovukDateField, add_service_errors
from vawg.marac.models import (
    TAKE_PART,
    AgendaItem,
    MaracAction,
    MaracMeeting,
    MeetingState,
    RiskAddressed,
    VictimVoice,
)
from vawg.marac.presenters import chair as presenters
from vawg.marac.presenters.research import agenda_entry, criteria_labels, values_for
from vawg.marac.services import chair as chair_services
from vawg.marac.services.actions import MAX_TEXT, agency_members, marac_action_create
from vawg.marac.services.chair import RECORDED_FIELDS, chair_view_record, meetings_run_by, unheard_items
from vawg.people.rules import redact

ITEM_RELATED = ("meeting__area", "marac_referral__case__victim", "marac_referral__perpetrator")
ITEM_RELATED += ("marac_referral__referring_organisation",)


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # the staff session middleware guarantees a User
    return user


def _item(request: HttpRequest, item_id: UUID) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.run_by(_user(request)).select_related(*ITEM_RELATED), pk=item_id)


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Do not include addresses or other location details.",
        error_messages={"required": "Enter what the action is", "max_length": f"Keep it to {MAX_TEXT} characters"},
    )
    owning_organisation = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the agency that owns the action"},
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)", queryset=User.objects.none(), required=False, help_text="Someone at that agency."
    )
    due_on = GovukDateField(label="Due date", what="the date the action is due", help_text="For example, 27 3 2027")
    risk_addressed = forms.ChoiceField(
        label="Risk addressed",
        choices=RiskAddressed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk the action addresses"},
    )

    def __init__(self, *args: Any, meeting: MaracMeeting, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"due_on": timezone.localdate() + timedelta(days=14)})
        super().__init__(*args, **kwargs)
        agencies = Organisation.objects.filter(pk__in=meeting.agencies.values("organisation_id")).order_by("name")
        self.fields["owning_organisation"].queryset = agencies  # type: ignore[attr-defined]
        owners = User.objects.none()
        for agency in agencies:
            owners = owners | agency_members(agency)
        self.fields["owner"].queryset = owners.distinct().order_by("full_name")  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.textarea("description", label_size=Size.SMALL, rows=2),
            Field.select("owning_organisation", label_size=Size.SMALL),
            Field.select("owner", label_size=Size.SMALL),
            Field("due_on"),
            Field.radios("risk_addressed", legend_size=Size.SMALL, inline=True),
            Submit("add", "Add action"),
        )


def _case_page(
    request: HttpRequest, item: AgendaItem, *, action_form: ActionForm | None = None, error: str = ""
) -> HttpResponse:
    user = _user(request)
    meeting = item.meeting
    chair_view_record(by=user, item=item, request=request)
    values = values_for(item)
    referral = item.marac_referral
    voice = VictimVoice.objects.filter(agenda_item=item).first()
    actions = list(item.actions.select_related("owning_organisation", "owner", "agenda_item__meeting"))
    carried = list(
        MaracAction.objects.carried_forward_to(meeting)
        .filter(agenda_item__marac_referral__case=referral.case_id)
        .exclude(agenda_item=item)
        .select_related("owning_organisation", "owner", "agenda_item__meeting")
    )
    items = list(
        AgendaItem.objects.run_by(user).filter(meeting=meeting).order_by("position").values_list("pk", flat=True)
    )
    index = items.index(item.pk) if item.pk in items else 0
    context = {
        "item": item,
        "meeting": meeting,
        "editable": meeting.current_state == MeetingState.AGENDA_PUBLISHED,
        "entry": agenda_entry(item, values),
        "criteria": criteria_labels(referral.criteria),
        "reason": redact(referral.reason, values),
        "voice": {"views": redact(voice.views, values), "concerns": redact(voice.safety_concerns, values)}
        if voice
        else None,
        "research": presenters.research_table(item, values),
        "texts": {name: redact(getattr(item, name), values) for name in RECORDED_FIELDS},
        "actions": presenters.action_rows(actions, values),
        "carried": presenters.action_rows(carried, values),
        "action_form": action_form or ActionForm(meeting=meeting),
        "timer": presenters.elapsed(item, meeting.area.minutes_per_case),
        "progress": presenters.progress(item),
        "previous_id": items[index - 1] if index > 0 else None,
        "next_id": items[index + 1] if index + 1 < len(items) else None,
        "position": index + 1,
        "count": len(items),
        "error": error,
    }
    return render(request, "marac/chair/case.html", context)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def meeting_chair(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    user = _user(request)
    meeting = get_object_or_404(meetings_run_by(user).select_related("area", "chair"), pk=meeting_id)
    chair_view_record(by=user, meeting=meeting, request=request)
    items = list(
        AgendaItem.objects.run_by(user).filter(meeting=meeting).select_related(*ITEM_RELATED).order_by("position")
    )
    rows = [
        {
            "item": item,
            "reference": item.marac_referral.reference,
            "victim": redact(item.marac_referral.case.victim.full_name, values_for(item)),
            "progress": presenters.progress(item),
            "timer": presenters.elapsed(item, meeting.area.minutes_per_case),
        }
        for item in items
    ]
    context = {
        "meeting": meeting,
        "rows": rows,
        "unheard": unheard_items(meeting).count(),
        "editable": meeting.current_state == MeetingState.AGENDA_PUBLISHED,
        "day": timezone.localtime(meeting.starts_at),
    }
    return render(request, "marac/chair/meeting.html", context)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def agenda_item_chair(request: HttpRequest, item_id: UUID) -> HttpResponse:
    return _case_page(request, _item(request, item_id))


def _apply(request: HttpRequest, item: AgendaItem, write: Any, done: str) -> HttpResponse:
    try:
        write()
    except ValidationError as exc:
        return _case_page(request, item, error="; ".join(exc.messages))
    messages.success(request, done)
    return redirect("marac:agenda_item_chair", item_id=item.pk)


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def agenda_item_start(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = _item(request, item_id)
    return _apply(
        request,
        item,
        lambda: chair_services.agenda_item_start(item=item, by=_user(request), request=request),
        "Case started",
    )


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def agenda_item_record(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = _item(request, item_id)
    fields = {name: request.POST[name] for name in RECORDED_FIELDS if name in request.POST}
    if not fields:
        return _case_page(request, item, error="Nothing to save")
    return _apply(
        request,
        item,
        lambda: chair_services.agenda_item_record(item=item, by=_user(request), request=request, **fields),
        "Saved",
    )


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def action_add(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = _item(request, item_id)
    form = ActionForm(request.POST, meeting=item.meeting)
    if form.is_valid():
        try:
            marac_action_create(
                item=item,
                by=_user(request),
                description=form.cleaned_data["description"],
                owning_organisation=form.cleaned_data["owning_organisation"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                risk_addressed=form.cleaned_data["risk_addressed"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Action added")
            return redirect("marac:agenda_item_chair", item_id=item.pk)
    return _case_page(request, item, action_form=form)


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def agenda_item_hear(request: HttpRequest, item_id: UUID) -> HttpResponse:
    item = _item(request, item_id)
    return _apply(
        request,
        item,
        lambda: chair_services.agenda_item_hear(item=item, by=_user(request), request=request),
        "Case heard",
    )


@require_permission(TAKE_PART)
@require_http_methods(["POST"])
def meeting_close(request: HttpRequest, meeting_id: UUID) -> HttpResponse:
    user = _user(request)
    meeting = get_object_or_404(meetings_run_by(user), pk=meeting_id)
    try:
        chair_services.meeting_close(
            meeting=meeting, by=user, return_unheard=request.POST.get("return_unheard") == "yes", request=request
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, "The meeting is closed")
    return redirect("marac:meeting_chair", meeting_id=meeting.pk)
