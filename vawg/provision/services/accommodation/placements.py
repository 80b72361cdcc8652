"""Placements: a household moving into a unit, and support there ending."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.cases import services as cases_services
from vawg.cases.models import CaseAgency
from vawg.core.models import save_valid
from vawg.provision.config import (
    RequestState,
    ReservationState,
    UnitState,
)
from vawg.provision.models import (
    AccommodationRequest,
    Placement,
    Reservation,
    Unit,
    UnitStatus,
)
from vawg.provision.services.accommodation.common import (
    _live_or_refuse,
    _move_request,
    _move_reservation,
    _reservation_for_provider,
)


@transaction.atomic
def placement_start(
    *, by: User, reservation: Reservation, started_on: date | None = None, now: datetime | None = None
) -> Placement:
    """The household moves in: the accepted reservation becomes a placement, the unit is occupied and the
    request is placed."""
    now = now or timezone.now()
    reservation = _reservation_for_provider(by=by, reservation_id=reservation.pk)
    if reservation.state != ReservationState.ACCEPTED:
        raise ValidationError("Accept the reservation before the household moves in")
    _live_or_refuse(reservation, now=now)
    started_on = started_on or timezone.localdate(now)
    if started_on > timezone.localdate(now):
        raise ValidationError({"started_on": "The day they moved in must be today or in the past"})
    request = AccommodationRequest.objects.select_for_update().get(pk=reservation.request_id)
    placement = Placement(
        request=request,
        unit=reservation.unit,
        reservation=reservation,
        started_on=started_on,
        started_by=by,
        adults=request.adults,
        children=len(request.children),
    )
    save_valid(placement)
    _move_reservation(reservation=reservation, to=ReservationState.PLACED, by=by)
    _move_request(request=request, to=RequestState.PLACED, by=by)
    save_valid(UnitStatus(unit=reservation.unit, state=UnitState.OCCUPIED, created_by=by))
    audit_record(
        action="provision.placement.start",
        by=by,
        obj=placement,
        agency_id=reservation.unit.organisation_id,
        details={"unit": str(reservation.unit_id), "request": str(request.pk)},
    )
    _provider_joins_case(request=request, unit=reservation.unit, by=by)
    return placement


def _provider_joins_case(*, request: AccommodationRequest, unit: Unit, by: User) -> None:
    """The provider's agency works on the victim's case from the day the household moves in, so its staff
    support the survivor through the case gate (a restricted case stays hidden, a deny-list still applies).
    The cases service writes its own audit entry (cases.agency.add) and tells the agency's case workers."""
    case = request.case
    joined = CaseAgency.objects.current().filter(case=case, organisation=unit.organisation_id).exists()
    if unit.organisation_id == case.owning_organisation_id or joined:
        return
    cases_services.case_agency_add(case=case, organisation=unit.organisation, by=by)


@transaction.atomic
def placement_end(
    *,
    by: User,
    placement: Placement,
    ended_on: date,
    end_reason: str,
    move_on: str,
    note: str = "",
    vacant_from: date | None = None,
) -> Placement:
    """Support in the unit ended on ``ended_on`` for ``end_reason``, the household moving on to ``move_on``.
    The unit is vacant from ``vacant_from`` (the provider's choice, e.g. after a clean), or out of use."""
    found = (
        Placement.objects.select_for_update()
        .filter(pk=placement.pk, unit__in=Unit.objects.kept_by(by).values("pk"))
        .select_related("unit")
        .first()
    )
    if found is None:
        raise Http404("No such placement")
    placement = found
    if placement.ended_on is not None:
        raise ValidationError("This placement has already ended")
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The day support ended must be today or in the past"})
    placement.ended_on, placement.ended_by = ended_on, by
    placement.end_reason, placement.move_on, placement.end_note = end_reason, move_on, note.strip()
    save_valid(placement)
    state = UnitState.VACANT if vacant_from else UnitState.OUT_OF_USE
    save_valid(UnitStatus(unit=placement.unit, state=state, available_from=vacant_from, created_by=by))
    audit_record(
        action="provision.placement.end",
        by=by,
        obj=placement,
        agency_id=placement.unit.organisation_id,
        details={"end_reason": end_reason, "move_on": move_on},
    )
    return placement
