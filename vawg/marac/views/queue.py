"""The coordinator's queue: referrals waiting to be listed, listing one at a meeting, withdrawing one.

Only coordinators of the referral's MARAC reach these pages; anyone else gets a 404.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.models import User
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors
from vawg.marac.models import COORDINATE, MaracArea, MaracMeeting, MaracReferral, MaracReferralQuerySet
from vawg.marac.presenters.agenda import queue_referrals, queue_rows
from vawg.marac.rules import meetings as meeting_rules
from vawg.marac.services import agenda as services
from vawg.marac.services.agenda import OVER_CAPACITY
from vawg.marac.views.meeting_forms import ListForm, ReasonForm


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _queued(request: HttpRequest) -> MaracReferralQuerySet:
    areas = MaracArea.objects.coordinated_by(request.user)
    return MaracReferral.objects.visible_to(request.user).queued().filter(area__in=areas)


def _queued_referral(request: HttpRequest, referral_id: uuid.UUID) -> MaracReferral:
    return get_object_or_404(
        _queued(request)
        .select_related("area", "case__victim")
        .only(
            "id",
            "reference",
            "area",
            "urgent",
            "is_repeat",
            "referred_on",
            "current_state",
            "case",
            "case__victim",
            "case__victim__given_name",
            "case__victim__family_name",
            "area__name",
            "area__coordinating_organisation",
            "area__minutes_per_case",
        ),
        pk=referral_id,
    )


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def referral_queue(request: HttpRequest) -> HttpResponse:
    rows = queue_rows(queue_referrals(_queued(request)))
    return render(request, "marac/queue/queue.html", {"rows": rows})


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def agenda_item_list(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _queued_referral(request, referral_id)
    meetings = list(
        MaracMeeting.objects.coordinated_by(request.user)
        .filter(
            area=referral.area_id, current_state__in=meeting_rules.OPEN_MEETING_STATES, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
    )
    default = meeting_rules.next_meeting(meetings, timezone.now(), urgent=referral.urgent)
    form = ListForm(request.POST or None, meetings=meetings, initial_meeting=default)
    over_capacity = False
    if request.method == "POST" and form.is_valid():
        meeting = next(m for m in meetings if str(m.pk) == form.cleaned_data["meeting"])
        try:
            services.agenda_item_list(
                marac_referral=referral,
                meeting=meeting,
                by=_user(request),
                confirm_over_capacity=form.cleaned_data["confirm_over_capacity"],
                request=request,
            )
        except ValidationError as error:
            over_capacity = any(e.code == OVER_CAPACITY for e in error.error_dict.get("confirm_over_capacity", []))
            add_service_errors(form, error)
        else:
            messages.success(request, f"{referral.reference} listed at the meeting")
            return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    context = {
        "form": form,
        "referral": referral,
        "meetings": meetings,
        "over_capacity": over_capacity,
        "default": default,
    }
    return render(request, "marac/queue/list.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def referral_withdraw(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _queued_referral(request, referral_id)
    form = ReasonForm(
        request.POST or None,
        label="Why is the referral withdrawn?",
        required_message="Enter why the referral is withdrawn",
        button="Withdraw the referral",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.marac_referral_withdraw(
                marac_referral=referral, reason=form.cleaned_data["reason"], by=_user(request), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{referral.reference} withdrawn")
            return redirect("marac:referral_queue")
    return render(request, "marac/queue/withdraw.html", {"form": form, "referral": referral})
