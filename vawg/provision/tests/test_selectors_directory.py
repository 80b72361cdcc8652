"""The one directory filter: every field must fit; empty fields match everything."""

from __future__ import annotations

import pytest

from vawg.accounts.tests.factories import DistrictFactory
from vawg.provision.models import Service
from vawg.provision.selectors.directory import ServiceFilter, services_matching
from vawg.provision.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _names(wanted: ServiceFilter) -> set[str]:
    return set(services_matching(Service.objects.all(), wanted).values_list("name", flat=True))


def test_it_matches_forms_of_abuse_exactly_not_by_substring() -> None:
    ServiceFactory(name="Stalking", forms_of_abuse=["stalking"])
    ServiceFactory(name="Domestic", forms_of_abuse=["domestic-abuse", "coercive-control"])
    assert _names(ServiceFilter(form_of_abuse="stalking")) == {"Stalking"}
    assert _names(ServiceFilter(form_of_abuse="coercive-control")) == {"Domestic"}
    assert _names(ServiceFilter()) == {"Stalking", "Domestic"}


def test_it_matches_a_district_when_countywide_or_listed() -> None:
    watford, dacorum = DistrictFactory(slug="watford"), DistrictFactory(slug="dacorum")
    ServiceFactory(name="County", countywide=True)
    local = ServiceFactory(name="Watford only", countywide=False)
    local.districts.add(watford)
    ServiceFactory(name="Dacorum only", countywide=False).districts.add(dacorum)
    assert _names(ServiceFilter(district="watford")) == {"County", "Watford only"}


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (15, {"Any age", "Young"}),
        (16, {"Any age", "Young", "Adults"}),
        (24, {"Any age", "Young", "Adults"}),
        (25, {"Any age", "Adults"}),
    ],
)
def test_it_matches_an_age_within_the_bounds(age: int, expected: set[str]) -> None:
    ServiceFactory(name="Any age")
    ServiceFactory(name="Young", minimum_age=11, maximum_age=24)
    ServiceFactory(name="Adults", minimum_age=16)
    assert _names(ServiceFilter(age=age)) == expected


def test_it_matches_a_language_spoken_or_through_interpreters() -> None:
    ServiceFactory(name="Polish", languages=["en", "pl"])
    ServiceFactory(name="Interpreters", languages=["en"], interpreters_available=True)
    ServiceFactory(name="English", languages=["en"])
    assert _names(ServiceFilter(language="pl")) == {"Polish", "Interpreters"}
