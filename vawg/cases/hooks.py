"""Registries through which apps above cases take part in the case page (ADR 0009).

- ``CASE_PAGE_SECTIONS``: an app above cases (risk, referrals, marac) appends a callable in its
  AppConfig.ready(). The case page calls each with the case and the user (the gate has already let the
  user see the case) and includes the template it names with its context as ``section``. Returning
  None leaves the section out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vawg.accounts.models import User
    from vawg.cases.models import Case

CaseSection = Callable[["Case", "User"], tuple[str, dict[str, Any]] | None]
CASE_PAGE_SECTIONS: list[CaseSection] = []
