"""High-harm case management pages (docs/programmes.md#high-harm-case-management): the case manager's
caseload, naming the case manager, adding an intervention, the user's agencies' interventions, and one
intervention with its history and the form to change its state."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.audit.services import audit_read
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.programmes.forms.drive import CaseManagerForm, InterventionForm, TransitionForm
from vawg.programmes.models import INTERVENTION_TRANSITIONS, InterventionState
from vawg.programmes.models.drive import RUN_PROGRAMMES
from vawg.programmes.presenters import drive as presenters
from vawg.programmes.rules.drive import INTERVENTION_REASONS
from vawg.programmes.selectors import drive as selectors
from vawg.programmes.services import drive as services

REFERRAL_PAGE = "programmes:referral_detail"


def _referral_page(referral_id: object) -> str:
    """The programme referral page (the programmes part's), at the high-harm section."""
    return reverse(REFERRAL_PAGE, kwargs={"referral_id": referral_id}) + "#high-harm"


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET"])
def caseload_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    referrals = list(selectors.caseload_for(request.user)[:500])
    for referral in referrals:
        audit_read(action="programmes.programme_referral.view", obj=referral)
    rows = presenters.caseload_rows(referrals)
    return render(request, "programmes/drive/caseload.html", {"rows": rows})


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["POST"])
def case_manager_assign(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.high_harm_referral_get_for(user=request.user, referral_id=referral_id)
    form = CaseManagerForm(request.POST, choices=selectors.case_manager_choices(referral))
    if form.is_valid():
        flash_outcome(
            request,
            lambda: services.programme_referral_case_manager_assign(
                referral=referral, case_manager=form.cleaned_data["case_manager"], by=request.user, request=request
            ),
            lambda _: "Case manager saved",
        )
    else:
        for error in form.errors.get("case_manager", []):
            messages.error(request, str(error))
    return redirect(_referral_page(referral.pk))


@require_permission(RUN_PROGRAMMES)
@require_http_methods(["GET", "POST"])
def intervention_new(request: AuthenticatedHttpRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.high_harm_referral_get_for(user=request.user, referral_id=referral_id)
    form = InterventionForm(posted(request), organisations=selectors.intervention_agency_choices())
    added = submit(
        form,
        lambda: services.intervention_add(referral=referral, by=request.user, request=request, **form.cleaned_data),
    )
    if added is not None:
        messages.success(request, "Intervention added")
        return redirect(_referral_page(referral.pk))
    context = {"form": form, "referral": referral, "name": presenters.person_name(referral)}
    return render(request, "programmes/drive/intervention_new.html", context)


def _require_acts_on_interventions(request: AuthenticatedHttpRequest) -> None:
    """Staff who refer to programmes or take part in MATAC (one of two permissions, so no decorator)."""
    if not selectors.acts_on_interventions(request.user):
        raise PermissionDenied


@require_http_methods(["GET"])
def intervention_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_acts_on_interventions(request)
    due = request.GET.get("due") == "1"
    interventions = list(selectors.interventions_of_my_agencies(request.user, due=due)[:500])
    for intervention in interventions:
        audit_read(action="programmes.intervention.view", obj=intervention)
    rows = presenters.intervention_rows(interventions, with_person=True)
    return render(request, "programmes/drive/intervention_list.html", {"rows": rows, "due": due})


@require_http_methods(["GET", "POST"])
def intervention_detail(request: AuthenticatedHttpRequest, intervention_id: UUID) -> HttpResponse:
    """Open to whoever the intervention's gate lets see it (the provider's workers, its own agency)."""
    intervention = selectors.intervention_get_for(user=request.user, intervention_id=intervention_id)
    may_change = services.may_transition(intervention, request.user)
    can_move = may_change and bool(INTERVENTION_TRANSITIONS[intervention.current_state])
    if request.method == "POST" and not can_move:
        raise PermissionDenied
    form = TransitionForm(posted(request) if can_move else None, current=intervention.current_state)
    row = submit(
        form,
        lambda: services.intervention_transition(
            intervention=intervention,
            to_state=form.cleaned_data["to_state"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
    )
    if row is not None:
        messages.success(request, "Intervention updated")
        return redirect("high_harm:intervention_detail", intervention_id=intervention.pk)
    history = [
        (
            status,
            InterventionState(status.state).label,
            INTERVENTION_REASONS.get(status.reason, "") if status.reason else "",
        )
        for status in intervention.statuses.select_related("created_by")
    ]
    context = {
        "intervention": intervention,
        "row": presenters.intervention_rows([intervention], with_person=True)[0],
        "history": history,
        "form": form if can_move else None,
    }
    return render(request, "programmes/drive/intervention_detail.html", context)
