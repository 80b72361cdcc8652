"""Case pages. Each view: permission, the case gate (404 for anything not visible), a form, one service call.

Management views use ``get_case_to_manage`` (visible AND owned by an agency where the user holds
``cases.manage_case``), so a case the user may see but not manage is 404 there, like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import Membership, User
from vawg.audit.presenters import page_numbers
from vawg.cases import forms, presenters, services
from vawg.cases.models import (
    BREAK_GLASS,
    MANAGE_CASE,
    VIEW_CASES,
    Case,
    CaseAccessGrant,
    CaseAgency,
    CaseAlert,
    CaseDenyEntry,
    CaseTeamMember,
    get_case_for,
    get_case_to_manage,
)
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors
from vawg.people.services import safe_contact_set

PER_PAGE = 25
SEARCH_LIMIT = 100


def _user(request: HttpRequest) -> User:
    """The signed-in user (the staff middleware lets no one else reach these views)."""
    return cast(User, request.user)


# Lists and search ----------------------------------------------------------------------------------


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.visible_to(request.user).for_list().order_by("-created_at", "pk")
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    rows = presenters.case_rows(page.object_list)
    context = {"page": page, "page_numbers": page_numbers(cast(Any, page)), "rows": rows}
    return render(request, "cases/list.html", context)


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def case_search(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: the results (names and dates stay out of the URL and the audit log)."""
    if request.method != "POST":
        return render(request, "cases/search.html", {"form": forms.CaseSearchForm()})
    form = forms.CaseSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/search.html", {"form": form})
    found = Case.objects.visible_to(request.user).matching(
        name=form.cleaned_data["name"],
        date_of_birth=form.cleaned_data.get("date_of_birth"),
        reference=form.cleaned_data["reference"],
    )
    rows = list(found.for_list().order_by("-created_at", "pk")[: SEARCH_LIMIT + 1])
    services.case_search_record(
        by=_user(request), fields_used=form.fields_used(), results=min(len(rows), SEARCH_LIMIT), request=request
    )
    context = {
        "form": form,
        "searched": True,
        "rows": presenters.case_rows(rows[:SEARCH_LIMIT]),
        "more": len(rows) > SEARCH_LIMIT,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "cases/search.html", context)


