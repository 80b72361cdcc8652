"""The safe accommodation API (vawg/provision/api/accommodation.py): the vacancy board, requests in the
worker's and the provider's view, reserving a unit, and no address in any answer."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from vawg.accounts.models import Organisation, OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import ReservationState, UnitState, Urgency
from vawg.provision.models import AccommodationRequest, Reservation, Unit
from vawg.provision.services.accommodation import (
    RequestInput,
    accommodation_request_raise,
    reservation_accept,
    unit_create,
    unit_status_record,
)
from vawg.provision.tests.factories import UnitFactory, UnitStatusFactory

pytestmark = pytest.mark.django_db

CANARY = "Canary Row"
UNITS = "/api/v1/accommodation/units"
REQUESTS = "/api/v1/accommodation/requests"


@pytest.fixture
def provider() -> tuple[Organisation, User]:
    refuge = OrganisationFactory(name="Harbour Refuges", type=OrganisationType.REFUGE_PROVIDER)
    return refuge, user_with_role(Role.ACCOMMODATION_MANAGER, refuge, email="manager@example.invalid")


def _unit(provider: tuple[Organisation, User], name: str = "Room 1", **extra: Any) -> Unit:
    refuge, manager = provider
    fields: dict[str, Any] = {
        "name": name,
        "accommodation_type": "refuge",
        "district": DistrictFactory(slug=f"district-{name.lower().replace(' ', '-')}", name=f"District of {name}"),
        "address": f"1 {CANARY}, {name}, AA1 1AA",
        "max_household": 4,
        "max_children": 3,
        "genders": ["female"],
        "available_from": timezone.localdate(),
        **extra,
    }
    return unit_create(by=manager, organisation=refuge, **fields)


def _request(idva: User, agency: Organisation, **extra: Any) -> AccommodationRequest:
    case = CaseFactory(owning_organisation=agency)
    answers = RequestInput(
        urgency=Urgency.TODAY,
        adults=1,
        children=[{"age": 9, "sex": "male"}],
        survivor_age=34,
        survivor_gender="female",
        languages=("pl",),
        notes=f"Perpetrator lives near {CANARY}",
        **extra,
    )
    return accommodation_request_raise(by=idva, case=case, organisation=agency, answers=answers)


def _call(user: User | None, method: str, path: str, body: Any = None, **params: Any) -> Any:
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='Test', by=user)[1]}"
    if method == "POST":
        return Client().post(path, json.dumps(body), content_type="application/json", **headers)
    return Client().get(path, params, **headers)


def _reserve(user: User, unit: Unit, request: AccommodationRequest | str) -> Any:
    request_id = request if isinstance(request, str) else str(request.pk)
    return _call(user, "POST", f"{UNITS}/{unit.pk}/reservations", {"request": request_id})


# --- the vacancy board -------------------------------------------------------------------------------


def test_it_lists_units_with_features_and_availability_but_no_address(provider, idva_a) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider, boys_max_age=12, languages=["en", "pl"], wheelchair_accessible=True)
    response = _call(idva_a, "GET", UNITS)
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": str(unit.pk),
                "name": "Room 1",
                "provider": "Harbour Refuges",
                "accommodation_type": "refuge",
                "district": {"slug": "district-room-1", "name": "District of Room 1"},
                "bedspaces": 1,
                "features": {
                    "wheelchair": True,
                    "max_household": 4,
                    "max_children": 3,
                    "boys_max_age": 12,
                    "genders": ["female"],
                    "min_age": 16,
                    "pets": False,
                    "nrpf_accepted": False,
                    "languages": ["en", "pl"],
                    "specialisms": [],
                },
                "state": "vacant",
                "available_from": timezone.localdate().isoformat(),
            }
        ],
        "count": 1,
    }
    assert CANARY not in response.content.decode()


def test_it_keeps_only_units_free_now_or_from_a_day_when_asked(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    free = _unit(provider, "Free")
    later = _unit(provider, "Later", available_from=timezone.localdate() + timedelta(days=3))
    reserved = _unit(provider, "Reserved")
    out_of_use = _unit(provider, "Out of use")
    unit_status_record(by=provider[1], unit=out_of_use, state=UnitState.OUT_OF_USE)
    _reserve(idva_a, reserved, _request(idva_a, agencies.a))
    closed = _unit(provider, "Closed")
    Unit.objects.filter(pk=closed.pk).update(closed_on=timezone.localdate() - timedelta(days=1))

    everything = _call(idva_a, "GET", UNITS).json()
    assert {item["name"]: item["state"] for item in everything["items"]} == {
        "Free": "vacant",
        "Later": "vacant",
        "Out of use": "out-of-use",
        "Reserved": "reserved",
    }  # a closed unit is no longer on the board for those who find places
    available = _call(idva_a, "GET", UNITS, available="true").json()
    assert [item["id"] for item in available["items"]] == [str(free.pk), str(later.pk)]
    assert available["count"] == 2


def test_it_pages_units_fifty_at_a_time(idva_a) -> None:  # type: ignore[no-untyped-def]
    refuge = OrganisationFactory(name="Big Provider", type=OrganisationType.REFUGE_PROVIDER)
    for number in range(53):
        UnitStatusFactory(
            unit=UnitFactory(organisation=refuge, name=f"Unit {number:02d}"), available_from=timezone.localdate()
        )
    for available in ("false", "true"):
        first = _call(idva_a, "GET", UNITS, available=available).json()
        second = _call(idva_a, "GET", UNITS, available=available, page=2).json()
        beyond = _call(idva_a, "GET", UNITS, available=available, page=3).json()
        assert (len(first["items"]), len(second["items"]), beyond["items"]) == (50, 3, [])
        assert first["count"] == second["count"] == 53
        assert [item["name"] for item in second["items"]] == ["Unit 50", "Unit 51", "Unit 52"]


def test_it_shows_a_provider_only_their_own_units(provider, accommodation_manager_c) -> None:  # type: ignore[no-untyped-def]
    _unit(provider, "Theirs")
    assert _call(provider[1], "GET", UNITS).json()["count"] == 1
    assert _call(accommodation_manager_c, "GET", UNITS).json() == {"items": [], "count": 0}


@pytest.fixture
def accommodation_manager_c(agencies) -> User:  # type: ignore[no-untyped-def]
    return user_with_role(Role.ACCOMMODATION_MANAGER, agencies.c, email="manager.c@example.invalid")


@pytest.mark.parametrize(("path", "persona"), [(UNITS, "police_b"), (REQUESTS, "analyst"), (UNITS, "admin")])
def test_it_refuses_those_who_neither_find_nor_keep_places(personas, path: str, persona: str) -> None:  # type: ignore[no-untyped-def]
    assert _call(personas[persona], "GET", path).status_code == 403
    assert _call(None, "GET", path).status_code == 401


def test_it_refuses_a_bad_query_naming_the_field(idva_a) -> None:  # type: ignore[no-untyped-def]
    response = _call(idva_a, "GET", UNITS, available="maybe")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.available"
    response = _call(idva_a, "GET", REQUESTS, state="lost")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.state"


# --- requests ----------------------------------------------------------------------------------------


def test_it_gives_a_worker_their_requests_and_audits_the_answer_once(idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    district = DistrictFactory(slug="watford", name="Watford")
    older = _request(idva_a, agencies.a, excluded_districts=(district,))
    newer = _request(idva_a, agencies.a, wheelchair=True)
    before = AuditEntry.objects.filter(action="provision.accommodation_request.view").count()
    response = _call(idva_a, "GET", REQUESTS, state="open")
    assert response.status_code == 200
    found = response.json()
    assert found["count"] == 2 and [item["id"] for item in found["items"]] == [str(newer.pk), str(older.pk)]
    item = found["items"][1]
    assert item == {
        "view": "worker",
        "id": str(older.pk),
        "case_id": str(older.case_id),
        "state": "open",
        "urgency": "today",
        "needed_from": older.needed_from.isoformat(),
        "household": {
            "adults": 1,
            "children": [{"age": 9, "sex": "male"}],
            "survivor_age": 34,
            "survivor_gender": "female",
        },
        "needs": {"wheelchair": False, "pets": False, "nrpf": False},
        "preferences": {"languages": ["pl"], "specialisms": []},
        "created_at": item["created_at"],
    }
    body = response.content.decode()
    assert "watford" not in body and CANARY not in body  # districts to avoid and notes are never sent
    entries = AuditEntry.objects.filter(action="provision.accommodation_request.view").order_by("seq")
    assert entries.count() == before + 1
    entry = entries.last()
    assert entry is not None and entry.actor_id == str(idva_a.pk) and entry.object_id == str(newer.pk)
    assert entry.details["view"] == "worker" and entry.details["also"] == [str(older.pk)]


def test_it_filters_requests_by_state(idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    request = _request(idva_a, agencies.a)
    AccommodationRequest.objects.filter(pk=request.pk).update(state="withdrawn")
    assert _call(idva_a, "GET", REQUESTS, state="open").json()["count"] == 0
    assert _call(idva_a, "GET", REQUESTS, state="withdrawn").json()["count"] == 1


def test_it_shows_nothing_and_audits_nothing_for_someone_who_may_see_no_request(idva_a, outsider_c, agencies) -> None:  # type: ignore[no-untyped-def]
    _request(idva_a, agencies.a)
    before = AuditEntry.objects.filter(action="provision.accommodation_request.view").count()
    assert _call(outsider_c, "GET", REQUESTS).json() == {"items": [], "count": 0}
    assert AuditEntry.objects.filter(action="provision.accommodation_request.view").count() == before


def test_it_gives_a_provider_only_the_household_needs_and_their_reservation(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    district = DistrictFactory(slug="watford", name="Watford")
    request = _request(idva_a, agencies.a, excluded_districts=(district,), nrpf=False)
    _request(idva_a, agencies.a)  # not offered to this provider
    assert _call(provider[1], "GET", REQUESTS).json() == {"items": [], "count": 0}
    reservation_id = _reserve(idva_a, unit, request).json()["id"]
    reservation_accept(by=provider[1], reservation=Reservation.objects.get(pk=reservation_id))

    response = _call(provider[1], "GET", REQUESTS)
    found = response.json()
    reservation = Reservation.objects.get(pk=reservation_id)
    assert found == {
        "items": [
            {
                "view": "provider",
                "id": str(request.pk),
                "urgency": "today",
                "household": {
                    "adults": 1,
                    "children": [{"age": 9, "sex": "male"}],
                    "survivor_age": 34,
                    "survivor_gender": "female",
                },
                "needs": {"wheelchair": False, "pets": False, "nrpf": False},
                "reservation": {
                    "id": reservation_id,
                    "unit": str(unit.pk),
                    "request": str(request.pk),
                    "state": ReservationState.ACCEPTED,
                    "expires_at": found["items"][0]["reservation"]["expires_at"],
                },
            }
        ],
        "count": 1,
    }
    assert reservation.state == ReservationState.ACCEPTED
    body = response.content.decode()
    assert str(request.case_id) not in body and "watford" not in body and CANARY not in body
    entry = AuditEntry.objects.filter(action="provision.accommodation_request.view").order_by("seq").last()
    assert entry is not None and entry.actor_id == str(provider[1].pk) and entry.details["view"] == "provider"


# --- reserving ---------------------------------------------------------------------------------------


def test_it_reserves_a_unit_and_answers_201(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    request = _request(idva_a, agencies.a)
    response = _reserve(idva_a, unit, request)
    assert response.status_code == 201
    reservation = Reservation.objects.get()
    assert response.json() == {
        "id": str(reservation.pk),
        "unit": str(unit.pk),
        "request": str(request.pk),
        "state": "held",
        "expires_at": response.json()["expires_at"],
    }
    assert abs(reservation.expires_at - (timezone.now() + timedelta(hours=24))) < timedelta(minutes=1)
    assert AuditEntry.objects.filter(action="provision.reservation.create", actor_id=str(idva_a.pk)).count() == 1


def test_it_answers_409_when_the_unit_is_already_reserved(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    assert _reserve(idva_a, unit, _request(idva_a, agencies.a)).status_code == 201
    response = _reserve(idva_a, unit, _request(idva_a, agencies.a))
    assert response.status_code == 409
    assert response.json() == {"reason": "reserved", "detail": "This unit is already reserved", "reasons": []}
    assert Reservation.objects.count() == 1


def test_it_answers_409_when_the_request_already_holds_a_reservation(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    request = _request(idva_a, agencies.a)
    assert _reserve(idva_a, _unit(provider, "First"), request).status_code == 201
    response = _reserve(idva_a, _unit(provider, "Second"), request)
    assert response.status_code == 409
    assert response.json()["reason"] == "request-already-holds-a-reservation"


def test_it_answers_409_with_the_reasons_a_unit_does_not_match(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider, boys_max_age=8, max_children=0, max_household=2)
    response = _reserve(idva_a, unit, _request(idva_a, agencies.a))
    assert response.status_code == 409
    assert response.json() == {
        "reason": "not-matched",
        "detail": "This unit does not match the request",
        "reasons": ["children-count", "boys-age"],
    }


def test_it_answers_409_for_a_unit_out_of_use(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    unit_status_record(by=provider[1], unit=unit, state=UnitState.OUT_OF_USE)
    assert _reserve(idva_a, unit, _request(idva_a, agencies.a)).json()["reason"] == "out-of-use"


def test_it_answers_404_for_a_unit_or_request_the_caller_may_not_reach(provider, idva_a, outsider_c, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    request = _request(idva_a, agencies.a)
    assert _reserve(outsider_c, unit, request).status_code == 404  # a housing officer who may not see the case
    assert _reserve(idva_a, unit, "00000000-0000-0000-0000-000000000000").status_code == 404
    missing = _call(
        idva_a, "POST", f"{UNITS}/00000000-0000-0000-0000-000000000000/reservations", {"request": str(request.pk)}
    )
    assert missing.status_code == 404
    assert _reserve(provider[1], unit, request).status_code == 403  # a provider does not reserve
    assert Reservation.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body.payload.request"),
        ({"request": "not-a-uuid"}, "body.payload.request"),
        ({"request": 7}, "body.payload.request"),
        ({"request": "00000000-0000-0000-0000-000000000000", "unit": "x"}, "body.payload.unit"),
    ],
)
def test_it_refuses_a_bad_reservation_body_naming_the_field(provider, idva_a, body: dict[str, Any], field: str) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    response = _call(idva_a, "POST", f"{UNITS}/{unit.pk}/reservations", body)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


# --- the canary: no address in any answer -------------------------------------------------------------


def test_it_never_sends_a_units_address_in_any_answer(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    units = [_unit(provider, f"Room {number}") for number in range(3)]
    assert all(CANARY in unit.address for unit in units)
    request = _request(idva_a, agencies.a)
    answers = [
        _call(idva_a, "GET", UNITS),
        _call(idva_a, "GET", UNITS, available="true"),
        _call(provider[1], "GET", UNITS),
        _reserve(idva_a, units[0], request),
        _reserve(idva_a, units[0], _request(idva_a, agencies.a)),  # 409
        _call(idva_a, "GET", REQUESTS),
        _call(provider[1], "GET", REQUESTS),
    ]
    match_body = {
        "on": timezone.localdate().isoformat(),
        "household": {"adults": 1, "children": [], "survivor_age": 34, "survivor_gender": "female"},
        "needs": {"wheelchair": False, "pets": False, "nrpf": False},
        "units": [{"id": str(units[1].pk), "district": "x", "address": units[1].address}],
    }
    answers.append(_call(idva_a, "POST", "/api/v1/accommodation/match", match_body))  # 422: never echoed
    assert [answer.status_code for answer in answers] == [200, 200, 200, 201, 409, 200, 200, 422]
    for answer in answers:
        body = answer.content.decode()
        assert CANARY not in body and "AA1 1AA" not in body
