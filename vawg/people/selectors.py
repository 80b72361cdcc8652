"""Reads of people that other apps' outputs need.

``location_values``: every location-critical value held for some people (address lines, postcode, phone,
email, safe-contact code words and details), as stored, for ``vawg.people.rules.redact`` to remove from
free text before it is shown, printed or exported (MARAC minutes, research packs, transfer summaries).
Only the stored spelling is gathered here; ``redact`` matches every other spelling of it (a phone
number with any prefix or separators, a postcode or address line in any case and with any punctuation
or spacing), so nothing here needs to list variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from vawg.people.models import Person, SafeContactPreference
from vawg.people.rules import MIN_LENGTH

K = TypeVar("K")


def _person_values(person: Person) -> set[str]:
    values: set[str] = set()
    for field in (person.address, person.postcode, person.phone, person.email):
        text = (field or "").strip()
        if not text:
            continue
        values.add(text)
        values.update(part.strip() for part in re.split(r"[\n,]", text))  # each address line on its own too
    return values


def _preference_values(preference: SafeContactPreference) -> set[str]:
    values: set[str] = set()
    if preference.code_word.strip():
        values.add(preference.code_word.strip())
    # A safe contact's own number or address (a friend's phone, a safe email): as location-critical.
    detail = (preference.contact_detail or "").strip()
    if detail:
        values.add(detail)
    return values


def _ordered(values: set[str]) -> list[str]:
    """Values of at least MIN_LENGTH characters (shorter fragments would blank ordinary words), longest first."""
    return sorted((v for v in values if len(v) >= MIN_LENGTH), key=lambda v: (-len(v), v))


def location_values_for(groups: Mapping[K, Iterable[Person | None]]) -> dict[K, list[str]]:
    """``location_values`` for each group of people (say, each case's victim and person causing harm),
    reading every group's safe-contact preferences in ONE query, so a page of 50 cases costs one query."""
    present = {key: [person for person in people if person is not None] for key, people in groups.items()}
    person_ids = {person.pk for people in present.values() for person in people}
    by_person: dict[Any, set[str]] = {}
    for preference in SafeContactPreference.objects.filter(person__in=person_ids):
        by_person.setdefault(preference.person_id, set()).update(_preference_values(preference))
    found: dict[K, list[str]] = {}
    for key, people in present.items():
        values: set[str] = set()
        for person in people:
            values |= _person_values(person) | by_person.get(person.pk, set())
        found[key] = _ordered(values)
    return found


def location_values(people: Iterable[Person | None]) -> list[str]:
    """Every location-critical value held for ``people``: address lines, postcode, phone, email,
    safe-contact code words and safe-contact details, as stored, longest first. ``None`` (a person
    causing harm not known) is skipped."""
    return location_values_for({0: list(people)})[0]
