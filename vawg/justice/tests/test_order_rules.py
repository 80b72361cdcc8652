"""The protective-order rules (vawg/justice/rules/orders.py): deadlines per type with boundary minutes,
weekends, bank holidays and clock changes; the checks on recording; invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.core.dates import LONDON
from vawg.justice.config.orders import DVDS_DECISION, DaysKind
from vawg.justice.rules.orders import (
    ORDER_ENDS,
    Deadline,
    DeadlineState,
    OrderFacts,
    add_hours_disregarding,
    age_error,
    day_n_beginning_with,
    deadline_state,
    deadlines_for,
    due_at,
    good_friday,
    is_disregarded_day,
    next_action_due,
    period_error,
    rank_error,
)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def hearing_due(served: datetime) -> datetime:
    (deadline,) = deadlines_for(OrderFacts(order_type="dvpn", served_at=served))
    return deadline.due_at


@pytest.mark.parametrize(
    ("served", "due", "why"),
    [
        (at(2025, 6, 10, 10), at(2025, 6, 12, 10), "Tuesday: two whole days"),
        (at(2025, 6, 13, 20), at(2025, 6, 16, 20), "Friday evening: Saturday counts, Sunday does not"),
        (at(2025, 6, 14, 10), at(2025, 6, 17, 10), "Saturday: Sunday is skipped"),
        (at(2025, 6, 15, 10), at(2025, 6, 18, 0), "Sunday: the count starts on Monday"),
        (at(2025, 8, 22, 10), at(2025, 8, 26, 10), "Friday before the summer bank holiday"),
        (at(2025, 4, 17, 12), at(2025, 4, 22, 12), "Thursday before Good Friday and Easter Monday"),
        (at(2025, 12, 24, 18), at(2025, 12, 29, 18), "Christmas Eve: Christmas and Boxing Day skipped"),
        (at(2025, 3, 29, 12), at(2025, 4, 1, 12), "Saturday before the clocks go forward (Sunday skipped)"),
        (at(2025, 10, 25, 12), at(2025, 10, 28, 12), "Saturday before the clocks go back (Sunday skipped)"),
    ],
)
def test_it_computes_the_dvpo_hearing_deadline_as_the_act_says(served: datetime, due: datetime, why: str) -> None:
    assert hearing_due(served) == due, why


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (timedelta(hours=47, minutes=59), DeadlineState.SOON),
        (timedelta(hours=48), DeadlineState.SOON),
        (timedelta(hours=48, minutes=1), DeadlineState.OVERDUE),
        (timedelta(minutes=1), DeadlineState.SOON),
    ],
)
def test_it_tells_the_hearing_state_at_the_boundary_minutes(after: timedelta, state: DeadlineState) -> None:
    served = at(2025, 6, 10, 10)
    (deadline,) = deadlines_for(OrderFacts(order_type="dvpn", served_at=served))
    assert deadline_state(deadline, served + after) == state


def test_it_counts_real_hours_across_a_clock_change_when_no_day_is_disregarded() -> None:
    start = at(2025, 3, 29, 12)  # GMT; the next day has 23 hours
    end = add_hours_disregarding(start, 48, disregard=lambda day: False)
    assert end == at(2025, 3, 31, 13)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=48)


def test_it_marks_a_hearing_met_once_the_application_is_determined() -> None:
    served = at(2025, 6, 10, 10)
    facts = OrderFacts(order_type="dvpn", served_at=served, determined_at=served + timedelta(hours=30))
    (deadline,) = deadlines_for(facts)
    assert deadline_state(deadline, served + timedelta(days=10)) == DeadlineState.MET
    assert not deadline.met_late


@pytest.mark.parametrize(
    ("day", "disregarded"),
    [
        (date(2025, 6, 14), False),  # Saturday
        (date(2025, 6, 15), True),  # Sunday
        (date(2025, 8, 25), True),  # summer bank holiday
        (date(2027, 12, 25), True),  # Christmas Day on a Saturday (the bank holiday is the 27th)
        (date(2027, 12, 27), True),
        (date(2025, 4, 18), True),  # Good Friday
        (date(2031, 4, 11), True),  # Good Friday beyond the bank-holiday list
        (date(2025, 6, 16), False),
    ],
)
def test_it_knows_which_days_the_act_disregards(day: date, disregarded: bool) -> None:
    assert is_disregarded_day(day) is disregarded


@pytest.mark.parametrize(
    ("year", "friday"), [(2024, date(2024, 3, 29)), (2026, date(2026, 4, 3)), (2027, date(2027, 3, 26))]
)
def test_it_finds_good_friday(year: int, friday: date) -> None:
    assert good_friday(year) == friday


@pytest.mark.parametrize(
    ("applied", "kind", "due"),
    [
        (at(2025, 6, 2, 10), DaysKind.CALENDAR, at(2025, 6, 30)),  # day 28 is 29 June
        (at(2025, 6, 2, 10), DaysKind.WORKING, at(2025, 7, 10)),  # working day 28 is 9 July
        (at(2025, 6, 7, 10), DaysKind.WORKING, at(2025, 7, 17)),  # a Saturday: day 1 is Monday 9 June
        (at(2025, 8, 22, 10), DaysKind.WORKING, at(2025, 10, 2)),  # the 25 August bank holiday does not count
        (at(2025, 10, 20, 23, 30), DaysKind.CALENDAR, at(2025, 11, 17)),  # across the clocks going back
    ],
)
def test_it_computes_the_dvds_decision_deadline_in_either_kind_of_day(
    applied: datetime, kind: DaysKind, due: datetime
) -> None:
    spec = replace(DVDS_DECISION, days_kind=kind)
    assert due_at(spec, applied) == due


def test_it_gives_a_dvds_application_26_days_old_less_than_48_hours() -> None:
    now = at(2025, 6, 28, 9)
    (deadline,) = deadlines_for(OrderFacts(order_type="dvds-ask", applied_at=now - timedelta(days=26)))
    assert deadline_state(deadline, now) == DeadlineState.SOON


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        (OrderFacts(order_type="spo", served_at=at(2025, 6, 10, 15)), at(2025, 6, 13)),
        (OrderFacts(order_type="interim-spo", served_at=at(2025, 6, 13, 23, 59)), at(2025, 6, 16)),
    ],
)
def test_it_gives_spo_notification_3_days_beginning_with_service(facts: OrderFacts, due: datetime) -> None:
    (deadline,) = deadlines_for(facts)
    assert (deadline.code, deadline.due_at) == ("spo-notification", due)


def test_it_starts_no_notification_for_an_spo_replacing_an_interim_one() -> None:
    facts = OrderFacts(order_type="spo", served_at=at(2025, 6, 10, 15), replaces_interim=True)
    assert deadlines_for(facts) == []


def test_it_lists_the_end_of_a_fixed_order_and_flags_it_ended() -> None:
    ends = at(2025, 7, 1)
    deadlines = deadlines_for(OrderFacts(order_type="dvpo", ends_at=ends))
    assert [deadline.code for deadline in deadlines] == [ORDER_ENDS]
    assert deadline_state(deadlines[0], ends + timedelta(minutes=1)) == DeadlineState.ENDED
    assert next_action_due(deadlines) is None


@pytest.mark.parametrize(
    ("order_type", "made", "ends", "until", "error"),
    [
        ("dvpo", date(2025, 6, 1), date(2025, 6, 14), False, False),
        ("dvpo", date(2025, 6, 1), date(2025, 6, 13), False, True),
        ("dvpo", date(2025, 6, 1), date(2025, 6, 28), False, False),
        ("dvpo", date(2025, 6, 1), date(2025, 6, 29), False, True),
        ("dvpo", date(2025, 6, 1), None, True, True),
        ("dvpo", date(2025, 6, 1), None, False, True),
        ("spo", date(2025, 1, 1), date(2026, 12, 31), False, False),
        ("spo", date(2025, 1, 1), date(2026, 12, 30), False, True),
        ("spo", date(2025, 1, 1), None, True, False),
        ("spo", date(2024, 2, 29), date(2026, 2, 27), False, False),
        ("nmo", date(2025, 1, 1), date(2025, 1, 2), False, False),
        ("nmo", date(2025, 1, 2), date(2025, 1, 1), False, True),
        ("nmo", date(2025, 1, 1), None, True, False),
    ],
)
def test_it_checks_the_period_an_order_is_made_for(
    order_type: str, made: date, ends: date | None, until: bool, error: bool
) -> None:
    assert (period_error(order_type, made_on=made, ends_on=ends, until_further=until) is not None) is error


@pytest.mark.parametrize(
    ("order_type", "rank", "error"),
    [
        ("dvpn", "inspector", True),
        ("dvpn", "chief-inspector", True),
        ("dvpn", "superintendent", False),
        ("dvpn", "chief-constable", False),
        ("dvpn", "", True),
        ("dapn", "inspector", False),
        ("nmo", "", False),
    ],
)
def test_it_checks_the_authorising_rank(order_type: str, rank: str, error: bool) -> None:
    assert (rank_error(order_type, rank) is not None) is error


@pytest.mark.parametrize(
    ("order_type", "born", "error"),
    [
        ("dvpn", date(2007, 6, 11), True),
        ("dvpn", date(2007, 6, 10), False),
        ("dvpn", None, False),
        ("nmo", date(2015, 1, 1), False),
    ],
)
def test_it_checks_the_respondents_age(order_type: str, born: date | None, error: bool) -> None:
    assert (age_error(order_type, born, date(2025, 6, 10)) is not None) is error


# Hypothesis wants naive bounds; timezones= makes every drawn moment aware.
moments = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 12, 1),  # noqa: DTZ001
    timezones=st.just(LONDON),
)


@given(start=moments, hours=st.integers(min_value=0, max_value=200))
def test_it_never_puts_a_deadline_before_its_start(start: datetime, hours: int) -> None:
    assert add_hours_disregarding(start, hours) >= start
    plain = add_hours_disregarding(start, hours, disregard=lambda day: False)
    assert plain.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)


@given(start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 11, 1)), days=st.integers(1, 60))
def test_it_never_ends_a_day_period_before_it_begins(start: date, days: int) -> None:
    assert day_n_beginning_with(start, days, DaysKind.CALENDAR) >= start
    assert day_n_beginning_with(start, days, DaysKind.WORKING) >= day_n_beginning_with(start, days, DaysKind.CALENDAR)


@given(
    served=moments,
    first=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10)),
)
def test_it_never_turns_an_overdue_deadline_back_with_time(
    served: datetime, first: timedelta, later: timedelta
) -> None:
    (deadline,) = deadlines_for(OrderFacts(order_type="dvpn", served_at=served))
    order = [DeadlineState.LATER, DeadlineState.SOON, DeadlineState.OVERDUE]
    before, after = deadline_state(deadline, served + first), deadline_state(deadline, served + first + later)
    assert order.index(after) >= order.index(before)


def test_it_sorts_deadlines_soonest_first() -> None:
    facts = OrderFacts(order_type="spo", served_at=at(2025, 6, 10), ends_at=at(2025, 6, 11))
    deadlines: list[Deadline] = deadlines_for(facts)
    assert [d.due_at for d in deadlines] == sorted(d.due_at for d in deadlines)
