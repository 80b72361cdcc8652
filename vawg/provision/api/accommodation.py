"""The safe accommodation API, mounted at /api/v1/accommodation (docs/safe-accommodation.md#the-api).

- ``GET /units?available=true``: the vacancy board, through ``Unit.objects.visible_to``: a unit's features
  and availability, never its address.
- ``GET /requests?state=open``: the requests the caller may reach. A worker (``raised_for``) gets the
  worker's view; a provider (``offered_to``) gets only the household, needs, urgency and the reservation of
  their unit, never the case, the districts to avoid or notes. Each answer that shows a request is audited
  once (``provision.accommodation_request.view``).
- ``POST /units/{id}/reservations``: reserve a unit for a request (``reservation_create``): 201, or 409 with
  the reason the unit or request cannot take it.

Every operation needs ``api.use_api`` and provision.request_accommodation (or, to read, provision.keep_units);
a unit or request the caller may not reach is 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as ApiValidationError
from pydantic import ConfigDict

from vawg.accounts.http import AuthenticatedHttpRequest
from vawg.accounts.models import User
from vawg.provision.config import KEEP_UNITS, REQUEST_ACCOMMODATION, RequestState
from vawg.provision.models import AccommodationRequest, Reservation, Unit, UnitQuerySet
from vawg.provision.selectors.accommodation import Availability, unit_availability
from vawg.provision.services.accommodation import (
    ReservationConflictError,
    accommodation_request_view_record,
    reservation_create,
)

router = Router()

PER_PAGE = 50

if TYPE_CHECKING:
    RequestStateValue = str
else:
    RequestStateValue = Literal[tuple(RequestState.values)]


# --- Schemas (every field listed by hand; never an address, a case's details, notes or districts to avoid) --


class AccommodationErrorOut(Schema):
    detail: str


class AccommodationFieldErrorOut(Schema):
    field: str
    message: str


class AccommodationValidationErrorOut(Schema):
    detail: str
    errors: list[AccommodationFieldErrorOut]


class DistrictOut(Schema):
    slug: str
    name: str


class UnitFeaturesOut(Schema):
    wheelchair: bool
    max_household: int
    max_children: int
    boys_max_age: int | None
    genders: list[str]
    min_age: int
    pets: bool
    nrpf_accepted: bool
    languages: list[str]
    specialisms: list[str]


class UnitOut(Schema):
    id: UUID
    name: str
    provider: str
    accommodation_type: str
    district: DistrictOut
    bedspaces: int
    features: UnitFeaturesOut
    state: str
    available_from: date | None


class UnitListOut(Schema):
    items: list[UnitOut]
    count: int


class ChildOut(Schema):
    age: int
    sex: str


class HouseholdOut(Schema):
    adults: int
    children: list[ChildOut]
    survivor_age: int
    survivor_gender: str


class NeedsOut(Schema):
    wheelchair: bool
    pets: bool
    nrpf: bool


class PreferencesOut(Schema):
    languages: list[str]
    specialisms: list[str]


class ReservationOut(Schema):
    id: UUID
    unit: UUID
    request: UUID
    state: str
    expires_at: datetime


class WorkerRequestOut(Schema):
    """The worker's view of a request they raised or may see through its case."""

    view: Literal["worker"]
    id: UUID
    case_id: UUID
    state: str
    urgency: str
    needed_from: date
    household: HouseholdOut
    needs: NeedsOut
    preferences: PreferencesOut
    created_at: datetime


class ProviderRequestOut(Schema):
    """A provider's view: who needs the place, and the reservation of their unit. Never the case."""

    view: Literal["provider"]
    id: UUID
    urgency: str
    household: HouseholdOut
    needs: NeedsOut
    reservation: ReservationOut


class RequestListOut(Schema):
    items: list[Annotated[WorkerRequestOut | ProviderRequestOut, Field(discriminator="view")]]
    count: int


class ReservationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    request: UUID = Field(description="The id of an open request on a case the caller may see")


class ReservationConflictOut(Schema):
    reason: str
    detail: str
    reasons: list[str]


_ERRORS: dict[int, Any] = {401: AccommodationErrorOut, 403: AccommodationErrorOut}


