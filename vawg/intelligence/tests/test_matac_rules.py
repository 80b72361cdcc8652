"""MATAC's pure rules: the cadence, the place label, cohorts and their suppression, and every state machine
(table-driven over every pair of states)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.intelligence.models import (
    MATAC_MEETING_TRANSITIONS,
    NOMINATION_TRANSITIONS,
    SUBJECT_TRANSITIONS,
    MatacMeetingState,
    NominationState,
    SubjectState,
)
from vawg.intelligence.rules.matac import (
    CADENCE_DAYS,
    Movement,
    cohort_of,
    cohort_rows,
    next_meeting_date,
    place_label_problem,
)
from vawg.marac.models import ACTION_TRANSITIONS, ActionState

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (None, TODAY + timedelta(days=28)),
        (TODAY, TODAY + timedelta(days=28)),
        (TODAY - timedelta(days=27), TODAY + timedelta(days=1)),
        (TODAY - timedelta(days=28), TODAY + timedelta(days=28)),  # today's meeting is due: suggest the next
        (TODAY - timedelta(days=60), TODAY - timedelta(days=60) + timedelta(days=84)),
        (TODAY + timedelta(days=5), TODAY + timedelta(days=33)),
    ],
)
def test_it_suggests_the_next_meeting_from_the_cadence(last: date | None, expected: date) -> None:
    assert next_meeting_date(last=last, today=TODAY) == expected


@given(
    last=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    cadence=st.integers(min_value=1, max_value=90),
)
def test_it_always_suggests_a_date_after_today_a_whole_number_of_cadences_on(last: date, cadence: int) -> None:
    suggested = next_meeting_date(last=last, today=TODAY, cadence_days=cadence)
    assert suggested > TODAY
    assert (suggested - last).days % cadence == 0
    assert suggested - timedelta(days=cadence) <= max(TODAY, last)


def test_it_meets_every_four_weeks_by_default() -> None:
    assert CADENCE_DAYS == 28


@pytest.mark.parametrize(
    ("label", "refused"),
    [
        ("Police HQ, room 2", False),
        ("Civic Centre committee room 1", False),
        ("Teams call", False),
        ("12 Example Street", True),
        ("Room 2, AL1 1AA", True),
        ("Room 2, al11aa", True),
        ("Call 07700 900123", True),
        ("ask matac@example.invalid", True),
    ],
)
def test_it_refuses_an_address_as_a_meeting_place(label: str, refused: bool) -> None:
    assert bool(place_label_problem(label)) is refused


@pytest.mark.parametrize(
    ("day", "cohort"),
    [
        (date(2026, 1, 1), "2026 Q1"),
        (date(2026, 3, 31), "2026 Q1"),
        (date(2026, 4, 1), "2026 Q2"),
        (date(2025, 12, 31), "2025 Q4"),
    ],
)
def test_it_puts_a_subject_in_the_quarter_they_entered(day: date, cohort: str) -> None:
    assert cohort_of(day) == cohort


def _moves(day: date, n: int, *, entry: float = 40.0, exit_: float | None = 30.0) -> list[Movement]:
    return [Movement(entered_on=day, entry_total=entry, exit_total=exit_, exited=exit_ is not None)] * n


def test_it_reports_mean_change_per_cohort() -> None:
    rows = cohort_rows(_moves(date(2026, 1, 5), 6) + _moves(date(2026, 4, 5), 5, entry=20.0, exit_=10.0))
    by = {row.cohort: row for row in rows}
    assert by["2026 Q1"].entered == 6
    assert by["2026 Q1"].exited_scored == 6
    assert by["2026 Q1"].mean_entry == 40.0
    assert by["2026 Q1"].mean_change == -10.0
    assert by["2026 Q1"].percent_change == -25.0
    assert by["2026 Q2"].mean_change == -10.0
    assert by["All cohorts"].entered == 11
    assert by["All cohorts"].mean_entry == pytest.approx((6 * 40 + 5 * 20) / 11, abs=0.01)


def test_it_counts_only_exits_with_both_scores() -> None:
    moves = _moves(date(2026, 1, 5), 5) + _moves(date(2026, 1, 5), 5, exit_=None)
    moves += [Movement(entered_on=date(2026, 1, 5), entry_total=None, exit_total=12.0, exited=True)] * 5
    row = cohort_rows(moves)[0]
    assert (row.entered, row.exited_scored) == (15, 5)


def test_it_suppresses_small_counts_and_their_means() -> None:
    rows = cohort_rows(_moves(date(2026, 1, 5), 3) + _moves(date(2026, 4, 5), 7))
    by = {row.cohort: row for row in rows}
    assert by["2026 Q1"].entered is None
    assert by["2026 Q1"].exited_scored is None
    assert by["2026 Q1"].mean_change is None
    # Secondary: with the total shown, Q2's count would give Q1's away, so one more is hidden.
    assert by["2026 Q2"].entered is None or by["All cohorts"].entered is None


@given(st.lists(st.tuples(st.integers(0, 7), st.booleans()), max_size=40))
def test_it_never_shows_a_count_from_one_to_four(subjects: list[tuple[int, bool]]) -> None:
    moves = [
        Movement(entered_on=date(2025, 1 + month, 1), entry_total=10.0, exit_total=5.0 if out else None, exited=out)
        for month, out in subjects
    ]
    for row in cohort_rows(moves):
        assert row.entered is None or not 1 <= row.entered <= 4
        assert row.exited_scored is None or not 1 <= row.exited_scored <= 4
        if row.exited_scored is None:
            assert row.mean_change is None


MACHINES = [
    (
        MatacMeetingState,
        MATAC_MEETING_TRANSITIONS,
        {("scheduled", "held"), ("scheduled", "cancelled"), ("held", "minutes-published")},
    ),
    (NominationState, NOMINATION_TRANSITIONS, {("open", "accepted"), ("open", "declined")}),
    (SubjectState, SUBJECT_TRANSITIONS, {("active", "exited")}),
    (
        ActionState,
        ACTION_TRANSITIONS,
        {
            ("open", "in-progress"),
            ("open", "done"),
            ("open", "not-done"),
            ("in-progress", "done"),
            ("in-progress", "not-done"),
        },
    ),
]


@pytest.mark.parametrize(
    ("states", "transitions", "allowed", "was", "becomes"),
    [
        (states, transitions, allowed, was, becomes)
        for states, transitions, allowed in MACHINES
        for was, becomes in product(states.values, states.values)
    ],
)
def test_it_allows_exactly_the_transitions_of_each_machine(
    states: object, transitions: dict[str, frozenset[str]], allowed: set[tuple[str, str]], was: str, becomes: str
) -> None:
    assert (becomes in transitions[was]) is ((was, becomes) in allowed)
