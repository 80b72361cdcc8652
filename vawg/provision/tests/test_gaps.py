"""The coverage-gap matrix: which services serve each cell, the referrals of the last 12 months in it (by
form, risk, district and age on the day), how few queries it takes, and small-number suppression that no
total can undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.accounts.tests.factories import DistrictFactory
from vawg.marac.rules.suppression import pinned
from vawg.people.tests.factories import PersonFactory
from vawg.provision.config import ServiceStatus
from vawg.provision.selectors.gaps import (
    AGE_LINES,
    AGE_NOT_KNOWN,
    ALL_LEVELS,
    COUNTY,
    NO_DISTRICT,
    RISK_COLUMNS,
    SECONDARY,
    Cell,
    GapMatrix,
    _name,
    _sums,
    gap_matrix,
    places,
    referral_texts,
    window,
)
from vawg.provision.tests.factories import ServiceFactory
from vawg.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 7, 15)
DA, STALKING = "domestic-abuse", "stalking"


@pytest.fixture(autouse=True)
def _mid_july_2026() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 7, 15, 9, tzinfo=UTC), tick=False):
        yield


def _referral(when: datetime | None = None, **fields: Any) -> None:
    with time_machine.travel(when or datetime(2026, 7, 1, 12, tzinfo=LONDON), tick=False):
        ReferralFactory(**fields)


def test_it_counts_the_active_services_that_serve_each_cell() -> None:
    north, south = DistrictFactory(slug="north", name="North"), DistrictFactory(slug="south", name="South")
    ServiceFactory()  # countywide, domestic abuse, every risk, every age
    local = ServiceFactory(
        countywide=False, forms_of_abuse=[DA, STALKING], risk_levels=["high"], minimum_age=18, maximum_age=25
    )
    local.districts.add(north)
    young = ServiceFactory(countywide=False, risk_levels=["standard"], maximum_age=17)
    young.districts.add(south)
    ServiceFactory(status=ServiceStatus.TEMPORARILY_CLOSED)  # not active: never counted

    matrix = gap_matrix(TODAY)

    def services(form: str, district: str, age: str, risk: str) -> int:
        return matrix.cell(form, district, age, risk).services

    assert services(DA, "north", "18-59", "high") == 2
    assert services(DA, "north", "18-59", "standard") == 1
    assert services(DA, "north", "18-59", "not-assessed") == 2  # every service takes people not yet assessed
    assert services(DA, "north", "60-plus", "high") == 1  # 18 to 25 does not reach 60
    assert services(DA, "south", "under-18", "standard") == 2
    assert services(DA, "south", "under-18", "medium") == 1
    assert services(DA, NO_DISTRICT, "18-59", "high") == 1  # only a countywide service is sure to serve them
    assert services(DA, "north", AGE_NOT_KNOWN, "high") == 1  # only a service with no age limit is sure to
    assert services(STALKING, "north", "18-59", "high") == 1
    assert services(STALKING, "south", "18-59", "high") == 0


def test_it_counts_each_referral_of_the_last_12_months_once_in_each_of_its_forms() -> None:
    DistrictFactory(slug="north", name="North")
    south = DistrictFactory(slug="south", name="South")
    north = south.__class__.objects.get(slug="north")
    _referral(forms_of_abuse=[DA, STALKING], risk_grade="high", district=north)
    _referral(forms_of_abuse=[DA], risk_grade="not-assessed", risk_tool="none", district=south)
    _referral(forms_of_abuse=[DA], risk_grade="medium", subject=PersonFactory(date_of_birth=None))
    # The window is 16 July 2025 to 15 July 2026, London time.
    _referral(datetime(2025, 7, 15, 23, 30, tzinfo=LONDON), district=north)  # too early
    _referral(datetime(2025, 7, 16, 0, 30, tzinfo=LONDON), district=north)  # 23:30 UTC on the 15th: in

    matrix = gap_matrix(TODAY)

    assert window(TODAY) == (date(2025, 7, 16), TODAY)
    assert matrix.cell(DA, "north", "18-59", "high").referrals == 1
    assert matrix.cell(STALKING, "north", "18-59", "high").referrals == 1
    assert matrix.cell(DA, "south", "18-59", "not-assessed").referrals == 1
    assert matrix.cell(DA, NO_DISTRICT, AGE_NOT_KNOWN, "medium").referrals == 1
    assert matrix.cell(DA, "north", "18-59", "medium").referrals == 1  # the factory's risk grade
    assert sum(cell.referrals for (form, *_rest), cell in matrix.cells.items() if form == DA) == 4


@pytest.mark.parametrize(
    ("date_of_birth", "group"),
    [
        (date(2008, 7, 16), "under-18"),  # 18 tomorrow
        (date(2008, 7, 15), "18-59"),  # 18 today
        (date(1966, 7, 16), "18-59"),  # 60 tomorrow
        (date(1966, 7, 15), "60-plus"),  # 60 today
    ],
)
def test_it_puts_each_referral_in_the_subjects_age_group_today(date_of_birth: date, group: str) -> None:
    _referral(subject=PersonFactory(date_of_birth=date_of_birth))

    matrix = gap_matrix(TODAY)

    assert {age for (_form, _district, age, _risk), cell in matrix.cells.items() if cell.referrals} == {group}


def test_it_moves_an_approximate_age_on_by_the_years_since_it_was_recorded() -> None:
    with time_machine.travel(datetime(2024, 5, 1, tzinfo=UTC), tick=False):
        older = PersonFactory(date_of_birth=None, approximate_age=58)  # 60 by 2026
        younger = PersonFactory(date_of_birth=None, approximate_age=16)  # 18 by 2026
    _referral(subject=older)
    _referral(subject=younger, forms_of_abuse=[STALKING])

    matrix = gap_matrix(TODAY)

    assert matrix.cell(DA, NO_DISTRICT, "60-plus", "medium").referrals == 1
    assert matrix.cell(STALKING, NO_DISTRICT, "18-59", "medium").referrals == 1


def test_it_reads_the_whole_matrix_in_four_queries(django_assert_max_num_queries: Any) -> None:
    for slug in ("north", "south", "east"):
        district = DistrictFactory(slug=slug, name=slug.title())
        ServiceFactory(countywide=False).districts.add(district)
        for _ in range(3):
            _referral(district=district)

    with django_assert_max_num_queries(4):
        gap_matrix(TODAY)


# --- Suppression -------------------------------------------------------------------------------------

DISTRICTS = (("north", "North"), ("south", "South"), (NO_DISTRICT, "District not recorded"))


def _matrix(counts: dict[tuple[str, str, str], int]) -> GapMatrix:
    return GapMatrix(
        since=date(2025, 7, 16),
        until=TODAY,
        districts=DISTRICTS,
        cells={(DA, *place): Cell(0, count) for place, count in counts.items()},
    )


def test_it_hides_small_counts_and_a_total_that_would_give_them_away() -> None:
    matrix = _matrix({("north", "18-59", "high"): 3, ("north", "18-59", "medium"): 12})

    texts = referral_texts(matrix, DA)

    assert texts["north", "18-59", "high"] == "fewer than 5"
    # The row total and the county column would each give the 3 away with the 12 shown: something more hides.
    row = [texts["north", "18-59", "medium"], texts["north", "18-59", ALL_LEVELS]]
    assert SECONDARY in row
    assert texts["south", "18-59", "high"] == "0"  # zero identifies nobody


cells = st.dictionaries(
    st.tuples(
        st.sampled_from([key for key, _n in DISTRICTS]),
        st.sampled_from(list(AGE_LINES)),
        st.sampled_from(list(RISK_COLUMNS)),
    ),
    st.integers(0, 12),
    max_size=10,
)


@settings(max_examples=40, deadline=None)
@given(cells)
def test_it_leaves_no_hidden_count_a_reader_can_work_out(counts: dict[tuple[str, str, str], int]) -> None:
    matrix = _matrix(counts)

    texts = referral_texts(matrix, DA)

    shown = {_name(place): text for place, text in texts.items()}
    hidden = {name for name, text in shown.items() if not text.replace(",", "").isdigit()}
    small = {name for name in hidden if shown[name] == "fewer than 5"}
    exact = {
        _name((district, age, column)): sum(
            count
            for (d, a, r), count in counts.items()
            if district in (COUNTY, d) and age == a and column in (ALL_LEVELS, r)
        )
        for district, age, column in places(matrix)
    }
    assert all(exact[name] >= 1 for name in hidden), "only non-zero counts are hidden"
    assert all(exact[name] >= 5 or name in hidden for name in exact if exact[name]), "every small count is hidden"
    assert all(int(shown[name].replace(",", "")) == exact[name] for name in exact if name not in hidden)
    assert not pinned(exact, list(_sums(matrix)), hidden=hidden, small=small, threshold=5)
