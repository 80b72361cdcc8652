"""Versioned, dated configuration for the DASH risk rules (docs/risk-rules.md): the question set and the
thresholds.

Thresholds are configuration, not constants: local areas band scores differently
(docs/domain/dash.md#thresholds), and every value an assessment used must be traceable to a dated
version. To change a value, add a new version to ``VERSIONS`` with a later
``effective_from``; never edit a version that is already in force, because past
assessments name it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise


@dataclass(frozen=True)
class DashQuestion:
    number: int
    label: str
    # A yes to this question raises a prompt (a flag or a sub-screen): see vawg/risk/rules.py prompts().
    prompt: bool = False


@dataclass(frozen=True)
class DashQuestionSet:
    """One version of the DASH checklist: its questions in order (numbered from 1), and the headed groups
    the form shows them in. The number of questions is the highest possible score: nothing else says 24.

    Like the thresholds, a version is never edited once in force: assessments name the version they used
    (``DashAssessment.form_version``), so a new or reworded question is a new version.
    """

    version: str
    label: str
    effective_from: date
    source: str
    questions: tuple[DashQuestion, ...]
    groups: tuple[tuple[str, range], ...]

    def __post_init__(self) -> None:
        if [question.number for question in self.questions] != list(range(1, len(self.questions) + 1)):
            raise ValueError(f"DASH question set {self.version}: number the questions 1, 2, 3... in order")
        grouped = [number for _, numbers in self.groups for number in numbers]
        if grouped != list(self.numbers):
            raise ValueError(f"DASH question set {self.version}: the groups must cover every question once, in order")

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(question.number for question in self.questions)

    @property
    def max_score(self) -> int:
        return len(self.questions)


# The project's own short neutral paraphrases, for code, tests and reports; NOT the SafeLives wording
# (forms must show the official wording under SafeLives licence). "P" is the person causing harm.
SAFELIVES_DASH_2009 = DashQuestionSet(
    version="safelives-24",
    label="SafeLives DASH risk checklist (24 items)",
    effective_from=date(2009, 1, 1),
    source="SafeLives DASH risk identification checklist, 24 questions in SafeLives order (docs/domain/dash.md).",
    questions=(
        DashQuestion(1, "Current incident caused an injury", prompt=True),
        DashQuestion(2, "Victim is very frightened", prompt=True),
        DashQuestion(3, "Victim fears further injury or violence (to themselves, children or others)"),
        DashQuestion(4, "Victim is isolated, or P stops contact with family or friends", prompt=True),
        DashQuestion(5, "Victim feels depressed or has suicidal thoughts"),
        DashQuestion(6, "Separation, or an attempt to separate, in the past year", prompt=True),
        DashQuestion(7, "Conflict over contact with children"),
        DashQuestion(8, "P persistently contacts, follows, stalks or harasses the victim", prompt=True),
        DashQuestion(9, "Victim is pregnant or has recently had a baby", prompt=True),
        DashQuestion(10, "Abuse is happening more often", prompt=True),
        DashQuestion(11, "Abuse is getting worse", prompt=True),
        DashQuestion(12, "P tries to control everything, or is excessively jealous", prompt=True),
        DashQuestion(13, "P has used a weapon or object to hurt the victim"),
        DashQuestion(14, "P has threatened to kill the victim or someone else", prompt=True),
        DashQuestion(15, "P has tried to strangle, choke, suffocate or drown the victim", prompt=True),
        DashQuestion(16, "P does or says sexual things that degrade or hurt", prompt=True),
        DashQuestion(17, "Another person has threatened the victim or is feared"),
        DashQuestion(18, "P is known to have hurt someone else"),
        DashQuestion(19, "P has mistreated an animal or pet"),
        DashQuestion(20, "Financial problems, such as dependence on P or a recent job loss"),
        DashQuestion(21, "P has had drug, alcohol or mental health problems in the past year"),
        DashQuestion(22, "P has threatened or attempted suicide"),
        DashQuestion(23, "P has breached bail, an order or a contact agreement"),
        DashQuestion(24, "P has been in trouble with the police or has a criminal history"),
    ),
    groups=(
        ("The current situation", range(1, 10)),
        ("The pattern of abuse", range(10, 17)),
        ("The person causing harm", range(17, 25)),
    ),
)

# Every question set ever in force, oldest first. Add new versions at the end.
QUESTION_SETS: tuple[DashQuestionSet, ...] = (SAFELIVES_DASH_2009,)


def question_set_for(on: date, sets: Sequence[DashQuestionSet] | None = None) -> DashQuestionSet:
    """The question set in force on ``on`` (of ``QUESTION_SETS`` unless ``sets`` are given). Raises LookupError
    for a date before the first one."""
    in_force = [each for each in (QUESTION_SETS if sets is None else sets) if each.effective_from <= on]
    if not in_force:
        raise LookupError(f"No DASH question set was in force on {on.isoformat()}")
    return max(in_force, key=lambda each: each.effective_from)


def question_set_by_version(version: str, sets: Sequence[DashQuestionSet] | None = None) -> DashQuestionSet:
    """The question set with this name (for re-reading a stored assessment). Raises LookupError if unknown."""
    for candidate in QUESTION_SETS if sets is None else sets:
        if candidate.version == version:
            return candidate
    raise LookupError(f"Unknown DASH question set: {version}")


@dataclass(frozen=True)
class DashThresholds:
    """One version of the DASH bands and MARAC criteria settings.

    - Scores below ``medium_from`` are standard risk, ``medium_from`` up to
      ``high_from - 1`` medium, ``high_from`` or more high ("visible high risk").
    - Potential escalation: ``escalation_incidents`` or more domestic-abuse incidents,
      from any agency, in the last ``escalation_window_days`` days.
    - Repeat: an assessment up to ``repeat_window_days`` days (inclusive) after the
      last MARAC referral of the same victim and person causing harm.
    """

    version: str
    effective_from: date
    source: str
    high_from: int = 14
    medium_from: int = 10
    escalation_incidents: int = 3
    escalation_window_days: int = 365
    repeat_window_days: int = 365

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise ValueError("A DASH thresholds version needs a name")
        if not self.source.strip():
            raise ValueError(f"DASH thresholds {self.version}: say where the values come from (source)")
        highest = question_set_for(self.effective_from).max_score
        if not 1 <= self.medium_from < self.high_from <= highest:
            raise ValueError(
                f"DASH thresholds {self.version}: need 1 <= medium_from < high_from <= {highest}, "
                f"got medium_from={self.medium_from}, high_from={self.high_from}"
            )
        if self.escalation_incidents < 1:
            raise ValueError(f"DASH thresholds {self.version}: escalation_incidents must be 1 or more")
        for name in ("escalation_window_days", "repeat_window_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"DASH thresholds {self.version}: {name} must be 1 or more")


HERTS_DEFAULT_2026_1 = DashThresholds(
    version="herts-default-2026-1",
    # SafeLives' 14+ "visible high risk" threshold has been unchanged since the checklist
    # came into national use in 2009 (docs/domain/dash.md#what-dash-is), so this version also covers
    # assessments dated from then on (for example, ones entered from older records).
    effective_from=date(2009, 1, 1),
    source=(
        "SafeLives DASH RIC: 14 or more yes answers is visible high risk; potential escalation at 3 "
        "incidents in 12 months; repeat within 12 months (365 days) of the last MARAC referral "
        "(docs/domain/dash.md#thresholds, docs/domain/dash.md#marac-referral-criteria and "
        "docs/domain/marac.md#the-repeat-rule). Standard 0-9 and medium 10-13 follow Plymouth's local banding. "
        "Hertfordshire's own MARAC threshold and bands are UNCONFIRMED (docs/domain/dash.md#thresholds): confirm with "
        "the Hertfordshire MARAC steering group and add a new version if they differ."
    ),
)

# Every version ever in force, oldest first. Add new versions at the end.
VERSIONS: tuple[DashThresholds, ...] = (HERTS_DEFAULT_2026_1,)


def validate_versions(versions: Sequence[DashThresholds]) -> None:
    """Raise ValueError unless ``versions`` is non-empty, uniquely named and in strictly increasing date order."""
    if not versions:
        raise ValueError("There must be at least one DASH thresholds version")
    names = [v.version for v in versions]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"DASH thresholds versions must have unique names: {', '.join(duplicates)}")
    for earlier, later in pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ValueError(
                f"DASH thresholds versions must be listed oldest first with distinct dates: "
                f"{later.version} ({later.effective_from}) is not after {earlier.version} ({earlier.effective_from})"
            )


def thresholds_for(on: date, versions: Sequence[DashThresholds] = VERSIONS) -> DashThresholds:
    """The version in force on ``on``: the latest whose ``effective_from`` is on or before it.

    Raises LookupError for a date before the first version took effect.
    """
    in_force = [v for v in versions if v.effective_from <= on]
    if not in_force:
        raise LookupError(f"No DASH thresholds were in force on {on.isoformat()}")
    return max(in_force, key=lambda v: v.effective_from)


def thresholds_by_version(version: str, versions: Sequence[DashThresholds] = VERSIONS) -> DashThresholds:
    """The version with this name (for re-reading a stored assessment). Raises LookupError if unknown."""
    for candidate in versions:
        if candidate.version == version:
            return candidate
    raise LookupError(f"Unknown DASH thresholds version: {version}")


validate_versions(VERSIONS)


@dataclass(frozen=True)
class ReassessmentIntervals:
    """One version of when an open case is due a new DASH assessment ("My work", docs/risk-rules.md).

    A case is due ``high_days`` days after its latest DASH assessment when its current risk level is high,
    and ``other_days`` days after it otherwise, and stays due until a new assessment is recorded. A case
    with no DASH assessment is not counted (it has nothing to reassess).
    """

    version: str
    effective_from: date
    source: str
    high_days: int = 28
    other_days: int = 90

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError(f"Reassessment intervals {self.version}: say where the values come from (source)")
        if not 1 <= self.high_days <= self.other_days:
            raise ValueError(
                f"Reassessment intervals {self.version}: need 1 <= high_days <= other_days, "
                f"got high_days={self.high_days}, other_days={self.other_days}"
            )


REASSESSMENT_DEFAULT_2026_1 = ReassessmentIntervals(
    version="reassess-default-2026-1",
    effective_from=date(2009, 1, 1),
    source=(
        "Local practice default, UNCONFIRMED: high-risk cases reviewed every 4 weeks (28 days), others every "
        "3 months (90 days). SafeLives asks for a new DASH after a new incident or a change in circumstances "
        "(docs/domain/dash.md#reassessment), which the case page prompts for separately. Confirm the intervals "
        "with the partnership and add a new version if they differ."
    ),
)

# Every version ever in force, oldest first. Add new versions at the end.
REASSESSMENT_VERSIONS: tuple[ReassessmentIntervals, ...] = (REASSESSMENT_DEFAULT_2026_1,)


def reassessment_intervals_for(
    on: date, versions: Sequence[ReassessmentIntervals] = REASSESSMENT_VERSIONS
) -> ReassessmentIntervals:
    """The reassessment intervals in force on ``on``. Raises LookupError for a date before the first version."""
    in_force = [v for v in versions if v.effective_from <= on]
    if not in_force:
        raise LookupError(f"No reassessment intervals were in force on {on.isoformat()}")
    return max(in_force, key=lambda v: v.effective_from)
