"""Normalisation and the nickname table of the linkage engine (pure: no Splink, no database)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.intelligence.linkage import config
from vawg.intelligence.linkage.normalise import (
    canonical_given_names,
    dates,
    family_names,
    given_names,
    normalise,
    phones,
    postcode_district,
    postcode_sector,
    postcodes,
    swapped_dates,
)


def plain(value):  # type: ignore[no-untyped-def]
    return None if value is None or value is pd.NA else value


def one(function, value):  # type: ignore[no-untyped-def]
    return plain(function(pd.Series([value])).iloc[0])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Robert ", "robert"), ("ZOË", "zoe"), ("Mary-Jane", "mary"), ("Anne  Marie", "anne"), ("", None), (None, None)],
)
def test_it_normalises_given_names(raw: str | None, expected: str | None) -> None:
    assert one(given_names, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("O'Brien", "obrien"), ("Smith-Jones", "smithjones"), (" de la  Cruz ", "delacruz"), ("MÜLLER", "muller")],
)
def test_it_normalises_family_names(raw: str, expected: str) -> None:
    assert one(family_names, raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("bob", "robert"),
        ("rob", "robert"),
        ("kate", "catherine"),
        ("katie", "catherine"),
        ("bill", "william"),
        ("will", "william"),
        ("peggy", "margaret"),
        ("sandy", "alexandra"),
        ("jim", "james"),
    ],
)
def test_it_gives_nicknames_a_shared_canonical_name(a: str, b: str) -> None:
    left, right = canonical_given_names(pd.Series([a, b]))
    assert set(left) & set(right)


def test_it_keeps_alexander_and_alexandra_apart_while_alex_meets_both() -> None:
    alex, alexander, alexandra = canonical_given_names(pd.Series(["alex", "alexander", "alexandra"]))
    assert set(alex) >= {"alexander", "alexandra"}
    assert not set(alexander) & set(alexandra)


def test_it_versions_the_nickname_table() -> None:
    assert config.NICKNAMES_VERSION and all(name.isalpha() and name.islower() for name in config.NICKNAMES)


@pytest.mark.parametrize(
    ("raw", "full", "sector", "district"),
    [("al1 1aa", "AL11AA", "AL11", "AL1"), ("SW1A1AA", "SW1A1AA", "SW1A1", "SW1A"), ("  ", None, None, None)],
)
def test_it_normalises_postcodes_with_sector_and_district(raw: str, full: str, sector: str, district: str) -> None:
    normalised = postcodes(pd.Series([raw]))
    assert plain(normalised.iloc[0]) == full
    if full:
        assert postcode_sector(normalised).iloc[0] == sector
        assert postcode_district(normalised).iloc[0] == district


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 7700 900123", "07700900123"),
        ("0044 (0)7700 900123", "07700900123"),
        ("447700900123", "07700900123"),
        ("07700-900-123", "07700900123"),
        ("", None),
    ],
)
def test_it_normalises_phones(raw: str, expected: str | None) -> None:
    assert one(phones, raw) == expected


@pytest.mark.parametrize(
    ("raw", "iso", "swapped"),
    [
        ("1984-03-09", "1984-03-09", "1984-09-03"),
        ("19840309", "1984-03-09", "1984-09-03"),
        ("1984-03-15", "1984-03-15", None),
    ],
)
def test_it_normalises_dates_and_their_day_month_swap(raw: str, iso: str, swapped: str | None) -> None:
    normalised = dates(pd.Series([raw]))
    assert normalised.iloc[0] == iso
    assert plain(swapped_dates(normalised).iloc[0]) == swapped


@given(st.dates())
def test_it_swaps_back_to_the_same_date(day) -> None:  # type: ignore[no-untyped-def]
    iso = pd.Series([day.isoformat()])
    swapped = swapped_dates(iso)
    if plain(swapped.iloc[0]) is not None:
        assert swapped_dates(swapped).iloc[0] == iso.iloc[0]


@given(st.text(max_size=30))
def test_it_never_fails_on_any_name_and_keeps_only_letters(text: str) -> None:
    result = one(family_names, text)
    assert result is None or (result.isalpha() and result.isascii() and result.islower())


def test_it_makes_the_columns_the_model_compares() -> None:
    frame = pd.DataFrame(
        [
            {
                "record_id": " 7 ",
                "given_name": "Bob",
                "family_name": "Ashworth",
                "date_of_birth": "",
                "postcode": "",
                "phone": "",
            }
        ]
    )
    row = normalise(frame).iloc[0]
    assert row["unique_id"] == "7" and row["given_canon"] == "robert" and row["given_initial"] == "r"
    assert row["dob"] is None and row["postcode"] is None
