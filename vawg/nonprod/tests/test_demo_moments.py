"""The demo acts at planned moments with the clock running; nothing starts close enough to midnight
for a slow step to record the next day's date."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from vawg.nonprod.demo.referrals import before_late_evening

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("planned", "expected"),
    [
        (datetime(2026, 12, 5, 9, 30, tzinfo=LONDON), datetime(2026, 12, 5, 9, 30, tzinfo=LONDON)),
        (datetime(2026, 12, 5, 21, 59, 59, tzinfo=LONDON), datetime(2026, 12, 5, 21, 59, 59, tzinfo=LONDON)),
        (datetime(2026, 12, 5, 22, 0, tzinfo=LONDON), datetime(2026, 12, 5, 22, 0, tzinfo=LONDON)),
        (datetime(2026, 12, 5, 23, 0, tzinfo=LONDON), datetime(2026, 12, 5, 22, 30, tzinfo=LONDON)),
        (datetime(2026, 12, 5, 23, 59, 58, tzinfo=LONDON), datetime(2026, 12, 5, 22, 59, 59, tzinfo=LONDON)),
        (datetime(2026, 7, 5, 23, 59, 58, tzinfo=LONDON), datetime(2026, 7, 5, 22, 59, 59, tzinfo=LONDON)),
    ],
)
def test_it_moves_late_evening_steps_an_hour_clear_of_midnight(planned: datetime, expected: datetime) -> None:
    assert before_late_evening(planned) == expected


def test_it_keeps_the_order_of_the_evenings_steps() -> None:
    start = datetime(2026, 12, 5, 21, 0, tzinfo=LONDON)
    planned = [start + timedelta(minutes=7 * n) for n in range(30)]
    moved = [before_late_evening(moment) for moment in planned]
    assert moved == sorted(moved)
    assert len(set(moved)) == len(moved)
    assert all(
        timezone_date(moment) == timezone_date(original) for moment, original in zip(moved, planned, strict=True)
    )


def timezone_date(moment: datetime) -> object:
    return moment.astimezone(LONDON).date()
