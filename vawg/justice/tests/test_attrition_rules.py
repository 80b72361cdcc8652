"""The attrition funnel's rules (vawg/justice/rules/attrition.py): table-driven cases, a hand-counted fixture
and hypothesis invariants (the stages nest, the outcomes add up, suppression never lets a hidden cell out)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vawg.intelligence.models import CourtResult
from vawg.intelligence.offences import OFFENCES, SEXUAL, STALKING_AND_HARASSMENT
from vawg.justice.config.outcomes import DOMESTIC_ABUSE, FORM_BY_CATEGORY, FORMS, OUTCOMES, offence_codes_by_form
from vawg.justice.rules.attrition import (
    AWAITING,
    Funnel,
    Incident,
    funnel,
    groups_of,
    median_days,
    page_suppression,
    quarter_of,
    shown_median,
)
from vawg.marac.config import SUPPRESSION_THRESHOLD
from vawg.marac.rules.suppression import pinned

DAY = date(2025, 2, 10)


def _one(**fields: object) -> Funnel:
    return funnel(groups_of([Incident(occurred_on=DAY, **fields)]))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # (incidents, crimes, with an outcome, suspect identified, charged, convicted)
        ({"is_crime": False}, (1, 0, 0, 0, 0, 0)),
        ({"is_crime": True}, (1, 1, 0, 0, 0, 0)),
        ({"is_crime": True, "outcome_code": "14"}, (1, 1, 1, 0, 0, 0)),
        ({"is_crime": True, "outcome_code": "18"}, (1, 1, 1, 0, 0, 0)),
        ({"is_crime": True, "outcome_code": "16"}, (1, 1, 1, 1, 0, 0)),
        ({"is_crime": True, "outcome_code": "15"}, (1, 1, 1, 1, 0, 0)),
        ({"is_crime": True, "outcome_code": "1"}, (1, 1, 1, 1, 1, 0)),
        ({"is_crime": True, "outcome_code": "1", "court_result": "acquitted"}, (1, 1, 1, 1, 1, 0)),
        ({"is_crime": True, "outcome_code": "1", "court_result": "convicted"}, (1, 1, 1, 1, 1, 1)),
    ],
)
def test_it_places_one_incident_in_the_funnel(fields: dict[str, object], expected: tuple[int, ...]) -> None:
    f = _one(**fields)
    assert (f.incidents, f.crimes, f.with_outcome, f.suspect_identified, f.charged, f.convicted) == expected


@pytest.mark.parametrize(
    ("code", "does_not_support", "supports", "no_suspect"),
    [("14", 1, 0, 0), ("16", 1, 0, 0), ("15", 0, 1, 0), ("18", 0, 0, 1), ("21", 0, 0, 0), ("1", 0, 0, 0)],
)
def test_it_counts_the_outcomes_shown_apart(code: str, does_not_support: int, supports: int, no_suspect: int) -> None:
    f = _one(is_crime=True, outcome_code=code)
    assert (f.victim_does_not_support, f.victim_supports, f.no_suspect) == (does_not_support, supports, no_suspect)


def test_it_counts_charged_crimes_awaiting_a_court_result() -> None:
    f = _one(is_crime=True, outcome_code="1")
    assert f.court[AWAITING] == 1 and f.convicted == 0


def test_it_notes_outcome_22_without_an_outcome_date() -> None:
    assert _one(is_crime=True, outcome_code="22").undated_22 == 1
    assert _one(is_crime=True, outcome_code="22", outcome_date=DAY).undated_22 == 0


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2025, 1, 1), "2025 Q1"), (date(2025, 3, 31), "2025 Q1"), (date(2025, 4, 1), "2025 Q2"),
     (date(2025, 12, 31), "2025 Q4")],
)  # fmt: skip
def test_it_names_the_calendar_quarter(day: date, label: str) -> None:
    assert quarter_of(day) == label


@pytest.mark.parametrize(
    ("histogram", "median"),
    [({}, None), ({7: 1}, 7), ({7: 1, 9: 1}, 8), ({1: 2, 30: 1}, 1), ({1: 1, 5: 2, 100: 1}, 5), ({2: 3, 4: 3}, 3)],
)
def test_it_takes_the_median_days_from_a_histogram(histogram: dict[int, int], median: float | None) -> None:
    assert median_days(histogram) == median


def test_it_hides_a_median_of_few_crimes() -> None:
    assert shown_median(12.0, SUPPRESSION_THRESHOLD - 1) is None
    assert shown_median(12.0, SUPPRESSION_THRESHOLD) == 12.0


def test_it_maps_every_offence_to_a_form_of_abuse_locally() -> None:
    by_form = offence_codes_by_form()
    assert set(FORMS) == {DOMESTIC_ABUSE, *FORM_BY_CATEGORY.values()}
    for offence in OFFENCES.values():
        expected = FORM_BY_CATEGORY.get(offence.category)
        placed = [form for form, codes in by_form.items() if offence.code in codes]
        assert placed == ([expected] if expected else [])
    assert {OFFENCES[code].category for code in by_form["sexual-violence"]} == {SEXUAL}
    assert {OFFENCES[code].category for code in by_form["stalking"]} == {STALKING_AND_HARASSMENT}


def test_it_configures_every_home_office_outcome_once_with_a_source() -> None:
    assert list(OUTCOMES) == [str(n) for n in range(1, 24)]
    assert all(outcome.source.startswith("https://") and outcome.wording for outcome in OUTCOMES.values())
    assert {code for code, outcome in OUTCOMES.items() if not outcome.unconfirmed} == {"21", "22", "23"}


# --- A hand-counted fixture --------------------------------------------------------------------------------


def hand_counted() -> list[Incident]:
    """Thirteen incidents: two districts, two forms, two quarters (see the docstring of each count)."""
    q1, q2 = date(2025, 2, 10), date(2025, 5, 12)
    later = timedelta(days=40)
    return [
        Incident(q1, True, "1", q1 + later, "convicted", "North", "domestic-abuse"),
        Incident(q1, True, "1", q1 + later, "acquitted", "North", "domestic-abuse"),
        Incident(q2, True, "1", q2 + later, "", "North", "domestic-abuse"),
        Incident(q1, True, "14", q1 + later, "", "North", "sexual-violence"),
        Incident(q2, True, "15", q2 + later, "", "North", "sexual-violence"),
        Incident(q2, True, "16", None, "", "North", "domestic-abuse"),
        Incident(q1, False, "", None, "", "North", "domestic-abuse"),
        Incident(q1, True, "16", q1 + later, "", "South", "domestic-abuse"),
        Incident(q1, True, "18", q1 + later, "", "South", "domestic-abuse"),
        Incident(q2, True, "21", q2 + later, "", "South", "sexual-violence"),
        Incident(q2, True, "22", q2 + later, "", "South", "domestic-abuse"),
        Incident(q2, False, "", None, "", "South", "domestic-abuse"),
        Incident(q1, True, "", None, "", "South", "domestic-abuse"),
    ]


def test_it_computes_the_funnel_of_the_hand_counted_fixture() -> None:
    f = funnel(groups_of(hand_counted()))
    # 13 incidents, 2 of them not crimes; one crime has no outcome yet; 14 and 18 have no suspect identified.
    assert (f.incidents, f.crimes, f.with_outcome, f.no_outcome) == (13, 11, 10, 1)
    assert f.suspect_identified == 10 - 2
    assert (f.charged, f.convicted, f.court["acquitted"], f.court[AWAITING]) == (3, 1, 1, 1)
    assert (f.victim_does_not_support, f.victim_supports, f.no_suspect) == (1 + 2, 1, 1)
    assert (f.outcome_21, f.outcome_22, f.undated_22) == (1, 1, 0)
    assert {code: n for code, n in f.by_outcome.items() if n} == {"1": 3, "14": 1, "15": 1, "16": 2, "18": 1,
                                                                   "21": 1, "22": 1}  # fmt: skip
    north = funnel(groups_of(i for i in hand_counted() if i.district == "North"))
    assert (north.incidents, north.crimes, north.charged, north.convicted) == (7, 6, 3, 1)


def test_it_hides_a_cell_of_three_and_the_complement_that_would_give_it_away() -> None:
    f = funnel(groups_of(hand_counted()))
    cells = page_suppression(f, {})
    hidden, small = cells.suppression.hidden, cells.suppression.small
    assert cells.values["code.1"] == 3 and "code.1" in small
    # crimes (11) = with an outcome (10) + without (1): the 1 is hidden, so the 10 must be too.
    assert cells.values["no_outcome"] == 1 and "no_outcome" in small
    assert "with_outcome" in hidden and "with_outcome" not in small
    assert "incidents" not in hidden and "crimes" not in hidden
    assert not pinned(cells.values, cells.sums, hidden=hidden, small=small, threshold=SUPPRESSION_THRESHOLD)


# --- Invariants --------------------------------------------------------------------------------------------

incidents = st.lists(
    st.builds(
        Incident,
        occurred_on=st.just(DAY),
        is_crime=st.booleans(),
        outcome_code=st.sampled_from(["", "1", "14", "15", "16", "18", "21", "22", "8"]),
        outcome_date=st.none() | st.just(DAY),
        court_result=st.sampled_from(["", *CourtResult.values]),
        district=st.sampled_from(["North", "South", ""]),
        form=st.sampled_from(list(FORMS)),
    ).map(
        # As the import allows: only crimes have outcomes, only outcome 1 a court result.
        lambda i: Incident(
            i.occurred_on,
            i.is_crime,
            i.outcome_code if i.is_crime else "",
            i.outcome_date if i.is_crime and i.outcome_code else None,
            i.court_result if i.is_crime and i.outcome_code == "1" else "",
            i.district,
            i.form,
        )
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(incidents)
def test_it_keeps_the_stages_nested_and_the_outcomes_adding_up(rows: list[Incident]) -> None:
    f = funnel(groups_of(rows))
    assert f.incidents >= f.crimes >= f.suspect_identified >= f.charged >= f.convicted >= 0
    assert f.crimes >= f.with_outcome
    assert sum(f.by_outcome.values()) == f.with_outcome
    assert sum(f.court.values()) == f.charged
    assert f.incidents == len(rows)


@settings(max_examples=40, deadline=None)
@given(incidents)
def test_it_never_lets_a_hidden_cell_be_worked_out(rows: list[Incident]) -> None:
    tables = {
        "district": [(d, funnel(groups_of(r for r in rows if r.district == d))) for d in ("North", "South", "")],
        "form": [(k, funnel(groups_of(r for r in rows if r.form == k))) for k in FORMS],
    }
    cells = page_suppression(funnel(groups_of(rows)), tables)
    hidden, small = cells.suppression.hidden, cells.suppression.small
    assert {cell for cell, value in cells.values.items() if 1 <= value < SUPPRESSION_THRESHOLD} <= hidden
    assert not pinned(cells.values, cells.sums, hidden=hidden, small=small, threshold=SUPPRESSION_THRESHOLD)
