"""Pure rules of protective orders and disclosures (docs/orders.md): each order's deadlines, their state at a
moment, and the checks on recording one (rank, age, period). Parameters live in vawg/justice/config/orders.py.

All moments are aware datetimes; days are UK days (Europe/London), so a day may have 23 or 25 hours, and
"48 hours" is 48 real hours on the days that count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from vawg.core.dates import LONDON, london_date, london_day_start
from vawg.justice.config.orders import (
    DUE_SOON_HOURS,
    ORDER_TYPES,
    RANKS,
    Clock,
    DaysKind,
    DeadlineSpec,
    OrderTypeCode,
    OrderTypeRules,
)
from vawg.referrals.rules.workdays import BANK_HOLIDAYS_ENGLAND_AND_WALES, add_working_days, is_working_day

ORDER_ENDS = "order-ends"


class DeadlineState(StrEnum):
    LATER = "later"  # due in more than 48 hours
    SOON = "soon"  # due within 48 hours
    OVERDUE = "overdue"  # passed, not met
    MET = "met"
    ENDED = "ended"  # an order's end has passed


@dataclass(frozen=True)
class OrderFacts:
    """What the deadlines of one order depend on (built from an Order by its presenter or service)."""

    order_type: str
    applied_at: datetime | None = None
    served_at: datetime | None = None
    ends_at: datetime | None = None
    decided_at: datetime | None = None  # DVDS: the disclosure decision
    determined_at: datetime | None = None  # DVPN/DAPN: the order application heard and determined
    notified_at: datetime | None = None  # SPO: name and home address notified
    replaces_interim: bool = False  # an SPO replacing an interim SPO starts no notification deadline


@dataclass(frozen=True)
class Deadline:
    code: str
    name: str
    due_at: datetime
    basis: str
    source: str
    met_at: datetime | None = None
    is_end: bool = False  # the order's end (expiry), not something someone must do

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at


# Days and hours ------------------------------------------------------------------------------------


def good_friday(year: int) -> date:
    """Good Friday of ``year`` (Gregorian Easter, the anonymous algorithm), two days before Easter Sunday."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month = (h + j - 7 * m + 114) // 31
    day = (h + j - 7 * m + 114) % 31 + 1
    return date(year, month, day) - timedelta(days=2)


def is_disregarded_day(day: date, *, holidays: frozenset[date] = BANK_HOLIDAYS_ENGLAND_AND_WALES) -> bool:
    """A day the 48 hours of CSA 2010 s27 and DAA 2021 s29(3) do not count: any Sunday, Christmas Day,
    Good Friday, or a bank holiday in England and Wales. Saturdays count."""
    return day.weekday() == 6 or (day.month, day.day) == (12, 25) or day == good_friday(day.year) or day in holidays


