"""Display values for people: the flags shown beside a person wherever they appear."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from vawg.core.presenters import Tag
from vawg.people.hooks import PERSON_FLAGS


@dataclass(frozen=True)
class Flag:
    """A flag beside a person: a short text, its tag colour, and a hint shown after it."""

    text: str
    colour: str = "red"
    hint: str = ""

    @property
    def tag(self) -> Tag:
        return Tag(self.text, self.colour, classes="app-person-flag")


def flags_for(person_ids: Collection[Any]) -> dict[Any, list[Flag]]:
    """Flags per person id, from every source registered in PERSON_FLAGS (people without flags are absent)."""
    found: dict[Any, list[Flag]] = {}
    ids = {pid for pid in person_ids if pid is not None}
    if not ids:
        return found
    for source in PERSON_FLAGS:
        for person_id, flags in source(ids).items():
            found.setdefault(person_id, []).extend(flags)
    return found
