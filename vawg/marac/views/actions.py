"""MARAC actions: the agency's list, one action (with its status history and update form), and the
coordinator's outstanding-actions dashboard."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.marac import selectors
from vawg.marac.forms.actions import FilterForm, UpdateForm
from vawg.marac.models import ACTION_TRANSITIONS, COORDINATE, TAKE_PART
from vawg.marac.presenters import actions as presenters
from vawg.marac.selectors.actions import OUTSTANDING
from vawg.marac.services.actions import marac_action_update


@require_permission(TAKE_PART)
@require_http_methods(["GET"])
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    actions = selectors.actions_of_own_agencies(request.user, state)
    rows = presenters.outstanding_first(presenters.action_list_rows(actions))
    return render(request, "marac/actions/list.html", {"form": form, "rows": rows, "state": state or OUTSTANDING})


@require_permission(TAKE_PART)
@require_http_methods(["GET", "POST"])
def action_detail(request: AuthenticatedHttpRequest, action_id: UUID) -> HttpResponse:
    action = selectors.action_get_for(user=request.user, action_id=action_id)
    can_update = selectors.may_update(action, request.user) and bool(ACTION_TRANSITIONS[action.current_state])
    form = UpdateForm(posted(request), current=action.current_state)
    if form.is_bound and not can_update:
        raise Http404
    if submit(form, lambda: marac_action_update(action=action, by=request.user, **form.cleaned_data, request=request)):
        messages.success(request, "Status updated")
        return redirect("marac:action_detail", action_id=action.pk)
    row = presenters.action_list_rows([action])[0]
    context = {
        "row": row,
        "summary": presenters.action_summary(row),
        "history": presenters.action_history(action, selectors.action_history(action)),
        "form": form,
        "can_update": can_update,
    }
    return render(request, "marac/actions/detail.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def action_outstanding(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = presenters.outstanding_rows(selectors.outstanding_by_agency(request.user))
    return render(request, "marac/actions/dashboard.html", {"rows": rows})


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def action_outstanding_agency(request: AuthenticatedHttpRequest, organisation_id: UUID) -> HttpResponse:
    organisation, actions = selectors.agency_outstanding_get_for(user=request.user, organisation_id=organisation_id)
    rows = presenters.action_list_rows(actions)
    return render(request, "marac/actions/agency.html", {"organisation": organisation, "rows": rows})
