"""Flags shown beside a person wherever they appear (case pages, case lists, referral pages).

``PERSON_FLAGS``: an app above people (marac: "referred to MARAC in the last 12 months") appends a
callable in its AppConfig.ready(). Each takes person ids and returns {person id: [Flag, ...]} in one
query, so a list of 50 people costs one query per registered flag source, not 50.
A flag says only what every agency that can already see the person may know.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Flag:
    text: str
    css: str = "govuk-tag--red"
    hint: str = ""


FlagSource = Callable[[Collection[Any]], Mapping[Any, list[Flag]]]
PERSON_FLAGS: list[FlagSource] = []


def flags_for(person_ids: Collection[Any]) -> dict[Any, list[Flag]]:
    """Flags per person id, from every registered source (people without flags are absent)."""
    found: dict[Any, list[Flag]] = {}
    ids = {pid for pid in person_ids if pid is not None}
    if not ids:
        return found
    for source in PERSON_FLAGS:
        for person_id, flags in source(ids).items():
            found.setdefault(person_id, []).extend(flags)
    return found
