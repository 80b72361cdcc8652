"""Safe accommodation services: the whole journey, who may act, and double booking refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.roles import Role
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import ReservationState, UnitState, Urgency
from vawg.provision.models import Reservation, UnitStatus
from vawg.provision.selectors.accommodation import unit_availability
from vawg.provision.services.accommodation import (
    RESERVED,
    RequestInput,
    ReservationConflictError,
    accommodation_request_raise,
    placement_end,
    placement_start,
    reservation_accept,
    reservation_create,
    reservations_lapse,
    unit_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():  # type: ignore[no-untyped-def]
    refuge = OrganisationFactory(name="Harbour Refuges", type=OrganisationType.REFUGE_PROVIDER)
    return refuge, user_with_role(Role.ACCOMMODATION_MANAGER, refuge, email="manager@example.invalid")


def _unit(provider, **extra):  # type: ignore[no-untyped-def]
    refuge, manager = provider
    fields = {
        "name": "Room 1",
        "accommodation_type": "refuge",
        "district": DistrictFactory(slug="stevenage", name="Stevenage"),
        "address": "1 Canary Row, AA1 1AA",
        "max_household": 4,
        "max_children": 3,
        "genders": ["female"],
        **extra,
    }
    return unit_create(by=manager, organisation=refuge, available_from=timezone.localdate(), **fields)


def _request(idva, agencies, **extra):  # type: ignore[no-untyped-def]
    case = CaseFactory(owning_organisation=agencies.a)
    answers = RequestInput(
        urgency=Urgency.TODAY,
        adults=1,
        children=[{"age": 13, "sex": "male"}],
        survivor_age=34,
        survivor_gender="female",
        **extra,
    )
    return accommodation_request_raise(by=idva, case=case, organisation=agencies.a, answers=answers)


def test_it_takes_a_household_from_request_to_placement_and_out(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    _, manager = provider
    unit = _unit(provider)
    request = _request(idva_a, agencies)
    reservation = reservation_create(by=idva_a, request=request, unit=unit)
    assert unit_availability([unit])[unit.pk].state == UnitState.RESERVED
    reservation_accept(by=manager, reservation=reservation)
    placement = placement_start(by=manager, reservation=reservation)
    request.refresh_from_db()
    assert request.state == "placed" and placement.children == 1
    assert unit_availability([unit])[unit.pk].state == UnitState.OCCUPIED
    placement_end(
        by=manager,
        placement=placement,
        ended_on=timezone.localdate(),
        end_reason="moved-on-planned",
        move_on="social-housing",
        vacant_from=timezone.localdate() + timedelta(days=2),
    )
    assert unit_availability([unit])[unit.pk].available_from == timezone.localdate() + timedelta(days=2)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"provision.reservation.create", "provision.placement.start", "provision.placement.end"} <= actions
    assert not any("Canary" in str(details) for details in AuditEntry.objects.values_list("details", flat=True))


def test_it_refuses_a_second_reservation_of_a_unit(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    reservation_create(by=idva_a, request=_request(idva_a, agencies), unit=unit)
    with pytest.raises(ReservationConflictError) as refused:
        reservation_create(by=idva_a, request=_request(idva_a, agencies), unit=unit)
    assert refused.value.reason == RESERVED
    assert Reservation.objects.count() == 1


def test_it_frees_a_unit_when_its_reservation_lapses(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    reservation_create(by=idva_a, request=_request(idva_a, agencies), unit=unit)
    later = timezone.now() + timedelta(hours=25)
    assert unit_availability([unit], now=later)[unit.pk].state == UnitState.VACANT
    assert reservations_lapse(now=later) == 1
    assert Reservation.objects.get().state == ReservationState.EXPIRED
    second = reservation_create(by=idva_a, request=_request(idva_a, agencies), unit=unit, now=later)
    assert second.state == ReservationState.HELD


def test_it_refuses_a_unit_that_does_not_fit(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider, boys_max_age=12)
    with pytest.raises(ReservationConflictError) as refused:
        reservation_create(by=idva_a, request=_request(idva_a, agencies), unit=unit)
    assert refused.value.details == ["boys-age"]


def test_it_hides_units_and_requests_from_those_who_may_not_act(provider, idva_a, police_b, agencies) -> None:  # type: ignore[no-untyped-def]
    unit = _unit(provider)
    request = _request(idva_a, agencies)
    with pytest.raises(Http404):
        reservation_create(by=police_b, request=request, unit=unit)
    with pytest.raises(Http404):
        unit_create(
            by=idva_a,
            organisation=provider[0],
            name="X",
            accommodation_type="refuge",
            district=unit.district,
            max_household=2,
            genders=["female"],
        )
    assert UnitStatus.objects.filter(unit=unit).count() == 1


def test_it_will_not_mark_a_reserved_unit_vacant(provider, idva_a, agencies) -> None:  # type: ignore[no-untyped-def]
    from vawg.provision.services.accommodation import unit_status_record

    unit = _unit(provider)
    reservation_create(by=idva_a, request=_request(idva_a, agencies), unit=unit)
    with pytest.raises(ValidationError):
        unit_status_record(by=provider[1], unit=unit, state=UnitState.OUT_OF_USE)
