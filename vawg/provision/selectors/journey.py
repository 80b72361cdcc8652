"""The reads of the safe accommodation pages: one record through its gate (404 otherwise), the lists each
audience works from, and the counts on "My work" (each the rows of its list, in one query).

Two views of a request, never mixed: a worker reaches it through ``raised_for`` (the case, the districts to
avoid, the notes); a provider reaches only its reservations of their units, and from them the household and
needs (``offered_to``). A unit's address is read only through ``unit_get_for``, by the provider's staff;
every other read defers it, so it is neither decrypted nor held in memory for a page that never shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Case as When_
from django.db.models import IntegerField, Model, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import Membership, Organisation, User
from vawg.audit.services import audit_read
from vawg.cases.models import Case
from vawg.provision.config import RequestState, ReservationState
from vawg.provision.models import AccommodationRequest, Placement, Reservation, Unit, UnitQuerySet, UnitStatus
from vawg.provision.selectors.accommodation import Availability, unit_availability

NOT_FOUND = (ValidationError, ValueError, TypeError)
M = TypeVar("M", bound=Model)


def _one(queryset: QuerySet[M], pk: UUID | str, message: str) -> M:
    try:
        found = queryset.filter(pk=pk).first()
    except NOT_FOUND:
        found = None
    if found is None:
        raise Http404(message)
    return found


# --- providers ---------------------------------------------------------------------------------------


def units_kept_by(user: User) -> UnitQuerySet:
    """The units of ``user``'s provider(s), closed ones last."""
    return (
        Unit.objects.kept_by(user)
        .select_related("district", "organisation")
        .defer("address")
        .order_by("closed_on", "name")
    )


def unit_get_for(*, user: User, unit_id: UUID | str) -> Unit:
    """One of ``user``'s provider's units, with its address: an audited read (provision.unit.view)."""
    unit = _one(Unit.objects.kept_by(user).select_related("district", "organisation"), unit_id, "No such unit")
    return audit_read(action="provision.unit.view", obj=unit)


def reservations_of_units_kept_by(user: User, *, state: str = "") -> QuerySet[Reservation]:
    """Live reservations of ``user``'s provider's units (held: waiting for an answer; accepted: waiting for
    the household to move in), soonest to lapse first."""
    live = Reservation.objects.live().filter(unit__in=Unit.objects.kept_by(user).values("pk"))
    if state:
        live = live.filter(state=state)
    related = live.select_related("unit", "unit__district", "created_by", "request__organisation")
    return related.defer("unit__address").order_by("expires_at")


def reservations_waiting_count(user: User) -> int:
    """My work: reservations of ``user``'s provider's units waiting for an answer."""
    return reservations_of_units_kept_by(user, state=ReservationState.HELD).count()


def reservation_get_for(*, user: User, reservation_id: UUID | str) -> Reservation:
    """A reservation of one of ``user``'s provider's units (the provider's view): an audited read."""
    kept = Reservation.objects.filter(unit__in=Unit.objects.kept_by(user).values("pk"))
    related = kept.select_related(
        "unit", "unit__district", "unit__organisation", "created_by", "request__organisation"
    ).defer("unit__address")
    reservation = _one(related, reservation_id, "No such reservation")
    return audit_read(action="provision.reservation.view", obj=reservation)


def placements_in_units_kept_by(user: User) -> QuerySet[Placement]:
    """Households in ``user``'s provider's units now."""
    return (
        Placement.objects.filter(unit__in=Unit.objects.kept_by(user).values("pk"), ended_on__isnull=True)
        .select_related("unit", "request")
        .defer("unit__address")
        .order_by("started_on")
    )


def placement_get_for(*, user: User, placement_id: UUID | str) -> Placement:
    placement = _one(
        Placement.objects.filter(unit__in=Unit.objects.kept_by(user).values("pk"))
        .select_related("unit", "request")
        .defer("unit__address"),
        placement_id,
        "No such placement",
    )
    return placement


def unit_history(unit: Unit) -> tuple[list[UnitStatus], list[Reservation], list[Placement]]:
    """A unit's availability changes (newest first), its reservations and its placements."""
    statuses = list(unit.statuses.select_related("created_by").order_by("-created_at"))
    reservations = list(unit.reservations.select_related("created_by", "request__organisation").order_by("-created_at"))
    placements = list(unit.placements.order_by("-started_on"))
    return statuses, reservations, placements


