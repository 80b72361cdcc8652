"""Canary: where a refuge is never reaches a finder page or a feed answer (docs/open-referral.md).

A confidential-location service is given units with canary addresses in canary districts; every finder
page and every feed answer (the list, the service, the terms, with every filter that could select it)
is searched for the address, the postcode and the district's name.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vawg.accounts.tests.factories import DistrictFactory
from vawg.provision.tests.factories import ServiceFactory, UnitFactory

pytestmark = pytest.mark.django_db

CANARY_STREET = "17 Canarywharf Mews"
CANARY_POSTCODE = "ZZ9 9ZQ"
CANARY_DISTRICT = "Canarybury"
CANARY_SLUG = "canarybury"
CANARIES = (CANARY_STREET, CANARY_POSTCODE, CANARY_DISTRICT, "Canarywharf", "ZZ9")


@pytest.fixture
def refuge() -> object:
    district = DistrictFactory(name=CANARY_DISTRICT, slug=CANARY_SLUG)
    service = ServiceFactory(
        name="Safe house",
        confidential_location=True,
        countywide=False,
        service_types=["safe-accommodation"],
        opening_times="Staffed 24 hours",
        languages=["en"],
        public_url="https://example.org/safe-house",
    )
    service.districts.add(district)
    for number in range(2):
        UnitFactory(
            organisation=service.organisation,
            service=service,
            district=district,
            name=f"Room {number}",
            address=f"{CANARY_STREET} flat {number}, {CANARY_DISTRICT} {CANARY_POSTCODE}",
        )
    return service


def _assert_clean(text: str, where: str) -> None:
    for canary in CANARIES:
        assert canary.lower() not in text.lower(), f"{canary!r} leaked in {where}"


def test_it_never_shows_where_a_refuge_is_on_the_finder(client: Client, refuge: object) -> None:
    url = reverse("find_support:service_find")
    queries = ["", "?safe_place=on", "?situation=partner-or-family", f"?district={CANARY_SLUG}", "?age=30&language=en"]
    for query in queries:
        response = client.get(f"{url}{query}")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Safe house" in html, query  # the service is found...
        # ...but the district select offers every district by name, so look only at the results.
        _assert_clean(html.split('id="results"', 1)[1], f"finder {query}")


def test_it_never_publishes_where_a_refuge_is_in_the_feed(client: Client, refuge: object) -> None:
    feed = "/api/v1/openreferral"
    paths = [
        "/",
        "/services",
        "/services?taxonomy_term_id=vawgServiceType:safe-accommodation",
        f"/services?search={CANARY_DISTRICT}",
        f"/services/{refuge.pk}",  # type: ignore[attr-defined]
        "/taxonomy_terms?per_page=100",
    ]
    for path in paths:
        response = client.get(f"{feed}{path}", REMOTE_ADDR="192.0.2.20")
        assert response.status_code == 200, path
        _assert_clean(response.content.decode(), f"feed {path}")
    body = client.get(f"{feed}/services/{refuge.pk}", REMOTE_ADDR="192.0.2.20").json()  # type: ignore[attr-defined]
    assert body["service_at_locations"] == []
    assert [area["name"] for area in body["service_areas"]] == ["Everywhere the Hertfordshire VAWG Partnership covers"]


def test_it_finds_the_refuge_by_its_canary_district_without_naming_it(client: Client, refuge: object) -> None:
    """Choosing the district still finds the refuge (it serves there), but nothing says it is there."""
    html = client.get(reverse("find_support:service_find") + f"?district={CANARY_SLUG}").content.decode()
    results = html.split('id="results"', 1)[1]
    assert "Safe house" in results
    _assert_clean(results, "results for the canary district")
