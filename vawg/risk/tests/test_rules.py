"""The DASH rules: scoring, bands, judgement, MARAC criteria and prompts (docs/risk-rules.md)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vawg.referrals.models import FormOfAbuse
from vawg.risk.config import HERTS_DEFAULT_2026_1, DashThresholds
from vawg.risk.rules import (
    DASH_ITEM_NUMBERS,
    DASH_ITEMS,
    FLAG_ITEMS,
    HBA_SCREEN_ITEMS,
    MARAC_CRITERIA,
    PROMPT_CODES,
    S_DASH_ITEMS,
    Answer,
    RiskLevel,
    apply_judgement,
    assess,
    check_answers,
    level_for,
    marac_criteria,
    prompts,
    score,
)

T = HERTS_DEFAULT_2026_1
ON = date(2026, 6, 1)


def answers_with(yes: Iterable[int] = (), not_known: Iterable[int] = ()) -> dict[int, Answer]:
    yes, not_known = set(yes), set(not_known)
    return {n: Answer.YES if n in yes else Answer.NOT_KNOWN if n in not_known else Answer.NO for n in DASH_ITEM_NUMBERS}


def first(count: int, avoiding: Iterable[int] = ()) -> list[int]:
    """``count`` item numbers, skipping ``avoiding`` (so a score can be built without a given prompt)."""
    return [n for n in DASH_ITEM_NUMBERS if n not in set(avoiding)][:count]


answer_sets = st.fixed_dictionaries({n: st.sampled_from(list(Answer)) for n in DASH_ITEM_NUMBERS})


# --- The items as data. ----------------------------------------------------------------------------


def test_it_lists_the_24_dash_items_in_order_with_their_prompts_marked() -> None:
    assert [item.number for item in DASH_ITEMS] == list(range(1, 25))
    assert all(item.label.strip() for item in DASH_ITEMS)
    prompting = {n for items in FLAG_ITEMS.values() for n in items} | {1, 4, 6, 8, 12, 16}
    assert {item.number for item in DASH_ITEMS if item.prompt} == prompting


def test_it_lists_the_screens_items() -> None:
    assert [item.number for item in S_DASH_ITEMS] == list(range(1, 12))
    assert [item.number for item in HBA_SCREEN_ITEMS] == [1, 2, 3]


# --- Scoring. ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "not_known", "expected"),
    [
        ((), (), 0),
        ((), DASH_ITEM_NUMBERS, 0),
        ((1,), (2, 3), 1),
        (first(9), (), 9),
        (first(14), first(10, avoiding=first(14)), 14),
        (DASH_ITEM_NUMBERS, (), 24),
    ],
)
def test_it_scores_the_number_of_yes_answers(yes: Iterable[int], not_known: Iterable[int], expected: int) -> None:
    assert score(answers_with(yes, not_known)) == expected


def test_it_needs_every_item_answered_with_an_answer() -> None:
    complete = answers_with()
    with pytest.raises(ValueError, match="missing: 17"):
        score({n: a for n, a in complete.items() if n != 17})
    with pytest.raises(ValueError, match="Unknown DASH items: 25"):
        score({**complete, 25: Answer.YES})
    with pytest.raises(ValueError, match="items: 3"):
        check_answers({**complete, 3: "yes"})  # type: ignore[dict-item]


# --- Bands. ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "level"),
    [
        (0, RiskLevel.STANDARD),
        (9, RiskLevel.STANDARD),
        (10, RiskLevel.MEDIUM),
        (13, RiskLevel.MEDIUM),
        (14, RiskLevel.HIGH),
        (24, RiskLevel.HIGH),
    ],
)
def test_it_bands_scores_at_every_boundary(points: int, level: RiskLevel) -> None:
    assert level_for(points, T) is level


def test_it_bands_with_the_version_it_is_given() -> None:
    cambs_like = DashThresholds(version="x", effective_from=ON, source="Test", medium_from=14, high_from=17)
    assert level_for(16, cambs_like) is RiskLevel.MEDIUM
    assert level_for(17, cambs_like) is RiskLevel.HIGH


@pytest.mark.parametrize("points", [-1, 25])
def test_it_refuses_impossible_scores(points: int) -> None:
    with pytest.raises(ValueError, match="between 0 and 24"):
        level_for(points, T)


# --- Professional judgement. ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "raise_to_high", "rationale", "expected"),
    [
        (3, True, "Strangulation last week; she believes he will kill her", RiskLevel.HIGH),
        (11, True, "Escalating stalking after separation", RiskLevel.HIGH),
        (3, False, "", RiskLevel.STANDARD),
        (11, False, "", RiskLevel.MEDIUM),
        (14, False, "", RiskLevel.HIGH),  # a high score stays high without any judgement
        (20, True, "Already high", RiskLevel.HIGH),
    ],
)
def test_it_applies_judgement(points: int, raise_to_high: bool, rationale: str, expected: RiskLevel) -> None:
    level = level_for(points, T)
    result = apply_judgement(level=level, score=points, raise_to_high=raise_to_high, rationale=rationale, thresholds=T)
    assert result is expected


@pytest.mark.parametrize("rationale", ["", "   ", "\n\t"])
def test_it_needs_a_rationale_to_raise(rationale: str) -> None:
    with pytest.raises(ValueError, match="Give the reason"):
        apply_judgement(level=RiskLevel.STANDARD, score=2, raise_to_high=True, rationale=rationale, thresholds=T)


def test_it_never_lets_judgement_lower_a_level() -> None:
    # Even a level passed in lower than the score's own band comes back at the score's band.
    assert (
        apply_judgement(level=RiskLevel.STANDARD, score=15, raise_to_high=False, rationale="", thresholds=T)
        is RiskLevel.HIGH
    )
    assert (
        apply_judgement(level=RiskLevel.HIGH, score=2, raise_to_high=False, rationale="", thresholds=T)
        is RiskLevel.HIGH
    )


# --- MARAC criteria. ---------------------------------------------------------------------------


def criteria(
    *,
    points: int = 0,
    raised: bool = False,
    incidents: int = 0,
    last_referral: date | None = None,
    on: date = ON,
) -> list[str]:
    return marac_criteria(
        score=points,
        judgement_raised=raised,
        incidents_last_12_months=incidents,
        last_marac_referral_date=last_referral,
        assessment_date=on,
        thresholds=T,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"points": 13}, []),
        ({"points": 14}, ["visible_high_risk"]),
        ({"raised": True}, ["professional_judgement"]),
        ({"incidents": 2}, []),
        ({"incidents": 3}, ["potential_escalation"]),
        ({"incidents": 7}, ["potential_escalation"]),
        ({"last_referral": ON - timedelta(days=365)}, ["repeat"]),  # day 365: still a repeat
        ({"last_referral": ON - timedelta(days=366)}, []),  # day 366: a new referral
        ({"last_referral": ON}, ["repeat"]),  # same day
        ({"last_referral": ON + timedelta(days=1)}, []),  # the referral is after the assessment
        (
            {"points": 18, "raised": True, "incidents": 3, "last_referral": ON - timedelta(days=30)},
            ["visible_high_risk", "professional_judgement", "potential_escalation", "repeat"],
        ),
        (
            {"incidents": 4, "points": 20},
            ["visible_high_risk", "potential_escalation"],
        ),
    ],
)
def test_it_evaluates_each_marac_criterion(kwargs: dict[str, object], expected: list[str]) -> None:
    assert criteria(**kwargs) == expected  # type: ignore[arg-type]


def test_it_counts_the_repeat_window_in_days_across_a_leap_year() -> None:
    # 2028 is a leap year: 2027-03-01 to 2028-02-29 is 365 days, to 2028-03-01 is 366.
    assert criteria(last_referral=date(2027, 3, 1), on=date(2028, 2, 29)) == ["repeat"]
    assert criteria(last_referral=date(2027, 3, 1), on=date(2028, 3, 1)) == []


def test_it_refuses_a_negative_incident_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        criteria(incidents=-1)


# --- Prompts. ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "disclosed", "expected"),
    [
        ((), (), []),
        ((8,), (), ["s_dash", "stalking"]),
        ((4,), (), ["hba_screen"]),
        ((), (FormOfAbuse.HONOUR_BASED_ABUSE,), ["hba_screen"]),
        ((), ("honour-based-abuse",), ["hba_screen"]),  # as the referral stores it
        ((), (FormOfAbuse.FORCED_MARRIAGE,), ["hba_screen"]),
        ((), (FormOfAbuse.DOMESTIC_ABUSE, FormOfAbuse.STALKING), []),
        ((), ("stalking", "fgm"), []),
        ((15,), (), ["strangulation"]),
        ((14,), (), ["threats_to_kill"]),
        ((6,), (), ["separation"]),
        ((9,), (), ["pregnancy"]),
        ((10,), (), ["escalation"]),
        ((11,), (), ["escalation"]),
        ((2,), (), ["victim_fear"]),
        ((6, 12, 1), (), ["separation", "cluster_of_three"]),
        ((6, 12, 16), (), ["separation", "cluster_of_three"]),
        ((6, 12), (), ["separation"]),  # no physical or sexual violence
        ((6, 1, 16), (), ["separation"]),  # no coercive control
        ((12, 1, 16), (), []),  # no separation
        (
            DASH_ITEM_NUMBERS,
            (),
            list(PROMPT_CODES),
        ),
    ],
)
def test_it_raises_prompts(yes: Iterable[int], disclosed: Iterable[str], expected: list[str]) -> None:
    assert prompts(answers_with(yes), disclosed) == expected


def test_it_does_not_prompt_on_not_known() -> None:
    assert prompts(answers_with(not_known=DASH_ITEM_NUMBERS)) == []


# --- The whole assessment. -----------------------------------------------------------------------


def test_it_assesses_a_checklist() -> None:
    result = assess(
        answers=answers_with(yes=(2, 6, 8, 12, 15, 16)),
        assessment_date=ON,
        raise_to_high=True,
        rationale="Non-fatal strangulation and stalking after separation",
        incidents_last_12_months=3,
        last_marac_referral_date=date(2025, 9, 1),
    )

    assert result.score == 6
    assert result.level is RiskLevel.HIGH
    assert result.marac_eligible is True
    assert result.marac_criteria == ("professional_judgement", "potential_escalation", "repeat")
    assert result.thresholds_version == "herts-default-2026-1"
    assert result.prompts == ("s_dash", "strangulation", "separation", "stalking", "victim_fear", "cluster_of_three")


def test_it_assesses_a_low_score_as_standard_and_not_eligible() -> None:
    result = assess(answers=answers_with(yes=(20, 21)), assessment_date=ON)

    assert (result.score, result.level, result.marac_eligible, result.marac_criteria) == (
        2,
        RiskLevel.STANDARD,
        False,
        (),
    )


def test_it_uses_the_thresholds_it_is_given() -> None:
    strict = DashThresholds(version="strict-1", effective_from=ON, source="Test", medium_from=5, high_from=8)
    result = assess(answers=answers_with(yes=first(8)), assessment_date=ON, thresholds=strict)
    assert (result.level, result.marac_criteria, result.thresholds_version) == (
        RiskLevel.HIGH,
        ("visible_high_risk",),
        "strict-1",
    )


def test_it_has_no_thresholds_before_the_first_version() -> None:
    with pytest.raises(LookupError):
        assess(answers=answers_with(), assessment_date=date(2008, 12, 31))


# --- Properties. -------------------------------------------------------------------------------


@given(answer_sets)
def test_it_always_scores_the_count_of_yes(answers: dict[int, Answer]) -> None:
    assert score(answers) == list(answers.values()).count(Answer.YES)


@given(answer_sets, st.sampled_from(DASH_ITEM_NUMBERS))
def test_it_never_lowers_the_level_when_an_answer_becomes_yes(answers: dict[int, Answer], item: int) -> None:
    before = assess(answers=answers, assessment_date=ON)
    after = assess(answers={**answers, item: Answer.YES}, assessment_date=ON)
    assert after.level.rank >= before.level.rank
    assert after.score >= before.score
    assert set(before.marac_criteria) <= set(after.marac_criteria)


@given(answer_sets, st.booleans(), st.text(min_size=1).filter(str.strip))
def test_it_never_lowers_the_level_by_judgement(answers: dict[int, Answer], raise_to_high: bool, why: str) -> None:
    without = assess(answers=answers, assessment_date=ON)
    judged = assess(answers=answers, assessment_date=ON, raise_to_high=raise_to_high, rationale=why)
    assert judged.level.rank >= without.level.rank
    if without.score >= T.high_from:
        assert judged.level is RiskLevel.HIGH


@given(
    answer_sets,
    st.booleans(),
    st.integers(min_value=0, max_value=50),
    st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))),
)
def test_it_is_marac_eligible_exactly_when_a_criterion_is_met(
    answers: dict[int, Answer], raised: bool, incidents: int, last_referral: date | None
) -> None:
    result = assess(
        answers=answers,
        assessment_date=ON,
        raise_to_high=raised,
        rationale="Reason" if raised else "",
        incidents_last_12_months=incidents,
        last_marac_referral_date=last_referral,
    )
    assert result.marac_eligible == bool(result.marac_criteria)
    assert list(result.marac_criteria) == [c for c in MARAC_CRITERIA if c in result.marac_criteria]
    assert list(result.prompts) == [p for p in PROMPT_CODES if p in result.prompts]