def add_hours_disregarding(
    start: datetime, hours: int, *, disregard: Callable[[date], bool] = is_disregarded_day
) -> datetime:
    """The moment ``hours`` real hours after ``start``, counting only time on UK days ``disregard`` does not
    skip. Started on a skipped day, the count begins when the next counted day begins."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    # Arithmetic in UTC: aware datetimes sharing one ZoneInfo subtract as wall-clock times.
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(UTC)
    while True:
        day = london_date(cursor)
        day_end = london_day_start(day + timedelta(days=1)).astimezone(UTC)
        if disregard(day):
            cursor = day_end
            continue
        available = day_end - cursor
        if remaining <= available:
            return (cursor + remaining).astimezone(LONDON)
        remaining -= available
        cursor = day_end


def end_of_day(day: date) -> datetime:
    """The last moment of UK day ``day``: the start of the next day."""
    return london_day_start(day + timedelta(days=1))


def day_n_beginning_with(start: date, days: int, kind: DaysKind = DaysKind.CALENDAR) -> date:
    """Day ``days`` of a period beginning with ``start`` (``start`` is day 1). Working days: day 1 is the
    first working day on or after ``start``."""
    if days < 1:
        raise ValueError("days must be 1 or more")
    if kind == DaysKind.CALENDAR:
        return start + timedelta(days=days - 1)
    first = start if is_working_day(start) else add_working_days(start, 1)
    return first if days == 1 else add_working_days(first, days - 1)


def ends_at_for(ends_on: date | None) -> datetime | None:
    """An order whose last day in force is ``ends_on`` ends when that UK day ends."""
    return None if ends_on is None else end_of_day(ends_on)


# Deadlines -----------------------------------------------------------------------------------------


def _met_at(spec: DeadlineSpec, facts: OrderFacts) -> datetime | None:
    if spec.code == "dvds-decision":
        return facts.decided_at
    if spec.code in ("dvpo-hearing", "dapo-hearing"):
        return facts.determined_at
    return facts.notified_at


def due_at(spec: DeadlineSpec, start: datetime) -> datetime:
    if spec.clock == Clock.HOURS_DISREGARDING:
        disregard = is_disregarded_day if spec.disregard_sundays_and_holidays else (lambda day: False)
        return add_hours_disregarding(start, spec.amount, disregard=disregard)
    return end_of_day(day_n_beginning_with(london_date(start), spec.amount, spec.days_kind))


def deadlines_for(facts: OrderFacts, *, types: dict[str, OrderTypeRules] = ORDER_TYPES) -> list[Deadline]:
    """Every deadline of an order, soonest first: those its type starts (once their start is known) and
    its end (a fixed period)."""
    rules = types[facts.order_type]
    found: list[Deadline] = []
    for spec in rules.deadlines:
        if spec.code == "spo-notification" and facts.replaces_interim:
            continue
        start = getattr(facts, spec.start)
        if start is None:
            continue
        found.append(
            Deadline(
                code=spec.code,
                name=spec.name,
                due_at=due_at(spec, start),
                basis=spec.basis,
                source=spec.source,
                met_at=_met_at(spec, facts),
            )
        )
    if facts.ends_at is not None:
        name = "Bail return date" if facts.order_type == OrderTypeCode.BAIL else "Order ends"
        found.append(
            Deadline(
                code=ORDER_ENDS,
                name=name,
                due_at=facts.ends_at,
                basis="The end of the last day in force the court or officer set",
                source=rules.source,
                is_end=True,
            )
        )
    return sorted(found, key=lambda deadline: deadline.due_at)


def deadline_state(deadline: Deadline, now: datetime, *, soon_hours: int = DUE_SOON_HOURS) -> DeadlineState:
    """Met once met; an end that has passed is ENDED; otherwise OVERDUE after the due moment (the due
    moment itself is still in time), SOON within ``soon_hours`` of it, else LATER."""
    if deadline.met_at is not None:
        return DeadlineState.MET
    if now > deadline.due_at:
        return DeadlineState.ENDED if deadline.is_end else DeadlineState.OVERDUE
    if deadline.due_at.astimezone(UTC) - now.astimezone(UTC) <= timedelta(hours=soon_hours):
        return DeadlineState.SOON
    return DeadlineState.LATER


def next_action_due(deadlines: list[Deadline]) -> datetime | None:
    """The earliest deadline someone must still meet (an order's end is not one)."""
    open_ = [deadline.due_at for deadline in deadlines if not deadline.is_end and deadline.met_at is None]
    return min(open_, default=None)


# Checks on recording -------------------------------------------------------------------------------


def rank_error(order_type: str, rank: str) -> str | None:
    """A DVPN (or DAPN) needs an authorising officer of its type's lowest rank or above."""
    lowest = ORDER_TYPES[order_type].min_rank
    if not lowest:
        return None
    order = [code for code, _ in RANKS]
    if rank not in order:
        return "Select the authorising officer's rank"
    if order.index(rank) < order.index(lowest):
        label = dict(RANKS)[lowest].lower()
        return f"The authorising officer must be of {label} rank or above"
    return None


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def age_error(order_type: str, date_of_birth: date | None, on: date) -> str | None:
    """The respondent must be old enough on the day, when their date of birth is known."""
    minimum = ORDER_TYPES[order_type].min_age
    if minimum is None or date_of_birth is None or age_on(date_of_birth, on) >= minimum:
        return None
    return f"The person causing harm must be {minimum} or over for this order"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def period_error(order_type: str, *, made_on: date | None, ends_on: date | None, until_further: bool) -> str | None:
    """The period an order is made for, as its type allows: DVPO 14 to 28 days beginning with the day it
    is made; SPO at least 2 years beginning with that day, or until further order."""
    rules = ORDER_TYPES[order_type]
    if until_further:
        return None if rules.until_further_order else f"A {rules.label} cannot be made until further order"
    if made_on is None or ends_on is None:
        if rules.min_days or rules.min_years:
            return "Enter the last day the order is in force"
        return None
    if ends_on < made_on:
        return "The last day in force must be on or after the day it was made"
    days = (ends_on - made_on).days + 1
    if rules.min_days is not None and days < rules.min_days:
        return f"A {rules.label} lasts at least {rules.min_days} days, beginning with the day it is made"
    if rules.max_days is not None and days > rules.max_days:
        return f"A {rules.label} lasts at most {rules.max_days} days, beginning with the day it is made"
    if rules.min_years is not None and ends_on < _add_years(made_on, rules.min_years) - timedelta(days=1):
        return f"A {rules.label} lasts at least {rules.min_years} years, or until further order"
    return None
