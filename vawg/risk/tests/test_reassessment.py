"""Reassessment intervals: versioned configuration (vawg/risk/config.py, docs/risk-rules.md#reassessment-due)."""

from __future__ import annotations

from datetime import date

import pytest

from vawg.risk.config import (
    REASSESSMENT_VERSIONS,
    ReassessmentIntervals,
    reassessment_intervals_for,
)


def _version(name: str, on: date, **days: int) -> ReassessmentIntervals:
    return ReassessmentIntervals(version=name, effective_from=on, source="Test", **days)


def test_it_uses_28_days_for_high_risk_and_90_for_the_rest_today() -> None:
    today = reassessment_intervals_for(date(2026, 12, 5))
    assert (today.high_days, today.other_days) == (28, 90)
    assert today in REASSESSMENT_VERSIONS


def test_it_picks_the_version_in_force_on_the_date() -> None:
    old, new = _version("old", date(2020, 1, 1)), _version("new", date(2026, 4, 1), high_days=14, other_days=60)
    assert reassessment_intervals_for(date(2026, 3, 31), (old, new)) is old
    assert reassessment_intervals_for(date(2026, 4, 1), (old, new)) is new
    with pytest.raises(LookupError):
        reassessment_intervals_for(date(2019, 12, 31), (old, new))


@pytest.mark.parametrize(
    ("high_days", "other_days"),
    [(0, 90), (30, 20)],
)
def test_it_refuses_intervals_that_make_no_sense(high_days: int, other_days: int) -> None:
    with pytest.raises(ValueError, match="high_days"):
        _version("bad", date(2026, 1, 1), high_days=high_days, other_days=other_days)


def test_it_refuses_a_version_without_a_source() -> None:
    with pytest.raises(ValueError, match="source"):
        ReassessmentIntervals(version="bad", effective_from=date(2026, 1, 1), source=" ")
