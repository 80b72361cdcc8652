"""Every write to safe accommodation: units and their availability, requests, reservations, placements.

Who may act:
- a unit's provider (``Unit.objects.kept_by``: provision.keep_units at the unit's agency) keeps its units,
  accepts or declines reservations of them, starts and ends placements in them;
- a worker who may see the request's case and holds provision.request_accommodation raises the request,
  reserves a matched unit, records that the survivor declined, cancels, closes or withdraws.
Anyone else gets Http404 (a record they may not reach looks like a missing one).

Double booking is impossible: ``reservation_create`` locks the unit row, lapses any reservation past its
time, checks the unit is free and matches, and inserts; the database's partial unique index
(provision_one_live_reservation_per_unit) refuses a second live reservation even if two requests race.
Audit entries hold ids and codes only, never an address or a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import District, Membership, Organisation, User
from vawg.accounts.roles import holders_of
from vawg.audit.services import audit_record
from vawg.cases.models import Case
from vawg.core.models import save_valid
from vawg.provision.config import (
    KEEP_UNITS,
    LIVE_RESERVATION_STATES,
    REQUEST_ACCOMMODATION,
    REQUEST_TRANSITIONS,
    RESERVATION_TRANSITIONS,
    SURVIVOR_DECLINE_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    RequestState,
    ReservationState,
    UnitState,
    reservation_hold,
)
from vawg.provision.models import (
    AccommodationRequest,
    Placement,
    RequestStateChange,
    Reservation,
    ReservationStateChange,
    Unit,
    UnitStatus,
)
from vawg.provision.rules import exclusion_reasons
from vawg.provision.selectors.accommodation import request_profile, unit_availability, unit_offer

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


# --- units -------------------------------------------------------------------------------------------

UNIT_FIELDS = frozenset(
    {
        "service",
        "name",
        "accommodation_type",
        "district",
        "address",
        "bedspaces",
        "wheelchair_accessible",
        "max_household",
        "max_children",
        "boys_max_age",
        "genders",
        "min_age",
        "pets",
        "languages",
        "nrpf_accepted",
        "specialisms",
        "opened_on",
        "closed_on",
    }
)


def _unit_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - UNIT_FIELDS
    if unknown:
        raise TypeError(f"Not unit fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def unit_create(*, by: User, organisation: Organisation, available_from: date | None = None, **fields: Any) -> Unit:
    """A new unit of ``organisation`` (kept by ``by``). It is vacant from ``available_from``, or out of use
    until its provider says it is vacant."""
    if not _may(by, organisation, KEEP_UNITS):
        raise Http404(NO_SUCH_UNIT)
    unit = Unit(organisation=organisation, **_unit_fields(fields))
    save_valid(unit)
    state = UnitState.VACANT if available_from else UnitState.OUT_OF_USE
    save_valid(UnitStatus(unit=unit, state=state, available_from=available_from, created_by=by))
    audit_record(
        action="provision.unit.create",
        by=by,
        obj=unit,
        agency_id=organisation.pk,
        details={"type": unit.accommodation_type, "district": unit.district_id, "state": state},
    )
    return unit


def _may(user: User, organisation: Organisation, perm: str) -> bool:
    """``user`` holds ``perm`` through an active membership at ``organisation``."""
    memberships = Membership.objects.active().filter(user=user.pk, user__is_active=True, organisation=organisation)
    return memberships.filter(role__in=holders_of(perm)).exists()


@transaction.atomic
def unit_change(*, by: User, unit: Unit, **changes: Any) -> Unit:
    """Change a unit's details (not its availability: ``unit_status_record``)."""
    unit = _kept_unit(by=by, unit_id=unit.pk, lock=True)
    changed = sorted(name for name, value in _unit_fields(changes).items() if getattr(unit, name) != value)
    for name, value in changes.items():
        setattr(unit, name, value)
    save_valid(unit)
    # The field names changed, never their values (the address is location-critical).
    audit_record(
        action="provision.unit.change", by=by, obj=unit, agency_id=unit.organisation_id, details={"fields": changed}
    )
    return unit


@transaction.atomic
def unit_status_record(
    *, by: User, unit: Unit, state: str, available_from: date | None = None, reason: str = ""
) -> UnitStatus:
    """The provider says a unit is vacant (from a day) or out of use. Reserved and occupied follow from
    reservations and placements, never set by hand; a unit holding a reservation or a household cannot be
    marked vacant or out of use until that ends."""
    unit = _kept_unit(by=by, unit_id=unit.pk, lock=True)
    if state not in (UnitState.VACANT, UnitState.OUT_OF_USE):
        raise ValidationError({"state": "Select vacant or out of use"})
    now = timezone.now()
    current = unit_availability([unit], now=now)[unit.pk]
    if current.state == UnitState.OCCUPIED:
        raise ValidationError({"state": "A household is in this unit: end the placement first"})
    if current.state == UnitState.RESERVED:
        raise ValidationError({"state": "This unit is reserved: accept or decline the reservation first"})
    if state == UnitState.VACANT and available_from is None:
        available_from = timezone.localdate(now)
    if state == UnitState.OUT_OF_USE:
        available_from = None
    status = UnitStatus(unit=unit, state=state, available_from=available_from, reason=reason.strip(), created_by=by)
    save_valid(status)
    audit_record(
        action="provision.unit_status.record",
        by=by,
        obj=unit,
        agency_id=unit.organisation_id,
        details={"state": state, "available_from": available_from.isoformat() if available_from else ""},
    )
    return status


