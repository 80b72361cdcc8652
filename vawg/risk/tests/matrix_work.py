"""Access-matrix entries for the reassessments-due list ("My work", docs/my-work.md)."""

from __future__ import annotations

from vawg.core.tests.matrix import CASEWORK, Rule

WEB = {"risk_work:reassessment_due_list": Rule(allowed=CASEWORK)}
