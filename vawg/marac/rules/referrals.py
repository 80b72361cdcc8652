"""The MARAC repeat rule (docs/domain/marac.md#the-repeat-rule) as pure functions."""

from __future__ import annotations

from datetime import date

from vawg.risk.config import thresholds_for

# The repeat window when no risk thresholds are in force for a date (12 months).
DEFAULT_REPEAT_WINDOW_DAYS = 365


def is_repeat(last_referred_on: date | None, incident_on: date, window_days: int) -> bool:
    """Whether something dated ``incident_on`` is a repeat of a MARAC referral made ``last_referred_on``:
    0 to ``window_days`` days after it, both ends inclusive (day 365 is a repeat, day 366 is not; the
    same reading as vawg/risk/rules.py). Nothing dated before the referral is a repeat of it."""
    if window_days < 1:
        raise ValueError("The repeat window must be 1 day or more")
    if last_referred_on is None:
        return False
    return 0 <= (incident_on - last_referred_on).days <= window_days


def repeat_window_days(on: date) -> int:
    """The repeat window of the risk thresholds in force on ``on`` (vawg/risk/config.py)."""
    try:
        return thresholds_for(on).repeat_window_days
    except LookupError:
        return DEFAULT_REPEAT_WINDOW_DAYS
