"""Synthetic police-to-service extract pairs with known truth, for measuring the linkage model
(docs/identity-resolution.md#measured). Names come from Faker's en_GB lists with a fixed seed; nobody
in them is real.

Each call builds ``size`` records a side. About ``overlap`` of the people appear on both sides; the
service's copy of a person (and sometimes the police one) carries the errors agencies make: typing
errors, nicknames, a changed family name (marriage, separation), day and month swapped, a wrong digit,
missing dates, postcodes and phones, postcodes without their space or in lower case, a move to a
new address. Then the hard cases that must NOT link: twins (same family name, date of birth and
postcode, another given name) and namesakes (same names, another date of birth and place).

Phone numbers have 13 digits, which no UK number has, so none can be anyone's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from faker import Faker
from faker.providers.person.en_GB import Provider as NameLists

from vawg.intelligence.linkage.config import NICKNAMES

# How often each error happens to a person's second record (a share of the people on both sides).
RATES = {
    "given_typo": 0.06,
    "family_typo": 0.06,
    "nickname": 0.5,  # of those whose given name has a nickname
    "family_changed": 0.06,
    "family_double_barrelled": 0.02,
    "dob_swapped": 0.03,
    "dob_digit": 0.02,
    "dob_missing": 0.08,
    "postcode_missing": 0.12,
    "postcode_moved": 0.15,
    "phone_missing": 0.5,
    "phone_changed": 0.1,
    "twin": 0.01,
    "namesake": 0.02,
}
_KEYBOARD_NEIGHBOURS = {
    "a": "qsz", "b": "vgn", "c": "xdv", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht", "h": "gjy",
    "i": "uok", "j": "hku", "k": "jli", "l": "ko", "m": "n", "n": "bm", "o": "ipl", "p": "o", "q": "wa",
    "r": "etf", "s": "adw", "t": "ryg", "u": "yij", "v": "cb", "w": "qes", "x": "zc", "y": "tuh", "z": "xa",
}  # fmt: skip


@dataclass(frozen=True)
class ExtractPair:
    """Two extracts (the input columns of link_people) and the true pairs (left_id, right_id)."""

    left: pd.DataFrame
    right: pd.DataFrame
    truth: set[tuple[str, str]]


@dataclass
class _Person:
    given: str
    family: str
    dob: date | None
    postcode: str | None
    phone: str | None


class _Maker:
    def __init__(self, seed: int, size: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic test data, reproducible by design
        faker = Faker("en_GB")
        faker.seed_instance(seed)
        # Common given names (with nicknames) mixed with Faker's lists, so nicknames occur as they do.
        nickname_names = sorted({canonical for canonicals in NICKNAMES.values() for canonical in canonicals})
        self.given_names = [*NameLists.first_names_female, *NameLists.first_names_male, *nickname_names]
        self.family_names = list(NameLists.last_names)
        self.family_weights = [float(weight) for weight in NameLists.last_names.values()]
        self.postcodes = [faker.postcode() for _ in range(max(50, size // 3))]
        self.variants: dict[str, list[str]] = {}
        for name, canonicals in NICKNAMES.items():
            for canonical in canonicals:
                if name != canonical:
                    self.variants.setdefault(canonical, []).append(name)

    def chance(self, rate: float) -> bool:
        return self.rng.random() < rate

    def family(self) -> str:
        return self.rng.choices(self.family_names, self.family_weights)[0]

    def dob(self) -> date:
        return date(1940, 1, 1) + timedelta(days=self.rng.randrange(0, 68 * 365))

    def phone(self) -> str:
        return f"07700 9{self.rng.randrange(0, 10**7):07d}"

    def person(self) -> _Person:
        return _Person(
            given=self.rng.choice(self.given_names),
            family=self.family(),
            dob=self.dob(),
            postcode=self.rng.choice(self.postcodes),
            phone=self.phone() if self.chance(0.8) else None,
        )

    def typo(self, word: str) -> str:
        if len(word) < 3:
            return word
        at = self.rng.randrange(1, len(word) - 1)
        kind = self.rng.choice(("neighbour", "delete", "insert", "transpose"))
        if kind == "neighbour":
            swap = self.rng.choice(_KEYBOARD_NEIGHBOURS.get(word[at].lower(), "e"))
            return word[:at] + swap + word[at + 1 :]
        if kind == "delete":
            return word[:at] + word[at + 1 :]
        if kind == "insert":
            return word[:at] + word[at] + word[at:]
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]

    def copy_with_errors(self, p: _Person) -> _Person:
        """The person as another agency recorded them."""
        rate = RATES
        given, family, dob, postcode, phone = p.given, p.family, p.dob, p.postcode, p.phone
        variants = self.variants.get(given.lower())
        if variants and self.chance(rate["nickname"]):
            given = self.rng.choice(variants).title()
        elif self.chance(rate["given_typo"]):
            given = self.typo(given)
        if self.chance(rate["family_changed"]):
            family = self.family()
        elif self.chance(rate["family_double_barrelled"]):
            family = f"{family}-{self.family()}"
        elif self.chance(rate["family_typo"]):
            family = self.typo(family)
        if dob is not None:
            if self.chance(rate["dob_missing"]):
                dob = None
            elif dob.day <= 12 and dob.day != dob.month and self.chance(rate["dob_swapped"]):
                dob = date(dob.year, dob.day, dob.month)
            elif self.chance(rate["dob_digit"]):
                dob = self._digit_off(dob)
        if self.chance(rate["postcode_missing"]):
            postcode = None
        elif self.chance(rate["postcode_moved"]):
            postcode = self.rng.choice(self.postcodes)
        if phone is not None and self.chance(rate["phone_missing"]):
            phone = None
        elif self.chance(rate["phone_changed"]):
            phone = self.phone()
        return _Person(given, family, dob, postcode, phone)

    def _digit_off(self, dob: date) -> date:
        for _ in range(5):
            shifted = dob + timedelta(days=self.rng.choice((-10, -1, 1, 10, 365, -365, 3650)))
            if shifted.year >= 1900:
                return shifted
        return dob

    def twin(self, p: _Person) -> _Person:
        given = self.rng.choice([name for name in self.given_names if name[0] != p.given[0]])
        return _Person(given, p.family, p.dob, p.postcode, self.phone() if self.chance(0.5) else None)

    def namesake(self, p: _Person) -> _Person:
        return _Person(p.given, p.family, self.dob(), self.rng.choice(self.postcodes), None)

    def row(self, record_id: str, p: _Person) -> dict[str, str]:
        """How the extract writes the person: case, spacing and postcode format vary."""
        style = self.rng.random()
        given, family = p.given, p.family
        if style < 0.15:
            given, family = given.upper(), family.upper()
        elif style < 0.2:
            given, family = f" {given.lower()}", f"{family.lower()}  "
        postcode = p.postcode or ""
        if postcode and self.chance(0.2):
            postcode = postcode.replace(" ", "")
        if postcode and self.chance(0.1):
            postcode = postcode.lower()
        return {
            "record_id": record_id,
            "given_name": given,
            "family_name": family,
            "date_of_birth": p.dob.isoformat() if p.dob else "",
            "postcode": postcode,
            "phone": p.phone or "",
        }


def generate(size: int, *, seed: int = 2026, overlap: float = 0.6) -> ExtractPair:
    """``size`` records a side: ``overlap`` of them the same people, plus twins and namesakes."""
    maker = _Maker(seed, size)
    rng = maker.rng
    shared = int(size * overlap)
    left: list[tuple[_Person, str | None]] = []  # (person as recorded, truth key)
    right: list[tuple[_Person, str | None]] = []
    for index in range(shared):
        person = maker.person()
        police = maker.copy_with_errors(person) if maker.chance(0.3) else person
        left.append((police, f"t{index}"))
        right.append((maker.copy_with_errors(person), f"t{index}"))
        if maker.chance(RATES["twin"]) and len(right) < size:
            right.append((maker.twin(person), None))
        if maker.chance(RATES["namesake"]) and len(left) < size:
            left.append((maker.namesake(person), None))
    while len(left) < size:
        left.append((maker.person(), None))
    while len(right) < size:
        right.append((maker.person(), None))
    for entries in (left, right):
        rng.shuffle(entries)
    left_rows = [maker.row(f"P{index:07d}", person) for index, (person, _) in enumerate(left)]
    right_rows = [maker.row(f"S{index:07d}", person) for index, (person, _) in enumerate(right)]
    left_keys = {key: f"P{index:07d}" for index, (_, key) in enumerate(left) if key}
    truth = {(left_keys[key], f"S{index:07d}") for index, (_, key) in enumerate(right) if key and key in left_keys}
    return ExtractPair(pd.DataFrame(left_rows), pd.DataFrame(right_rows), truth)
