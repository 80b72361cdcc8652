"""The pure MARAC rules: meeting dates, the default meeting, capacity, agenda order, research due."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.core.dates import LONDON
from vawg.marac.rules import meetings as rules


def D(month: int, day: int) -> date:  # noqa: N802  (short, for the tables)
    """A date in 2027."""
    return date(2027, month, day)


@pytest.mark.parametrize(
    ("cadence", "first", "until", "expected"),
    [
        ("weekly", date(2027, 1, 6), date(2027, 1, 27), [date(2027, 1, d) for d in (6, 13, 20, 27)]),
        ("weekly", date(2027, 1, 6), date(2027, 1, 6), [date(2027, 1, 6)]),
        ("weekly", date(2027, 1, 6), date(2027, 1, 5), []),
        ("fortnightly", date(2027, 1, 6), date(2027, 2, 17), [D(1, 6), D(1, 20), D(2, 3), D(2, 17)]),
        # 2nd Wednesday of each month.
        ("monthly", date(2027, 1, 13), date(2027, 4, 30), [D(1, 13), D(2, 10), D(3, 10), D(4, 14)]),
        # 1st Monday, across a year end.
        ("monthly", date(2026, 11, 2), date(2027, 2, 1), [date(2026, 11, 2), date(2026, 12, 7), D(1, 4), D(2, 1)]),
        # The 29th (5th week): the last Friday of each month.
        ("monthly", date(2027, 1, 29), date(2027, 4, 30), [D(1, 29), D(2, 26), D(3, 26), D(4, 30)]),
    ],
)
def test_it_lists_meeting_dates_by_cadence(cadence: str, first: date, until: date, expected: list[date]) -> None:
    assert rules.meeting_dates(cadence, first, until) == expected


def test_it_refuses_an_unknown_cadence() -> None:
    with pytest.raises(ValueError, match="Unknown cadence"):
        rules.meeting_dates("daily", date(2027, 1, 1), date(2027, 2, 1))


@given(
    cadence=st.sampled_from(rules.CADENCES),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
)
def test_it_makes_series_that_strictly_increase_and_match_the_cadence(cadence: str, first: date, days: int) -> None:
    until = first + timedelta(days=days)
    dates = rules.meeting_dates(cadence, first, until)
    assert dates[0] == first
    assert all(first <= day <= until for day in dates)
    assert all(a < b for a, b in itertools.pairwise(dates))
    assert all(day.weekday() == first.weekday() for day in dates)
    if cadence in ("weekly", "fortnightly"):
        step = 7 if cadence == "weekly" else 14
        assert all((b - a).days == step for a, b in itertools.pairwise(dates))
        assert dates[-1] + timedelta(days=step) > until
    else:
        months = [(d.year, d.month) for d in dates]
        assert len(set(months)) == len(months)  # one a month
        nth = rules.week_of_month(first)
        for day in dates:
            if nth < 5:
                assert rules.week_of_month(day) == nth
            else:
                assert (day + timedelta(days=7)).month != day.month  # the last such weekday


@dataclass
class Meeting:
    starts_at: datetime
    current_state: str = "scheduled"
    is_extra: bool = False


NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("meetings", "urgent", "expected"),
    [
        ([], False, None),
        ([Meeting(NOW - timedelta(days=1))], False, None),  # past
        ([Meeting(NOW + timedelta(days=9)), Meeting(NOW + timedelta(days=2))], False, 1),  # the earliest
        ([Meeting(NOW + timedelta(days=2), "cancelled"), Meeting(NOW + timedelta(days=9))], False, 1),
        ([Meeting(NOW + timedelta(days=2), "held"), Meeting(NOW + timedelta(days=9))], False, 1),
        ([Meeting(NOW + timedelta(days=2), "agenda-published"), Meeting(NOW + timedelta(days=9))], False, 0),
        ([Meeting(NOW + timedelta(days=2), is_extra=True), Meeting(NOW + timedelta(days=9))], False, 1),
        ([Meeting(NOW + timedelta(days=2), is_extra=True), Meeting(NOW + timedelta(days=9))], True, 0),
        ([Meeting(NOW)], False, 0),  # starting now still counts
    ],
)
def test_it_chooses_the_next_meeting(meetings: list[Meeting], urgent: bool, expected: int | None) -> None:
    chosen = rules.next_meeting(meetings, NOW, urgent=urgent)
    assert chosen is (meetings[expected] if expected is not None else None)


@pytest.mark.parametrize(
    ("listed", "capacity", "state", "over_by"),
    [(0, 15, "ok", 0), (14, 15, "ok", 0), (15, 15, "full", 0), (16, 15, "over", 1), (20, 15, "over", 5)],
)
def test_it_states_capacity(listed: int, capacity: int, state: str, over_by: int) -> None:
    result = rules.capacity_state(listed, capacity)
    assert (result.state, result.over_by) == (state, over_by)
    assert bool(result.warning) == (state != "ok")
    if state == "over":
        assert f"{listed} cases listed against a capacity of {capacity}" in result.warning


@pytest.mark.parametrize(("listed", "capacity", "exceeds"), [(14, 15, False), (15, 15, True), (0, 1, False)])
def test_it_knows_when_listing_goes_over_capacity(listed: int, capacity: int, exceeds: bool) -> None:
    assert rules.listing_would_exceed(listed, capacity) is exceeds


def test_it_works_out_the_time_a_meeting_needs() -> None:
    assert rules.meeting_minutes(16, 15) == 240


@dataclass
class Referral:
    name: str
    urgent: bool
    is_repeat: bool
    referred_on: date


def test_it_orders_an_agenda_urgent_then_repeats_then_oldest() -> None:
    referrals = [
        Referral("new-old", False, False, date(2027, 1, 1)),
        Referral("repeat-new", False, True, date(2027, 1, 9)),
        Referral("urgent-new", True, False, date(2027, 1, 8)),
        Referral("repeat-old", False, True, date(2027, 1, 2)),
        Referral("urgent-repeat", True, True, date(2027, 1, 9)),
        Referral("new-new", False, False, date(2027, 1, 5)),
    ]
    assert [r.name for r in rules.agenda_order(referrals)] == [
        "urgent-repeat",
        "urgent-new",
        "repeat-old",
        "repeat-new",
        "new-old",
        "new-new",
    ]


@given(
    st.lists(
        st.builds(
            Referral,
            name=st.just("r"),
            urgent=st.booleans(),
            is_repeat=st.booleans(),
            referred_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
        ),
        max_size=30,
    )
)
def test_it_always_puts_urgent_cases_first_then_repeats(referrals: list[Referral]) -> None:
    ordered = rules.agenda_order(referrals)
    assert sorted(ordered, key=id) == sorted(referrals, key=id)  # nothing lost or added
    urgency = [r.urgent for r in ordered]
    assert urgency == sorted(urgency, reverse=True)
    for group in (True, False):
        same = [r for r in ordered if r.urgent is group]
        repeats = [r.is_repeat for r in same]
        assert repeats == sorted(repeats, reverse=True)
        for flag in (True, False):
            dates = [r.referred_on for r in same if r.is_repeat is flag]
            assert dates == sorted(dates)


@pytest.mark.parametrize(
    ("starts_at", "due_local"),
    [
        # Winter (GMT): a Wednesday 10:00 meeting -> Monday 17:00.
        (datetime(2027, 1, 13, 10, 0, tzinfo=UTC), datetime(2027, 1, 11, 17, 0, tzinfo=LONDON)),
        # Summer (BST): 09:30 local is 08:30 UTC.
        (datetime(2027, 7, 14, 8, 30, tzinfo=UTC), datetime(2027, 7, 12, 17, 0, tzinfo=LONDON)),
        # 00:30 BST on the 14th is 23:30 UTC on the 13th: the local date counts.
        (datetime(2027, 7, 13, 23, 30, tzinfo=UTC), datetime(2027, 7, 12, 17, 0, tzinfo=LONDON)),
    ],
)
def test_it_makes_research_due_two_days_before_at_five_pm(starts_at: datetime, due_local: datetime) -> None:
    due = rules.research_due_at(starts_at)
    assert due == due_local
    assert due.astimezone(LONDON).hour == 17
