"""One live reservation per unit, however many workers reserve it at once.

The PostgreSQL tests start 50 reservations of one unit together (threads, each with its own connection:
vawg/core/tests/threads.py), through the service and through the API: exactly one wins. They need
``django_db(transaction=True)`` and run only on PostgreSQL (SQLite's in-memory test database refuses a
second writer instead of making it wait). The last test runs everywhere: the database's partial unique
index itself refuses a second live reservation, so the guarantee does not rest on the service's code alone.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from vawg.accounts.models import OrganisationType
from vawg.accounts.tests.factories import OrganisationFactory
from vawg.api.services import api_token_create
from vawg.cases.tests.factories import CaseFactory
from vawg.core.tests.threads import run_together
from vawg.provision.config import ReservationState
from vawg.provision.models import AccommodationRequest, Reservation, Unit
from vawg.provision.services.accommodation import RESERVED, ReservationConflictError, reservation_create
from vawg.provision.tests.factories import (
    AccommodationRequestFactory,
    ReservationFactory,
    UnitFactory,
    UnitStatusFactory,
)

TOGETHER = 50


def _free_unit() -> Unit:
    unit = UnitFactory(organisation=OrganisationFactory(type=OrganisationType.REFUGE_PROVIDER))
    UnitStatusFactory(unit=unit, available_from=unit.opened_on)
    return unit


def _requests(agencies: Any, idva: Any, count: int) -> list[AccommodationRequest]:
    return [
        AccommodationRequestFactory(case=CaseFactory(owning_organisation=agencies.a), created_by=idva)
        for _ in range(count)
    ]


def _one_each(items: list[Any]) -> Callable[[], Any]:
    """A callable that hands each thread the next item."""
    lock = threading.Lock()
    queue = list(items)

    def take() -> Any:
        with lock:
            return queue.pop()

    return take


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_fifty_reservations_made_together_through(agencies, idva_a) -> None:  # type: ignore[no-untyped-def]
    unit = _free_unit()
    take = _one_each(_requests(agencies, idva_a, TOGETHER))

    def reserve() -> str:
        try:
            reservation_create(by=idva_a, request=take(), unit=unit)
        except ReservationConflictError as conflict:
            return conflict.reason
        return "created"

    results = run_together(TOGETHER, reserve)

    assert sorted(results) == ["created"] + [RESERVED] * (TOGETHER - 1)
    assert Reservation.objects.filter(unit=unit).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_answers_one_201_and_forty_nine_409s_to_fifty_posts_together(agencies, idva_a) -> None:  # type: ignore[no-untyped-def]
    unit = _free_unit()
    token = api_token_create(user=idva_a, name="Test", by=idva_a)[1]
    take = _one_each(_requests(agencies, idva_a, TOGETHER))

    def post() -> tuple[int, str]:
        response = Client().post(
            f"/api/v1/accommodation/units/{unit.pk}/reservations",
            json.dumps({"request": str(take().pk)}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        return response.status_code, response.json().get("reason", "")

    results = run_together(TOGETHER, post)

    assert sorted(results) == [(201, "")] + [(409, RESERVED)] * (TOGETHER - 1)
    assert Reservation.objects.filter(unit=unit).count() == 1


@pytest.mark.django_db
def test_it_has_the_database_refuse_a_second_live_reservation_of_a_unit(agencies, idva_a) -> None:  # type: ignore[no-untyped-def]
    unit = _free_unit()
    first, second, third = _requests(agencies, idva_a, 3)
    ReservationFactory(unit=unit, request=first, created_by=idva_a)
    # Straight to the database, past the service and full_clean: the partial unique index refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(
            unit=unit, request=second, state=ReservationState.ACCEPTED, expires_at=first.created_at, created_by=idva_a
        )
    # A reservation that is over (lapsed, declined...) does not count: the index is partial.
    ReservationFactory(unit=unit, request=third, created_by=idva_a, state=ReservationState.EXPIRED)
    assert Reservation.objects.filter(unit=unit).count() == 2
