"""The matching rule (vawg/provision/rules.py): every rule at its edges, the order of reasons and matches,
and invariants that hold for any household and any units (hypothesis)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.provision.rules import (
    PREFERENCES,
    REASONS,
    Child,
    Household,
    MatchResult,
    Needs,
    Preferences,
    UnitOffer,
    exclusion_reasons,
    match_units,
)

ON = date(2026, 12, 5)
GIRL_7 = Child(age=7, sex="female")
BOY_7 = Child(age=7, sex="male")


def _unit(**changes: Any) -> UnitOffer:
    """A unit that takes the default household (one woman of 34 and a boy of 7) on ``ON``."""
    fields: dict[str, Any] = {
        "id": "u1",
        "district": "stevenage",
        "available_from": ON,
        "max_household": 3,
        "max_children": 2,
        "boys_max_age": 12,
        "genders": frozenset({"female"}),
        "min_age": 18,
        "wheelchair": False,
        "pets": False,
        "nrpf_accepted": False,
        "languages": frozenset({"en"}),
        "specialisms": frozenset(),
    }
    return UnitOffer(**{**fields, **changes})


def _household(**changes: Any) -> Household:
    fields: dict[str, Any] = {"adults": 1, "children": (BOY_7,), "survivor_age": 34, "survivor_gender": "female"}
    return Household(**{**fields, **changes})


def _reasons(
    unit: UnitOffer,
    household: Household | None = None,
    needs: Needs | None = None,
    avoid: frozenset[str] = frozenset(),
    on: date = ON,
) -> tuple[str, ...]:
    return exclusion_reasons(
        unit, on=on, household=household or _household(), needs=needs or Needs(), excluded_districts=avoid
    )


# (case, unit changes, household changes, needs, districts to avoid, reasons expected)
CASES: list[tuple[str, dict[str, Any], dict[str, Any], Needs, frozenset[str], tuple[str, ...]]] = [
    ("fits", {}, {}, Needs(), frozenset(), ()),
    ("household exactly at max_household", {"max_household": 2}, {}, Needs(), frozenset(), ()),
    ("household one over max_household", {"max_household": 1}, {}, Needs(), frozenset(), ("household-size",)),
    (
        "two adults and a child at max_household",
        {"max_household": 3},
        {"adults": 2},
        Needs(),
        frozenset(),
        (),
    ),
    ("children equal to max_children", {"max_children": 1}, {}, Needs(), frozenset(), ()),
    ("one child over max_children", {"max_children": 0}, {}, Needs(), frozenset(), ("children-count",)),
    ("no children, unit takes none", {"max_children": 0}, {"children": ()}, Needs(), frozenset(), ()),
    ("boy's age equal to boys_max_age", {"boys_max_age": 7}, {}, Needs(), frozenset(), ()),
    ("boy one year over boys_max_age", {"boys_max_age": 6}, {}, Needs(), frozenset(), ("boys-age",)),
    (
        "girl older than boys_max_age",
        {"boys_max_age": 6},
        {"children": (Child(age=15, sex="female"),)},
        Needs(),
        frozenset(),
        (),
    ),
    (
        "boys_max_age None: no limit",
        {"boys_max_age": None},
        {"children": (Child(age=17, sex="male"),)},
        Needs(),
        frozenset(),
        (),
    ),
    (
        "one boy too old among several children",
        {"boys_max_age": 12, "max_children": 3, "max_household": 4},
        {"children": (GIRL_7, BOY_7, Child(age=13, sex="male"))},
        Needs(),
        frozenset(),
        ("boys-age",),
    ),
    ("gender taken", {"genders": frozenset({"female", "non-binary"})}, {}, Needs(), frozenset(), ()),
    ("gender not taken", {"genders": frozenset({"male"})}, {}, Needs(), frozenset(), ("gender",)),
    ("survivor_age equal to min_age", {"min_age": 34}, {}, Needs(), frozenset(), ()),
    ("survivor one year under min_age", {"min_age": 35}, {}, Needs(), frozenset(), ("min-age",)),
    ("wheelchair wanted and offered", {"wheelchair": True}, {}, Needs(wheelchair=True), frozenset(), ()),
    ("wheelchair wanted, not offered", {}, {}, Needs(wheelchair=True), frozenset(), ("wheelchair",)),
    ("wheelchair offered, not wanted", {"wheelchair": True}, {}, Needs(), frozenset(), ()),
    ("pets wanted and taken", {"pets": True}, {}, Needs(pets=True), frozenset(), ()),
    ("pets wanted, not taken", {}, {}, Needs(pets=True), frozenset(), ("pets",)),
    ("nrpf and accepted", {"nrpf_accepted": True}, {}, Needs(nrpf=True), frozenset(), ()),
    ("nrpf, not accepted", {}, {}, Needs(nrpf=True), frozenset(), ("nrpf",)),
    ("in an excluded district", {}, {}, Needs(), frozenset({"stevenage"}), ("excluded-district",)),
    ("another district excluded", {}, {}, Needs(), frozenset({"watford"}), ()),
    ("available_from equal to on", {"available_from": ON}, {}, Needs(), frozenset(), ()),
    ("available before on", {"available_from": ON - timedelta(days=4)}, {}, Needs(), frozenset(), ()),
    (
        "available the day after on",
        {"available_from": ON + timedelta(days=1)},
        {},
        Needs(),
        frozenset(),
        ("not-available",),
    ),
    ("available_from None", {"available_from": None}, {}, Needs(), frozenset(), ("not-available",)),
    (
        "every reason at once, in the documented order",
        {
            "max_household": 1,
            "max_children": 0,
            "boys_max_age": 3,
            "genders": frozenset({"male"}),
            "min_age": 40,
            "available_from": None,
        },
        {},
        Needs(wheelchair=True, pets=True, nrpf=True),
        frozenset({"stevenage"}),
        REASONS,
    ),
    (
        "several reasons, in the documented order",
        {"available_from": None, "genders": frozenset({"male"}), "max_household": 1},
        {},
        Needs(pets=True),
        frozenset(),
        ("household-size", "gender", "pets", "not-available"),
    ),
]


@pytest.mark.parametrize(
    ("unit_changes", "household_changes", "needs", "avoid", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_it_gives_each_reason_at_its_edge(
    unit_changes: dict[str, Any],
    household_changes: dict[str, Any],
    needs: Needs,
    avoid: frozenset[str],
    expected: tuple[str, ...],
) -> None:
    unit = _unit(**unit_changes)
    household = _household(**household_changes)
    assert _reasons(unit, household, needs, avoid) == expected
    result = match_units(
        [unit], on=ON, household=household, needs=needs, preferences=Preferences(), excluded_districts=avoid
    )
    if expected:
        assert result.matches == () and [(e.id, e.reasons) for e in result.excluded] == [("u1", expected)]
    else:
        assert [m.id for m in result.matches] == ["u1"] and result.excluded == ()


def test_it_lists_the_reasons_in_the_documented_order() -> None:
    assert REASONS == (
        "household-size",
        "children-count",
        "boys-age",
        "gender",
        "min-age",
        "wheelchair",
        "pets",
        "nrpf",
        "excluded-district",
        "not-available",
    )
    assert PREFERENCES == ("language", "specialism")


def test_it_matches_nothing_from_no_units() -> None:
    result = match_units([], on=ON, household=_household(), needs=Needs(), preferences=Preferences())
    assert result == MatchResult()


@pytest.mark.parametrize(
    ("languages", "specialisms", "expected"),
    [
        (frozenset(), frozenset(), ()),
        (frozenset({"pl"}), frozenset(), ("language",)),
        (frozenset(), frozenset({"deaf"}), ("specialism",)),
        (frozenset({"pl", "en"}), frozenset({"deaf", "lgbt-plus"}), ("language", "specialism")),
        (frozenset({"ro"}), frozenset({"older-people"}), ()),
    ],
)
def test_it_lists_the_preferences_met_in_order(
    languages: frozenset[str], specialisms: frozenset[str], expected: tuple[str, ...]
) -> None:
    unit = _unit(languages=languages, specialisms=specialisms)
    wanted = Preferences(languages=frozenset({"pl"}), specialisms=frozenset({"deaf"}))
    result = match_units([unit], on=ON, household=_household(), needs=Needs(), preferences=wanted)
    assert result.matches[0].preferences_met == expected


def test_it_orders_matches_by_preferences_met_then_day_free_then_id() -> None:
    early, late = ON - timedelta(days=3), ON
    units = [
        _unit(id="c-none-early", available_from=early),
        _unit(id="b-one-late", available_from=late, languages=frozenset({"pl"})),
        _unit(id="a-one-late", available_from=late, specialisms=frozenset({"deaf"})),
        _unit(id="d-one-early", available_from=early, languages=frozenset({"pl"})),
        _unit(id="e-both-late", available_from=late, languages=frozenset({"pl"}), specialisms=frozenset({"deaf"})),
        _unit(id="f-excluded", max_household=1),
    ]
    wanted = Preferences(languages=frozenset({"pl"}), specialisms=frozenset({"deaf"}))
    result = match_units(units, on=ON, household=_household(), needs=Needs(), preferences=wanted)
    assert [m.id for m in result.matches] == ["e-both-late", "d-one-early", "a-one-late", "b-one-late", "c-none-early"]
    assert [e.id for e in result.excluded] == ["f-excluded"]


def test_it_keeps_the_excluded_units_in_the_order_given() -> None:
    units = [_unit(id=name, available_from=None) for name in ("z", "a", "m")]
    result = match_units(units, on=ON, household=_household(), needs=Needs(), preferences=Preferences())
    assert [e.id for e in result.excluded] == ["z", "a", "m"]


# --- invariants --------------------------------------------------------------------------------------

DISTRICTS = ("stevenage", "watford", "dacorum", "hertsmere")
LANGUAGE_CODES = ("en", "pl", "ro", "ur")
SPECIALISM_CODES = ("deaf", "lgbt-plus", "black-minoritised")
GENDERS = ("female", "male", "non-binary")

children = st.builds(Child, age=st.integers(0, 17), sex=st.sampled_from(("female", "male")))
households = st.builds(
    Household,
    adults=st.integers(1, 3),
    children=st.lists(children, max_size=5).map(tuple),
    survivor_age=st.integers(16, 90),
    survivor_gender=st.sampled_from(GENDERS),
)
needs_strategy = st.builds(Needs, wheelchair=st.booleans(), pets=st.booleans(), nrpf=st.booleans())
preferences_strategy = st.builds(
    Preferences,
    languages=st.frozensets(st.sampled_from(LANGUAGE_CODES)),
    specialisms=st.frozensets(st.sampled_from(SPECIALISM_CODES)),
)


def _offer(number: int, draw_unit: dict[str, Any]) -> UnitOffer:
    return UnitOffer(id=f"u{number:03d}", **draw_unit)


unit_fields = st.fixed_dictionaries(
    {
        "district": st.sampled_from(DISTRICTS),
        "available_from": st.one_of(st.none(), st.dates(ON - timedelta(days=10), ON + timedelta(days=10))),
        "max_household": st.integers(1, 8),
        "max_children": st.integers(0, 6),
        "boys_max_age": st.one_of(st.none(), st.integers(0, 17)),
        "genders": st.frozensets(st.sampled_from(GENDERS), min_size=1),
        "min_age": st.integers(16, 60),
        "wheelchair": st.booleans(),
        "pets": st.booleans(),
        "nrpf_accepted": st.booleans(),
        "languages": st.frozensets(st.sampled_from(LANGUAGE_CODES)),
        "specialisms": st.frozensets(st.sampled_from(SPECIALISM_CODES)),
    }
)
unit_lists = st.lists(unit_fields, max_size=25).map(
    lambda drawn: [_offer(number, fields) for number, fields in enumerate(drawn)]
)
avoid_strategy = st.frozensets(st.sampled_from(DISTRICTS))


def _match(
    units: list[UnitOffer], household: Household, needs: Needs, preferences: Preferences, avoid: frozenset[str]
) -> MatchResult:
    return match_units(
        units, on=ON, household=household, needs=needs, preferences=preferences, excluded_districts=avoid
    )


def _ids(result: MatchResult) -> set[str]:
    return {match.id for match in result.matches}


@settings(max_examples=200, deadline=None)
@given(unit_lists, households, needs_strategy, preferences_strategy, avoid_strategy)
def test_it_matches_a_unit_exactly_when_it_has_no_reason(
    units: list[UnitOffer], household: Household, needs: Needs, preferences: Preferences, avoid: frozenset[str]
) -> None:
    result = _match(units, household, needs, preferences, avoid)
    by_id = {unit.id: unit for unit in units}
    for match in result.matches:
        assert _reasons(by_id[match.id], household, needs, avoid) == ()
    for excluded in result.excluded:
        assert excluded.reasons and excluded.reasons == _reasons(by_id[excluded.id], household, needs, avoid)
        assert list(excluded.reasons) == sorted(excluded.reasons, key=REASONS.index)


@settings(max_examples=200, deadline=None)
@given(unit_lists, households, needs_strategy, preferences_strategy, avoid_strategy)
def test_it_lists_every_unit_exactly_once(
    units: list[UnitOffer], household: Household, needs: Needs, preferences: Preferences, avoid: frozenset[str]
) -> None:
    result = _match(units, household, needs, preferences, avoid)
    listed = [match.id for match in result.matches] + [excluded.id for excluded in result.excluded]
    assert sorted(listed) == sorted(unit.id for unit in units)


@settings(max_examples=200, deadline=None)
@given(unit_lists, households, preferences_strategy, avoid_strategy, st.sampled_from(("wheelchair", "pets", "nrpf")))
def test_it_never_adds_a_match_for_another_need(
    units: list[UnitOffer], household: Household, preferences: Preferences, avoid: frozenset[str], need: str
) -> None:
    before = Needs()
    after = dataclasses.replace(before, **{need: True})
    assert _ids(_match(units, household, after, preferences, avoid)) <= _ids(
        _match(units, household, before, preferences, avoid)
    )


@settings(max_examples=200, deadline=None)
@given(unit_lists, households, needs_strategy, preferences_strategy, avoid_strategy, children)
def test_it_never_adds_a_match_for_another_child(
    units: list[UnitOffer],
    household: Household,
    needs: Needs,
    preferences: Preferences,
    avoid: frozenset[str],
    child: Child,
) -> None:
    bigger = dataclasses.replace(household, children=(*household.children, child))
    assert _ids(_match(units, bigger, needs, preferences, avoid)) <= _ids(
        _match(units, household, needs, preferences, avoid)
    )


@settings(max_examples=200, deadline=None)
@given(unit_lists, households, needs_strategy, preferences_strategy, avoid_strategy, st.sampled_from(DISTRICTS))
def test_it_never_adds_a_match_for_another_district_to_avoid(
    units: list[UnitOffer],
    household: Household,
    needs: Needs,
    preferences: Preferences,
    avoid: frozenset[str],
    district: str,
) -> None:
    assert _ids(_match(units, household, needs, preferences, avoid | {district})) <= _ids(
        _match(units, household, needs, preferences, avoid)
    )


@settings(max_examples=200, deadline=None)
@given(unit_lists, households, needs_strategy, preferences_strategy, avoid_strategy)
def test_it_sorts_the_matches(
    units: list[UnitOffer], household: Household, needs: Needs, preferences: Preferences, avoid: frozenset[str]
) -> None:
    matches = _match(units, household, needs, preferences, avoid).matches
    keys = [(-len(match.preferences_met), match.available_from, match.id) for match in matches]
    assert keys == sorted(keys)
    for match in matches:
        assert list(match.preferences_met) == sorted(match.preferences_met, key=PREFERENCES.index)
