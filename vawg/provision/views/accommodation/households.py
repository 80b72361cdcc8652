"""A provider's households (provision.keep_units): reservations of their units waiting for an answer or a
move-in, a reservation's page (the household and needs only: never the case, the districts to avoid or the
worker's notes), accepting or declining, the move-in, the households living in their units and the end of
support. A reservation or placement of another provider's unit is 404.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import flash_outcome, posted, submit
from vawg.provision.config import KEEP_UNITS, LIVE_RESERVATION_STATES, ReservationState
from vawg.provision.forms.accommodation import PlacementEndForm, PlacementStartForm, ProviderDeclineForm
from vawg.provision.presenters import accommodation as presenters
from vawg.provision.selectors import journey as selectors
from vawg.provision.services import accommodation as services

HELD = str(ReservationState.HELD)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET"])
def reservation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    held_only = request.GET.get("state") == HELD
    reservations = list(selectors.reservations_of_units_kept_by(request.user))
    held = [reservation for reservation in reservations if reservation.state == ReservationState.HELD]
    accepted = [] if held_only else [r for r in reservations if r.state == ReservationState.ACCEPTED]
    context = {
        "held": presenters.reservation_table(held),
        "accepted": presenters.reservation_table(accepted),
        "held_only": held_only,
    }
    return render(request, "provision/accommodation/reservation_list.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET"])
def reservation_detail(request: AuthenticatedHttpRequest, reservation_id: UUID) -> HttpResponse:
    reservation = selectors.reservation_get_for(user=request.user, reservation_id=reservation_id)
    live = reservation.state in LIVE_RESERVATION_STATES and reservation.expires_at > timezone.now()
    context = {
        "reservation": reservation,
        "rows": presenters.reservation_rows(reservation),
        "household": presenters.household_rows(reservation.request),
        "may_answer": live and reservation.state == ReservationState.HELD,
        "may_move_in": live and reservation.state == ReservationState.ACCEPTED,
    }
    return render(request, "provision/accommodation/reservation_detail.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["POST"])
def reservation_accept(request: AuthenticatedHttpRequest, reservation_id: UUID) -> HttpResponse:
    reservation = selectors.reservation_get_for(user=request.user, reservation_id=reservation_id)
    flash_outcome(
        request,
        lambda: services.reservation_accept(by=request.user, reservation=reservation),
        lambda accepted: f"Accepted: {accepted.unit.name} is held until {presenters.moment(accepted.expires_at)}",
    )
    return redirect("accommodation:reservation_detail", reservation_id=reservation.pk)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET", "POST"])
def reservation_decline(request: AuthenticatedHttpRequest, reservation_id: UUID) -> HttpResponse:
    reservation = selectors.reservation_get_for(user=request.user, reservation_id=reservation_id)
    form = ProviderDeclineForm(posted(request))
    if submit(
        form, lambda: services.reservation_decline(by=request.user, reservation=reservation, **form.cleaned_data)
    ):
        messages.success(request, f"Declined: {reservation.unit.name} is free again")
        return redirect("accommodation:reservation_list")
    context = {"form": form, "reservation": reservation, "title": "Decline the reservation"}
    return render(request, "provision/accommodation/reservation_form.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET", "POST"])
def placement_start(request: AuthenticatedHttpRequest, reservation_id: UUID) -> HttpResponse:
    reservation = selectors.reservation_get_for(user=request.user, reservation_id=reservation_id)
    form = PlacementStartForm(posted(request))
    placement = submit(
        form,
        lambda: services.placement_start(
            by=request.user, reservation=reservation, started_on=form.cleaned_data["started_on"]
        ),
    )
    if placement is not None:
        messages.success(request, f"The household has moved in to {placement.unit.name}")
        return redirect("accommodation:placement_list")
    context = {"form": form, "reservation": reservation, "title": "The household has moved in"}
    return render(request, "provision/accommodation/reservation_form.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET"])
def placement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    placements = list(selectors.placements_in_units_kept_by(request.user))
    return render(request, "provision/accommodation/placement_list.html", {"placements": placements})


@require_permission(KEEP_UNITS)
@require_http_methods(["GET", "POST"])
def placement_end(request: AuthenticatedHttpRequest, placement_id: UUID) -> HttpResponse:
    placement = selectors.placement_get_for(user=request.user, placement_id=placement_id)
    form = PlacementEndForm(posted(request))
    if submit(
        form,
        lambda: services.placement_end(
            by=request.user,
            placement=placement,
            ended_on=form.cleaned_data["ended_on"],
            end_reason=form.cleaned_data["end_reason"],
            move_on=form.cleaned_data["move_on"],
            note=form.cleaned_data["note"],
            vacant_from=form.cleaned_data["vacant_from"],
        ),
    ):
        messages.success(request, f"Support in {placement.unit.name} recorded as ended")
        return redirect("accommodation:unit_detail", unit_id=placement.unit_id)
    context = {
        "form": form,
        "placement": placement,
        "rows": presenters.placement_rows(placement),
        "title": f"Support ended in {placement.unit.name}",
    }
    return render(request, "provision/accommodation/placement_end.html", context)
