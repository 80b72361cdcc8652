"""The serial rule, a pure function: the window's edges, ages, and victims counted once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.intelligence.rules.serial import (
    SERIAL_PARAMETERS,
    Encounter,
    age_on,
    counts,
    in_window,
    serial_assessment,
)

ON = date(2026, 6, 15)


def days_before(days: int) -> date:
    return ON - timedelta(days=days)


def test_it_uses_the_documented_parameters() -> None:
    assert (SERIAL_PARAMETERS.window_days, SERIAL_PARAMETERS.minimum_victims, SERIAL_PARAMETERS.minimum_age) == (
        1_095,
        2,
        16,
    )


@pytest.mark.parametrize(
    ("days", "inside"),
    [(0, True), (1, True), (1_094, True), (1_095, False), (1_096, False), (-1, False)],
)
def test_it_holds_the_window_to_1095_days_up_to_and_including_the_day(days: int, inside: bool) -> None:
    assert in_window(days_before(days), on=ON) is inside


# (encounters, expected flag, expected victims counted)
CASES = [
    ("none", [], False, 0),
    ("one victim", [Encounter("v1", days_before(10))], False, 1),
    ("one victim twice", [Encounter("v1", days_before(10)), Encounter("v1", days_before(400))], False, 1),
    ("two victims", [Encounter("v1", days_before(10)), Encounter("v2", days_before(1_094))], True, 2),
    ("second victim a day too old", [Encounter("v1", days_before(10)), Encounter("v2", days_before(1_095))], False, 1),
    (
        "linked records of one victim (the caller passes the cluster's representative)",
        [Encounter("cluster-1", days_before(5)), Encounter("cluster-1", days_before(50))],
        False,
        1,
    ),
    ("a day in the future", [Encounter("v1", ON), Encounter("v2", ON + timedelta(days=1))], False, 1),
    ("three victims", [Encounter(v, days_before(i)) for i, v in enumerate(["a", "b", "c"])], True, 3),
    (
        "victim aged 15 on the day",
        [Encounter("v1", days_before(1), victim_age=30), Encounter("v2", days_before(1), victim_age=15)],
        False,
        1,
    ),
    (
        "person causing harm aged 15 on the day",
        [Encounter("v1", days_before(1), harmer_age=15), Encounter("v2", days_before(1), harmer_age=15)],
        False,
        0,
    ),
    (
        "ages not known count as 16 or over",
        [Encounter("v1", days_before(1)), Encounter("v2", days_before(2), victim_age=None, harmer_age=None)],
        True,
        2,
    ),
]


@pytest.mark.parametrize(("name", "encounters", "flag", "victims"), CASES, ids=[c[0] for c in CASES])
def test_it_flags_two_victims_in_the_window(name: str, encounters: list[Encounter], flag: bool, victims: int) -> None:
    result = serial_assessment(encounters, on=ON)
    assert (result.is_serial, result.victims) == (flag, victims)
    assert result.version == SERIAL_PARAMETERS.version


@pytest.mark.parametrize(
    ("encounter_day", "counted"),
    [(date(2026, 3, 3), False), (date(2026, 3, 4), True), (date(2026, 3, 5), True)],
)
def test_it_counts_a_victim_from_their_16th_birthday(encounter_day: date, counted: bool) -> None:
    born = date(2010, 3, 4)
    encounter = Encounter("v", encounter_day, victim_age=age_on(born, encounter_day))
    assert counts(encounter, on=ON) is counted


def test_it_counts_a_victim_born_on_29_february_from_1_march() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2024, 2, 28)) == 15
    assert age_on(born, date(2024, 2, 29)) == 16
    assert age_on(born, date(2025, 2, 28)) == 16
    assert age_on(None, date(2025, 2, 28)) is None


encounters = st.lists(
    st.builds(
        Encounter,
        victim=st.sampled_from(["a", "b", "c", "d"]),
        on=st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
        victim_age=st.one_of(st.none(), st.integers(min_value=0, max_value=90)),
        harmer_age=st.one_of(st.none(), st.integers(min_value=0, max_value=90)),
    ),
    max_size=8,
)
days = st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 6, 30))


@given(encounters, st.builds(Encounter, victim=st.sampled_from(["a", "e"]), on=days), days)
def test_it_never_clears_the_flag_when_an_encounter_is_added(
    found: list[Encounter], extra: Encounter, on: date
) -> None:
    before = serial_assessment(found, on=on)
    after = serial_assessment([*found, extra], on=on)
    assert after.victims >= before.victims
    assert not (before.is_serial and not after.is_serial)


@given(encounters, encounters, days)
def test_it_ignores_encounters_outside_the_window(found: list[Encounter], others: list[Encounter], on: date) -> None:
    outside = [e for e in others if not in_window(e.on, on=on)]
    assert serial_assessment([*found, *outside], on=on) == serial_assessment(found, on=on)


@given(encounters, days)
def test_it_does_not_depend_on_the_order_of_encounters(found: list[Encounter], on: date) -> None:
    assert serial_assessment(found, on=on) == serial_assessment(list(reversed(found)), on=on)
