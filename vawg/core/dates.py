"""The partnership's clock: UK local time (Europe/London), for dates shown, working days and day boundaries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Every date a person can enter lies in these years: wider than any real birth, incident or
# reporting period, and far from the calendar's edges (a year-9999 "to" date once made a 500).
FIRST_YEAR = 1900
LAST_YEAR = 2099
YEARS_MESSAGE = f"Year must be between {FIRST_YEAR} and {LAST_YEAR}"


def london_day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in UK local time (an aware datetime)."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def london_days(start: date, end: date) -> tuple[datetime, datetime]:
    """The aware instants from the start of ``start`` to the start of the day after ``end`` (half-open)."""
    return london_day_start(start), london_day_start(end + timedelta(days=1))


def london_date(moment: datetime) -> date:
    """The UK calendar date of an aware ``moment``."""
    return moment.astimezone(LONDON).date()
