"""Possible duplicate people: flagged for a human, never merged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from vawg.people.models import Person
from vawg.people.rules import DuplicateReason, normalise, possible_duplicates
from vawg.people.tests.factories import PersonFactory

ON = date(2026, 6, 1)
DOB = date(1990, 5, 17)


@dataclass
class P:
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    approximate_age: int | None = None
    alias_names: list[str] = field(default_factory=list)
    pk: Any = None


SAME = DuplicateReason.SAME_NAME_AND_DOB
SIMILAR_DOB = DuplicateReason.SIMILAR_NAME_SAME_DOB
SIMILAR_AGE = DuplicateReason.SIMILAR_NAME_SIMILAR_AGE


@pytest.mark.parametrize(
    ("candidate", "other", "reasons"),
    [
        # Same name and date of birth, however it is typed.
        (P("Amira", "Khan", DOB), P("Amira", "Khan", DOB), [SAME]),
        (P("amira", "KHAN", DOB), P(" Amira ", "Khan", DOB), [SAME]),
        (P("Zoë", "Brontë", DOB), P("Zoe", "Bronte", DOB), [SAME]),
        (P("Mary", "Smith-Jones", DOB), P("Mary", "Smith Jones", DOB), [SAME]),
        (P("Siobhan", "O'Brien", DOB), P("Siobhan", "OBrien", DOB), [SAME]),
        (P("Liz", "Taylor", DOB), P("Elizabeth", "Taylor", DOB), [SAME]),
        (P("Khan", "Amira", DOB), P("Amira", "Khan", DOB), [SAME]),  # given and family swapped
        (P("Mimi", "Jones", DOB), P("Amira", "Khan", DOB, alias_names=["Mimi Jones"]), [SAME]),
        # Similar names with the same date of birth.
        (P("Sara", "Jones", DOB), P("Sarah", "Jones", DOB), [SIMILAR_DOB]),
        (P("Jon", "Smyth", DOB), P("John", "Smith", DOB), [SIMILAR_DOB]),
        # Same or similar names, ages within 2 years, when one side has only an approximate age.
        (P("Sarah", "Jones", DOB), P("Sarah", "Jones", approximate_age=34), [SIMILAR_AGE]),
        (P("Sarah", "Jones", DOB), P("Sara", "Jones", approximate_age=38), [SIMILAR_AGE]),
        (P("Sarah", "Jones", approximate_age=30), P("Sarah", "Jones", approximate_age=32), [SIMILAR_AGE]),
        # Not flagged.
        (P("Sarah", "Jones", DOB), P("Sarah", "Jones", approximate_age=39), []),  # 3 years apart
        (P("Sarah", "Jones", DOB), P("Sarah", "Jones", date(1991, 5, 17)), []),  # two different known DOBs
        (P("Sarah", "Jones", DOB), P("Hannah", "Brown", DOB), []),  # different names
        (P("Sarah", "Jones", DOB), P("Sarah", "Jones"), []),  # nothing to compare ages with
        (P("Sarah", "Jones"), P("Sarah", "Jones"), []),
    ],
)
def test_it_flags_possible_duplicates(candidate: P, other: P, reasons: list[DuplicateReason]) -> None:
    found = possible_duplicates(candidate, [other], on=ON)
    assert [list(r) for _, r in found] == ([reasons] if reasons else [])
    # The rule is symmetric: the other way round finds the same.
    assert [list(r) for _, r in possible_duplicates(other, [candidate], on=ON)] == ([reasons] if reasons else [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Zoë   Brontë ", "zoe bronte"),
        ("Smith-Jones", "smith jones"),
        ("O\u2019Brien", "obrien"),
        ("ANNE-MARIE", "anne marie"),
    ],
)
def test_it_normalises_names(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_it_returns_matches_in_order_and_skips_the_candidate_itself() -> None:
    candidate = P("Amira", "Khan", DOB, pk=1)
    others = [P("Amira", "Khan", DOB, pk=1), P("Amira", "Khan", DOB, pk=2), P("Bea", "Lee", DOB, pk=3)]
    assert [other.pk for other, _ in possible_duplicates(candidate, others, on=ON)] == [2]


@pytest.mark.django_db
def test_it_reads_saved_people_and_their_aliases_and_changes_nothing() -> None:
    existing = PersonFactory(given_name="Amira", family_name="Khan", date_of_birth=DOB)
    existing.aliases.create(name="Mimi Jones")
    candidate = PersonFactory.build(given_name="Mimi", family_name="Jones", date_of_birth=DOB)
    found = possible_duplicates(candidate, Person.objects.prefetch_related("aliases"), on=ON)
    assert [(other.pk, list(reasons)) for other, reasons in found] == [(existing.pk, [SAME])]
    assert Person.objects.count() == 1
