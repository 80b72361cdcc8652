"""First-contact targets: how many working days a service has to make first contact, per risk grade.

Configuration with dated, named versions (like vawg/risk/config.py): to change a target, add a
version with a later ``effective_from``; never edit one already in force, because referrals
record the version their due time came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from vawg.referrals.models import RiskGrade


@dataclass(frozen=True)
class FirstContactTarget:
    version: str
    effective_from: date
    source: str
    # Working days per risk grade (a referral not yet assessed gets the standard target).
    working_days: Mapping[str, int] = field(
        default_factory=lambda: {RiskGrade.HIGH: 1, RiskGrade.MEDIUM: 3, RiskGrade.STANDARD: 5}
    )

    def __post_init__(self) -> None:
        if not self.version.strip() or not self.source.strip():
            raise ValueError("A first-contact target version needs a name and a source")
        for grade in (RiskGrade.HIGH, RiskGrade.MEDIUM, RiskGrade.STANDARD):
            if self.working_days.get(grade, 0) < 1:
                raise ValueError(f"First-contact target {self.version}: {grade} needs 1 or more working days")

    def days_for(self, grade: str) -> int:
        return self.working_days.get(grade, self.working_days[RiskGrade.STANDARD])


HERTS_DEFAULT_2026_1 = FirstContactTarget(
    version="herts-first-contact-2026-1",
    effective_from=date(2024, 1, 1),
    source=(
        "Defaults of the first version of the referral pathway: high 1 working day, medium 3, standard 5 "
        "(to be confirmed by the partnership)."
    ),
)

VERSIONS: tuple[FirstContactTarget, ...] = (HERTS_DEFAULT_2026_1,)


def validate_versions(versions: Sequence[FirstContactTarget]) -> None:
    if not versions:
        raise ValueError("There must be at least one first-contact target version")
    names = [v.version for v in versions]
    if len(set(names)) != len(names):
        raise ValueError("First-contact target versions must have unique names")
    for earlier, later in pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ValueError("First-contact target versions must be listed oldest first with distinct dates")


def target_for(on: date, versions: Sequence[FirstContactTarget] = VERSIONS) -> FirstContactTarget:
    """The version in force on ``on``."""
    in_force = [v for v in versions if v.effective_from <= on]
    if not in_force:
        raise LookupError(f"No first-contact target was in force on {on.isoformat()}")
    return max(in_force, key=lambda v: v.effective_from)


validate_versions(VERSIONS)
