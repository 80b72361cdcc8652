"""Matching a household to safe accommodation units: a pure function, explained.

Every unit is either matched or left out with each reason it fails, in a fixed order, so a worker can see
why a unit is not offered (docs/safe-accommodation.md#matching). Matches are ordered by how many of the
household's preferences they meet (most first), then by the day they are free (earliest first), then by id.
Nothing here reads the database; the views, the API and the benchmarks all call ``match_units``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

# Bump when a rule, its order or the ordering of matches changes.
MATCHING_VERSION = "2026-12-1"

# The reasons a unit is left out, in the order they are listed.
HOUSEHOLD_SIZE = "household-size"
CHILDREN_COUNT = "children-count"
BOYS_AGE = "boys-age"
GENDER = "gender"
MIN_AGE = "min-age"
WHEELCHAIR = "wheelchair"
PETS = "pets"
NRPF = "nrpf"
EXCLUDED_DISTRICT = "excluded-district"
NOT_AVAILABLE = "not-available"
REASONS: tuple[str, ...] = (
    HOUSEHOLD_SIZE,
    CHILDREN_COUNT,
    BOYS_AGE,
    GENDER,
    MIN_AGE,
    WHEELCHAIR,
    PETS,
    NRPF,
    EXCLUDED_DISTRICT,
    NOT_AVAILABLE,
)
REASON_LABELS: dict[str, str] = {
    HOUSEHOLD_SIZE: "The household is larger than the unit takes",
    CHILDREN_COUNT: "More children than the unit takes",
    BOYS_AGE: "A boy is older than the unit accepts",
    GENDER: "Does not take the survivor's gender",
    MIN_AGE: "The survivor is younger than the unit's minimum age",
    WHEELCHAIR: "Not wheelchair accessible",
    PETS: "Does not take pets",
    NRPF: "Does not take people with no recourse to public funds",
    EXCLUDED_DISTRICT: "In a district to avoid",
    NOT_AVAILABLE: "Not free by the day needed",
}

# The preferences a match may meet, in the order they are listed.
LANGUAGE = "language"
SPECIALISM = "specialism"
PREFERENCES: tuple[str, ...] = (LANGUAGE, SPECIALISM)
PREFERENCE_LABELS: dict[str, str] = {
    LANGUAGE: "Staff speak a preferred language",
    SPECIALISM: "Has a preferred specialism",
}


@dataclass(frozen=True)
class Child:
    age: int
    sex: str  # "female" or "male"


@dataclass(frozen=True)
class Household:
    adults: int
    children: tuple[Child, ...]
    survivor_age: int
    survivor_gender: str

    @property
    def size(self) -> int:
        return self.adults + len(self.children)


@dataclass(frozen=True)
class Needs:
    wheelchair: bool = False
    pets: bool = False
    nrpf: bool = False


@dataclass(frozen=True)
class Preferences:
    languages: frozenset[str] = frozenset()
    specialisms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UnitOffer:
    """What matching needs to know of a unit (never its address)."""

    id: str
    district: str
    available_from: date | None  # None: not free at all (occupied, reserved or out of use)
    max_household: int
    max_children: int
    boys_max_age: int | None  # None: no limit
    genders: frozenset[str]
    min_age: int
    wheelchair: bool
    pets: bool
    nrpf_accepted: bool
    languages: frozenset[str] = frozenset()
    specialisms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    id: str
    preferences_met: tuple[str, ...]
    available_from: date


@dataclass(frozen=True)
class Excluded:
    id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...] = field(default_factory=tuple)
    excluded: tuple[Excluded, ...] = field(default_factory=tuple)


def exclusion_reasons(
    unit: UnitOffer, *, on: date, household: Household, needs: Needs, excluded_districts: frozenset[str]
) -> tuple[str, ...]:
    """Every rule ``unit`` fails for this household on day ``on``, in the order of ``REASONS``."""
    boys_too_old = unit.boys_max_age is not None and any(
        child.sex == "male" and child.age > unit.boys_max_age for child in household.children
    )
    failed = {
        HOUSEHOLD_SIZE: household.size > unit.max_household,
        CHILDREN_COUNT: len(household.children) > unit.max_children,
        BOYS_AGE: boys_too_old,
        GENDER: household.survivor_gender not in unit.genders,
        MIN_AGE: household.survivor_age < unit.min_age,
        WHEELCHAIR: needs.wheelchair and not unit.wheelchair,
        PETS: needs.pets and not unit.pets,
        NRPF: needs.nrpf and not unit.nrpf_accepted,
        EXCLUDED_DISTRICT: unit.district in excluded_districts,
        NOT_AVAILABLE: unit.available_from is None or unit.available_from > on,
    }
    return tuple(reason for reason in REASONS if failed[reason])


def preferences_met(unit: UnitOffer, preferences: Preferences) -> tuple[str, ...]:
    met = {
        LANGUAGE: bool(unit.languages & preferences.languages),
        SPECIALISM: bool(unit.specialisms & preferences.specialisms),
    }
    return tuple(preference for preference in PREFERENCES if met[preference])


def match_units(
    units: Iterable[UnitOffer],
    *,
    on: date,
    household: Household,
    needs: Needs,
    preferences: Preferences,
    excluded_districts: Sequence[str] | frozenset[str] = frozenset(),
) -> MatchResult:
    """Split ``units`` into matches (ordered best first) and units left out with their reasons (in the
    order given)."""
    avoid = frozenset(excluded_districts)
    matches: list[Match] = []
    excluded: list[Excluded] = []
    for unit in units:
        reasons = exclusion_reasons(unit, on=on, household=household, needs=needs, excluded_districts=avoid)
        if reasons or unit.available_from is None:  # no available day is always a reason (NOT_AVAILABLE)
            excluded.append(Excluded(id=unit.id, reasons=reasons))
        else:
            matches.append(Match(unit.id, preferences_met(unit, preferences), unit.available_from))
    matches.sort(key=lambda match: (-len(match.preferences_met), match.available_from, match.id))
    return MatchResult(matches=tuple(matches), excluded=tuple(excluded))