# The case page --------------------------------------------------------------------------------------


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    may_manage = Case.objects.managed_by(request.user).filter(pk=case.pk).exists()
    services.case_view_record(case=case, by=_user(request), request=request)
    context = {
        "case": case,
        "victim": presenters.victim_summary(case.victim),
        "safe_contact": presenters.safe_contact_rows(case.victim),
        "parties": presenters.parties(case.victim),
        "risk": presenters.risk_tag(case),
        "status": presenters.status_tag(case),
        "chronology": presenters.chronology(case),
        "access": presenters.case_access(case, with_deny_list=may_manage),
        "sections": presenters.case_sections(case, _user(request)),
        "may_manage": may_manage,
        "reveal_form": forms.RevealForm(),
        "note_form": forms.NoteForm(),
    }
    return render(request, "cases/detail.html", context)


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def contact_reveal(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The victim's address and contact details, shown once, for a recorded reason."""
    case = get_case_for(request.user, case_id)
    form = forms.RevealForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        person = services.case_contact_reveal(
            case=case, by=_user(request), reason=form.cleaned_data["reason"], request=request
        )
        return render(request, "cases/contact_details.html", {"case": case, "person": person})
    return render(request, "cases/reveal.html", {"case": case, "form": form})


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    form = forms.NoteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.case_note_add(case=case, body=form.cleaned_data["body"], by=_user(request), request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Note added")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/note.html", {"case": case, "form": form})


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def safe_contact_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    form = forms.SafeContactForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            safe_contact_set(
                person=case.victim,
                channel=data["channel"],
                status=data["status"],
                safe_from=data.get("safe_from"),
                safe_until=data.get("safe_until"),
                what_may_be_said=data["what_may_be_said"],
                by=_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Safe contact saved")
            return redirect("cases:safe_contact_edit", case_id=case.pk)
    context = {
        "case": case,
        "form": form,
        "current": presenters.safe_contact_rows(case.victim),
        "history": presenters.safe_contact_history(case.victim),
    }
    return render(request, "cases/safe_contact.html", context)


# Managing access (owning agency, cases.manage_case) ----------------------------------------------------


@require_permission(MANAGE_CASE)
@require_http_methods(["GET"])
def case_manage(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = get_case_to_manage(request.user, case_id)
    context = {"case": case, "access": presenters.case_access(case, with_deny_list=True)}
    return render(request, "cases/manage.html", context)


def _managed_form(
    request: HttpRequest,
    case_id: uuid.UUID,
    *,
    make_form: Callable[[Case, Any], Form],
    act: Callable[[Case, Any], object],
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """A small management form: GET shows it; a valid POST calls ``act`` and goes back to the manage page."""
    case = get_case_to_manage(request.user, case_id)
    form = make_form(case, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            act(case, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            if not Case.objects.managed_by(request.user).filter(pk=case.pk).exists():
                return redirect("cases:case_list")  # e.g. restricted to a team the user is not on
            return redirect("cases:case_manage", case_id=case.pk)
    context = {"case": case, "form": form, "title": title, "intro": intro}
    return render(request, "cases/manage_form.html", context)


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def team_member_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.TeamMemberForm(data),
        act=lambda case, form: services.case_team_add(
            case=case, user=form.cleaned_data["email"], by=_user(request), request=request
        ),
        title="Add someone to the case team",
        intro="Team members see the case even when it is restricted. They need an account with a casework role.",
        done="Team member added",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def case_agency_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.CaseAgencyForm(data, exclude=case.owning_organisation),
        act=lambda case, form: services.case_agency_add(
            case=case, organisation=form.cleaned_data["organisation"], by=_user(request), request=request
        ),
        title="Add an agency working on the case",
        intro="Casework staff at the agency will see the case unless it is restricted.",
        done="Agency added",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def grant_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.GrantForm(data, exclude=case.owning_organisation),
        act=lambda case, form: services.case_grant_access(
            case=case,
            organisation=form.cleaned_data["organisation"],
            by=_user(request),
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
def grant_revoke(request: HttpRequest, case_id: uuid.UUID, grant_id: uuid.UUID) -> HttpResponse:
    case = get_case_to_manage(request.user, case_id)
    grant = get_object_or_404(CaseAccessGrant.objects.in_force(), pk=grant_id, case=case)
    services.case_revoke_grant(grant=grant, by=_user(request), request=request)
    return _back_to_manage(request, case, f"Access for {grant.organisation} revoked")


def _back_to_manage(request: HttpRequest, case: Case, done: str) -> HttpResponse:
    messages.success(request, done)
    if not Case.objects.managed_by(_user(request)).filter(pk=case.pk).exists():
        return redirect("cases:case_list")  # e.g. they took themselves off a restricted case's team
    return redirect("cases:case_manage", case_id=case.pk)


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def team_member_remove(request: HttpRequest, case_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    case = get_case_to_manage(request.user, case_id)
    member = get_object_or_404(CaseTeamMember.objects.current().select_related("user"), pk=member_id, case=case)
    services.case_team_remove(member=member, by=_user(request), request=request)
    return _back_to_manage(request, case, f"{member.user.full_name} removed from the team")


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def case_agency_remove(request: HttpRequest, case_id: uuid.UUID, link_id: uuid.UUID) -> HttpResponse:
    case = get_case_to_manage(request.user, case_id)
    link = get_object_or_404(CaseAgency.objects.current().select_related("organisation"), pk=link_id, case=case)
    services.case_agency_remove(link=link, by=_user(request), request=request)
    return _back_to_manage(request, case, f"{link.organisation} no longer works on the case")


@require_permission(MANAGE_CASE)
@require_http_methods(["POST"])
def deny_entry_remove(request: HttpRequest, case_id: uuid.UUID, entry_id: uuid.UUID) -> HttpResponse:
    case = get_case_to_manage(request.user, case_id)
    entry = get_object_or_404(CaseDenyEntry.objects.current().select_related("user"), pk=entry_id, case=case)
    services.case_deny_remove(entry=entry, by=_user(request), request=request)
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
def restriction_change(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Restrict an unrestricted case, or lift the restriction on a restricted one."""
    page = REASON_PAGES["unrestrict" if get_case_to_manage(request.user, case_id).is_restricted else "restrict"]

    def act(case: Case, form: Any) -> object:
        reason = form.cleaned_data["reason"]
        if case.is_restricted:
            return services.case_unrestrict(case=case, by=_user(request), reason=reason, request=request)
        return services.case_restrict(case=case, by=_user(request), reason=reason, request=request)

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
def deny_entry_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _managed_form(
        request,
        case_id,
        make_form=lambda case, data: forms.DenyForm(data),
        act=lambda case, form: services.case_deny_add(
            case=case,
            user=form.cleaned_data["email"],
            reason=form.cleaned_data["reason"],
            by=_user(request),
            request=request,
        ),
        title="Deny someone the case",
        intro="They will not see the case at all, whatever their role, team place or agency.",
        done="Person denied the case",
    )


@require_permission(MANAGE_CASE)
@require_http_methods(["GET", "POST"])
def case_status_change(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Close an open case, or reopen a closed one."""
    page = REASON_PAGES["close" if get_case_to_manage(request.user, case_id).is_open else "reopen"]

    def act(case: Case, form: Any) -> object:
        reason = form.cleaned_data["reason"]
        if case.is_open:
            return services.case_close(case=case, by=_user(request), reason=reason, request=request)
        return services.case_reopen(case=case, by=_user(request), reason=reason, request=request)

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


# Break-glass and alerts ------------------------------------------------------------------------------

NO_SUCH_CASE = "No case with that reference"


@require_permission(BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def case_break_glass(request: HttpRequest) -> HttpResponse:
    """Emergency access by reference. An unknown reference and a refused one get the same answer."""
    form = forms.BreakGlassForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        case = (
            Case.objects.break_glass_candidates_for(request.user)
            .filter(reference=form.cleaned_data["reference"])
            .first()
        )
        if case is None:
            form.add_error("reference", NO_SUCH_CASE)
        else:
            try:
                services.case_break_glass(
                    case=case, by=_user(request), reason=form.cleaned_data["reason"], request=request
                )
            except Http404:
                form.add_error("reference", NO_SUCH_CASE)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/break_glass.html", {"form": form, "hours": services.BREAK_GLASS_DURATION})


def _alerts_for(user: Any) -> Any:
    """Alerts to the user's agencies, about cases they can see (a restricted case's alerts go to its team)."""
    mine = Membership.objects.active().filter(user=user.pk, organisation=OuterRef("organisation"))
    return (
        CaseAlert.objects.filter(Exists(mine), case__in=Case.objects.visible_to(user))
        .select_related("case", "break_glass__user")
        .order_by("-created_at")
    )


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def alert_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_alerts_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/alerts.html", {"page": page, "page_numbers": page_numbers(cast(Any, page))})


@require_permission(VIEW_CASES)
@require_http_methods(["POST"])
def alert_read(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    alert = get_object_or_404(_alerts_for(request.user), pk=alert_id)
    services.case_alert_mark_read(alert=alert, by=_user(request), request=request)
    return redirect(reverse("cases:alert_list"))
