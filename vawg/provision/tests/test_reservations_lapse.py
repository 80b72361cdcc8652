"""Lapsing reservations past their time: ``manage.py reservations_lapse`` and the unit it frees."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from vawg.accounts.models import OrganisationType
from vawg.accounts.tests.factories import OrganisationFactory
from vawg.api.services import api_token_create
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import ReservationState, UnitState
from vawg.provision.models import Reservation, Unit
from vawg.provision.selectors.accommodation import unit_availability
from vawg.provision.services.accommodation import reservation_create
from vawg.provision.tests.factories import AccommodationRequestFactory, UnitFactory, UnitStatusFactory

pytestmark = pytest.mark.django_db


def _free_unit() -> Unit:
    unit = UnitFactory(organisation=OrganisationFactory(type=OrganisationType.REFUGE_PROVIDER))
    UnitStatusFactory(unit=unit, available_from=unit.opened_on)
    return unit


def _request(agencies: Any, idva: Any) -> Any:
    return AccommodationRequestFactory(case=CaseFactory(owning_organisation=agencies.a), created_by=idva)


def _lapse() -> str:
    out = StringIO()
    call_command("reservations_lapse", stdout=out)
    return out.getvalue()


def test_it_lapses_reservations_past_their_time_and_says_how_many(agencies, idva_a, time_machine) -> None:  # type: ignore[no-untyped-def]
    held = reservation_create(by=idva_a, request=_request(agencies, idva_a), unit=_free_unit())
    still = reservation_create(by=idva_a, request=_request(agencies, idva_a), unit=_free_unit())
    Reservation.objects.filter(pk=still.pk).update(expires_at=timezone.now() + timedelta(hours=48))

    assert _lapse() == "Lapsed 0 reservation(s).\n"
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    assert _lapse() == "Lapsed 1 reservation(s).\n"

    held.refresh_from_db()
    still.refresh_from_db()
    assert (held.state, still.state) == (ReservationState.EXPIRED, ReservationState.HELD)
    entry = AuditEntry.objects.get(action="provision.reservation.lapse")
    assert entry.system_job == "reservations_lapse" and entry.object_id == str(held.pk)
    assert held.state_changes.latest("created_at").system_job == "reservations_lapse"
    assert _lapse() == "Lapsed 0 reservation(s).\n"  # nothing twice


def test_it_frees_the_unit_of_a_lapsed_reservation_for_another_request(agencies, idva_a, time_machine) -> None:  # type: ignore[no-untyped-def]
    unit = _free_unit()
    reservation_create(by=idva_a, request=_request(agencies, idva_a), unit=unit)
    assert unit_availability([unit])[unit.pk].state == UnitState.RESERVED
    token = api_token_create(user=idva_a, name="Test", by=idva_a)[1]

    def reserve() -> Any:
        return Client().post(
            f"/api/v1/accommodation/units/{unit.pk}/reservations",
            json.dumps({"request": str(_request(agencies, idva_a).pk)}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert reserve().status_code == 409
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    _lapse()
    assert unit_availability([unit])[unit.pk].state == UnitState.VACANT
    response = reserve()
    assert response.status_code == 201
    assert Reservation.objects.filter(unit=unit, state=ReservationState.HELD).count() == 1
