"""Working days in England and Wales (weekends and GOV.UK bank holidays)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from vawg.core.dates import LONDON
from vawg.referrals.rules.workdays import (
    add_working_days,
    end_of_next_working_day,
    end_of_working_day_after,
    is_working_day,
)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday -> Tuesday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday -> Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday -> Monday
        (date(2026, 11, 29), 1, date(2026, 11, 30)),  # Sunday -> Monday
        (date(2026, 11, 25), 3, date(2026, 11, 30)),  # Wednesday + 3 -> Monday
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday + 5 -> next Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Thursday before Easter -> Tuesday after Easter Monday
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Eve -> after Christmas and the Boxing Day substitute
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Eve -> first Monday of 2027
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # Friday before the summer bank holiday
        (date(2025, 5, 2), 1, date(2025, 5, 6)),  # early May bank holiday 2025
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # 2027: both Christmas substitute days
    ],
)
def test_it_adds_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 27), True),
        (date(2026, 11, 28), False),
        (date(2026, 5, 25), False),
        (date(2026, 12, 28), False),
        (date(2026, 12, 26), False),
    ],
)
def test_it_knows_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_it_keeps_counting_weekends_in_a_year_whose_bank_holidays_are_not_configured(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A referral must never fail for want of a calendar: weekends still count, and it is logged.
    assert is_working_day(date(2028, 1, 4)) is True
    assert is_working_day(date(2028, 1, 8)) is False  # a Saturday
    assert add_working_days(date(2028, 1, 7), 1) == date(2028, 1, 10)
    assert "not configured" in caplog.text


@pytest.mark.parametrize(
    ("today", "warns"), [(date(2027, 11, 30), False), (date(2027, 12, 1), True), (date(2028, 3, 1), True)]
)
def test_it_warns_in_the_deploy_check_before_the_calendar_runs_out(today: date, warns: bool) -> None:
    from vawg.referrals.checks import bank_holidays_configured

    assert [m.id for m in bank_holidays_configured(today=today)] == (["referrals.W001"] if warns else [])


def test_it_refuses_zero_days() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), 0)


def test_it_gives_the_end_of_the_next_working_day_in_uk_time() -> None:
    friday_afternoon = datetime(2026, 11, 27, 16, 30, tzinfo=LONDON)
    assert end_of_next_working_day(friday_afternoon) == datetime(2026, 11, 30, 23, 59, 59, tzinfo=LONDON)


def test_it_uses_the_uk_date_not_the_utc_date() -> None:
    # 23:30 UTC on Thursday 25 June 2026 is 00:30 on Friday in London (BST): the next working day is Monday.
    late = datetime.fromisoformat("2026-06-25T23:30:00+00:00")
    assert end_of_working_day_after(late, 1).date() == date(2026, 6, 29)