def _restore_status(*, unit: Unit, by: User | None, system_job: str = "", today: date) -> None:
    """After a reservation ends without a placement: the unit is as it was before it was reserved."""
    before = UnitStatus.objects.filter(unit=unit).exclude(state=UnitState.RESERVED).order_by("-created_at").first()
    state = before.state if before is not None else UnitState.VACANT
    available_from = max(before.available_from or today, today) if state == UnitState.VACANT and before else None
    if state == UnitState.VACANT and available_from is None:
        available_from = today
    if state == UnitState.OCCUPIED:  # the household left while it was reserved: it is free
        state, available_from = UnitState.VACANT, today
    save_valid(UnitStatus(unit=unit, state=state, available_from=available_from, created_by=by, system_job=system_job))


# --- requests ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInput:
    urgency: str
    adults: int
    children: list[dict[str, Any]]
    survivor_age: int
    survivor_gender: str
    needed_from: date | None = None
    wheelchair: bool = False
    pets: bool = False
    nrpf: bool = False
    languages: tuple[str, ...] = ()
    specialisms: tuple[str, ...] = ()
    specialist_characteristics: tuple[str, ...] = ()
    excluded_districts: tuple[District, ...] = ()
    notes: str = ""


@transaction.atomic
def accommodation_request_raise(
    *, by: User, case: Case, organisation: Organisation, answers: RequestInput
) -> AccommodationRequest:
    """A request for safe accommodation for the victim of ``case`` (open, seen by ``by``), raised at
    ``organisation``."""
    if not _may(by, organisation, REQUEST_ACCOMMODATION) or not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise Http404("No such case")
    if not case.is_open:
        raise ValidationError("This case is closed: reopen it to ask for accommodation")
    request = AccommodationRequest(
        case=case,
        organisation=organisation,
        created_by=by,
        urgency=answers.urgency,
        needed_from=answers.needed_from or timezone.localdate(),
        adults=answers.adults,
        children=list(answers.children),
        survivor_age=answers.survivor_age,
        survivor_gender=answers.survivor_gender,
        wheelchair=answers.wheelchair,
        pets=answers.pets,
        nrpf=answers.nrpf,
        languages=list(answers.languages),
        specialisms=list(answers.specialisms),
        specialist_characteristics=list(answers.specialist_characteristics),
        notes=answers.notes.strip(),
    )
    save_valid(request)
    request.excluded_districts.set(answers.excluded_districts)
    save_valid(RequestStateChange(request=request, state=RequestState.OPEN, created_by=by))
    audit_record(
        action="provision.accommodation_request.create",
        by=by,
        obj=request,
        agency_id=organisation.pk,
        details={"case": str(case.pk), "urgency": request.urgency, "household": request.household_size},
    )
    return request


def _move_request(*, request: AccommodationRequest, to: str, by: User | None, reason: str = "", code: str = "") -> None:
    if to not in REQUEST_TRANSITIONS[request.state]:
        raise ValidationError(f"This request is {request.get_state_display().lower()}: it cannot change now")
    request.state = to
    save_valid(request, update_fields=["state", "updated_at"])
    save_valid(RequestStateChange(request=request, state=to, reason=reason, reason_code=code, created_by=by))


@transaction.atomic
def accommodation_request_close(
    *, by: User, request: AccommodationRequest, reason_code: str, note: str = ""
) -> AccommodationRequest:
    """Close an open request without a placement: the household could not be supported, for ``reason_code``
    (counted in the Part 4 return). A live reservation on it is cancelled."""
    request = _raised_request(by=by, request_id=request.pk)
    if reason_code not in UNABLE_TO_SUPPORT_REASONS:
        raise ValidationError({"reason_code": "Select why the household could not be supported"})
    _end_live_reservations(request=request, by=by, to=ReservationState.CANCELLED, reason="Request closed")
    _move_request(request=request, to=RequestState.CLOSED, by=by, reason=note.strip(), code=reason_code)
    audit_record(
        action="provision.accommodation_request.close",
        by=by,
        obj=request,
        agency_id=request.organisation_id,
        details={"reason_code": reason_code},
    )
    return request


@transaction.atomic
def accommodation_request_withdraw(*, by: User, request: AccommodationRequest, reason: str) -> AccommodationRequest:
    """Withdraw an open request that is no longer needed (not counted as "unable to support")."""
    request = _raised_request(by=by, request_id=request.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request is withdrawn"})
    _end_live_reservations(request=request, by=by, to=ReservationState.CANCELLED, reason="Request withdrawn")
    _move_request(request=request, to=RequestState.WITHDRAWN, by=by, reason=reason.strip())
    audit_record(
        action="provision.accommodation_request.withdraw", by=by, obj=request, agency_id=request.organisation_id
    )
    return request


# --- reservations ------------------------------------------------------------------------------------


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
    return reservation


def _live_or_refuse(reservation: Reservation, *, now: datetime) -> None:
    if reservation.state in LIVE_RESERVATION_STATES and reservation.expires_at <= now:
        _lapse(Reservation.objects.filter(pk=reservation.pk), now=now)
        raise ValidationError("This reservation has lapsed: the unit is free again")


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


# --- placements --------------------------------------------------------------------------------------


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
    return placement


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
