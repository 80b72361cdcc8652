"""MATAC tactics: the user's agencies' list (outstanding, or due and overdue for My work) and one tactic
with its status history and MARAC's update form."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.services import audit_read
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.intelligence.config import TAKE_PART_IN_MATAC
from vawg.intelligence.presenters import matac as presenters
from vawg.intelligence.selectors import matac as selectors
from vawg.intelligence.services import matac as services
from vawg.marac.forms.actions import UpdateForm
from vawg.marac.models import ACTION_TRANSITIONS, ActionState


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET"])
def tactic_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    due = request.GET.get("due") == "1"
    tactics = list(selectors.tactics_of_my_agencies(request.user, due=due)[:500])
    for tactic in tactics:
        audit_read(action="intelligence.matac_tactic.view", obj=tactic)
    redactor = presenters.Redactor.for_people(request.user, [t.subject.person_causing_harm for t in tactics])
    rows = presenters.tactic_rows(set(), tactics, redactor, everything=True)
    return render(request, "intelligence/matac/tactic_list.html", {"rows": rows, "due": due})


@require_permission(TAKE_PART_IN_MATAC)
@require_http_methods(["GET", "POST"])
def tactic_detail(request: AuthenticatedHttpRequest, tactic_id: UUID) -> HttpResponse:
    tactic = selectors.tactic_get_for(user=request.user, tactic_id=tactic_id)
    can_update = services.may_update(tactic, request.user) and bool(ACTION_TRANSITIONS[tactic.current_state])
    form = UpdateForm(posted(request) if can_update else None, current=tactic.current_state)
    row = submit(
        form,
        lambda: services.matac_tactic_update(
            tactic=tactic,
            by=request.user,
            state=form.cleaned_data["state"],
            note=form.cleaned_data["note"],
            request=request,
        ),
    )
    if row is not None:
        messages.success(request, "Tactic updated")
        return redirect("matac:tactic_detail", tactic_id=tactic.pk)
    person = tactic.subject.person_causing_harm
    redactor = presenters.Redactor.for_people(request.user, [person])
    history = [
        (status, ActionState(status.state).label, redactor.text(person, status.note))
        for status in tactic.statuses.select_related("created_by")
    ]
    context = {
        "tactic": tactic,
        "row": presenters.tactic_rows(set(), [tactic], redactor, everything=True)[0],
        "name": redactor.name(person),
        "history": history,
        "form": form if can_update else None,
    }
    return render(request, "intelligence/matac/tactic_detail.html", context)
