"""Triage pages: the receiving agency's inbox, a referral, its state changes, the overdue list, and
the referrer's sent list (the closed loop). Every referral is reached through the gate
(``get_referral_for``: 404 for anything the user may not see); acting on one also needs
``can_triage`` (the referral was routed to one of the user's agencies), else 404.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.core.access import require_permission
from vawg.referrals import services
from vawg.referrals.forms_triage import DeclineForm, DuplicateResolveForm, InboxFilterForm, TransitionForm
from vawg.referrals.models import (
    STATE_TRANSITIONS,
    TRIAGE,
    VIEW_REFERRALS,
    DuplicateResolution,
    FormOfAbuse,
    Need,
    Referral,
    ReferralQuerySet,
    ReferralState,
    ReferralStatus,
    get_referral_for,
)

PER_PAGE = 50


def _messages_of(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _with_decline_reason(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    latest_decline = (
        ReferralStatus.objects.filter(referral=OuterRef("pk"), state=ReferralState.DECLINED)
        .order_by("-created_at")
        .values("reason")[:1]
    )
    return referrals.annotate(decline_reason=Subquery(latest_decline))


def _user(request: HttpRequest) -> User:
    """The signed-in member of staff (the staff middleware guarantees one on every page here)."""
    return cast(User, request.user)


def _my_inbox(user: Any) -> ReferralQuerySet:
    return Referral.objects.visible_to(user).routed_to(list(user.organisation_ids())).select_related("district")


@require_permission(TRIAGE)
@require_http_methods(["GET"])
def referral_inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    referrals = _my_inbox(request.user)
    if form.is_valid() and form.cleaned_data["state"]:
        referrals = referrals.in_state(form.cleaned_data["state"])
    page = Paginator(referrals.order_by("-created_at"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "referrals/triage_inbox.html", {"form": form, "page": page, "now": timezone.now()})


@require_permission(TRIAGE)
@require_http_methods(["GET"])
def referral_overdue_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    referrals = _my_inbox(request.user).first_contact_overdue(now).order_by("first_contact_due")
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "referrals/triage_overdue.html", {"page": page, "now": now})


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET"])
def referral_sent_list(request: HttpRequest) -> HttpResponse:
    referrals = _with_decline_reason(Referral.objects.visible_to(request.user).sent_by(request.user))
    page = Paginator(referrals.order_by("-created_at"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "referrals/triage_sent.html", {"page": page})


def _detail_context(request: HttpRequest, referral: Referral, **extra: Any) -> dict[str, Any]:
    may_triage = services.can_triage(request.user, referral)
    allowed = STATE_TRANSITIONS[referral.current_state]
    buttons = [
        (state, label)
        for state, label in (
            (ReferralState.TRIAGED, "Mark as triaged"),
            (ReferralState.SENT, "Send to the service"),
            (ReferralState.ACCEPTED, "Accept"),
            (ReferralState.CLOSED, "Close"),
        )
        if state in allowed
    ]
    context: dict[str, Any] = {
        "referral": referral,
        "may_triage": may_triage,
        "may_withdraw": ReferralState.WITHDRAWN in allowed and services.can_withdraw(request.user, referral),
        "may_decline": may_triage and ReferralState.DECLINED in allowed,
        "buttons": buttons if may_triage else [],
        "routes": referral.routes.select_related("organisation"),
        "statuses": referral.statuses.select_related("created_by"),
        "tasks": referral.tasks.all() if may_triage else [],
        "duplicates": (
            referral.possible_duplicates.visible_to(request.user)
            .filter(resolution=DuplicateResolution.PENDING)
            .select_related("person")
            if may_triage
            else []
        ),
        "forms_of_abuse": [FormOfAbuse(code).label for code in referral.forms_of_abuse],
        "needs": [Need(code).label for code in referral.needs],
        # The referrer's account and the children's details: for the receiving service and the referrer.
        "show_account": may_triage or referral.referrer_user_id == request.user.pk,
        "now": timezone.now(),
        "errors": [],
    }
    context.update(extra)
    return context


def _referral(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    return get_referral_for(request.user, referral_id)


def _triage_referral(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    """The referral, if the user works it at a receiving agency; otherwise 404."""
    referral = _referral(request, referral_id)
    if not services.can_triage(request.user, referral):
        raise Http404("No such referral.")
    return referral


def _back(referral: Referral) -> HttpResponseRedirect:
    return redirect("referrals:referral_detail", referral_id=referral.pk)


def _refused(request: HttpRequest, referral: Referral, exc: ValidationError) -> HttpResponse:
    context = _detail_context(request, referral, errors=_messages_of(exc))
    return render(request, "referrals/triage_detail.html", context, status=400)


@require_permission(VIEW_REFERRALS)
@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _referral(request, referral_id)
    services.referral_view_record(referral=referral, by=_user(request), request=request)
    return render(request, "referrals/triage_detail.html", _detail_context(request, referral))


@require_permission(VIEW_REFERRALS)
@require_http_methods(["POST"])
def referral_transition(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _refused(request, referral, ValidationError("Select what to do"))
    to = form.cleaned_data["to"]
    if to == ReferralState.WITHDRAWN:
        if not services.can_withdraw(request.user, referral):
            raise Http404("No such referral.")
    elif not services.can_triage(request.user, referral):
        raise Http404("No such referral.")
    try:
        if to == ReferralState.ACCEPTED:
            services.referral_accept(referral=referral, by=_user(request), request=request)
        else:
            services.referral_transition(referral=referral, to=to, by=_user(request), request=request)
    except ValidationError as exc:
        referral.refresh_from_db()
        return _refused(request, referral, exc)
    except PermissionDenied:
        raise Http404("No such referral.") from None
    messages.success(request, f"Referral {referral.reference} is now {ReferralState(to).label.lower()}.")
    return _back(referral)


@require_permission(TRIAGE)
@require_http_methods(["GET", "POST"])
def referral_decline(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _triage_referral(request, referral_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_transition(
                referral=referral,
                to=ReferralState.DECLINED,
                by=_user(request),
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
def first_contact_record(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _triage_referral(request, referral_id)
    try:
        services.referral_first_contact(referral=referral, by=_user(request), at=timezone.now(), request=request)
    except ValidationError as exc:
        referral.refresh_from_db()
        return _refused(request, referral, exc)
    messages.success(request, "First contact recorded.")
    return _back(referral)


@require_permission(TRIAGE)
@require_http_methods(["POST"])
def duplicate_resolve(request: HttpRequest, referral_id: uuid.UUID, duplicate_id: uuid.UUID) -> HttpResponse:
    referral = _triage_referral(request, referral_id)
    duplicate = get_object_or_404(referral.possible_duplicates.visible_to(request.user), pk=duplicate_id)
    form = DuplicateResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Select whether this is the same person")
        services.possible_duplicate_resolve(
            duplicate=duplicate, resolution=form.cleaned_data["resolution"], by=_user(request), request=request
        )
    except ValidationError as exc:
        referral.refresh_from_db()
        return _refused(request, referral, exc)
    messages.success(request, "Possible duplicate checked.")
    return _back(referral)


@require_permission(TRIAGE)
@require_http_methods(["POST"])
def task_complete(request: HttpRequest, referral_id: uuid.UUID, task_id: uuid.UUID) -> HttpResponse:
    referral = _triage_referral(request, referral_id)
    task = get_object_or_404(referral.tasks, pk=task_id)
    try:
        services.referral_task_complete(task=task, by=_user(request), request=request)
    except ValidationError as exc:
        return _refused(request, referral, exc)
    messages.success(request, "Task marked as done.")
    return HttpResponseRedirect(reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk}))
