"""Access-matrix entries for the MARAC landing page."""

from __future__ import annotations

from vawg.core.tests.matrix import CASEWORK, Rule

WEB = {"marac:marac_home": Rule(allowed=CASEWORK)}
