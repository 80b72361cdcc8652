"""The attendance rule: when missed sessions call for a review of someone's place on a programme
(docs/programmes.md#attendance-rule).

A pure function of the outcomes so far (oldest session first) and the programme's two limits. Excused
misses ("missed with good reason") count neither in all nor in a row, and do not break a run of misses
either: only attending does. A verdict is advice to the worker, never an automatic exit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ATTENDED = "attended"
MISSED = "missed"
EXCUSED = "excused"
OUTCOMES = frozenset({ATTENDED, MISSED, EXCUSED})


@dataclass(frozen=True)
class AttendanceVerdict:
    attended: int
    missed: int  # unexcused misses in all
    excused: int
    longest_run: int  # the longest run of unexcused misses, excused ones skipped
    review: bool  # missed > max_missed, or longest_run > max_missed_in_a_row

    @property
    def why(self) -> str:
        """The reason in words, for the referral page ("" when no review is due)."""
        return "Review the place: too many missed sessions" if self.review else ""


def attendance_verdict(outcomes: Sequence[str], *, max_missed: int, max_missed_in_a_row: int) -> AttendanceVerdict:
    """Count ``outcomes`` (each ``attended``, ``missed`` or ``excused``, oldest first) and say whether the
    place needs a review: more than ``max_missed`` unexcused misses in all, or more than
    ``max_missed_in_a_row`` of them in a row."""
    if max_missed < 0 or max_missed_in_a_row < 0:
        raise ValueError("The attendance rule's limits cannot be negative")
    unknown = set(outcomes) - OUTCOMES
    if unknown:
        raise ValueError(f"Unknown attendance outcomes: {sorted(unknown)}")
    run = longest = 0
    for outcome in outcomes:
        if outcome == MISSED:
            run += 1
            longest = max(longest, run)
        elif outcome == ATTENDED:
            run = 0
    missed = sum(1 for outcome in outcomes if outcome == MISSED)
    return AttendanceVerdict(
        attended=sum(1 for outcome in outcomes if outcome == ATTENDED),
        missed=missed,
        excused=sum(1 for outcome in outcomes if outcome == EXCUSED),
        longest_run=longest,
        review=missed > max_missed or longest > max_missed_in_a_row,
    )
