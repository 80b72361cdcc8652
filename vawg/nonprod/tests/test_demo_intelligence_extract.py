"""The demo's synthetic police extract (vawg/nonprod/demo/intelligence/extract.py): the pure generator, fed
made-up demo cases (no database, no seed), and the shipped file read as the police import reads it."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from vawg.intelligence.imports.police import extract_read
from vawg.intelligence.offences import NON_CRIME, OFFENCES
from vawg.nonprod.demo.data import DISTRICTS
from vawg.nonprod.demo.intelligence.extract import (
    COLUMNS,
    EXTRACT_ANCHOR,
    EXTRACT_PATH,
    NICKNAMES,
    VARIANTS,
    DemoCase,
    Someone,
    extract_csv,
    extract_rows,
    imported_at,
)

TODAY = date(2026, 6, 15)
GIVEN = ("Robert", "Katherine", "William", "Susan", "Thomas", "Rebecca", "Michael", "Deborah", "James", "Victoria")
FAMILY = ("Ashcombe", "Brightwell", "Carrowmore", "Dunsford", "Elstow", "Fenwicke", "Garside", "Halloway")


def _cases(count: int = 40) -> list[DemoCase]:
    cases = []
    for n in range(count):
        opened = TODAY - timedelta(days=10 + n * 17)
        cases.append(
            DemoCase(
                reference=f"C-TEST-{n:04d}",
                opened_on=opened,
                district=DISTRICTS[n % len(DISTRICTS)],
                victim=Someone(GIVEN[(n + 1) % 10], FAMILY[n % 8], date(1980 + n % 20, 1 + n % 12, 1 + n % 28)),
                harm=Someone(
                    GIVEN[n % 10], FAMILY[(n + 3) % 8], date(1975 + n % 20, 1 + (n + 5) % 12, 3 + n % 25), "ZZ1 1ZZ"
                ),
            )
        )
    return cases


def _rows(seed: int = 42, walkthrough: str = "C-TEST-0005") -> list[dict[str, str]]:
    return extract_rows(seed=seed, today=TODAY, cases=_cases(), walkthrough=walkthrough)


def _read(rows: list[dict[str, str]]) -> object:
    return extract_read(extract_csv(rows), districts=DISTRICTS, today=TODAY)


def test_it_writes_a_file_the_police_import_accepts() -> None:
    rows = _rows()
    extract = _read(rows)
    assert extract.rows == len(rows)  # type: ignore[attr-defined]
    assert 200 <= len(rows) <= 2000
    assert next(csv.reader(io.StringIO(extract_csv(rows).decode()))) == list(COLUMNS)


def test_it_is_the_same_for_a_seed_and_different_for_another() -> None:
    assert _rows(seed=42) == _rows(seed=42)
    assert _rows(seed=42) != _rows(seed=7)


def test_it_covers_two_years_up_to_today_in_every_district() -> None:
    rows = _rows()
    days = [date(int(r["occurred_on"][6:]), int(r["occurred_on"][3:5]), int(r["occurred_on"][:2])) for r in rows]
    assert max(days) <= TODAY
    assert (TODAY - min(days)).days >= 700
    assert (TODAY - min(days)).days < 730
    assert {r["district"] for r in rows} == set(DISTRICTS)


def test_it_uses_the_offence_list_and_gives_outcomes_to_crimes_only() -> None:
    rows = _rows()
    codes = Counter(r["offence_code"] for r in rows)
    assert set(codes) <= {*OFFENCES, NON_CRIME}
    assert 0.2 <= codes[NON_CRIME] / len(rows) <= 0.5
    assert len(codes) >= 15
    assert not [r for r in rows if r["offence_code"] == NON_CRIME and r["outcome_code"]]
    outcomes = Counter(r["outcome_code"] for r in rows if r["offence_code"] != NON_CRIME and r["outcome_code"])
    evidential = outcomes["14"] + outcomes["15"] + outcomes["16"]
    assert evidential / sum(outcomes.values()) >= 0.5
    assert 0.05 <= outcomes["1"] / sum(outcomes.values()) <= 0.25
    assert set(outcomes) <= {str(n) for n in range(1, 24)}


def test_it_mixes_one_off_repeat_and_serial_people_causing_harm() -> None:
    victims: dict[str, set[str]] = defaultdict(set)
    incidents: Counter[str] = Counter()
    for row in _rows():
        victims[row["perpetrator_force_ref"]].add(row["victim_force_ref"])
        incidents[row["perpetrator_force_ref"]] += 1
    serial = [ref for ref, seen in victims.items() if len(seen) >= 2]
    assert 0.03 <= len(serial) / len(victims) <= 0.2
    assert sum(1 for count in incidents.values() if count >= 3) / len(incidents) >= 0.15
    assert sum(1 for count in incidents.values() if count == 1) / len(incidents) >= 0.3


def test_it_makes_the_walkthrough_case_s_person_causing_harm_serial_as_the_services_spell_them() -> None:
    case = _cases()[5]
    rows = [r for r in _rows() if r["perpetrator_family_name"] == case.harm.family_name]
    mine = [r for r in rows if r["perpetrator_given_name"] == case.harm.given_name]
    assert mine and {r["perpetrator_date_of_birth"] for r in mine} == {case.harm.date_of_birth.strftime("%d/%m/%Y")}
    victims = {(r["victim_given_name"], r["victim_family_name"]) for r in mine}
    assert (case.victim.given_name, case.victim.family_name) in victims
    assert len(victims) >= 2


def test_it_spells_a_few_known_people_as_the_police_would() -> None:
    known = {(c.victim.given_name, c.victim.family_name) for c in _cases()} | {
        (c.harm.given_name, c.harm.family_name) for c in _cases()
    }
    borns = {c.victim.date_of_birth for c in _cases()} | {c.harm.date_of_birth for c in _cases()}
    rows = _rows()
    people = {(r[f"{side}_force_ref"], r[f"{side}_given_name"], r[f"{side}_family_name"], r[f"{side}_date_of_birth"])
              for r in rows for side in ("perpetrator", "victim")}  # fmt: skip
    nicknamed = {(NICKNAMES[given], family) for given, family in known if given in NICKNAMES}
    nicknames = [p for p in people if p[1:3] in nicknamed]
    undated = [p for p in people if not p[3] and (p[1:3] in known or p[1:3] in nicknamed)]
    assert len(nicknames) == sum(count for variant, _whose, count in VARIANTS if "nickname" in variant)
    assert len(undated) == sum(count for variant, _whose, count in VARIANTS if "no-dob" in variant)
    exact = [p for p in people if p[1:3] in known and p[3] in {b.strftime("%d/%m/%Y") for b in borns}]
    assert len(exact) >= 20


@pytest.mark.parametrize("walkthrough", ["", "C-TEST-0039"])
def test_it_makes_an_extract_without_a_walkthrough_case_or_with_an_old_one(walkthrough: str) -> None:
    assert _read(_rows(walkthrough=walkthrough))


def test_it_ships_a_file_the_police_import_accepts_of_a_few_hundred_kilobytes() -> None:
    data = EXTRACT_PATH.read_bytes()
    assert len(data) < 300_000
    extract = extract_read(data, districts=DISTRICTS, today=imported_at(EXTRACT_ANCHOR).date())
    assert 500 <= extract.rows <= 2000
    assert len(extract.perpetrator_refs) >= 300
