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
from functools import lru_cache
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
#
# A value is matched however it is spelled, not only as stored, because people retype what they read:
#
# - a phone number (a value, or a run inside a value, of digits and separators with at least
#   PHONE_DIGITS digits) by its national significant number: the digits after the 0, 44, +44, 0044 or
#   +44 (0) in front, with any spaces, hyphens, dashes, dots or brackets between them, and any of those
#   prefixes before ("+447700 900097" also takes "07700-900097" and "0044 7700.900.097");
# - anything else (address lines, postcodes, emails, code words) by its letters and digits in order,
#   in any case, with any run of other characters, or none, between them ("12 Acacia Avenue" also takes
#   "12, acacia  avenue" and "12 ACACIA-AVENUE"; "CN7 9QZ" also takes "cn79qz").
#
# Matches are not held to word boundaries: a match inside a longer word is removed too, as removing too
# much is safer than too little. A value with fewer than MIN_LENGTH letters and digits is ignored, so
# short fragments do not blank ordinary words. What every value of the text matches is removed at once
# (the union), so overlapping values leave nothing of either behind and a value never matches inside an
# earlier REMOVED marker. Pages redact many texts with the same values: the patterns are compiled once per
# tuple of values.

REMOVED = "[location removed]"
# Values with fewer letters and digits than this are not searched for (they would blank ordinary words).
MIN_LENGTH = 4
PHONE_DIGITS = 6

_SEPARATOR = r"[\s.()\-\u2010-\u2015]*"  # between the digits of a phone number
_PHONE_RUN = re.compile(r"[+(]?\d[\d\s.()\-\u2010-\u2015]*\d")
_NOT_ALNUM = r"[\W_]*"  # between the letters and digits of any other value


def _national_number(digits: str) -> str:
    """The national significant number in ``digits``: without 0044 or 44 in front, then without a 0.
    Any text holding ``digits`` holds it too, so matching it alone is enough; ``digits`` itself when
    what is left would be too short (a short local number that happens to start 44)."""
    number = digits
    for prefix in ("0044", "44"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            break
    number = number.removeprefix("0")
    return number if len(number) >= PHONE_DIGITS else digits


def _phone_pattern(national: str) -> str:
    # 0, 44, +44, 0044 or +44 (0) in front, with separators anywhere between (and an opening bracket).
    international = rf"(?:(?:\+|00){_SEPARATOR})?4{_SEPARATOR}4{_SEPARATOR}(?:0{_SEPARATOR})?"
    prefix = rf"(?:\(?(?:{international}|0{_SEPARATOR}))?"
    return prefix + _SEPARATOR.join(national)


def _value_patterns(value: str) -> set[str]:
    """Regular expressions for every spelling of ``value`` (empty: nothing long enough to search for)."""
    found: set[str] = set()
    for run in _PHONE_RUN.findall(value):
        digits = re.sub(r"\D", "", run)
        if len(digits) >= PHONE_DIGITS:
            found.add(_phone_pattern(_national_number(digits)))
    letters_and_digits = re.findall(r"[^\W_]", value)
    is_phone = bool(found) and _PHONE_RUN.fullmatch(value.strip()) is not None
    if not is_phone and len(letters_and_digits) >= MIN_LENGTH:
        found.add(_NOT_ALNUM.join(re.escape(ch) for ch in letters_and_digits))
    return found


@lru_cache(maxsize=256)
def _patterns(values: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The compiled patterns for ``values``, longest first (cached: pages redact many texts with them)."""
    found: set[str] = set()
    for value in values:
        found |= _value_patterns(value)
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in sorted(found, key=lambda p: (-len(p), p)))


def redact(text: str, values: Iterable[str]) -> str:
    """``text`` with every spelling of every value replaced by REMOVED (see above for what matches)."""
    if not text:
        return text
    spans = sorted(match.span() for pattern in _patterns(tuple(values)) for match in pattern.finditer(text))
    merged: list[list[int]] = []
    for start, end in spans:
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kept: list[str] = []
    position = 0
    for start, end in merged:
        kept += [text[position:start], REMOVED]
        position = end
    return "".join([*kept, text[position:]])