# --- Helpers -----------------------------------------------------------------------------------------


def _caller(request: AuthenticatedHttpRequest, *, reading: bool) -> User:
    user = request.user  # ApiTokenAuth set it
    allowed = user.has_perm(REQUEST_ACCOMMODATION) or (reading and user.has_perm(KEEP_UNITS))
    if not (user.has_perm("api.use_api") and allowed):
        raise PermissionDenied
    return user


def _window(page: int) -> slice:
    start = (page - 1) * PER_PAGE
    return slice(start, start + PER_PAGE) if page >= 1 else slice(0, 0)  # out of range: no items


def _unit_out(unit: Unit, availability: Availability) -> dict[str, Any]:
    # Listed field by field: the address never leaves the server.
    return {
        "id": unit.pk,
        "name": unit.name,
        "provider": unit.organisation.name,
        "accommodation_type": unit.accommodation_type,
        "district": {"slug": unit.district.slug, "name": unit.district.name},
        "bedspaces": unit.bedspaces,
        "features": {
            "wheelchair": unit.wheelchair_accessible,
            "max_household": unit.max_household,
            "max_children": unit.max_children,
            "boys_max_age": unit.boys_max_age,
            "genders": unit.genders,
            "min_age": unit.min_age,
            "pets": unit.pets,
            "nrpf_accepted": unit.nrpf_accepted,
            "languages": unit.languages,
            "specialisms": unit.specialisms,
        },
        "state": availability.state,
        "available_from": availability.available_from,
    }


def _units_page(units: UnitQuerySet, *, available: bool, page: int) -> tuple[list[Unit], dict[Any, Any], int]:
    """The page of ``units`` (ordered by provider, name), their availability, and how many there are. The
    address is never loaded, so never decrypted."""
    ordered = units.order_by("organisation__name", "name", "pk")
    if not available:
        shown = list(ordered.select_related("organisation", "district").defer("address")[_window(page)])
        return shown, unit_availability(shown), ordered.count()
    # Free now or from a day: availability of every open unit (three queries), then the page of those.
    open_units = ordered.open_on(timezone.localdate())
    availability = unit_availability(open_units)
    free = [pk for pk in open_units.values_list("pk", flat=True) if availability[pk].available_from is not None]
    page_ids = free[_window(page)]
    page_units = Unit.objects.filter(pk__in=page_ids).select_related("organisation", "district").defer("address")
    found = {unit.pk: unit for unit in page_units}
    return [found[pk] for pk in page_ids], availability, len(free)


def _household(found: AccommodationRequest) -> dict[str, Any]:
    return {
        "adults": found.adults,
        "children": [{"age": child["age"], "sex": child["sex"]} for child in found.children],
        "survivor_age": found.survivor_age,
        "survivor_gender": found.survivor_gender,
    }


def _needs(found: AccommodationRequest) -> dict[str, bool]:
    return {"wheelchair": found.wheelchair, "pets": found.pets, "nrpf": found.nrpf}


def _reservation_out(reservation: Reservation) -> dict[str, Any]:
    return {
        "id": reservation.pk,
        "unit": reservation.unit_id,
        "request": reservation.request_id,
        "state": reservation.state,
        "expires_at": reservation.expires_at,
    }


def _worker_out(found: AccommodationRequest) -> dict[str, Any]:
    return {
        "view": "worker",
        "id": found.pk,
        "case_id": found.case_id,
        "state": found.state,
        "urgency": found.urgency,
        "needed_from": found.needed_from,
        "household": _household(found),
        "needs": _needs(found),
        "preferences": {"languages": found.languages, "specialisms": found.specialisms},
        "created_at": found.created_at,
    }


def _provider_out(found: AccommodationRequest, reservation: Reservation) -> dict[str, Any]:
    return {
        "view": "provider",
        "id": found.pk,
        "urgency": found.urgency,
        "household": _household(found),
        "needs": _needs(found),
        "reservation": _reservation_out(reservation),
    }


def _latest_reservations_of_units_kept_by(user: User, requests: list[AccommodationRequest]) -> dict[Any, Reservation]:
    """For each request, the latest reservation of a unit ``user`` keeps (newest last wins)."""
    reservations = Reservation.objects.filter(
        request__in=[found.pk for found in requests], unit__in=Unit.objects.kept_by(user).values("pk")
    ).order_by("created_at", "pk")
    return {reservation.request_id: reservation for reservation in reservations}