# --- workers -----------------------------------------------------------------------------------------


def requests_raised_for(user: User, *, state: str = "") -> QuerySet[AccommodationRequest]:
    """Requests on cases ``user`` may see (open first, then newest)."""
    # The same rows as AccommodationRequest.objects.raised_for(user), whose permission the pages and My work
    # check first: built here without its own query, so a count stays one query.
    requests = AccommodationRequest.objects.filter(case__in=Case.objects.visible_to(user).values("pk"))
    if state:
        requests = requests.filter(state=state)
    open_first = When_(When(state=RequestState.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return requests.select_related("case", "organisation").order_by(open_first, "-created_at")


def requests_open_count(user: User) -> int:
    """My work: requests on cases ``user`` may see, still looking for a place."""
    return requests_raised_for(user, state=RequestState.OPEN).count()


def accommodation_request_get_for(*, user: User, request_id: UUID | str) -> AccommodationRequest:
    """A request with its case (the worker's view): an audited read, as it names the case."""
    raised = AccommodationRequest.objects.raised_for(user).select_related("case", "organisation", "created_by")
    found = _one(raised, request_id, "No such request")
    return audit_read(action="provision.accommodation_request.view", obj=found)


def requests_of_case(user: User, case_id: UUID) -> QuerySet[AccommodationRequest]:
    return requests_raised_for(user).filter(case_id=case_id)


def reservation_of_request_get_for(*, user: User, reservation_id: UUID | str) -> Reservation:
    """A reservation made for a request ``user`` may work on (the worker's side)."""
    raised = AccommodationRequest.objects.raised_for(user).values("pk")
    reservation = _one(
        Reservation.objects.filter(request__in=raised)
        .select_related("unit", "unit__organisation", "request")
        .defer("unit__address"),
        reservation_id,
        "No such reservation",
    )
    return reservation


def request_reservations(request: AccommodationRequest) -> list[Reservation]:
    return list(
        request.reservations.select_related("unit", "unit__organisation", "unit__district", "created_by")
        .defer("unit__address")
        .order_by("-created_at")
    )


def unit_for_reservation(*, user: User, unit_id: UUID | str) -> Unit:
    """A unit ``user`` may see (for reserving it); 404 otherwise. Never its address on a page."""
    unit = _one(Unit.objects.visible_to(user).defer("address"), unit_id, "No such unit")
    return unit


# --- the vacancy board -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyFilter:
    district: str = ""
    accommodation_type: str = ""
    free_now: bool = False
    wheelchair: bool = False
    pets: bool = False
    nrpf: bool = False
    household: int | None = None


def vacancies_for(user: User, wanted: VacancyFilter) -> list[tuple[Unit, Availability]]:
    """Every open unit ``user`` may see, with its availability now, narrowed by ``wanted``."""
    today = timezone.localdate()
    units = Unit.objects.visible_to(user).open_on(today).filter(organisation__is_active=True)
    conditions = Q()
    if wanted.district:
        conditions &= Q(district__slug=wanted.district)
    if wanted.accommodation_type:
        conditions &= Q(accommodation_type=wanted.accommodation_type)
    if wanted.wheelchair:
        conditions &= Q(wheelchair_accessible=True)
    if wanted.pets:
        conditions &= Q(pets=True)
    if wanted.nrpf:
        conditions &= Q(nrpf_accepted=True)
    if wanted.household:
        conditions &= Q(max_household__gte=wanted.household)
    found = list(
        units.filter(conditions)
        .select_related("district", "organisation")
        .defer("address")
        .order_by("organisation__name", "name")
    )
    availability = unit_availability(found)
    rows = [(unit, availability[unit.pk]) for unit in found]
    if wanted.free_now:
        rows = [(unit, free) for unit, free in rows if free.available_from and free.available_from <= today]
    return rows


def agencies_where(user: User, perm: str) -> list[Organisation]:
    """The active agencies where ``user`` holds ``perm`` through an active membership, by name."""
    memberships = Membership.objects.active().holding(perm).filter(user=user.pk)
    return list(Organisation.objects.active().filter(pk__in=memberships.values("organisation_id")).order_by("name"))
