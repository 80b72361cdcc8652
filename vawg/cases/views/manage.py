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
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.cases import forms, presenters, selectors, services
from vawg.cases.config import closure_set_in_force
from vawg.cases.models import (
    MANAGE_CASE,
    Case,
)
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit


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
    form = make_form(case, posted(request))
    if submit(form, lambda: act(case, form)):
        return _back_to_manage(request, case, done)
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
    """A page that asks why before changing a case: "Why is <subject> <change>?"."""

    title: str  # also the button
    subject: str
    change: str
    done: str


REASON_PAGES = {
    "restrict": ReasonPage("Restrict the case", "the case", "being restricted", "Case restricted"),
    "unrestrict": ReasonPage("Lift the restriction", "the restriction", "being lifted", "Restriction lifted"),
    "reopen": ReasonPage("Reopen the case", "the case", "being reopened", "Case reopened"),
}


def _reason_form(
    request: AuthenticatedHttpRequest,
    case_id: uuid.UUID,
    *,
    choose: Callable[[Case], tuple[str, Callable[..., object]]],
    intro: str = "",
) -> HttpResponse:
    """Ask why, then act. ``choose(case)`` gives the REASON_PAGES key and the service, which is called
    as ``service(case=, by=, reason=, request=)``."""
    key, act = choose(selectors.case_get_to_manage(user=request.user, case_id=case_id))
    page = REASON_PAGES[key]
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.ReasonForm(
            data,
            label=f"Why is {page.subject} {page.change}?",
            required_message=f"Enter why {page.subject} is {page.change}",
            button=page.title,
        ),
        act=lambda case, form: act(case=case, by=request.user, reason=form.cleaned_data["reason"], request=request),
        title=page.title,
        intro=intro,
        done=page.done,
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def restriction_change(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Restrict an unrestricted case, or lift the restriction on a restricted one."""
    return _reason_form(
        request,
        case_id,
        choose=lambda case: (
            ("unrestrict", services.case_unrestrict) if case.is_restricted else ("restrict", services.case_restrict)
        ),
        intro=(
            "A restricted case is seen only by its named team and by break-glass access. "
            "Add yourself to the team first if you still need to see it."
        ),
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
    """Close an open case (a coded reason and the exit questions), or reopen a closed one (a reason)."""
    case = selectors.case_get_to_manage(user=request.user, case_id=case_id)
    if not case.is_open:
        return _reason_form(request, case_id, choose=lambda case: ("reopen", services.case_reopen))
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.CloseForm(data, closure_set=closure_set_in_force(timezone.localdate())),
        act=lambda case, form: services.case_close(
            case=case,
            by=request.user,
            closure_reason=form.cleaned_data["closure_reason"],
            reason=form.cleaned_data["reason"],
            exit_answers=form.exit_answers(),
            request=request,
        ),
        title="Close the case",
        intro="Choose the reason that fits best. The case's history keeps it, and the case can be reopened.",
        done="Case closed",
    )
