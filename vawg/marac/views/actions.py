"""MARAC actions: the agency's list, one action (with its status history and update form), and the
coordinator's outstanding-actions dashboard."""

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

from vawg.accounts.models import Organisation, User
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors
from vawg.marac.models import (
    ACTION_TRANSITIONS,
    COORDINATE,
    TAKE_PART,
    ActionState,
    MaracAction,
    organisations_with,
)
from vawg.marac.presenters.chair import action_rows
from vawg.marac.presenters.research import uk_date
from vawg.marac.services.actions import (
    MAX_TEXT,
    coordinated_actions,
    marac_action_update,
    may_update,
    outstanding_by_agency,
)
from vawg.people.rules import redact
from vawg.people.selectors import location_values, location_values_for

RELATED = (
    "owning_organisation",
    "owner",
    "agenda_item__meeting",
    "agenda_item__marac_referral__case__victim",
    "agenda_item__marac_referral__perpetrator",
)
FILTER_CHOICES = [("outstanding", "Outstanding"), ("overdue", "Overdue"), *ActionState.choices, ("all", "All")]


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # the staff session middleware guarantees a User
    return user


class FilterForm(forms.Form):
    state = forms.ChoiceField(label="Show", choices=FILTER_CHOICES, required=False)


class UpdateForm(forms.Form):
    state = forms.ChoiceField(
        label="New status", widget=forms.RadioSelect, error_messages={"required": "Choose the new status"}
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or why it could not be. Do not include addresses or other location details.",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ACTION_TRANSITIONS[current]
        self.fields["state"].choices = [c for c in ActionState.choices if c[0] in allowed]  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("state", legend_size=Size.SMALL),
            Field.textarea("note", label_size=Size.SMALL, rows=3),
            Submit("update", "Update status"),
        )


def _rows(actions: list[MaracAction]) -> list[dict[str, Any]]:
    """Action rows with each description redacted for its own case's people."""
    values_by_referral = location_values_for(
        {
            action.agenda_item.marac_referral_id: [
                action.agenda_item.marac_referral.case.victim,
                action.agenda_item.marac_referral.perpetrator,
            ]
            for action in actions
        }
    )
    rows = []
    for action in actions:
        referral = action.agenda_item.marac_referral
        row = action_rows([action], values_by_referral[referral.pk])[0]
        row["reference"] = referral.reference
        rows.append(row)
    return rows


def _filtered(actions: Any, state: str) -> Any:
    if state in ("", "outstanding"):
        return actions.outstanding()
    if state == "overdue":
        return actions.overdue()
    if state == "all":
        return actions
    return actions.filter(current_state=state)


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def action_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    actions = MaracAction.objects.visible_to(user).filter(owning_organisation__in=organisations_with(user, TAKE_PART))
    chosen = list(_filtered(actions, state).select_related(*RELATED).order_by("due_on"))
    rows = sorted(_rows(chosen), key=lambda r: (r["action"].current_state not in ("open", "in-progress"),))
    return render(request, "marac/actions/list.html", {"form": form, "rows": rows, "state": state or "outstanding"})


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, action_id: UUID) -> HttpResponse:
    user = _user(request)
    action = get_object_or_404(MaracAction.objects.visible_to(user).select_related(*RELATED), pk=action_id)
    can_update = may_update(action, user) and bool(ACTION_TRANSITIONS[action.current_state])
    form = UpdateForm(request.POST if request.method == "POST" else None, current=action.current_state)
    if request.method == "POST":
        if not can_update:
            raise Http404
        if form.is_valid():
            try:
                marac_action_update(
                    action=action,
                    by=user,
                    state=form.cleaned_data["state"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Status updated")
                return redirect("marac:action_detail", action_id=action.pk)
    referral = action.agenda_item.marac_referral
    values = location_values([referral.case.victim, referral.perpetrator])
    history = [
        {
            "state": row.get_state_display(),
            "note": redact(row.note, values),
            "by": str(row.created_by),
            "on": uk_date(row.created_at.date()),
        }
        for row in action.statuses.select_related("created_by")
    ]
    context = {"row": _rows([action])[0], "history": history, "form": form, "can_update": can_update}
    return render(request, "marac/actions/detail.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def action_outstanding(request: HttpRequest) -> HttpResponse:
    rows = outstanding_by_agency(_user(request))
    for row in rows:
        row["oldest_due_text"] = uk_date(row["oldest_due"])
    return render(request, "marac/actions/dashboard.html", {"rows": rows})


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def action_outstanding_agency(request: HttpRequest, organisation_id: UUID) -> HttpResponse:
    actions = coordinated_actions(_user(request)).filter(owning_organisation=organisation_id)
    if not actions.exists():
        raise Http404
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    rows = _rows(list(actions.outstanding().select_related(*RELATED).order_by("due_on")))
    return render(request, "marac/actions/agency.html", {"organisation": organisation, "rows": rows})
