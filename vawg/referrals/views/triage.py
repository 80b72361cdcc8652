"""Triage pages: the receiving agency's inbox, a referral, its state changes, the overdue list, and
the referrer's sent list (the closed loop). Every referral is reached through the gate
(vawg/referrals/selectors.py: 404 for anything the user may not see); acting on one also needs
``can_triage`` (the referral was routed to one of the user's agencies), else 404.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted
from vawg.referrals import presenters, selectors, services
from vawg.referrals.forms.triage import DeclineForm, DuplicateResolveForm, InboxFilterForm, TransitionForm
from vawg.referrals.models import (
    TRIAGE,
    VIEW_REFERRALS,
    Referral,
    ReferralState,
)

PER_PAGE = 50


@require_permission(TRIAGE)
@require_http_methods(["GET"])
def referral_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    referrals = selectors.referral_inbox_for(request.user)
    if form.is_valid() and form.cleaned_data["state"]:
        referrals = referrals.in_state(form.cleaned_data["state"])
    page = Paginator(referrals.order_by("-created_at"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": presenters.referral_rows(page, now=timezone.now())}
    return render(request, "referrals/triage_inbox.html", context)


@require_permission(TRIAGE)
@require_http_methods(["GET"])
def referral_overdue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    referrals = selectors.referral_inbox_for(request.user).first_contact_overdue(now).order_by("first_contact_due")
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "referrals/triage_overdue.html", {"page": page, "rows": presenters.referral_rows(page, now=now)}
    )


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET"])
def referral_sent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    referrals = selectors.referrals_sent_by(request.user)
    page = Paginator(referrals.order_by("-created_at"), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": presenters.referral_rows(page, now=timezone.now())}
    return render(request, "referrals/triage_sent.html", context)


def _back(referral: Referral) -> HttpResponseRedirect:
    return redirect("referrals:referral_detail", referral_id=referral.pk)


def _refused(request: AuthenticatedHttpRequest, referral: Referral, exc: ValidationError) -> HttpResponse:
    context = presenters.referral_page(referral, request.user, errors=list(exc.messages))
    return render(request, "referrals/triage_detail.html", context, status=400)


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET"])
def referral_detail(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=referral_id)
    services.referral_view_record(referral=referral, by=request.user, request=request)
    return render(request, "referrals/triage_detail.html", presenters.referral_page(referral, request.user))


@require_permission(VIEW_REFERRALS)
@require_http_methods(["POST"])
def referral_transition(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_for(user=request.user, referral_id=referral_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _refused(request, referral, ValidationError("Select what to do"))
    to = form.cleaned_data["to"]
    if to == ReferralState.WITHDRAWN:
        if not selectors.can_withdraw(request.user, referral):
            raise Http404("No such referral.")
    elif not selectors.can_triage(request.user, referral):
        raise Http404("No such referral.")
    try:
        if to == ReferralState.ACCEPTED:
            services.referral_accept(referral=referral, by=request.user, request=request)
        else:
            services.referral_transition(referral=referral, to=to, by=request.user, request=request)
    except ValidationError as exc:
        referral.refresh_from_db()
        return _refused(request, referral, exc)
    except PermissionDenied:
        raise Http404("No such referral.") from None
    messages.success(request, f"Referral {referral.reference} is now {ReferralState(to).label.lower()}.")
    return _back(referral)


@require_permission(TRIAGE)
@require_http_methods(["GET", "POST"])
def referral_decline(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_to_triage(user=request.user, referral_id=referral_id)
    form = DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_transition(
                referral=referral,
                to=ReferralState.DECLINED,
                by=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            referral.refresh_from_db()
            return _refused(request, referral, exc)
        messages.success(request, f"Referral {referral.reference} is declined. The referrer can see your reason.")
        return _back(referral)
    return render(request, "referrals/triage_decline.html", {"referral": referral, "form": form})


@require_permission(TRIAGE)
@require_http_methods(["POST"])
def first_contact_record(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_to_triage(user=request.user, referral_id=referral_id)
    try:
        services.referral_first_contact(referral=referral, by=request.user, at=timezone.now(), request=request)
    except ValidationError as exc:
        referral.refresh_from_db()
        return _refused(request, referral, exc)
    messages.success(request, "First contact recorded.")
    return _back(referral)


@require_permission(TRIAGE)
@require_http_methods(["POST"])
def duplicate_resolve(
    request: AuthenticatedHttpRequest, referral_id: uuid.UUID, duplicate_id: uuid.UUID
) -> HttpResponse:
    referral = selectors.referral_get_to_triage(user=request.user, referral_id=referral_id)
    duplicate = selectors.possible_duplicate_get_for(user=request.user, referral=referral, duplicate_id=duplicate_id)
    form = DuplicateResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Select whether this is the same person")
        services.possible_duplicate_resolve(
            duplicate=duplicate, resolution=form.cleaned_data["resolution"], by=request.user, request=request
        )
    except ValidationError as exc:
        referral.refresh_from_db()
        return _refused(request, referral, exc)
    messages.success(request, "Possible duplicate checked.")
    return _back(referral)


@require_permission(TRIAGE)
@require_http_methods(["POST"])
def task_complete(request: AuthenticatedHttpRequest, referral_id: uuid.UUID, task_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_get_to_triage(user=request.user, referral_id=referral_id)
    task = selectors.referral_task_get_for(referral=referral, task_id=task_id)
    try:
        services.referral_task_complete(task=task, by=request.user, request=request)
    except ValidationError as exc:
        return _refused(request, referral, exc)
    messages.success(request, "Task marked as done.")
    return _back(referral)
