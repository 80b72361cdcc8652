"""What the safe accommodation services share: the gates that find a record for the acting user (404
otherwise), the conflict a reservation may meet, and the state moves of requests, reservations and units."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Membership, Organisation, User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.provision.config import (
    LIVE_RESERVATION_STATES,
    REQUEST_TRANSITIONS,
    RESERVATION_TRANSITIONS,
    ReservationState,
    UnitState,
)
from vawg.provision.models import (
    AccommodationRequest,
    RequestStateChange,
    Reservation,
    ReservationStateChange,
    Unit,
    UnitStatus,
)

NO_SUCH_UNIT = "No such unit"
NO_SUCH_REQUEST = "No such request"
NO_SUCH_RESERVATION = "No such reservation"
LAPSE_JOB = "reservations_lapse"

# Reasons a reservation is refused, as the API's 409 names them.
RESERVED = "reserved"
OCCUPIED = "occupied"
OUT_OF_USE = "out-of-use"
NOT_MATCHED = "not-matched"
REQUEST_NOT_OPEN = "request-not-open"
REQUEST_HOLDS_ONE = "request-already-holds-a-reservation"
CONFLICT_MESSAGES = {
    RESERVED: "This unit is already reserved",
    OCCUPIED: "This unit has a household in it",
    OUT_OF_USE: "This unit is not available",
    NOT_MATCHED: "This unit does not match the request",
    REQUEST_NOT_OPEN: "This request is no longer looking for a place",
    REQUEST_HOLDS_ONE: "This request already holds a reservation: cancel it before reserving another unit",
}


class ReservationConflictError(ValidationError):
    """A reservation the unit or the request cannot take now (the API answers 409 with ``reason``)."""

    def __init__(self, reason: str, details: list[str] | None = None) -> None:
        super().__init__(CONFLICT_MESSAGES[reason], code=reason)
        self.reason = reason
        self.details = details or []


# --- gates -------------------------------------------------------------------------------------------


def _kept_unit(*, by: User, unit_id: UUID, lock: bool = False) -> Unit:
    units = Unit.objects.kept_by(by)
    if lock:
        units = units.select_for_update()
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404(NO_SUCH_UNIT)
    return unit


def _raised_request(*, by: User, request_id: UUID) -> AccommodationRequest:
    request = AccommodationRequest.objects.raised_for(by).filter(pk=request_id).first()
    if request is None:
        raise Http404(NO_SUCH_REQUEST)
    return request


def _reservation_for_provider(*, by: User, reservation_id: UUID) -> Reservation:
    reservation = (
        Reservation.objects.select_for_update()
        .filter(pk=reservation_id, unit__in=Unit.objects.kept_by(by).values("pk"))
        .first()
    )
    if reservation is None:
        raise Http404(NO_SUCH_RESERVATION)
    return reservation


def _reservation_for_requester(*, by: User, reservation_id: UUID) -> Reservation:
    reservation = (
        Reservation.objects.select_for_update()
        .filter(pk=reservation_id, request__in=AccommodationRequest.objects.raised_for(by).values("pk"))
        .first()
    )
    if reservation is None:
        raise Http404(NO_SUCH_RESERVATION)
    return reservation


def _may(user: User, organisation: Organisation, perm: str) -> bool:
    """``user`` holds ``perm`` through an active membership at ``organisation``."""
    return Membership.objects.active().of_active_user(user).holding(perm).filter(organisation=organisation).exists()


def _restore_status(*, unit: Unit, by: User | None, system_job: str = "", today: date) -> None:
    """After a reservation ends without a placement: the unit is as it was before it was reserved."""
    before = UnitStatus.objects.filter(unit=unit).exclude(state=UnitState.RESERVED).order_by("-created_at").first()
    # No earlier row, or a household that left while it was reserved: the unit is free.
    state = UnitState.VACANT if before is None or before.state == UnitState.OCCUPIED else before.state
    last_free = before.available_from if before is not None and before.state == UnitState.VACANT else None
    available_from = max(last_free or today, today) if state == UnitState.VACANT else None
    save_valid(UnitStatus(unit=unit, state=state, available_from=available_from, created_by=by, system_job=system_job))


def _move_request(*, request: AccommodationRequest, to: str, by: User | None, reason: str = "", code: str = "") -> None:
    if to not in REQUEST_TRANSITIONS[request.state]:
        raise ValidationError(f"This request is {request.get_state_display().lower()}: it cannot change now")
    request.state = to
    save_valid(request, update_fields=["state", "updated_at"])
    save_valid(RequestStateChange(request=request, state=to, reason=reason, reason_code=code, created_by=by))


def _move_reservation(
    *, reservation: Reservation, to: str, by: User | None, reason: str = "", code: str = "", system_job: str = ""
) -> None:
    if to not in RESERVATION_TRANSITIONS.get(reservation.state, frozenset()):
        raise ValidationError(f"This reservation is {reservation.get_state_display().lower()}: it cannot change now")
    reservation.state = to
    save_valid(reservation, update_fields=["state", "expires_at", "updated_at"])
    save_valid(
        ReservationStateChange(
            reservation=reservation, state=to, reason=reason, reason_code=code, created_by=by, system_job=system_job
        )
    )


def _end_live_reservations(*, request: AccommodationRequest, by: User, to: str, reason: str) -> None:
    today = timezone.localdate()
    for reservation in Reservation.objects.select_for_update().filter(
        request=request, state__in=LIVE_RESERVATION_STATES
    ):
        _move_reservation(reservation=reservation, to=to, by=by, reason=reason)
        _restore_status(unit=reservation.unit, by=by, today=today)


def _lapse(reservations: Any, *, now: datetime) -> int:
    """Mark reservations past their time as lapsed (a system job acting), freeing their units."""
    count = 0
    for reservation in reservations.select_for_update().filter(state__in=LIVE_RESERVATION_STATES, expires_at__lte=now):
        _move_reservation(reservation=reservation, to=ReservationState.EXPIRED, by=None, system_job=LAPSE_JOB)
        _restore_status(unit=reservation.unit, by=None, system_job=LAPSE_JOB, today=timezone.localdate(now))
        audit_record(
            action="provision.reservation.lapse",
            system_job=LAPSE_JOB,
            obj=reservation,
            agency_id=reservation.unit.organisation_id,
        )
        count += 1
    return count


def _live_or_refuse(reservation: Reservation, *, now: datetime) -> None:
    if reservation.state in LIVE_RESERVATION_STATES and reservation.expires_at <= now:
        _lapse(Reservation.objects.filter(pk=reservation.pk), now=now)
        raise ValidationError("This reservation has lapsed: the unit is free again")
