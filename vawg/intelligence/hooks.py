"""Registries through which apps take part in the people-causing-harm record page (ADR 0009).

The intelligence app is a lower app for its own parts (MATAC, the ranking) and for any app above it.

- ``HARM_PAGE_SECTIONS``: a part appends a callable in ``IntelligenceConfig.ready()`` (or an app above
  intelligence in its own ``ready()``). The record page calls each with the record and the user (the
  gate, ``PersonCausingHarm.objects.visible_to``, has already let the user see the record) and includes
  the template it names with its context as ``section``. Returning None leaves the section out. Same
  shape as ``vawg.cases.hooks.CASE_PAGE_SECTIONS``. A section shows only what its own gate lets the
  user see, reads in a bounded number of queries, writes nothing, and never shows a location field
  (address, postcode, phone, email). The page writes its one audit entry itself; a section must not
  write another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import User
    from vawg.intelligence.models import PersonCausingHarm

HarmSection = Callable[["PersonCausingHarm", "User"], tuple[str, dict[str, Any]] | None]
HARM_PAGE_SECTIONS: list[HarmSection] = []
