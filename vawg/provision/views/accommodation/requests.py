"""A worker's requests (provision.request_accommodation): asking for a place from a case, their requests,
a request's page (an audited read: it names the case) with its matches and reservations, reserving a unit,
and what can happen next: the survivor declined, cancel the reservation, close or withdraw the request.

A request on a case the worker may not see is 404; so is a case they may not see.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.cases.selectors import case_get_for
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.provision.config import LIVE_RESERVATION_STATES, REQUEST_ACCOMMODATION, RequestState
from vawg.provision.forms.accommodation import ReasonForm, RequestCloseForm, RequestForm, SurvivorDeclineForm
from vawg.provision.presenters import accommodation as presenters
from vawg.provision.selectors import journey as selectors
from vawg.provision.selectors.accommodation import request_matches, unit_availability
from vawg.provision.services import accommodation as services

OPEN = str(RequestState.OPEN)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET", "POST"])
def accommodation_request_create(request: AuthenticatedHttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=request.user, case_id=case_id)
    agencies = selectors.agencies_where(request.user, REQUEST_ACCOMMODATION)
    if not agencies:
        raise PermissionDenied
    form = RequestForm(posted(request), agencies=agencies)
    raised = submit(
        form,
        lambda: services.accommodation_request_raise(
            by=request.user,
            case=case,
            organisation=form.cleaned_data.get("organisation") or agencies[0],
            answers=services.RequestInput(**form.answers()),
        ),
    )
    if raised is not None:
        messages.success(request, "Request saved: these are the units that match")
        return redirect("accommodation:accommodation_request_detail", request_id=raised.pk)
    context = {"form": form, "case": case, "title": "Ask for safe accommodation"}
    return render(request, "provision/accommodation/request_form.html", context)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET"])
def accommodation_request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    open_only = request.GET.get("state") == OPEN
    requests = list(selectors.requests_raised_for(request.user, state=OPEN if open_only else ""))
    rows = [(found, presenters.request_tag(found), presenters.household_line(found)) for found in requests]
    return render(request, "provision/accommodation/request_list.html", {"rows": rows, "open_only": open_only})


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET"])
def accommodation_request_detail(request: AuthenticatedHttpRequest, request_id: UUID) -> HttpResponse:
    found = selectors.accommodation_request_get_for(user=request.user, request_id=request_id)
    reservations = selectors.request_reservations(found)
    now = timezone.now()
    live = [r for r in reservations if r.state in LIVE_RESERVATION_STATES and r.expires_at > now]
    avoid = found.excluded_districts.order_by("name").values_list("name", flat=True)
    changes = found.state_changes.select_related("created_by")
    context = {
        "found": found,
        "rows": presenters.request_rows(found, avoid),
        "reservations": presenters.reservation_table(reservations),
        "live": live[0] if live else None,
        "history": presenters.history_rows(changes, dict(RequestState.choices)),
        "is_open": found.state == RequestState.OPEN,
    }
    if found.state == RequestState.OPEN:
        result, units = request_matches(found, user=request.user)
        availability = unit_availability(list(units.values()))
        context["matches"], context["left_out"] = presenters.match_rows(result, units, availability)
    return render(request, "provision/accommodation/request_detail.html", context)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["POST"])
def reservation_create(request: AuthenticatedHttpRequest, request_id: UUID, unit_id: UUID) -> HttpResponse:
    found = selectors.accommodation_request_get_for(user=request.user, request_id=request_id)
    unit = selectors.unit_for_reservation(user=request.user, unit_id=unit_id)
    flash_outcome(
        request,
        lambda: services.reservation_create(by=request.user, request=found, unit=unit),
        lambda held: (
            f"{held.unit.name} is reserved until {presenters.moment(held.expires_at)}. The provider has been told."
        ),
    )
    return redirect("accommodation:accommodation_request_detail", request_id=found.pk)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET", "POST"])
def reservation_survivor_decline(request: AuthenticatedHttpRequest, reservation_id: UUID) -> HttpResponse:
    reservation = selectors.reservation_of_request_get_for(user=request.user, reservation_id=reservation_id)
    form = SurvivorDeclineForm(posted(request))
    if submit(
        form,
        lambda: services.reservation_survivor_decline(by=request.user, reservation=reservation, **form.cleaned_data),
    ):
        messages.success(request, "Recorded: the request is still looking for a place")
        return redirect("accommodation:accommodation_request_detail", request_id=reservation.request_id)
    context = {"form": form, "reservation": reservation, "title": "The survivor turned the place down"}
    return render(request, "provision/accommodation/worker_form.html", context)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET", "POST"])
def reservation_cancel(request: AuthenticatedHttpRequest, reservation_id: UUID) -> HttpResponse:
    reservation = selectors.reservation_of_request_get_for(user=request.user, reservation_id=reservation_id)
    form = ReasonForm(
        posted(request),
        label="Why is the reservation no longer needed?",
        missing="Enter why the reservation is cancelled",
        button="Cancel the reservation",
    )
    if submit(
        form,
        lambda: services.reservation_cancel(
            by=request.user, reservation=reservation, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, f"Reservation cancelled: {reservation.unit.name} is free again")
        return redirect("accommodation:accommodation_request_detail", request_id=reservation.request_id)
    context = {"form": form, "reservation": reservation, "title": "Cancel the reservation"}
    return render(request, "provision/accommodation/worker_form.html", context)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET", "POST"])
def accommodation_request_close(request: AuthenticatedHttpRequest, request_id: UUID) -> HttpResponse:
    found = selectors.accommodation_request_get_for(user=request.user, request_id=request_id)
    form = RequestCloseForm(posted(request))
    if submit(form, lambda: services.accommodation_request_close(by=request.user, request=found, **form.cleaned_data)):
        messages.success(request, "Request closed")
        return redirect("accommodation:accommodation_request_detail", request_id=found.pk)
    context = {"form": form, "found": found, "title": "Close the request: unable to support"}
    return render(request, "provision/accommodation/worker_form.html", context)


@require_permission(REQUEST_ACCOMMODATION)
@require_http_methods(["GET", "POST"])
def accommodation_request_withdraw(request: AuthenticatedHttpRequest, request_id: UUID) -> HttpResponse:
    found = selectors.accommodation_request_get_for(user=request.user, request_id=request_id)
    form = ReasonForm(
        posted(request),
        label="Why is the request withdrawn?",
        missing="Enter why the request is withdrawn",
        button="Withdraw the request",
    )
    if submit(
        form,
        lambda: services.accommodation_request_withdraw(
            by=request.user, request=found, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, "Request withdrawn")
        return redirect("accommodation:accommodation_request_detail", request_id=found.pk)
    context = {"form": form, "found": found, "title": "Withdraw the request"}
    return render(request, "provision/accommodation/worker_form.html", context)
