"""The coordinator's queue: referrals waiting to be listed, listing one at a meeting, withdrawing one.

Only coordinators of the referral's MARAC reach these pages; anyone else gets a 404.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import add_service_errors, posted, submit
from vawg.marac import selectors
from vawg.marac.forms.meetings import ReasonForm
from vawg.marac.forms.queue import ListForm
from vawg.marac.models import COORDINATE
from vawg.marac.presenters import agenda as presenters
from vawg.marac.rules import meetings as meeting_rules
from vawg.marac.services import agenda as services
from vawg.marac.services.agenda import OVER_CAPACITY


@require_permission(COORDINATE)
@require_http_methods(["GET"])
def referral_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = presenters.queue_rows(selectors.queue_for(request.user))
    return render(request, "marac/queue/queue.html", {"rows": rows})


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def agenda_item_list(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.marac_referral_get_for_queue(user=request.user, marac_referral_id=referral_id)
    meetings = selectors.meetings_to_list_at(user=request.user, marac_referral=referral)
    default = meeting_rules.next_meeting(meetings, timezone.now(), urgent=referral.urgent)
    form = ListForm(posted(request), meetings=meetings, initial_meeting=default)
    over_capacity = False
    if request.method == "POST" and form.is_valid():
        meeting = next(m for m in meetings if str(m.pk) == form.cleaned_data["meeting"])
        try:
            services.agenda_item_list(
                marac_referral=referral,
                meeting=meeting,
                by=request.user,
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
        "urgent": presenters.urgent_tag(referral),
        "meetings": meetings,
        "over_capacity": over_capacity,
        "default": default,
    }
    return render(request, "marac/queue/list.html", context)


@require_permission(COORDINATE)
@require_http_methods(["GET", "POST"])
def referral_withdraw(request: AuthenticatedHttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.marac_referral_get_for_queue(user=request.user, marac_referral_id=referral_id)
    form = ReasonForm(
        posted(request),
        label="Why is the referral withdrawn?",
        required_message="Enter why the referral is withdrawn",
        button="Withdraw the referral",
    )
    if submit(
        form,
        lambda: services.marac_referral_withdraw(
            marac_referral=referral, reason=form.cleaned_data["reason"], by=request.user, request=request
        ),
    ):
        messages.success(request, f"{referral.reference} withdrawn")
        return redirect("marac:referral_queue")
    return render(request, "marac/queue/withdraw.html", {"form": form, "referral": referral})
