"""The attendance rule (table and invariants) and the referral state machine (every move, allowed or not)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.programmes.models import PROGRAMME_REFERRAL_TRANSITIONS, AttendanceOutcome, ProgrammeReferralState
from vawg.programmes.rules.attendance import OUTCOMES, attendance_verdict

A, M, E = "attended", "missed", "excused"


def test_it_uses_the_models_attendance_outcomes() -> None:
    assert set(AttendanceOutcome.values) == OUTCOMES


@pytest.mark.parametrize(
    ("outcomes", "max_missed", "in_a_row", "missed", "run", "review"),
    [
        ([], 3, 2, 0, 0, False),
        ([A, A, A], 3, 2, 0, 0, False),
        ([M, A, M, A, M], 3, 2, 3, 1, False),  # at the limit in all: no review
        ([M, A, M, A, M, A, M], 3, 2, 4, 1, True),  # past it in all
        ([A, M, M], 3, 2, 2, 2, False),  # at the limit in a row
        ([A, M, M, M], 3, 2, 3, 3, True),  # past it in a row
        ([M, E, M], 3, 1, 2, 2, True),  # an excused miss does not break a run
        ([M, A, M], 3, 1, 2, 1, False),  # attending does
        ([E, E, E, E, E, E], 3, 2, 0, 0, False),  # excused misses never count
        ([M], 0, 5, 1, 1, True),  # no misses allowed at all
        ([M, M], 5, 0, 2, 2, True),  # none in a row allowed: any miss is a run of one, past 0
    ],
)
def test_it_gives_the_attendance_rules_verdict(
    outcomes: list[str], max_missed: int, in_a_row: int, missed: int, run: int, review: bool
) -> None:
    verdict = attendance_verdict(outcomes, max_missed=max_missed, max_missed_in_a_row=in_a_row)
    assert (verdict.missed, verdict.longest_run, verdict.review) == (missed, run, review)
    assert verdict.attended == outcomes.count(A) and verdict.excused == outcomes.count(E)


def test_it_refuses_unknown_outcomes_and_negative_limits() -> None:
    with pytest.raises(ValueError, match="Unknown"):
        attendance_verdict(["late"], max_missed=3, max_missed_in_a_row=2)
    with pytest.raises(ValueError, match="negative"):
        attendance_verdict([], max_missed=-1, max_missed_in_a_row=2)


outcome_lists = st.lists(st.sampled_from([A, M, E]), max_size=40)
limits = st.integers(min_value=0, max_value=10)


@given(outcomes=outcome_lists, max_missed=limits, in_a_row=limits)
def test_it_never_lets_an_excused_miss_change_the_verdict(outcomes: list[str], max_missed: int, in_a_row: int) -> None:
    with_excused = attendance_verdict(outcomes, max_missed=max_missed, max_missed_in_a_row=in_a_row)
    without = attendance_verdict([o for o in outcomes if o != E], max_missed=max_missed, max_missed_in_a_row=in_a_row)
    assert (with_excused.missed, with_excused.longest_run, with_excused.review) == (
        without.missed,
        without.longest_run,
        without.review,
    )


@given(outcomes=outcome_lists, max_missed=limits, in_a_row=limits)
def test_it_reviews_exactly_when_a_limit_is_passed(outcomes: list[str], max_missed: int, in_a_row: int) -> None:
    verdict = attendance_verdict(outcomes, max_missed=max_missed, max_missed_in_a_row=in_a_row)
    assert verdict.longest_run <= verdict.missed == outcomes.count(M)
    assert verdict.review == (verdict.missed > max_missed or verdict.longest_run > in_a_row)


@given(outcomes=outcome_lists, extra=st.sampled_from([M, A]))
def test_it_never_clears_a_review_by_missing_another_session(outcomes: list[str], extra: str) -> None:
    before = attendance_verdict(outcomes, max_missed=3, max_missed_in_a_row=2)
    after = attendance_verdict([*outcomes, M], max_missed=3, max_missed_in_a_row=2)
    assert after.review or not before.review


# The state machine, written out here independently of the model's table ----------------------------

S = ProgrammeReferralState
ALLOWED = {
    (S.RECEIVED, S.ASSESSING),
    (S.RECEIVED, S.WITHDRAWN),
    (S.ASSESSING, S.NOT_SUITABLE),
    (S.ASSESSING, S.WAITING),
    (S.ASSESSING, S.WITHDRAWN),
    (S.WAITING, S.ENGAGED),
    (S.WAITING, S.WITHDRAWN),
    (S.ENGAGED, S.COMPLETED),
    (S.ENGAGED, S.EXITED),
}


@pytest.mark.parametrize(("from_state", "to_state"), list(itertools.product(S.values, S.values)))
def test_it_allows_exactly_the_documented_moves(from_state: str, to_state: str) -> None:
    assert (to_state in PROGRAMME_REFERRAL_TRANSITIONS[from_state]) == ((from_state, to_state) in ALLOWED)
