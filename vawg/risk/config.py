"""Versioned, dated configuration for the DASH risk rules (docs/risk-rules.md).

Thresholds are configuration, not constants: local areas band scores differently
(domain.md 1.3), and every value an assessment used must be traceable to a dated
version. To change a value, add a new version to ``VERSIONS`` with a later
``effective_from``; never edit a version that is already in force, because past
assessments name it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

# The SafeLives checklist has 24 items, so no score can exceed this.
DASH_ITEM_COUNT = 24


@dataclass(frozen=True)
class DashThresholds:
    """One version of the DASH bands and MARAC criteria settings.

    - Scores below ``medium_from`` are standard risk, ``medium_from`` up to
      ``high_from - 1`` medium, ``high_from`` or more high ("visible high risk").
    - Potential escalation: ``escalation_incidents`` or more domestic-abuse incidents,
      from any agency, in the last ``escalation_window_days`` days.
    - Repeat: an assessment up to ``repeat_window_days`` days (inclusive) after the
      last MARAC referral of the same victim and person causing harm.
    """

    version: str
    effective_from: date
    source: str
    high_from: int = 14
    medium_from: int = 10
    escalation_incidents: int = 3
    escalation_window_days: int = 365
    repeat_window_days: int = 365

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise ValueError("A DASH thresholds version needs a name")
        if not self.source.strip():
            raise ValueError(f"DASH thresholds {self.version}: say where the values come from (source)")
        if not 1 <= self.medium_from < self.high_from <= DASH_ITEM_COUNT:
            raise ValueError(
                f"DASH thresholds {self.version}: need 1 <= medium_from < high_from <= {DASH_ITEM_COUNT}, "
                f"got medium_from={self.medium_from}, high_from={self.high_from}"
            )
        if self.escalation_incidents < 1:
            raise ValueError(f"DASH thresholds {self.version}: escalation_incidents must be 1 or more")
        for name in ("escalation_window_days", "repeat_window_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"DASH thresholds {self.version}: {name} must be 1 or more")


HERTS_DEFAULT_2026_1 = DashThresholds(
    version="herts-default-2026-1",
    # SafeLives' 14+ "visible high risk" threshold has been unchanged since the checklist
    # came into national use in 2009 (domain.md 1.1, 1.3), so this version also covers
    # assessments dated from then on (for example, ones entered from older records).
    effective_from=date(2009, 1, 1),
    source=(
        "SafeLives DASH RIC: 14 or more yes answers is visible high risk; potential escalation at 3 "
        "incidents in 12 months; repeat within 12 months (365 days) of the last MARAC referral "
        "(domain.md 1.3, 1.4 and A/B). Standard 0-9 and medium 10-13 follow Plymouth's local banding. "
        "Hertfordshire's own MARAC threshold and bands are UNCONFIRMED (domain.md 1.3): confirm with "
        "the Hertfordshire MARAC steering group and add a new version if they differ."
    ),
)

# Every version ever in force, oldest first. Add new versions at the end.
VERSIONS: tuple[DashThresholds, ...] = (HERTS_DEFAULT_2026_1,)


def validate_versions(versions: Sequence[DashThresholds]) -> None:
    """Raise ValueError unless ``versions`` is non-empty, uniquely named and in strictly increasing date order."""
    if not versions:
        raise ValueError("There must be at least one DASH thresholds version")
    names = [v.version for v in versions]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"DASH thresholds versions must have unique names: {', '.join(duplicates)}")
    for earlier, later in pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ValueError(
                f"DASH thresholds versions must be listed oldest first with distinct dates: "
                f"{later.version} ({later.effective_from}) is not after {earlier.version} ({earlier.effective_from})"
            )


def thresholds_for(on: date, versions: Sequence[DashThresholds] = VERSIONS) -> DashThresholds:
    """The version in force on ``on``: the latest whose ``effective_from`` is on or before it.

    Raises LookupError for a date before the first version took effect.
    """
    in_force = [v for v in versions if v.effective_from <= on]
    if not in_force:
        raise LookupError(f"No DASH thresholds were in force on {on.isoformat()}")
    return max(in_force, key=lambda v: v.effective_from)


def thresholds_by_version(version: str, versions: Sequence[DashThresholds] = VERSIONS) -> DashThresholds:
    """The version with this name (for re-reading a stored assessment). Raises LookupError if unknown."""
    for candidate in versions:
        if candidate.version == version:
            return candidate
    raise LookupError(f"Unknown DASH thresholds version: {version}")


validate_versions(VERSIONS)