# --- Operations --------------------------------------------------------------------------------------


@router.get(
    "/units",
    response={200: UnitListOut, **_ERRORS, 422: AccommodationValidationErrorOut},
    summary="Units the caller may see, with features and availability (never an address), 50 a page",
    description=(
        "available=true keeps only open units free now or from a day. Ordered by provider and name. "
        "A page out of range has no items; count is the number of units either way."
    ),
)
def unit_list(request: AuthenticatedHttpRequest, available: bool = False, page: int = 1) -> dict[str, Any]:
    user = _caller(request, reading=True)
    shown, availability, count = _units_page(Unit.objects.visible_to(user), available=available, page=page)
    return {"items": [_unit_out(unit, availability[unit.pk]) for unit in shown], "count": count}


@router.get(
    "/requests",
    response={200: RequestListOut, **_ERRORS, 422: AccommodationValidationErrorOut},
    summary="Accommodation requests the caller may reach, 50 a page (one audit entry per answer)",
    description=(
        "A worker's requests (on cases they may see) come first, newest first, in the worker's view; then "
        "requests holding a reservation of the caller's units, in the provider's view (household, needs, "
        "urgency and that reservation only). state filters on the request's state."
    ),
)
def accommodation_request_list(
    request: AuthenticatedHttpRequest,
    state: Annotated[RequestStateValue | None, Query(description="open, placed, closed or withdrawn")] = None,
    page: int = 1,
) -> dict[str, Any]:
    user = _caller(request, reading=True)
    raised = AccommodationRequest.objects.raised_for(user)
    offered = AccommodationRequest.objects.offered_to(user).exclude(pk__in=raised.values("pk"))
    if state:
        raised, offered = raised.filter(state=state), offered.filter(state=state)
    raised, offered = raised.order_by("-created_at", "pk"), offered.order_by("-created_at", "pk")
    raised_count = raised.count()
    window = _window(page)
    workers = list(raised[window])
    providers: list[AccommodationRequest] = []
    if window.stop > raised_count:  # the page runs past the worker's requests: the provider's follow
        start = max(window.start - raised_count, 0)
        providers = list(offered[start : window.stop - raised_count])
    reservations = _latest_reservations_of_units_kept_by(user, providers)
    accommodation_request_view_record(requests=workers, by=user, view="worker", request=request)
    accommodation_request_view_record(requests=providers, by=user, view="provider", request=request)
    items = [_worker_out(found) for found in workers]
    items += [_provider_out(found, reservations[found.pk]) for found in providers]
    return {"items": items, "count": raised_count + offered.count()}


@router.post(
    "/units/{id}/reservations",
    response={
        201: ReservationOut,
        **_ERRORS,
        404: AccommodationErrorOut,
        409: ReservationConflictOut,
        422: AccommodationValidationErrorOut,
    },
    summary="Reserve a unit for a request (it lapses after RESERVATION_HOLD_HOURS)",
    description=(
        "409 names why the unit or the request cannot take it: reserved, occupied, out-of-use, not-matched "
        "(with the matching rule's reasons), request-not-open or request-already-holds-a-reservation. "
        "404 for a unit or request the caller may not reach."
    ),
)
def reservation_create_for_unit(
    request: AuthenticatedHttpRequest, id: UUID, payload: ReservationIn
) -> Status[dict[str, Any]]:
    user = _caller(request, reading=False)
    unit = Unit.objects.visible_to(user).filter(pk=id).first()
    wanted = AccommodationRequest.objects.raised_for(user).filter(pk=payload.request).first()
    if unit is None or wanted is None:
        raise Http404
    try:
        reservation = reservation_create(by=user, request=wanted, unit=unit)
    except ReservationConflictError as conflict:
        return Status(409, {"reason": conflict.reason, "detail": conflict.messages[0], "reasons": conflict.details})
    except ValidationError as exc:
        raise ApiValidationError([{"loc": ("body", "payload"), "msg": message} for message in exc.messages]) from exc
    return Status(201, _reservation_out(reservation))
