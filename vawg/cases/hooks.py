"""Registries through which apps above cases take part in the case page and the case list (ADR 0009).

- ``CASE_PAGE_SECTIONS``: an app above cases (risk, referrals, marac) appends a callable in its
  AppConfig.ready(). The case page calls each with the case and the user (the gate has already let the
  user see the case) and includes the template it names with its context as ``section``. Returning
  None leaves the section out.
- ``CASE_LIST_FILTERS``: filters of the case list (and its CSV download) on facts held above cases,
  keyed by their query-string parameter. Two keys are known to the list:

  - ``FORM_OF_ABUSE`` (``abuse``), filled by referrals: ``choices()`` gives the form-of-abuse codes and
    labels; ``condition(code)`` gives the cases one of whose referrals names that form of abuse.
  - ``MARAC_RECENT`` (``marac``), filled by marac: ``choices()`` is ignored (a yes/no filter);
    ``condition("yes")`` gives the cases referred to a MARAC in the last 12 months (not withdrawn). The
    download also shows it as a column, so the condition must be usable in ``annotate()`` too.

  ``condition`` returns a boolean expression over the outer ``Case`` row: a ``Q`` on case fields, or an
  ``Exists(...)`` subquery correlated with ``OuterRef("pk")``. The list applies it after
  ``Case.objects.visible_to(user)``, so it only ever narrows what the gate lets the user see, and it
  must not run a query of its own (the list's query count stays the same for 10 cases or 60). A
  filter's values are codes, never personal data: they sit in the URL. A key nobody registered is
  simply not offered.
- ``CASE_PARTY_ADDED``: an app above cases (intelligence: the person causing harm's own record and its
  serial flag) appends a callable in its AppConfig.ready(). ``case_party_add`` calls each with the new
  party and the acting user after the party is saved and audited, inside its transaction; so does
  ``case_party_change`` when it changes a party's role (the party as it now stands). A callback writes
  through its own app's services, with its own audit entries; what it writes commits or rolls back with
  the party, and an error it raises refuses the whole change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import User
    from vawg.cases.models import Case, CaseParty

CaseSection = Callable[["Case", "User"], tuple[str, dict[str, Any]] | None]
CASE_PAGE_SECTIONS: list[CaseSection] = []

FORM_OF_ABUSE = "abuse"
MARAC_RECENT = "marac"


@dataclass(frozen=True)
class CaseListFilter:
    """A case-list filter offered by an app above cases (see the module docstring)."""

    label: str
    choices: Callable[[], Sequence[tuple[str, str]]]
    condition: Callable[[str], Any]  # a Q or an Exists over OuterRef("pk"): the matching cases


CASE_LIST_FILTERS: dict[str, CaseListFilter] = {}

PartyAdded = Callable[["CaseParty", "User"], None]
CASE_PARTY_ADDED: list[PartyAdded] = []
