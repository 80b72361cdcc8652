"""Every breakdown of the Part 4 return adds up to its total, over generated records (compute_part4 is pure)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.provision.config import (
    MOVE_ON_DESTINATIONS,
    SPECIALIST_CHARACTERISTICS,
    SUPPORT_ENDED_REASONS,
    UNABLE_TO_SUPPORT_REASONS,
    AccommodationType,
    Gender,
)
from vawg.provision.selectors.part4 import (
    CHILDREN,
    PROTECTED_CHARACTERISTICS,
    Bedspaces,
    Counted,
    FinancialYear,
    Part4Return,
    PlacementFact,
    compute_part4,
)

YEAR = FinancialYear(2025)
DISTRICTS = ["Northbury", "Southwick", ""]
# Codes from the configuration, an empty code and one that is not in it (an old code).
codes = lambda known: st.sampled_from([*known, "", "retired-code"])  # noqa: E731


@st.composite
def placements(draw: st.DrawFn) -> PlacementFact:
    started = draw(st.dates(date(2023, 1, 1), date(2027, 6, 1)))
    ended = draw(st.none() | st.integers(0, 900).map(lambda days: started + timedelta(days=days)))
    return PlacementFact(
        accommodation_type=draw(st.sampled_from(AccommodationType.values)),
        district=draw(st.sampled_from(DISTRICTS)),
        started_on=started,
        ended_on=ended,
        end_reason=draw(codes(SUPPORT_ENDED_REASONS)) if ended else "",
        move_on=draw(codes(MOVE_ON_DESTINATIONS)) if ended else "",
        adults=draw(st.integers(1, 4)),
        children=draw(st.integers(0, 6)),
        survivor_gender=draw(st.sampled_from([*Gender.values, ""])),
        survivor_age=draw(st.integers(16, 120)),
        characteristics=tuple(draw(st.lists(st.sampled_from(list(SPECIALIST_CHARACTERISTICS)), max_size=4))),
        equality={
            name: draw(st.sampled_from(["", *answers])) for name, (_label, answers) in PROTECTED_CHARACTERISTICS.items()
        },
    )


counted = st.builds(
    Counted, code=codes(UNABLE_TO_SUPPORT_REASONS), district=st.sampled_from(DISTRICTS), count=st.integers(1, 9)
)
beds = st.builds(
    Bedspaces,
    accommodation_type=st.sampled_from(AccommodationType.values),
    district=st.sampled_from(DISTRICTS),
    bedspaces=st.integers(0, 12),
)


def _assert_adds_up(figures: Part4Return) -> None:
    households = figures.households_supported
    assert sum(figures.households_supported_by_type.values()) == households
    assert set(AccommodationType.values) <= set(figures.households_supported_by_type)
    assert sum(figures.unable_to_support_by_reason.values()) == figures.unable_to_support
    assert set(UNABLE_TO_SUPPORT_REASONS) <= set(figures.unable_to_support_by_reason)
    for breakdown in (
        figures.support_ended_by_reason,
        figures.support_ended_by_move_on,
        figures.support_ended_by_setting,
    ):
        assert sum(breakdown.values()) == figures.support_ended
    assert figures.support_ended <= households
    assert figures.individuals_supported[CHILDREN] == figures.children_supported
    assert sum(figures.survivor_age_bands.values()) == households
    for answers in figures.protected_characteristics.values():
        assert sum(answers.values()) == households
    assert figures.survivors_with_no_characteristic <= households
    assert all(count <= households for count in figures.specialist_characteristics.values())
    assert sum(figures.bedspaces_by_type.values()) == figures.bedspaces
    districts = figures.districts
    assert sum(row.households_supported for row in districts) == households
    assert sum(row.unable_to_support for row in districts) == figures.unable_to_support
    assert sum(row.support_ended for row in districts) == figures.support_ended
    assert sum(row.bedspaces for row in districts) == figures.bedspaces


@settings(max_examples=150, deadline=None)
@given(
    st.lists(placements(), max_size=40),
    st.lists(counted, max_size=15),
    st.lists(counted, max_size=10),
    st.lists(beds, max_size=15),
)
def test_it_adds_every_breakdown_up_to_its_total(
    facts: list[PlacementFact], closures: list[Counted], declines: list[Counted], units: list[Bedspaces]
) -> None:
    figures = compute_part4(
        YEAR,
        placements=facts,
        closures=closures,
        provider_declines=declines,
        units=units,
        districts=["Northbury", "Southwick", "Westmoor"],
    )

    _assert_adds_up(figures)
    adults = sum(
        fact.adults
        for fact in facts
        if fact.started_on <= YEAR.end and (fact.ended_on is None or fact.ended_on >= YEAR.start)
    )
    assert sum(figures.individuals_supported.values()) == adults + figures.children_supported
    assert sum(figures.provider_declines_by_reason.values()) == sum(decline.count for decline in declines)


def test_it_lists_every_district_even_with_nothing_in_it() -> None:
    figures = compute_part4(YEAR, placements=[], closures=[], districts=["Westmoor"])

    assert [row.district for row in figures.districts] == ["Westmoor"]
    assert figures.households_supported_by_type == dict.fromkeys(AccommodationType.values, 0)
