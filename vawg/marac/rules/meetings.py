"""MARAC rules as pure functions: meeting dates by cadence, which meeting a case goes to by default,
meeting capacity, the order of an agenda and when research is due. No database, no clock: callers
pass the dates in. Documented in docs/marac.md ("Meetings and agendas").
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol, TypeVar

from vawg.core.dates import LONDON

WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY = "monthly"
CADENCES = (WEEKLY, FORTNIGHTLY, MONTHLY)

# Meetings a case can still be listed at (the values of MeetingState in vawg/marac/models.py).
OPEN_MEETING_STATES = frozenset({"scheduled", "agenda-published"})

# Research is due two days before the meeting, at 17:00 local time.
RESEARCH_DAYS_BEFORE = 2
RESEARCH_DUE_TIME = time(17, 0)

OK = "ok"
FULL = "full"
OVER = "over"


# ---------------------------------------------------------------------------
# Meeting dates
# ---------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-4, or 5 for "the last") ``weekday`` of a month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[nth - 1] if nth < 5 else days[-1]


def week_of_month(day: date) -> int:
    """1 for the first seven days of a month, 2 for the next seven..., 5 for the 29th onwards."""
    return (day.day - 1) // 7 + 1


def meeting_dates(cadence: str, first: date, until: date) -> list[date]:
    """Meeting dates from ``first`` to ``until`` (both included) at ``cadence``.

    Weekly and fortnightly: every 7 or 14 days. Monthly: the same weekday of the month as ``first``
    (the 2nd Wednesday stays the 2nd Wednesday); a first date in the 5th week means "the last"
    such weekday of each month, since not every month has a fifth.
    """
    if cadence not in CADENCES:
        raise ValueError(f"Unknown cadence: {cadence}")
    dates: list[date] = []
    if cadence in (WEEKLY, FORTNIGHTLY):
        step = timedelta(days=7 if cadence == WEEKLY else 14)
        day = first
        while day <= until:
            dates.append(day)
            day += step
        return dates
    nth, weekday = week_of_month(first), first.weekday()
    year, month = first.year, first.month
    while True:
        day = _nth_weekday(year, month, weekday, nth)
        if day > until:
            return dates
        dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# ---------------------------------------------------------------------------
# Which meeting a case goes to by default
# ---------------------------------------------------------------------------


class MeetingLike(Protocol):
    @property
    def starts_at(self) -> datetime: ...
    @property
    def current_state(self) -> str: ...
    @property
    def is_extra(self) -> bool: ...


M = TypeVar("M", bound=MeetingLike)


def next_meeting(meetings: Iterable[M], on: datetime, urgent: bool = False) -> M | None:
    """The meeting a case goes to by default: the earliest that starts at or after ``on`` and can
    still take cases (scheduled or agenda published; never cancelled or held). Extra meetings are
    called for urgent cases, so only an urgent case goes to one by default."""
    candidates = [
        meeting
        for meeting in meetings
        if meeting.starts_at >= on and meeting.current_state in OPEN_MEETING_STATES and (urgent or not meeting.is_extra)
    ]
    return min(candidates, key=lambda meeting: meeting.starts_at, default=None)


# ---------------------------------------------------------------------------
# Capacity
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    state: str  # OK, FULL or OVER
    listed: int
    capacity: int
    warning: str  # "" when OK

    @property
    def over_by(self) -> int:
        return max(0, self.listed - self.capacity)


def capacity_state(listed: int, capacity: int) -> Capacity:
    """How full a meeting with ``listed`` cases is against its ``capacity`` (over is allowed, warned)."""
    if listed > capacity:
        over = listed - capacity
        warning = (
            f"This meeting has {listed} cases listed against a capacity of {capacity} "
            f"({over} over). Each case needs time to be heard: consider an extra meeting."
        )
        return Capacity(OVER, listed, capacity, warning)
    if listed == capacity:
        return Capacity(FULL, listed, capacity, f"This meeting is full: {listed} of {capacity} cases listed.")
    return Capacity(OK, listed, capacity, "")


def listing_would_exceed(listed: int, capacity: int) -> bool:
    """Whether listing one more case takes a meeting with ``listed`` cases over ``capacity``."""
    return listed + 1 > capacity


def meeting_minutes(listed: int, minutes_per_case: int) -> int:
    """The time a meeting's cases need (SafeLives: about 12-15 minutes a case)."""
    return listed * minutes_per_case


# ---------------------------------------------------------------------------
# Agenda order and research due date
# ---------------------------------------------------------------------------


class ListableLike(Protocol):
    @property
    def urgent(self) -> bool: ...
    @property
    def is_repeat(self) -> bool: ...
    @property
    def referred_on(self) -> date: ...


L = TypeVar("L", bound=ListableLike)


def agenda_key(urgent: bool, is_repeat: bool, referred_on: date) -> tuple[int, int, date]:
    """Sort key for an agenda or the queue: urgent first, then repeats, then the oldest referral."""
    return (0 if urgent else 1, 0 if is_repeat else 1, referred_on)


def agenda_order(referrals: Sequence[L]) -> list[L]:
    """``referrals`` in agenda order (stable: equal keys keep their given order)."""
    return sorted(referrals, key=lambda r: agenda_key(r.urgent, r.is_repeat, r.referred_on))


def research_due_at(starts_at: datetime) -> datetime:
    """When agencies' research on a listed case is due: two days before the meeting's local date, at
    17:00 London time (an aware datetime)."""
    meeting_day = starts_at.astimezone(LONDON).date()
    return datetime.combine(meeting_day - timedelta(days=RESEARCH_DAYS_BEFORE), RESEARCH_DUE_TIME, tzinfo=LONDON)
