"""Pure rules about people: possible duplicates for a human to check and link (nothing here merges
anything), and the redaction of location-critical values from free text.

A pair is flagged when:

- the normalised full names match and so do the dates of birth ("same name and date of birth");
- the names are similar and the dates of birth match ("similar name, same date of birth");
- the names are the same or similar and, where at least one side has only an
  approximate age, the ages are within 2 years ("similar name, similar age").

Names are normalised (case, accents, hyphens, apostrophes, spacing, a few common
nicknames) and compared with every name a person is known by (aliases too), in
either order (given/family swapped). Similar means a difflib ratio of at least
``SIMILARITY``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Protocol

from django.db import models
from django.utils import timezone

SIMILARITY = 0.85
AGE_TOLERANCE_YEARS = 2

NICKNAMES: dict[str, str] = {
    "liz": "elizabeth",
    "lizzie": "elizabeth",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "kathy": "katherine",
    "catherine": "katherine",
    "cathy": "katherine",
    "sue": "susan",
    "susie": "susan",
    "jen": "jennifer",
    "jenny": "jennifer",
    "vicky": "victoria",
    "vicki": "victoria",
    "becky": "rebecca",
    "becca": "rebecca",
    "maggie": "margaret",
    "meg": "margaret",
    "mandy": "amanda",
    "sam": "samantha",
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
    "bill": "william",
    "will": "william",
    "billy": "william",
    "jim": "james",
    "jimmy": "james",
    "mike": "michael",
    "mick": "michael",
    "dave": "david",
    "tom": "thomas",
    "tommy": "thomas",
    "chris": "christopher",
    "steve": "stephen",
    "steven": "stephen",
    "tony": "anthony",
    "dan": "daniel",
    "danny": "daniel",
    "matt": "matthew",
    "joe": "joseph",
    "jon": "john",
    "johnny": "john",
    "nick": "nicholas",
    "rick": "richard",
    "dick": "richard",
    "ben": "benjamin",
    "alex": "alexander",
}


class DuplicateReason(models.TextChoices):
    SAME_NAME_AND_DOB = "same-name-and-dob", "Same name and date of birth"
    SIMILAR_NAME_SAME_DOB = "similar-name-same-dob", "Similar name, same date of birth"
    SIMILAR_NAME_SIMILAR_AGE = "similar-name-similar-age", "Similar name, age within 2 years"


class PersonLike(Protocol):
    """What the rules read: a Person, or any object with these attributes."""

    pk: Any
    given_name: str
    family_name: str
    date_of_birth: date | None
    approximate_age: int | None


def normalise(name: str) -> str:
    """Lower case, no accents, hyphens and dots as spaces, apostrophes dropped, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    for mark in ("'", "\u2019", "`"):
        plain = plain.replace(mark, "")
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(cleaned.split())


def _canonical(full_name: str) -> str:
    words = normalise(full_name).split()
    return " ".join(NICKNAMES.get(word, word) for word in words)


def _names(person: PersonLike) -> set[str]:
    """Every canonical name the person is known by, in both orders (given family / family given)."""
    found: set[str] = set()
    main = _canonical(f"{person.given_name} {person.family_name}")
    swapped = _canonical(f"{person.family_name} {person.given_name}")
    found |= {main, swapped}
    aliases = getattr(person, "alias_names", None)
    if aliases is None and isinstance(person, models.Model) and not person._state.adding and hasattr(person, "aliases"):
        aliases = [alias.name for alias in person.aliases.all()]
    found |= {_canonical(name) for name in aliases or ()}
    return {name for name in found if name}


def _name_match(a: set[str], b: set[str]) -> tuple[bool, bool]:
    """(same, similar): an exact canonical match, or one at or above SIMILARITY."""
    if a & b:
        return True, True
    similar = any(SequenceMatcher(None, x, y).ratio() >= SIMILARITY for x in a for y in b)
    return False, similar


def _age(person: PersonLike, on: date) -> int | None:
    age_on = getattr(person, "age_on", None)
    if callable(age_on):
        value = age_on(on)
        return value if value is None else int(value)
    if person.date_of_birth is not None:
        dob = person.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    return person.approximate_age


def duplicate_reasons(candidate: PersonLike, other: PersonLike, *, on: date) -> list[DuplicateReason]:
    """Why ``other`` may be the same person as ``candidate`` (empty: no reason)."""
    same, similar = _name_match(_names(candidate), _names(other))
    if not similar:
        return []
    if candidate.date_of_birth is not None and candidate.date_of_birth == other.date_of_birth:
        return [DuplicateReason.SAME_NAME_AND_DOB if same else DuplicateReason.SIMILAR_NAME_SAME_DOB]
    if candidate.date_of_birth is not None and other.date_of_birth is not None:
        return []  # two different known dates of birth
    ages = _age(candidate, on), _age(other, on)
    if ages[0] is not None and ages[1] is not None and abs(ages[0] - ages[1]) <= AGE_TOLERANCE_YEARS:
        return [DuplicateReason.SIMILAR_NAME_SIMILAR_AGE]
    return []


def possible_duplicates(
    candidate: PersonLike, others: Iterable[PersonLike], *, on: date | None = None
) -> list[tuple[PersonLike, Sequence[DuplicateReason]]]:
    """The ``others`` that may be ``candidate``, each with its reasons, in the order given. Never merges."""
    on = on or timezone.localdate()
    found: list[tuple[PersonLike, Sequence[DuplicateReason]]] = []
    for other in others:
        if other is candidate or (candidate.pk is not None and other.pk == candidate.pk):
            continue
        reasons = duplicate_reasons(candidate, other, on=on)
        if reasons:
            found.append((other, reasons))
    return found


# --- Keeping location-critical values out of shared outputs ----------------------------------------
# Location-critical fields are stored encrypted and never selected into shared outputs; free text typed
# by people can still contain one (an action reading "visit at 12 Acacia Road"). ``redact`` removes
# every known location-critical value (vawg.people.selectors.location_values) of the people concerned
# from such text before it is shown, printed or exported: the canary tests prove none survives.

REMOVED = "[location removed]"


def redact(text: str, values: Iterable[str]) -> str:
    """``text`` with every value removed (case-insensitive; phone numbers whatever their spacing)."""
    for value in values:
        if not value:
            continue
        digits = re.sub(r"\D", "", value)
        if digits == value.replace(" ", "") and len(digits) >= 6:
            pattern = r"\s*".join(re.escape(d) for d in digits)
        else:
            pattern = re.escape(value)
        text = re.sub(pattern, REMOVED, text, flags=re.IGNORECASE)
    return text
