"""Managing who may see a case (the owning agency's holders of ``cases.manage_case``): the team, the
agencies working on it, grants, the restriction, the deny-list, closing and reopening.

Every view here gets the case through ``case_get_to_manage`` (visible AND owned by an agency where the
user holds ``cases.manage_case``), so a case the user may see but not manage is 404 here, like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.cases import forms, presenters, selectors, services
from vawg.cases.models import (
    MANAGE_CASE,
    Case,
)
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors


@require_permission(MANAGE_CASE)
@require_http_methods(["GET"])
def case_manage(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    context = {"case": case, "access": presenters.case_access(case, with_deny_list=True)}
    return render(request, "cases/manage.html", context)


def _managed_form(
    request: AuthenticatedHttpRequest,
    case_id: uuid.UUID,
    *,
    make_form: Callable[[Case, Any], Form],
    act: Callable[[Case, Any], object],
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """A small management form: GET shows it; a valid POST calls ``act`` and goes back to the manage page."""
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    form = make_form(case, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            act(case, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            if not selectors.may_manage(user=request.user, case=case):
                return redirect("cases:case_list")  # e.g. restricted to a team the user is not on
            return redirect("cases:case_manage", case_id=case.pk)
    context = {"case": case, "form": form, "title": title, "intro": intro}
    return render(request, "cases/manage_form.html", context)


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def team_member_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.TeamMemberForm(data),
        act=lambda case, form: services.case_team_add(
            case=case, user=form.cleaned_data["email"], by=request.user, request=request
        ),
        title="Add someone to the case team",
        intro="Team members see the case even when it is restricted. They need an account with a casework role.",
        done="Team member added",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def case_agency_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.CaseAgencyForm(data, exclude=case.owning_organisation),
        act=lambda case, form: services.case_agency_add(
            case=case, organisation=form.cleaned_data["organisation"], by=request.user, request=request
        ),
        title="Add an agency working on the case",
        intro="Casework staff at the agency will see the case unless it is restricted.",
        done="Agency added",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def grant_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.GrantForm(data, exclude=case.owning_organisation),
        act=lambda case, form: services.case_grant_access(
            case=case,
            organisation=form.cleaned_data["organisation"],
            by=request.user,
            lawful_basis=form.cleaned_data["lawful_basis"],
            reason=form.cleaned_data["reason"],
            expires_at=form.expires_at(),
            request=request,
        ),
        title="Share the case with another agency",
        intro="The agency's casework staff can see the case until the date you choose, unless you revoke it sooner.",
        done="Access granted",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def grant_revoke(request: AuthenticatedHttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    grant = selectors.grant_get_for(case=case, grant_id=grant_id)
    services.case_revoke_grant(grant=grant, by=request.user, request=request)
    return _back_to_manage(request, case, f"Access for {grant.organisation} revoked")


def _back_to_manage(request: AuthenticatedHttpRequest, case: Case, done: str) -> HttpResponse:
    messages.success(request, done)
    if not selectors.may_manage(user=request.user, case=case):
        return redirect("cases:case_list")  # e.g. they took themselves off a restricted case's team
    return redirect("cases:case_manage", case_id=case.pk)


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def team_member_remove(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID, team_member_id: uuid.UUID
) -> HttpResponse:
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    member = selectors.team_member_get_for(case=case, team_member_id=team_member_id)
    services.case_team_remove(member=member, by=request.user, request=request)
    return _back_to_manage(request, case, f"{member.user.full_name} removed from the team")


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def case_agency_remove(
    request: AuthenticatedHttpRequest, case_id: uuid.UUID, case_agency_id: uuid.UUID
) -> HttpResponse:
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    link = selectors.case_agency_get_for(case=case, case_agency_id=case_agency_id)
    services.case_agency_remove(link=link, by=request.user, request=request)
    return _back_to_manage(request, case, f"{link.organisation} no longer works on the case")


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def deny_entry_remove(request: AuthenticatedHttpRequest, case_id: uuid.UUID, deny_entry_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    entry = selectors.deny_entry_get_for(case=case, deny_entry_id=deny_entry_id)
    services.case_deny_remove(entry=entry, by=request.user, request=request)
    return _back_to_manage(request, case, f"{entry.user.full_name} removed from the deny-list")


@dataclass(frozen=True)
class ReasonPage:
    title: str
    label: str
    required: str
    button: str
    done: str


REASON_PAGES = {
    "restrict": ReasonPage(
        "Restrict the case",
        "Why is the case being restricted?",
        "Enter why the case is being restricted",
        "Restrict the case",
        "Case restricted",
    ),
    "unrestrict": ReasonPage(
        "Lift the restriction",
        "Why is the restriction being lifted?",
        "Enter why the restriction is being lifted",
        "Lift the restriction",
        "Restriction lifted",
    ),
    "close": ReasonPage(
        "Close the case",
        "Why is the case being closed?",
        "Enter why the case is being closed",
        "Close the case",
        "Case closed",
    ),
    "reopen": ReasonPage(
        "Reopen the case",
        "Why is the case being reopened?",
        "Enter why the case is being reopened",
        "Reopen the case",
        "Case reopened",
    ),
}


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def restriction_change(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Restrict an unrestricted case, or lift the restriction on a restricted one."""
    page = REASON_PAGES[
        "unrestrict" if selectors.case_get_to_manage(user=request.user, case_id=case_id).is_restricted else "restrict"
    ]

    def act(case: Case, form: Any) -> object:
        reason = form.cleaned_data["reason"]
        if case.is_restricted:
            return services.case_unrestrict(case=case, by=request.user, reason=reason, request=request)
        return services.case_restrict(case=case, by=request.user, reason=reason, request=request)

    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.ReasonForm(
            data, label=page.label, required_message=page.required, button=page.button
        ),
        act=act,
        title=page.title,
        intro=(
            "A restricted case is seen only by its named team and by break-glass access. "
            "Add yourself to the team first if you still need to see it."
        ),
        done=page.done,
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def deny_entry_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.DenyForm(data),
        act=lambda case, form: services.case_deny_add(
            case=case,
            user=form.cleaned_data["email"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        ),
        title="Deny someone the case",
        intro="They will not see the case at all, whatever their role, team place or agency.",
        done="Person denied the case",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def case_status_change(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Close an open case, or reopen a closed one."""
    page = REASON_PAGES[
        "close" if selectors.case_get_to_manage(user=request.user, case_id=case_id).is_open else "reopen"
    ]

    def act(case: Case, form: Any) -> object:
        reason = form.cleaned_data["reason"]
        if case.is_open:
            return services.case_close(case=case, by=request.user, reason=reason, request=request)
        return services.case_reopen(case=case, by=request.user, reason=reason, request=request)

    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.ReasonForm(
            data, label=page.label, required_message=page.required, button=page.button
        ),
        act=act,
        title=page.title,
        done=page.done,
    )
