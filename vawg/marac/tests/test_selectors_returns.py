"""Reading the records into the return: the known fixture, worked out by hand, in a few queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vawg.marac.rules.returns import Period, quarter_of
from vawg.marac.selectors.returns import return_data, return_for
from vawg.marac.tests.returns_fixture import EXPECTED_Q1, EXPECTED_Q2, build_return_fixture

pytestmark = pytest.mark.django_db

Q1 = quarter_of(date(2026, 2, 1))
Q2 = quarter_of(date(2026, 5, 1))


def test_it_computes_the_return_of_the_known_fixture_by_hand() -> None:
    fixture = build_return_fixture()

    q2, missing = return_for(Q2, areas=[fixture.area])
    q1, _ = return_for(Q1, areas=[fixture.area])

    assert q2.as_api() == EXPECTED_Q2
    assert q1.as_api() == EXPECTED_Q1
    assert q2.children_unknown == 1
    assert q2.adult_female_population == 25_000
    assert missing == []


def test_it_adds_up_a_custom_period_across_both_quarters() -> None:
    fixture = build_return_fixture()

    figures, _ = return_for(Period(date(2026, 1, 1), date(2026, 6, 30)), areas=[fixture.area])

    assert figures.cases_discussed == 7
    assert figures.repeat_cases == 3
    assert figures.referrals_by_agency["police"] == 3
    assert figures.children_in_households == 10
    assert [d.isoformat() for d in figures.meeting_dates] == ["2026-02-12", "2026-05-14", "2026-06-11"]
    assert figures.cases_per_10k_adult_women == 2.8


def test_it_counts_the_meeting_in_london_time() -> None:
    fixture = build_return_fixture()

    july, _ = return_for(quarter_of(date(2026, 7, 1)), areas=[fixture.area])

    assert july.cases_discussed == 1
    assert july.children_in_households == 9
    assert [d.isoformat() for d in july.meeting_dates] == ["2026-07-01"]


def test_it_counts_every_area_when_none_is_chosen() -> None:
    build_return_fixture()

    figures, missing = return_for(Q2)

    assert figures.cases_discussed == 6
    assert figures.referrals_by_agency["probation"] == 1
    assert figures.children_in_households == 11
    assert [d.isoformat() for d in figures.meeting_dates] == ["2026-05-14", "2026-05-20", "2026-06-11"]
    # The other area has no districts, so the population is the fixture area's.
    assert figures.cases_per_10k_adult_women == 2.4
    assert missing == []


def test_it_names_districts_without_a_population_and_leaves_them_out() -> None:
    from vawg.accounts.tests.factories import DistrictFactory

    fixture = build_return_fixture()
    fixture.area.districts.add(DistrictFactory(name="Fixture East"))

    figures, missing = return_for(Q2, areas=[fixture.area])

    assert missing == ["Fixture East"]
    assert figures.adult_female_population == 25_000


def test_it_has_no_rate_without_any_population() -> None:
    fixture = build_return_fixture()

    figures, missing = return_for(Q2, areas=[fixture.other_area])

    assert figures.cases_discussed == 1
    assert figures.cases_per_10k_adult_women is None
    assert missing == []


def test_it_reads_the_records_in_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    fixture = build_return_fixture()

    with django_assert_max_num_queries(4):
        data = return_data(start=date(2024, 1, 1), end=date(2026, 12, 31), areas=[fixture.area])

    assert len(data.cases) == 8
