"""Case pages (the list and search are in lists.py): the case page, reading contact details, notes, safe
contact, break-glass and alerts. Each view: permission, the case gate (vawg/cases/selectors.py: 404 for anything not
visible), a form, one service call."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.signin import require_recent_code
from vawg.audit.presenters import page_numbers
from vawg.cases import forms, presenters, selectors, services
from vawg.cases.models import (
    BREAK_GLASS,
    VIEW_CASES,
)
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.people.services import safe_contact_set

PER_PAGE = 25


# The case page --------------------------------------------------------------------------------------


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def case_detail(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    may_manage = selectors.may_manage(user=request.user, case=case)
    services.case_view_record(case=case, by=request.user, request=request)
    context = {
        "case": case,
        "tags": presenters.case_tags(case),
        "victim_rows": presenters.victim_rows(case),
        "safe_contact": presenters.safe_contact_rows(case.victim),
        "parties": presenters.party_rows(case, request.user),
        "may_change_parties": selectors.may_change_parties(user=request.user, case=case),
        "risk": presenters.risk_tag(case),
        "chronology": presenters.chronology(case),
        "status_history": presenters.status_history(case),
        "access": presenters.case_access(case, with_deny_list=may_manage),
        "sections": presenters.case_sections(case, request.user),
        "may_manage": may_manage,
        "reveal_form": forms.RevealForm() if selectors.may_reveal_contact(user=request.user, case=case) else None,
        "note_form": forms.NoteForm(),
    }
    return render(request, "cases/detail.html", context)


@require_permission(VIEW_CASES)
@require_recent_code
@require_http_methods(["GET", "POST"])
def contact_reveal(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The victim's address and contact details, shown once, for a recorded reason, to those who may see
    them (selectors.may_reveal_contact) and have entered a code from their app in the last few minutes."""
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    if not selectors.may_reveal_contact(user=request.user, case=case):
        raise PermissionDenied
    form = forms.RevealForm(posted(request))
    if form.is_valid():
        person = services.case_contact_reveal(
            case=case, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
        return render(request, "cases/contact_details.html", {"case": case, "rows": presenters.contact_rows(person)})
    return render(request, "cases/reveal.html", {"case": case, "form": form})


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def note_add(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    form = forms.NoteForm(posted(request))
    if submit(form, lambda: services.case_note_add(case=case, by=request.user, request=request, **form.cleaned_data)):
        messages.success(request, "Note added")
        return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/note.html", {"case": case, "form": form})


@require_permission(VIEW_CASES)
@require_http_methods(["GET", "POST"])
def safe_contact_edit(request: AuthenticatedHttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, case_id=case_id)
    form = forms.SafeContactForm(posted(request))
    if submit(form, lambda: safe_contact_set(person=case.victim, by=request.user, **form.cleaned_data)):
        messages.success(request, "Safe contact saved")
        return redirect("cases:safe_contact_edit", case_id=case.pk)
    context = {
        "case": case,
        "form": form,
        "current": presenters.safe_contact_rows(case.victim),
        "history": presenters.safe_contact_history(case.victim),
    }
    return render(request, "cases/safe_contact.html", context)


# Break-glass and alerts ------------------------------------------------------------------------------

NO_SUCH_CASE = "No case with that reference"


@require_permission(BREAK_GLASS)
@require_recent_code
@require_http_methods(["GET", "POST"])
def case_break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Emergency access by reference. Every refusal (no such case, deny-listed, not permitted) gets the
    same answer, after the reason has been checked."""
    form = forms.BreakGlassForm(posted(request))
    access = submit(
        form, lambda: services.case_break_glass_attempt(by=request.user, **form.cleaned_data, request=request)
    )
    if access is not None:
        return redirect("cases:case_detail", case_id=access.case_id)
    if form.is_bound and form.errors:
        services.case_break_glass_incomplete(
            by=request.user, reference=request.POST.get("reference", ""), request=request
        )
    elif form.is_bound:
        form.add_error("reference", NO_SUCH_CASE)
    return render(request, "cases/break_glass.html", {"form": form, "hours": services.BREAK_GLASS_DURATION})


@require_permission(VIEW_CASES)
@require_http_methods(["GET"])
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.alerts_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "page_numbers": page_numbers(cast(Any, page)), "read_tag": presenters.READ}
    return render(request, "cases/alerts.html", context)


@require_permission(VIEW_CASES)
@require_http_methods(["POST"])
def alert_read(request: AuthenticatedHttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    alert = selectors.alert_get_for(user=request.user, alert_id=alert_id)
    services.case_alert_mark_read(alert=alert, by=request.user, request=request)
    return redirect(reverse("cases:alert_list"))
