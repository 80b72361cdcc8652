"""A provider's units (provision.keep_units): the list with availability, adding and changing a unit, its
page with the address (an audited read), and recording that it is vacant or out of use.

A unit of another provider is 404; the address shows only on the unit's page and its change form.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.core.access import require_permission
from vawg.core.forms import posted, submit
from vawg.provision.config import KEEP_UNITS, ReservationState
from vawg.provision.forms.accommodation import UnitForm, UnitStatusForm
from vawg.provision.presenters import accommodation as presenters
from vawg.provision.selectors import journey as selectors
from vawg.provision.selectors.accommodation import unit_availability
from vawg.provision.services import accommodation as services


@require_permission(KEEP_UNITS)
@require_http_methods(["GET"])
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = list(selectors.units_kept_by(request.user))
    availability = unit_availability(units)
    context = {
        "rows": presenters.unit_table((unit, availability[unit.pk]) for unit in units),
        "may_add": bool(selectors.agencies_where(request.user, KEEP_UNITS)),
    }
    return render(request, "provision/accommodation/unit_list.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET", "POST"])
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = selectors.agencies_where(request.user, KEEP_UNITS)
    if not agencies:
        raise PermissionDenied
    form = UnitForm(posted(request), agencies=agencies, initial={"min_age": 16, "bedspaces": 1, "genders": ["female"]})
    unit = submit(
        form,
        lambda: services.unit_create(
            by=request.user,
            organisation=form.cleaned_data.get("organisation") or agencies[0],
            available_from=form.cleaned_data["available_from"],
            **form.unit_fields(),
        ),
    )
    if unit is not None:
        messages.success(request, f"{unit.name} added")
        return redirect("accommodation:unit_detail", unit_id=unit.pk)
    return render(request, "provision/accommodation/unit_form.html", {"form": form, "title": "Add a unit"})


@require_permission(KEEP_UNITS)
@require_http_methods(["GET"])
def unit_detail(request: AuthenticatedHttpRequest, unit_id: UUID) -> HttpResponse:
    unit = selectors.unit_get_for(user=request.user, unit_id=unit_id)
    free = unit_availability([unit])[unit.pk]
    statuses, reservations, placements = selectors.unit_history(unit)
    context = {
        "unit": unit,
        "rows": presenters.unit_rows(unit, free, with_address=True),
        "statuses": presenters.status_rows(statuses),
        "reservations": presenters.reservation_table(reservations),
        "placements": placements,
        "may_record": free.state not in ("reserved", "occupied"),
        "live": [r for r in reservations if r.state in (ReservationState.HELD, ReservationState.ACCEPTED)],
    }
    return render(request, "provision/accommodation/unit_detail.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET", "POST"])
def unit_change(request: AuthenticatedHttpRequest, unit_id: UUID) -> HttpResponse:
    unit = selectors.unit_get_for(user=request.user, unit_id=unit_id)
    form = UnitForm(posted(request), adding=False, initial=UnitForm.initial_for(unit))
    if submit(form, lambda: services.unit_change(by=request.user, unit=unit, **form.unit_fields())):
        messages.success(request, "Changes saved")
        return redirect("accommodation:unit_detail", unit_id=unit.pk)
    context = {"form": form, "unit": unit, "title": f"Change {unit.name}"}
    return render(request, "provision/accommodation/unit_form.html", context)


@require_permission(KEEP_UNITS)
@require_http_methods(["GET", "POST"])
def unit_status_record(request: AuthenticatedHttpRequest, unit_id: UUID) -> HttpResponse:
    unit = selectors.unit_get_for(user=request.user, unit_id=unit_id)
    form = UnitStatusForm(posted(request))
    if submit(
        form,
        lambda: services.unit_status_record(
            by=request.user,
            unit=unit,
            state=form.cleaned_data["state"],
            available_from=form.cleaned_data["available_from"],
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, "Availability updated")
        return redirect("accommodation:unit_detail", unit_id=unit.pk)
    context = {"form": form, "unit": unit, "title": f"Update availability of {unit.name}"}
    return render(request, "provision/accommodation/unit_status_form.html", context)
