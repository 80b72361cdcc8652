"""The people around a case (people causing harm, children, other adults at risk): add, change, end.

Each view: the case gate (404 for a case the user may not see), then ``may_change_parties`` (403 for one
they may see but not change), a form, one service call. Finding someone already known is a POST search
(names never go into a URL) among the people the user may already see.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.models import User
from vawg.cases import forms, selectors, services
from vawg.cases.models import VIEW_CASES, Case, CaseParty
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit

SEARCH_LIMIT = 20


def _case_to_change(user: User, case_id: uuid.UUID) -> Case:
    case = selectors.case_get_for(user=user, case_id=case_id)
    if not selectors.may_change_parties(user=user, case=case):
        raise PermissionDenied
    return case


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_party_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_to_change(request.user, case_id)
    name = request.POST.get("search_name", "").strip() if request.method == "POST" else ""
    found = list(selectors.party_candidates_for(user=request.user, case=case, name=name)[:SEARCH_LIMIT]) if name else []
    form = forms.PartyForm(posted(request), found=found)
    if "search" in request.POST:
        services.case_party_search_record(case=case, by=request.user, results=len(found), request=request)
        form.errors.clear()  # a search is not a submission: nothing to correct yet
        return _add_page(request, case, form, searched=True)
    party = submit(
        form, lambda: services.case_party_add(case=case, by=request.user, request=request, **form.cleaned_data)
    )
    if party is not None:
        messages.success(request, f"{party.get_role_display()} added")
        return redirect("cases:case_detail", case_id=case.pk)
    return _add_page(request, case, form, searched=False)


def _add_page(request: AuthenticatedHttpRequest, case: Case, form: forms.PartyForm, *, searched: bool) -> HttpResponse:
    context = {"case": case, "form": form, "title": "Add someone around this case", "searched": searched}
    return render(request, "cases/party_form.html", context)


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_party_change(request: AuthenticatedHttpRequest, case_id: uuid.UUID, party_id: uuid.UUID) -> HttpResponse:
    case = _case_to_change(request.user, case_id)
    party = selectors.case_party_get_for(case=case, party_id=party_id)
    form = forms.PartyForm(posted(request), adding=False, initial=_initial(party))
    if submit(
        form, lambda: services.case_party_change(party=party, by=request.user, request=request, **form.cleaned_data)
    ):
        messages.success(request, "Changes saved")
        return redirect("cases:case_detail", case_id=case.pk)
    context = {"case": case, "form": form, "party": party, "title": f"Change {party.person.full_name}"}
    return render(request, "cases/party_form.html", context)


def _initial(party: CaseParty) -> dict[str, object]:
    return {
        "role": party.role,
        "relationship_to_victim": party.relationship_to_victim,
        "date_of_birth": party.person.date_of_birth,
        "gender": party.person.gender,
        "lives_with_victim": forms.LIVES_WITH_INITIAL[party.lives_with_victim],
        "school_or_nursery": party.school_or_nursery,
        "childrens_social_care": party.childrens_social_care_id,
    }


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_party_end(request: AuthenticatedHttpRequest, case_id: uuid.UUID, party_id: uuid.UUID) -> HttpResponse:
    case = _case_to_change(request.user, case_id)
    party = selectors.case_party_get_for(case=case, party_id=party_id)
    form = forms.PartyEndForm(posted(request))
    if submit(
        form, lambda: services.case_party_end(party=party, by=request.user, request=request, **form.cleaned_data)
    ):
        messages.success(request, "Removed from the case")
        return redirect("cases:case_detail", case_id=case.pk)
    context = {"case": case, "form": form, "party": party, "title": f"Remove {party.person.full_name} from the case"}
    return render(request, "cases/party_form.html", context)
