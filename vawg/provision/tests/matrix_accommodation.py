"""Access-matrix entries for the safe accommodation pages (docs/access-control.md, docs/safe-accommodation.md).

Providers keep units (provision.keep_units: the accommodation manager, at agency C, keeps the matrix unit);
workers who find places hold provision.request_accommodation (the IDVA at agency A, and the housing officer
and social worker at agency C). A request lives on agency A's matrix case, which only agency A's IDVA may
see: the others who find places get 404, everyone else 403. The API is listed by its own module.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import CASE_OWNER, Rule, case_a, case_of_a

PROVIDERS = frozenset({"accommodation_manager"})
WORKERS = frozenset({"idva_a", "outsider_c", "social_worker"})


def _unit_of_c(ctx: dict[str, Any]) -> Any:
    from vawg.provision.config import UnitState
    from vawg.provision.tests.factories import UnitFactory, UnitStatusFactory

    unit = UnitFactory(organisation=ctx["agencies"].c)
    UnitStatusFactory(unit=unit, state=UnitState.VACANT)
    return unit


def _request_of_a(ctx: dict[str, Any]) -> Any:
    from vawg.provision.tests.factories import AccommodationRequestFactory

    return AccommodationRequestFactory(
        case=case_of_a(ctx), organisation=ctx["agencies"].a, created_by=ctx["personas"]["idva_a"]
    )


def _reservation(ctx: dict[str, Any], state: str = "held") -> Any:
    from vawg.provision.tests.factories import ReservationFactory

    return ReservationFactory(
        unit=_unit_of_c(ctx), request=_request_of_a(ctx), state=state, created_by=ctx["personas"]["idva_a"]
    )


def _unit(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"unit_id": _unit_of_c(ctx).pk}


def _request(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"request_id": _request_of_a(ctx).pk}


def _request_and_unit(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"request_id": _request_of_a(ctx).pk, "unit_id": _unit_of_c(ctx).pk}


def _held(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"reservation_id": _reservation(ctx).pk}


def _accepted(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"reservation_id": _reservation(ctx, "accepted").pk}


def _placement(ctx: dict[str, Any]) -> dict[str, Any]:
    from vawg.provision.tests.factories import PlacementFactory

    return {"placement_id": PlacementFactory(unit=_unit_of_c(ctx), request=_request_of_a(ctx)).pk}


WEB: dict[str, Rule] = {
    "accommodation:accommodation_home": Rule(allowed=PROVIDERS | WORKERS),
    # Providers
    "accommodation:unit_list": Rule(allowed=PROVIDERS),
    "accommodation:unit_create": Rule(allowed=PROVIDERS),
    "accommodation:unit_detail": Rule(allowed=PROVIDERS, kwargs=_unit, audited="provision.unit.view"),
    "accommodation:unit_change": Rule(allowed=PROVIDERS, kwargs=_unit, audited="provision.unit.view"),
    "accommodation:unit_status_record": Rule(allowed=PROVIDERS, kwargs=_unit, audited="provision.unit.view"),
    "accommodation:reservation_list": Rule(allowed=PROVIDERS),
    "accommodation:reservation_detail": Rule(allowed=PROVIDERS, kwargs=_held, audited="provision.reservation.view"),
    "accommodation:reservation_accept": Rule(
        allowed=PROVIDERS, method="POST", kwargs=_held, audited="provision.reservation.accept"
    ),
    "accommodation:reservation_decline": Rule(allowed=PROVIDERS, kwargs=_held),
    "accommodation:placement_start": Rule(allowed=PROVIDERS, kwargs=_accepted),
    "accommodation:placement_list": Rule(allowed=PROVIDERS),
    "accommodation:placement_end": Rule(allowed=PROVIDERS, kwargs=_placement),
    # Workers
    "accommodation:vacancy_list": Rule(allowed=WORKERS),
    "accommodation:accommodation_request_list": Rule(allowed=WORKERS),
    "accommodation:accommodation_request_create": Rule(allowed=CASE_OWNER, kwargs=case_a, audited="cases.case.view"),
    "accommodation:accommodation_request_detail": Rule(
        allowed=CASE_OWNER, kwargs=_request, audited="provision.accommodation_request.view"
    ),
    "accommodation:reservation_create": Rule(
        allowed=CASE_OWNER, method="POST", kwargs=_request_and_unit, audited="provision.reservation.create"
    ),
    "accommodation:accommodation_request_close": Rule(allowed=CASE_OWNER, kwargs=_request),
    "accommodation:accommodation_request_withdraw": Rule(allowed=CASE_OWNER, kwargs=_request),
    "accommodation:reservation_survivor_decline": Rule(allowed=CASE_OWNER, kwargs=_held),
    "accommodation:reservation_cancel": Rule(allowed=CASE_OWNER, kwargs=_held),
}
API: dict[str, Rule] = {}
