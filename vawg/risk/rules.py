"""The DASH risk rules as pure functions: scoring, bands, judgement, MARAC criteria and prompts.

No database, no clock: every input is an argument (the forms of abuse are the referral pathway's own
values), so the rules are easy to test and the same everywhere they are used (the assessment API, the
case's risk assessments). Sources and reasoning: docs/risk-rules.md.

The question and screen labels (here and in vawg/risk/config.py) are the project's own short neutral
paraphrases (docs/domain/dash.md, docs/domain/stalking-and-honour-based-abuse.md) for code, tests and
reports. They are NOT the SafeLives wording: forms must show the official wording under SafeLives licence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vawg.referrals.models.choices import FormOfAbuse
from vawg.risk.config import (
    QUESTION_SETS,
    DashQuestion,
    DashQuestionSet,
    DashThresholds,
    question_set_for,
    thresholds_for,
)


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class RiskLevel(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _LEVEL_ORDER.index(self)


_LEVEL_ORDER = (RiskLevel.STANDARD, RiskLevel.MEDIUM, RiskLevel.HIGH)


@dataclass(frozen=True)
class ScreenItem:
    number: int
    label: str


# The question set in force today, for callers that have no assessment date (the API's schema, demo data).
DASH_ITEMS: tuple[DashQuestion, ...] = QUESTION_SETS[-1].questions
DASH_ITEM_NUMBERS: tuple[int, ...] = QUESTION_SETS[-1].numbers

# Stalking screen (S-DASH), offered when item 8 is yes. No scoring threshold.
# (docs/domain/stalking-and-honour-based-abuse.md#s-dash)
S_DASH_ITEMS: tuple[ScreenItem, ...] = (
    ScreenItem(1, "Victim is very frightened"),
    ScreenItem(2, "P has harassed this or other victims before"),
    ScreenItem(3, "P has damaged or destroyed the victim's property"),
    ScreenItem(4, "P visits the victim's home, work or other places more than 3 times a week"),
    ScreenItem(5, "P loiters near the victim's home or workplace"),
    ScreenItem(6, "P has threatened physical or sexual violence during this harassment"),
    ScreenItem(7, "P has harassed third parties (friends, family, children) since it began"),
    ScreenItem(8, "P has been violent to anyone during this stalking"),
    ScreenItem(9, "P has got others to help, knowingly or not"),
    ScreenItem(10, "P is known to misuse drugs or alcohol"),
    ScreenItem(11, "P is known to have been violent in the past"),
)

# Honour-based abuse screen: only the 3 items confirmed from a source; the rest are UNCONFIRMED
# (docs/domain/stalking-and-honour-based-abuse.md#honour-based-abuse-screen).
HBA_SCREEN_ITEMS: tuple[ScreenItem, ...] = (
    ScreenItem(1, "Victim (if under 18) is truanting"),
    ScreenItem(2, "There is evidence of self-harm"),
    ScreenItem(3, "Victim is kept at home, or their behaviour and activities are restricted"),
)

# Forms of abuse whose disclosure prompts the honour-based abuse screen (the referral pathway's own values).
HBA_FORMS = frozenset({FormOfAbuse.HONOUR_BASED_ABUSE, FormOfAbuse.FORCED_MARRIAGE})

# Prompt codes, in the fixed order prompts() returns them.
S_DASH = "s_dash"
HBA_SCREEN = "hba_screen"
STRANGULATION = "strangulation"
THREATS_TO_KILL = "threats_to_kill"
SEPARATION = "separation"
PREGNANCY = "pregnancy"
ESCALATION = "escalation"
STALKING = "stalking"
VICTIM_FEAR = "victim_fear"
CLUSTER_OF_THREE = "cluster_of_three"
PROMPT_CODES: tuple[str, ...] = (
    S_DASH,
    HBA_SCREEN,
    STRANGULATION,
    THREATS_TO_KILL,
    SEPARATION,
    PREGNANCY,
    ESCALATION,
    STALKING,
    VICTIM_FEAR,
    CLUSTER_OF_THREE,
)
# Flags raised by a yes to any one of these items.
FLAG_ITEMS: dict[str, tuple[int, ...]] = {
    STRANGULATION: (15,),
    THREATS_TO_KILL: (14,),
    SEPARATION: (6,),
    PREGNANCY: (9,),
    ESCALATION: (10, 11),
    STALKING: (8,),
    VICTIM_FEAR: (2,),
}

# MARAC referral criteria, in the fixed order marac_criteria() returns them.
VISIBLE_HIGH_RISK = "visible_high_risk"
PROFESSIONAL_JUDGEMENT = "professional_judgement"
POTENTIAL_ESCALATION = "potential_escalation"
REPEAT = "repeat"
MARAC_CRITERIA: tuple[str, ...] = (VISIBLE_HIGH_RISK, PROFESSIONAL_JUDGEMENT, POTENTIAL_ESCALATION, REPEAT)


@dataclass(frozen=True)
class DashResult:
    score: int
    level: RiskLevel
    marac_eligible: bool
    marac_criteria: tuple[str, ...]
    thresholds_version: str
    form_version: str  # the question set's version
    prompts: tuple[str, ...]


Answers = Mapping[int, Answer]


def check_answers(answers: Answers, question_set: DashQuestionSet = QUESTION_SETS[-1]) -> None:
    """Raise ValueError unless there is exactly one answer for each question of ``question_set``."""
    unknown = sorted(set(answers) - set(question_set.numbers))
    if unknown:
        raise ValueError(f"Unknown DASH items: {', '.join(map(str, unknown))}")
    missing = [n for n in question_set.numbers if n not in answers]
    if missing:
        raise ValueError(f"Answer every DASH item; missing: {', '.join(map(str, missing))}")
    wrong = [n for n, value in answers.items() if not isinstance(value, Answer)]
    if wrong:
        raise ValueError(f"DASH answers must be yes, no or not known; items: {', '.join(map(str, sorted(wrong)))}")


def _yes(answers: Answers, *items: int) -> bool:
    return any(answers.get(n) == Answer.YES for n in items)


def score(answers: Answers, question_set: DashQuestionSet = QUESTION_SETS[-1]) -> int:
    """The number of yes answers (0 to the number of questions). "Not known" counts as not yes."""
    check_answers(answers, question_set)
    return sum(1 for value in answers.values() if value == Answer.YES)


def level_for(score: int, thresholds: DashThresholds, question_set: DashQuestionSet | None = None) -> RiskLevel:
    """The band a score falls in under ``thresholds`` (``question_set``: the one the score was given on;
    by default the one in force when the thresholds took effect)."""
    highest = (question_set or question_set_for(thresholds.effective_from)).max_score
    if not 0 <= score <= highest:
        raise ValueError(f"A DASH score is between 0 and {highest}, got {score}")
    if score >= thresholds.high_from:
        return RiskLevel.HIGH
    if score >= thresholds.medium_from:
        return RiskLevel.MEDIUM
    return RiskLevel.STANDARD


def apply_judgement(
    *,
    level: RiskLevel,
    score: int,
    raise_to_high: bool,
    rationale: str,
    thresholds: DashThresholds,
    question_set: DashQuestionSet | None = None,
) -> RiskLevel:
    """The level after professional judgement.

    Judgement may only raise, to high, and only with a written rationale. It never
    lowers: the result is at least ``level`` and at least the score's own band, so a
    score at or above ``high_from`` is always high.
    """
    if raise_to_high and not rationale.strip():
        raise ValueError("Give the reason for raising the risk to high")
    if raise_to_high:
        return RiskLevel.HIGH
    return max(level, level_for(score, thresholds, question_set), key=lambda each: each.rank)


def marac_criteria(
    *,
    score: int,
    judgement_raised: bool,
    incidents_last_12_months: int,
    last_marac_referral_date: date | None,
    assessment_date: date,
    thresholds: DashThresholds,
) -> list[str]:
    """The MARAC referral criteria met, in the fixed order of ``MARAC_CRITERIA``.

    Repeat: the assessment is 0 to ``repeat_window_days`` days (both inclusive) after
    the last MARAC referral of the same victim and person causing harm. Day 365 is a
    repeat, day 366 a new referral; an assessment dated before the referral is not a repeat.
    """
    if incidents_last_12_months < 0:
        raise ValueError("The number of incidents cannot be negative")
    met = []
    if score >= thresholds.high_from:
        met.append(VISIBLE_HIGH_RISK)
    if judgement_raised:
        met.append(PROFESSIONAL_JUDGEMENT)
    if incidents_last_12_months >= thresholds.escalation_incidents:
        met.append(POTENTIAL_ESCALATION)
    if last_marac_referral_date is not None:
        days_since = (assessment_date - last_marac_referral_date).days
        if 0 <= days_since <= thresholds.repeat_window_days:
            met.append(REPEAT)
    return met


def prompts(
    answers: Answers, disclosed_forms: Iterable[str] = (), question_set: DashQuestionSet = QUESTION_SETS[-1]
) -> list[str]:
    """Sub-screens to offer and risk factors to flag, in the fixed order of ``PROMPT_CODES``.

    ``disclosed_forms``: the forms of abuse disclosed for the victim (the referrals of the case); honour-based
    abuse or forced marriage prompts the honour-based abuse screen whatever the answers.
    """
    check_answers(answers, question_set)
    raised = set()
    if _yes(answers, 8):
        raised.add(S_DASH)
    if _yes(answers, 4) or HBA_FORMS & set(disclosed_forms):
        raised.add(HBA_SCREEN)
    raised.update(code for code, items in FLAG_ITEMS.items() if _yes(answers, *items))
    # Plymouth's "cluster of 3": separation, coercive control, and physical or sexual violence together.
    if _yes(answers, 6) and _yes(answers, 12) and _yes(answers, 1, 16):
        raised.add(CLUSTER_OF_THREE)
    return [code for code in PROMPT_CODES if code in raised]


def assess(
    *,
    answers: Answers,
    assessment_date: date,
    raise_to_high: bool = False,
    rationale: str = "",
    incidents_last_12_months: int = 0,
    last_marac_referral_date: date | None = None,
    disclosed_forms: Iterable[str] = (),
    thresholds: DashThresholds | None = None,
    question_set: DashQuestionSet | None = None,
) -> DashResult:
    """Score a complete DASH checklist and evaluate the MARAC criteria and prompts.

    ``thresholds`` and ``question_set`` default to the versions in force on ``assessment_date``.
    """
    used = thresholds if thresholds is not None else thresholds_for(assessment_date)
    questions = question_set if question_set is not None else question_set_for(assessment_date)
    total = score(answers, questions)
    level = apply_judgement(
        level=level_for(total, used, questions),
        score=total,
        raise_to_high=raise_to_high,
        rationale=rationale,
        thresholds=used,
        question_set=questions,
    )
    criteria = marac_criteria(
        score=total,
        judgement_raised=raise_to_high,
        incidents_last_12_months=incidents_last_12_months,
        last_marac_referral_date=last_marac_referral_date,
        assessment_date=assessment_date,
        thresholds=used,
    )
    return DashResult(
        score=total,
        level=level,
        marac_eligible=bool(criteria),
        marac_criteria=tuple(criteria),
        thresholds_version=used.version,
        form_version=questions.version,
        prompts=tuple(prompts(answers, disclosed_forms, questions)),
    )


class SafeLivesDashScale:
    """The SafeLives DASH in force on a date, as the referral pathway asks about it (registered in
    vawg/referrals/hooks.py DASH_SCALE by RiskConfig.ready())."""

    def max_score(self, on: date) -> int:
        return question_set_for(on).max_score

    def band(self, score: int, on: date) -> str:
        return str(level_for(score, thresholds_for(on)))


SAFELIVES_DASH = SafeLivesDashScale()
