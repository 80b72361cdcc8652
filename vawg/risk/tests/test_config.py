"""The versioned DASH thresholds: validation and which version is in force on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vawg.risk.config import (
    HERTS_DEFAULT_2026_1,
    VERSIONS,
    DashQuestion,
    DashQuestionSet,
    DashThresholds,
    question_set_by_version,
    question_set_for,
    thresholds_by_version,
    thresholds_for,
    validate_versions,
)


def _version(name: str = "test-1", effective_from: date = date(2026, 1, 1), **values: Any) -> DashThresholds:
    return DashThresholds(version=name, effective_from=effective_from, source="Test", **values)


def test_it_has_the_default_bands_from_the_issue() -> None:
    assert HERTS_DEFAULT_2026_1.version == "herts-default-2026-1"
    assert (HERTS_DEFAULT_2026_1.medium_from, HERTS_DEFAULT_2026_1.high_from) == (10, 14)
    assert HERTS_DEFAULT_2026_1.escalation_incidents == 3
    assert HERTS_DEFAULT_2026_1.repeat_window_days == 365
    assert "UNCONFIRMED" in HERTS_DEFAULT_2026_1.source
    assert "Plymouth" in HERTS_DEFAULT_2026_1.source


def test_it_uses_the_default_version_today() -> None:
    assert thresholds_for(date(2026, 6, 1)) is HERTS_DEFAULT_2026_1
    assert VERSIONS[-1] is HERTS_DEFAULT_2026_1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"medium_from": 14, "high_from": 14}, "medium_from < high_from"),
        ({"medium_from": 15, "high_from": 14}, "medium_from < high_from"),
        ({"high_from": 25}, "high_from <= 24"),
        ({"medium_from": 0}, "1 <= medium_from"),
        ({"escalation_incidents": 0}, "escalation_incidents"),
        ({"escalation_window_days": 0}, "escalation_window_days"),
        ({"repeat_window_days": 0}, "repeat_window_days"),
    ],
)
def test_it_refuses_impossible_thresholds(values: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _version(**values)


def test_it_accepts_the_extremes_of_the_score_range() -> None:
    assert _version(medium_from=1, high_from=24).high_from == 24


def test_it_needs_a_name_and_a_source() -> None:
    with pytest.raises(ValueError, match="needs a name"):
        DashThresholds(version=" ", effective_from=date(2026, 1, 1), source="Test")
    with pytest.raises(ValueError, match="source"):
        DashThresholds(version="x", effective_from=date(2026, 1, 1), source="")


def test_it_picks_the_version_in_force_on_each_date() -> None:
    first = _version("first", date(2020, 1, 1))
    second = _version("second", date(2026, 4, 1), high_from=17)
    versions = (first, second)

    assert thresholds_for(date(2020, 1, 1), versions) is first
    assert thresholds_for(date(2026, 3, 31), versions) is first
    assert thresholds_for(date(2026, 4, 1), versions) is second
    assert thresholds_for(date(2030, 1, 1), versions) is second
    with pytest.raises(LookupError, match="2019-12-31"):
        thresholds_for(date(2019, 12, 31), versions)


def test_it_finds_a_version_by_name() -> None:
    assert thresholds_by_version("herts-default-2026-1") is HERTS_DEFAULT_2026_1
    with pytest.raises(LookupError, match="no-such"):
        thresholds_by_version("no-such")


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ((), "at least one"),
        ((_version("a", date(2020, 1, 1)), _version("a", date(2021, 1, 1))), "unique names: a"),
        ((_version("a", date(2021, 1, 1)), _version("b", date(2020, 1, 1))), "oldest first"),
        ((_version("a", date(2021, 1, 1)), _version("b", date(2021, 1, 1))), "distinct dates"),
    ],
)
def test_it_refuses_a_muddled_registry(versions: tuple[DashThresholds, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_versions(versions)


def test_it_keeps_the_real_registry_valid() -> None:
    validate_versions(VERSIONS)


# The question set ------------------------------------------------------------------------------------


def _questions(count: int) -> tuple[DashQuestion, ...]:
    return tuple(DashQuestion(number, f"Question {number}") for number in range(1, count + 1))


def test_it_derives_the_highest_score_from_the_questions() -> None:
    short = DashQuestionSet(
        version="short", label="Short", effective_from=date(2030, 1, 1), source="test",
        questions=_questions(5), groups=(("All", range(1, 6)),),
    )  # fmt: skip
    assert short.max_score == 5
    assert short.numbers == (1, 2, 3, 4, 5)
    assert question_set_for(date(2026, 6, 1)).max_score == len(question_set_for(date(2026, 6, 1)).questions)


@pytest.mark.parametrize(
    ("questions", "groups", "message"),
    [
        ((DashQuestion(1, "a"), DashQuestion(3, "b")), (("All", range(1, 3)),), "number the questions"),
        (_questions(3), (("Some", range(1, 3)),), "groups must cover"),
        (_questions(3), (("A", range(1, 3)), ("B", range(2, 4))), "groups must cover"),
    ],
)
def test_it_refuses_a_muddled_question_set(
    questions: tuple[DashQuestion, ...], groups: tuple[tuple[str, range], ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        DashQuestionSet(
            version="bad",
            label="Bad",
            effective_from=date(2030, 1, 1),
            source="test",
            questions=questions,
            groups=groups,
        )


def test_it_finds_the_question_set_in_force_and_by_version() -> None:
    current = question_set_for(date(2026, 6, 1))
    assert question_set_by_version(current.version) is current
    with pytest.raises(LookupError):
        question_set_for(date(2000, 1, 1))
    with pytest.raises(LookupError):
        question_set_by_version("no-such-set")


def test_it_bounds_thresholds_by_the_questions_in_force() -> None:
    highest = question_set_for(date(2026, 6, 1)).max_score
    with pytest.raises(ValueError, match=f"high_from <= {highest}"):
        DashThresholds(
            version="too-high", effective_from=date(2026, 6, 1), source="test", medium_from=5, high_from=highest + 1
        )
