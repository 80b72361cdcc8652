"""Registries through which apps above people take part in how people are shown (ADR 0009).

- ``PERSON_FLAGS``: flags shown beside a person wherever they appear (case pages, case lists, referral
  pages). An app above people (marac: "referred to MARAC in the last 12 months") appends a source in its
  AppConfig.ready(). Each source takes person ids and returns {person id: [Flag, ...]} in one query, so
  a list of 50 people costs one query per registered source, not 50. A flag says only what every
  agency that can already see the person may know.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.people.presenters import Flag

FlagSource = Callable[[Collection[Any]], Mapping[Any, list["Flag"]]]
PERSON_FLAGS: list[FlagSource] = []
