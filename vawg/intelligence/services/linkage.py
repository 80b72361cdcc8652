"""Identity resolution: finding pairs of Person records that may be the same person, and the reviewers'
decisions on them (docs/identity-resolution.md). A link never merges records: both stay, each behind
its own gate."""

from __future__ import annotations

from dataclasses import dataclass

from vawg.accounts.models import User
from vawg.intelligence.models import PoliceImport


@dataclass(frozen=True)
class LinkSummary:
    """What one search for links found (counts only: this is what the audit entry records)."""

    people_compared: int = 0
    candidates: int = 0
    pairs_scored: int = 0
    linked: int = 0
    waiting: int = 0
    already_decided: int = 0
    model_version: str = ""


def links_find_for_import(*, police_import: PoliceImport, by: User | None = None, system_job: str = "") -> LinkSummary:
    """Link the people of ``police_import`` to every other Person record: pairs at or above the upper
    threshold become linked, pairs between the thresholds wait for review, a pair already decided is
    never changed; then reassess the serial flag of the people causing harm affected.

    Call it after the import's transaction has committed."""
    return LinkSummary()
