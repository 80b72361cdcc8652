"""Reservations: a unit held for a request until its provider answers or it lapses."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import User
from vawg.audit.services import audit_record
from vawg.core.models import save_valid
from vawg.provision.config import (
    LIVE_RESERVATION_STATES,
    SURVIVOR_DECLINE_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    RequestState,
    ReservationState,
    UnitState,
    reservation_hold,
)
from vawg.provision.models import (
    AccommodationRequest,
    Reservation,
    ReservationStateChange,
    Unit,
    UnitStatus,
)
from vawg.provision.rules import exclusion_reasons
from vawg.provision.selectors.accommodation import request_profile, unit_availability, unit_offer
from vawg.provision.services.accommodation.common import (
    NO_SUCH_UNIT,
    NOT_MATCHED,
    OCCUPIED,
    OUT_OF_USE,
    REQUEST_HOLDS_ONE,
    REQUEST_NOT_OPEN,
    RESERVED,
    ReservationConflictError,
    _lapse,
    _live_or_refuse,
    _move_reservation,
    _raised_request,
    _reservation_for_provider,
    _reservation_for_requester,
    _restore_status,
)
from vawg.provision.services.accommodation.notices import tell_provider_of_reservation, tell_worker_of_answer


@transaction.atomic
def reservations_lapse(*, now: datetime | None = None) -> int:
    """Lapse every reservation past its time (run every few minutes; ``manage.py reservations_lapse``)."""
    return _lapse(Reservation.objects.all(), now=now or timezone.now())


@transaction.atomic
def reservation_create(
    *, by: User, request: AccommodationRequest, unit: Unit, now: datetime | None = None
) -> Reservation:
    """Reserve ``unit`` for ``request``: it holds the unit until the provider accepts or declines, or until
    it lapses after RESERVATION_HOLD_HOURS. Refused with ReservationConflictError when the unit is reserved,
    occupied or out of use, does not match the request, or the request already holds a reservation."""
    now = now or timezone.now()
    request = _raised_request(by=by, request_id=request.pk)
    visible = Unit.objects.visible_to(by).filter(pk=unit.pk)
    if not visible.exists():
        raise Http404(NO_SUCH_UNIT)
    # One at a time per unit: everyone reserving this unit waits here until the first one commits.
    locked = Unit.objects.select_for_update().select_related("district").get(pk=unit.pk)
    if request.state != RequestState.OPEN:
        raise ReservationConflictError(REQUEST_NOT_OPEN)
    _lapse(Reservation.objects.filter(unit=locked), now=now)
    _lapse(Reservation.objects.filter(request=request), now=now)
    if Reservation.objects.filter(request=request, state__in=LIVE_RESERVATION_STATES).exists():
        raise ReservationConflictError(REQUEST_HOLDS_ONE)
    availability = unit_availability([locked], now=now)[locked.pk]
    if availability.state == UnitState.RESERVED:
        raise ReservationConflictError(RESERVED)
    if availability.state == UnitState.OCCUPIED:
        raise ReservationConflictError(OCCUPIED)
    if availability.available_from is None:
        raise ReservationConflictError(OUT_OF_USE)
    profile = request_profile(request)
    on = max(request.needed_from, timezone.localdate(now))
    reasons = exclusion_reasons(
        unit_offer(locked, availability),
        on=on,
        household=profile.household,
        needs=profile.needs,
        excluded_districts=profile.excluded_districts,
    )
    if reasons:
        raise ReservationConflictError(NOT_MATCHED, list(reasons))
    reservation = Reservation(unit=locked, request=request, expires_at=now + reservation_hold(), created_by=by)
    try:
        with transaction.atomic():
            save_valid(reservation)
    except (IntegrityError, ValidationError) as error:
        # The database's one-live-reservation index (or its check in full_clean) caught a race.
        raise ReservationConflictError(RESERVED) from error
    save_valid(ReservationStateChange(reservation=reservation, state=ReservationState.HELD, created_by=by))
    save_valid(UnitStatus(unit=locked, state=UnitState.RESERVED, until=reservation.expires_at, created_by=by))
    audit_record(
        action="provision.reservation.create",
        by=by,
        obj=reservation,
        agency_id=locked.organisation_id,
        details={"unit": str(locked.pk), "request": str(request.pk)},
    )
    tell_provider_of_reservation(reservation)
    return reservation


@transaction.atomic
def reservation_accept(*, by: User, reservation: Reservation, now: datetime | None = None) -> Reservation:
    """The provider accepts: the unit stays held for the household (for another hold period from now)."""
    now = now or timezone.now()
    reservation = _reservation_for_provider(by=by, reservation_id=reservation.pk)
    _live_or_refuse(reservation, now=now)
    reservation.expires_at = max(reservation.expires_at, now + reservation_hold())
    _move_reservation(reservation=reservation, to=ReservationState.ACCEPTED, by=by)
    save_valid(UnitStatus(unit=reservation.unit, state=UnitState.RESERVED, until=reservation.expires_at, created_by=by))
    audit_record(
        action="provision.reservation.accept", by=by, obj=reservation, agency_id=reservation.unit.organisation_id
    )
    tell_worker_of_answer(reservation, answer="accepted")
    return reservation


@transaction.atomic
def reservation_decline(
    *, by: User, reservation: Reservation, reason_code: str, note: str = "", now: datetime | None = None
) -> Reservation:
    """The provider cannot take the household, for ``reason_code`` (an "unable to support" reason)."""
    now = now or timezone.now()
    reservation = _reservation_for_provider(by=by, reservation_id=reservation.pk)
    if reason_code not in UNABLE_TO_SUPPORT_REASONS:
        raise ValidationError({"reason_code": "Select why you cannot take this household"})
    _live_or_refuse(reservation, now=now)
    _move_reservation(
        reservation=reservation, to=ReservationState.PROVIDER_DECLINED, by=by, reason=note.strip(), code=reason_code
    )
    _restore_status(unit=reservation.unit, by=by, today=timezone.localdate(now))
    audit_record(
        action="provision.reservation.decline",
        by=by,
        obj=reservation,
        agency_id=reservation.unit.organisation_id,
        details={"reason_code": reason_code},
    )
    tell_worker_of_answer(reservation, answer="declined")
    return reservation


@transaction.atomic
def reservation_survivor_decline(
    *, by: User, reservation: Reservation, reason_code: str, note: str = "", now: datetime | None = None
) -> Reservation:
    """The survivor turned the place down, for ``reason_code``; the request stays open."""
    now = now or timezone.now()
    reservation = _reservation_for_requester(by=by, reservation_id=reservation.pk)
    if reason_code not in SURVIVOR_DECLINE_REASONS:
        raise ValidationError({"reason_code": "Select why the survivor turned the place down"})
    _live_or_refuse(reservation, now=now)
    _move_reservation(
        reservation=reservation, to=ReservationState.SURVIVOR_DECLINED, by=by, reason=note.strip(), code=reason_code
    )
    _restore_status(unit=reservation.unit, by=by, today=timezone.localdate(now))
    audit_record(
        action="provision.reservation.survivor_decline",
        by=by,
        obj=reservation,
        agency_id=reservation.request.organisation_id,
        details={"reason_code": reason_code},
    )
    return reservation


@transaction.atomic
def reservation_cancel(*, by: User, reservation: Reservation, reason: str, now: datetime | None = None) -> Reservation:
    """The worker no longer needs the place (for example, the household is safe elsewhere tonight)."""
    now = now or timezone.now()
    reservation = _reservation_for_requester(by=by, reservation_id=reservation.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the reservation is cancelled"})
    _live_or_refuse(reservation, now=now)
    _move_reservation(reservation=reservation, to=ReservationState.CANCELLED, by=by, reason=reason.strip())
    _restore_status(unit=reservation.unit, by=by, today=timezone.localdate(now))
    audit_record(
        action="provision.reservation.cancel", by=by, obj=reservation, agency_id=reservation.request.organisation_id
    )
    return reservation
