"""Working days in England and Wales: Monday to Friday, except bank holidays.

Bank holidays are configuration: source "GOV.UK bank holidays" (https://www.gov.uk/bank-holidays,
England and Wales), for 2024 to 2027. Add the next year's dates when GOV.UK publishes them.
A referral must never fail because a year is missing: outside the configured years only
weekends count as non-working (deadlines can then fall a day early, never late), a warning
is logged, and the system check `referrals.W001` warns from December of the last configured
year, so `check --deploy --fail-level WARNING` in CI fails until the list is extended.
Deadlines are the end of a working day in UK time (Europe/London).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from vawg.core.dates import LONDON

logger = logging.getLogger(__name__)

# Source: GOV.UK bank holidays, England and Wales.
BANK_HOLIDAYS_ENGLAND_AND_WALES: frozenset[date] = frozenset(
    {
        # 2024
        date(2024, 1, 1),  # New Year's Day
        date(2024, 3, 29),  # Good Friday
        date(2024, 4, 1),  # Easter Monday
        date(2024, 5, 6),  # Early May bank holiday
        date(2024, 5, 27),  # Spring bank holiday
        date(2024, 8, 26),  # Summer bank holiday
        date(2024, 12, 25),  # Christmas Day
        date(2024, 12, 26),  # Boxing Day
        # 2025
        date(2025, 1, 1),  # New Year's Day
        date(2025, 4, 18),  # Good Friday
        date(2025, 4, 21),  # Easter Monday
        date(2025, 5, 5),  # Early May bank holiday
        date(2025, 5, 26),  # Spring bank holiday
        date(2025, 8, 25),  # Summer bank holiday
        date(2025, 12, 25),  # Christmas Day
        date(2025, 12, 26),  # Boxing Day
        # 2026
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),  # Early May bank holiday
        date(2026, 5, 25),  # Spring bank holiday
        date(2026, 8, 31),  # Summer bank holiday
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 28),  # Boxing Day (substitute day: 26 December is a Saturday)
        # 2027
        date(2027, 1, 1),  # New Year's Day
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 3),  # Early May bank holiday
        date(2027, 5, 31),  # Spring bank holiday
        date(2027, 8, 30),  # Summer bank holiday
        date(2027, 12, 27),  # Christmas Day (substitute day: 25 December is a Saturday)
        date(2027, 12, 28),  # Boxing Day (substitute day: 26 December is a Sunday)
    }
)
FIRST_YEAR = 2024
LAST_YEAR = 2027


def calendar_configured(day: date) -> bool:
    """Whether the bank holidays of ``day``'s year are in the list."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def is_working_day(day: date, *, holidays: frozenset[date] = BANK_HOLIDAYS_ENGLAND_AND_WALES) -> bool:
    if holidays is BANK_HOLIDAYS_ENGLAND_AND_WALES and not calendar_configured(day):
        logger.warning("Bank holidays for %s are not configured: counting weekends only", day.year)
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, n: int, *, holidays: frozenset[date] = BANK_HOLIDAYS_ENGLAND_AND_WALES) -> date:
    """The ``n``th working day after ``start`` (``n`` >= 1; ``start`` itself never counts)."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            remaining -= 1
    return day


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in UK time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=LONDON)


def end_of_working_day_after(start: datetime, n: int) -> datetime:
    """The end of the ``n``th working day after the UK date of ``start``."""
    return end_of_day(add_working_days(start.astimezone(LONDON).date(), n))


def end_of_next_working_day(start: datetime) -> datetime:
    """The end of the next working day after ``start`` (Friday afternoon -> end of Monday, bank holidays skipped)."""
    return end_of_working_day_after(start, 1)
