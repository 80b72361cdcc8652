"""Display values for keeping the victim informed: what was recorded so far, and the safe-contact warning."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from vawg.marac.models import VictimInformed

NO_SAFE_CONTACT_WARNING = "No safe way to contact is recorded: record 'unsafe to contact' or check with the IDVA"


@dataclass(frozen=True)
class InformedRow:
    outcome: str
    informed_on: date
    organisation: str
    recorded_by: str
    note: str


def informed_history(rows: Iterable[VictimInformed]) -> list[InformedRow]:
    return [
        InformedRow(
            outcome=row.get_outcome_display(),
            informed_on=row.informed_on,
            organisation=row.organisation.name,
            recorded_by=row.recorded_by.full_name,
            note=row.note,
        )
        for row in rows
    ]


def safe_contact_warning(no_safe_contact: bool) -> str:
    """The warning shown when no safe way to contact the victim is recorded (nothing is ever sent)."""
    return NO_SAFE_CONTACT_WARNING if no_safe_contact else ""
