"""Canaries: units whose addresses carry a distinct street and postcode, and a request whose districts to avoid
and notes carry their own marks. No page of the accommodation journey shows an address to anyone but the
provider's own unit page and change form; no audit entry's details hold one; a provider never sees the
request's districts to avoid, its notes or the case reference."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Agencies
from vawg.accounts.models import OrganisationType, User
from vawg.accounts.roles import Role
from vawg.accounts.testing import SignedIn
from vawg.accounts.tests.factories import DistrictFactory, OrganisationFactory, user_with_role
from vawg.audit.models import AuditEntry
from vawg.cases.tests.factories import CaseFactory
from vawg.provision.config import Urgency
from vawg.provision.services.accommodation import (
    RequestInput,
    accommodation_request_raise,
    placement_start,
    reservation_accept,
    reservation_create,
    unit_create,
)

pytestmark = pytest.mark.django_db

STREET = "Canarywhistle Mews"
POSTCODE = "ZX9 9QK"
AVOID = "Perilbrook"
NOTES = "CanaryNote keep away from the school run"


def _shows_canary(body: str) -> bool:
    return any(mark.lower() in body.lower() for mark in (STREET, POSTCODE, "canarywhistle", "zx9 9qk"))


def test_it_never_shows_a_units_address_outside_its_providers_unit_pages(
    agencies: Agencies, idva_a: User, personas: dict[str, User | None], signed_in: SignedIn
) -> None:
    refuge = OrganisationFactory(name="Lantern Refuges", type=OrganisationType.REFUGE_PROVIDER)
    manager = user_with_role(Role.ACCOMMODATION_MANAGER, refuge, email="lantern.manager@example.invalid")
    home = DistrictFactory(slug="meadowford", name="Meadowford")
    other_district = DistrictFactory(slug="eastbury", name="Eastbury")
    avoid = DistrictFactory(slug="perilbrook", name=AVOID)  # where no unit is, so its name is a canary too
    units = [
        unit_create(
            by=manager,
            organisation=refuge,
            available_from=timezone.localdate(),
            name=f"Canary room {n}",
            accommodation_type="refuge",
            district=district,
            address=f"{n} {STREET}, Hightown {POSTCODE}",
            max_household=4,
            max_children=3,
            genders=["female"],
        )
        for n, district in ((1, home), (2, home), (3, other_district))
    ]
    case = CaseFactory(owning_organisation=agencies.a)
    answers = RequestInput(
        urgency=Urgency.TODAY,
        adults=1,
        children=[{"age": 6, "sex": "female"}],
        survivor_age=29,
        survivor_gender="female",
        excluded_districts=(avoid,),
        notes=NOTES,
    )
    request = accommodation_request_raise(by=idva_a, case=case, organisation=agencies.a, answers=answers)
    held = reservation_create(by=idva_a, request=request, unit=units[0])
    other = accommodation_request_raise(by=idva_a, case=case, organisation=agencies.a, answers=answers)
    accepted = reservation_create(by=idva_a, request=other, unit=units[1])
    reservation_accept(by=manager, reservation=accepted)
    placement = placement_start(by=manager, reservation=accepted)

    def url(name: str, **kwargs: object) -> str:
        return reverse(f"accommodation:{name}", kwargs=kwargs or None)

    worker_pages = [
        url("accommodation_home"),
        url("vacancy_list"),
        url("vacancy_list") + "?district=perilbrook",
        url("accommodation_request_list"),
        url("accommodation_request_detail", request_id=request.pk),
        url("accommodation_request_detail", request_id=other.pk),
        url("accommodation_request_close", request_id=request.pk),
        url("accommodation_request_withdraw", request_id=request.pk),
        url("reservation_survivor_decline", reservation_id=held.pk),
        url("reservation_cancel", reservation_id=held.pk),
        url("accommodation_request_create", case_id=case.pk),
        reverse("cases:case_detail", kwargs={"case_id": case.pk}),
    ]
    provider_pages = [
        url("accommodation_home"),
        url("unit_list"),
        url("reservation_list"),
        url("reservation_detail", reservation_id=held.pk),
        url("reservation_detail", reservation_id=accepted.pk),
        url("reservation_decline", reservation_id=held.pk),
        url("placement_list"),
        url("placement_end", placement_id=placement.pk),
        url("unit_status_record", unit_id=units[0].pk),
    ]
    own_unit_pages = [url("unit_detail", unit_id=units[0].pk), url("unit_change", unit_id=units[0].pk)]

    def bodies(client: Client, pages: list[str]) -> dict[str, str]:
        found = {}
        for page in pages:
            response = client.get(page)
            if response.status_code == 200:
                found[page] = response.content.decode()
        return found

    worker = bodies(signed_in(idva_a), worker_pages)
    assert len(worker) == len(worker_pages), "every worker page answered"
    assert "Canary room 1" in worker[url("vacancy_list")]  # the page shows the unit, so the check below can fail
    assert NOTES in worker[url("accommodation_request_detail", request_id=request.pk)]
    assert AVOID in worker[url("accommodation_request_detail", request_id=request.pk)]
    provider = bodies(signed_in(manager), provider_pages)
    assert len(provider) == len(provider_pages), "every provider page answered"
    own = bodies(signed_in(manager), own_unit_pages)
    assert all(_shows_canary(body) for body in own.values()) and len(own) == 2  # where it belongs

    leaks = [page for page, body in {**worker, **provider}.items() if _shows_canary(body)]
    assert not leaks, f"an address shows on {leaks}"
    for page, body in provider.items():
        assert NOTES not in body and AVOID not in body, f"{page} shows what only the worker may see"
        assert "Districts to avoid" not in body and "Notes" not in body
        assert case.reference not in body, f"{page} shows the case reference"

    # Everyone else: every page either refuses or shows no address.
    for name, user in personas.items():
        if user is None or user == idva_a:
            continue
        client = signed_in(user)
        for page in worker_pages + provider_pages + own_unit_pages:
            response = client.get(page)
            assert response.status_code != 200 or not _shows_canary(response.content.decode()), f"{name} on {page}"

    details = json.dumps(list(AuditEntry.objects.values_list("details", flat=True)), default=str)
    assert not _shows_canary(details) and NOTES not in details
