"""Access-matrix entries for the list of access grants ending soon ("My work", docs/my-work.md)."""

from __future__ import annotations

from vawg.core.tests.matrix import CASEWORK, Rule

WEB = {"cases:grant_expiring_list": Rule(allowed=CASEWORK)}
