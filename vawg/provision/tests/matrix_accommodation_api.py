"""Access-matrix entries for the safe accommodation API (vawg/provision/api/accommodation.py and match.py).

Those who find places (provision.request_accommodation: IDVA, housing officer, social worker) and those who
keep them (provision.keep_units: accommodation manager) may call the matcher and list what they may see
(docs/access-control.md); everyone else gets 403. Reserving needs a request on a case the caller may see:
only agency A's IDVA sees the matrix case, so everyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from vawg.core.tests.matrix import Rule, case_of_a

FINDERS = frozenset({"idva_a", "outsider_c", "social_worker"})
KEEPERS = frozenset({"accommodation_manager"})

MATCH_BODY: dict[str, Any] = {
    "on": "2026-12-05",
    "household": {"adults": 1, "children": [], "survivor_age": 34, "survivor_gender": "female"},
    "needs": {"wheelchair": False, "pets": False, "nrpf": False},
    "units": [
        {
            "id": "u1",
            "district": "stevenage",
            "available_from": "2026-12-01",
            "max_household": 2,
            "max_children": 1,
            "boys_max_age": None,
            "genders": ["female"],
            "min_age": 18,
            "wheelchair": False,
            "pets": False,
            "nrpf_accepted": False,
        }
    ],
}

# Filled in by _unit_and_request: the matrix passes the same static body to every persona.
RESERVATION_BODY: dict[str, Any] = {}


def _provider_unit() -> Any:
    from vawg.accounts.models import OrganisationType
    from vawg.accounts.tests.factories import OrganisationFactory
    from vawg.provision.tests.factories import UnitFactory, UnitStatusFactory

    refuge = OrganisationFactory(name="Matrix Refuges", type=OrganisationType.REFUGE_PROVIDER)
    unit = UnitFactory(organisation=refuge, name="Matrix room")
    UnitStatusFactory(unit=unit, available_from=unit.opened_on)
    return unit


def _request_of_a(ctx: dict[str, Any]) -> Any:
    from vawg.provision.tests.factories import AccommodationRequestFactory

    return AccommodationRequestFactory(case=case_of_a(ctx, plain=True), created_by=ctx["personas"]["idva_a"])


def _requests(ctx: dict[str, Any]) -> dict[str, Any]:
    """A request on the matrix case, so agency A's IDVA has one to be shown (an audited read)."""
    _request_of_a(ctx)
    return {}


def _unit_and_request(ctx: dict[str, Any]) -> dict[str, Any]:
    unit = _provider_unit()
    RESERVATION_BODY["request"] = str(_request_of_a(ctx).pk)
    return {"id": unit.pk}


WEB: dict[str, Rule] = {}

API: dict[str, Rule] = {
    "POST /api/v1/accommodation/match": Rule(allowed=FINDERS | KEEPERS, method="POST", data=MATCH_BODY),
    "GET /api/v1/accommodation/units": Rule(allowed=FINDERS | KEEPERS),
    "GET /api/v1/accommodation/requests": Rule(
        allowed=FINDERS | KEEPERS, kwargs=_requests, audited="provision.accommodation_request.view"
    ),
    "POST /api/v1/accommodation/units/{id}/reservations": Rule(
        allowed=frozenset({"idva_a"}),
        method="POST",
        kwargs=_unit_and_request,
        data=RESERVATION_BODY,
        audited="provision.reservation.create",
    ),
}
